import { Query, type Range, type Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

/** What every Python file is searched for whole: its imports and the names it defines. */
const QUERY = `
(import_statement) @import
(import_from_statement) @import-from
(function_definition name: (identifier) @definition)
(class_definition name: (identifier) @definition)
`;

/**
 * Where a hit can be: calls and base-class lists, searched for only around the places the pre-filter found
 * (candidates.ts, `hitsAt`). Only calls of a name or an attribute can resolve.
 */
const USES = `
(call function: [(identifier) (attribute)]) @call
(class_definition superclasses: (argument_list) @bases)
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
  uses: Query;
  bindings(): Query;
}

let usesQuery: Query | null = null;
let bindingsQuery: Query | null = null;

/** The Python grammar with the queries above, loaded once, when a file first passes the pre-filter. */
export async function pythonParser(): Promise<PythonParser> {
  const parser = await grammarParser('python', QUERY);
  return {
    parse: (text, previous, ranges) => parser.parse(text, previous, ranges),
    query: parser.query,
    uses: (usesQuery ??= new Query(parser.language, USES)),
    bindings: () => (bindingsQuery ??= new Query(parser.language, BINDINGS)),
  };
}
