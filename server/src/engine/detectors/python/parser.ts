import type { Query, Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

/** The nodes every Python file is searched for; everything else is reached from these. */
const QUERY = `
(import_statement) @import
(import_from_statement) @import-from
(call) @call
(class_definition superclasses: (argument_list) @bases)
`;

export interface PythonParser {
  parse(text: string): Tree;
  query: Query;
}

/** The Python grammar with the query above, loaded once, when a file first passes the pre-filter. */
export function pythonParser(): Promise<PythonParser> {
  return grammarParser('python', QUERY);
}
