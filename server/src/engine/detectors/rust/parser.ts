import { Language, Parser, Query, type Tree } from 'web-tree-sitter';

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
  parse(text: string): Tree;
  query: Query;
}

let loading: Promise<RustParser> | null = null;

/**
 * tree-sitter and its Rust grammar, compiled to Wasm, loaded on first use and once per process
 * (only when a .rs file passes the pre-filter, so a scan without Rust never pays for it).
 */
export function rustParser(): Promise<RustParser> {
  loading ??= load();
  return loading;
}

async function load(): Promise<RustParser> {
  await Parser.init();
  const language = await Language.load(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-rust.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  const query = new Query(language, QUERY);
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
    query,
  };
}
