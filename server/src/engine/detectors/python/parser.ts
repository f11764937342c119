import type { Query, Range, Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

/**
 * The nodes every Python file is searched for; everything else is reached from these. One walk of the tree
 * also gives the names the file defines, its functions and lambdas, and what binds names in them (values.ts).
 * Only calls of a name or an attribute can resolve, and only an assignment to a name binds one.
 */
const QUERY = `
(import_statement) @import
(import_from_statement) @import-from
(call function: [(identifier) (attribute)]) @call
(class_definition superclasses: (argument_list) @bases)
(function_definition name: (identifier) @definition)
(class_definition name: (identifier) @definition)
[(function_definition) (lambda)] @scope
[(assignment left: (identifier)) (as_pattern) (typed_parameter) (typed_default_parameter)] @binding
`;

export interface PythonParser {
  parse(text: string, previous?: Tree, ranges?: Range[]): Tree;
  query: Query;
}

/** The Python grammar with the query above, loaded once, when a file first passes the pre-filter. */
export function pythonParser(): Promise<PythonParser> {
  return grammarParser('python', QUERY);
}
