import type { Query, Range, Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

/**
 * The nodes every Go file is searched for, in document order; everything else is reached from these. The same
 * walk gives what values.ts follows a receiver through: functions, declarations and struct fields.
 */
const QUERY = `
(import_spec) @import
(function_declaration name: (identifier) @fn-name)
(call_expression) @call
[(function_declaration) (method_declaration) (func_literal)] @scope
[(parameter_declaration) (var_spec) (short_var_declaration) (assignment_statement)] @declaration
(field_declaration) @field
`;

export interface GoParser {
  parse(text: string, previous?: Tree, ranges?: Range[]): Tree;
  query: Query;
}

/** The Go grammar with the query above, loaded once, when a file first passes the pre-filter. */
export function goParser(): Promise<GoParser> {
  return grammarParser('go', QUERY);
}
