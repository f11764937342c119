import { Query, type Range, type Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

/**
 * The nodes every Python file is searched for; everything else is reached from these. The same walk gives
 * the names the file defines. Only calls of a name or an attribute can resolve.
 */
const QUERY = `
(import_statement) @import
(import_from_statement) @import-from
(call function: [(identifier) (attribute)]) @call
(class_definition superclasses: (argument_list) @bases)
(function_definition name: (identifier) @definition)
(class_definition name: (identifier) @definition)
`;

/**
 * Functions and lambdas, and what binds names in them (values.ts): searched for only in a file where a method
 * call needs the value its receiver holds. Only an assignment to a name binds one.
 */
const BINDINGS = `
[(function_definition) (lambda)] @scope
[(assignment left: (identifier)) (as_pattern) (typed_parameter) (typed_default_parameter)] @binding
`;

export interface PythonParser {
  parse(text: string, previous?: Tree, ranges?: Range[]): Tree;
  query: Query;
  bindings(): Query;
}

let bindingsQuery: Query | null = null;

/** The Python grammar with the queries above, loaded once, when a file first passes the pre-filter. */
export async function pythonParser(): Promise<PythonParser> {
  const parser = await grammarParser('python', QUERY);
  return {
    parse: (text, previous, ranges) => parser.parse(text, previous, ranges),
    query: parser.query,
    bindings: () => (bindingsQuery ??= new Query(parser.language, BINDINGS)),
  };
}
