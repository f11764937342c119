import type { Query, Range, Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

/** The nodes every Rust file is searched for, in document order; everything else is reached from these. */
const QUERY = `
(use_declaration) @use
(extern_crate_declaration) @extern-crate
(function_item name: (identifier) @fn-name)
(call_expression) @call
(attribute_item) @attribute
(foreign_mod_item) @extern-block
(macro_invocation) @macro
`;

export interface RustParser {
  /** With `ranges`, only those parts of the text are read (skippedCode.ts); positions stay the text's. */
  parse(text: string, previous?: Tree, ranges?: Range[]): Tree;
  query: Query;
}

/** The Rust grammar with the query above, loaded once, when a file first passes the pre-filter. */
export function rustParser(): Promise<RustParser> {
  return grammarParser('rust', QUERY);
}
