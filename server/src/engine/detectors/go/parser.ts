import { Query, type Range, type Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

/**
 * The nodes every Go file is searched for, in document order; everything else is reached from these. Calls are
 * of a selector (`os.Create(…)`, `srv.Serve(…)`); a bare call (`Create(…)`) can be a hit only through a dot
 * import, so only files with one are searched with DOT_QUERY, which also has those (most calls of a file are
 * `len`, `append` or its own functions).
 */
const QUERY = `
(import_spec) @import
(function_declaration name: (identifier) @fn-name)
(call_expression function: (selector_expression)) @call
`;

/** What values.ts follows a receiver through, searched for only in a file where a method call needs it. */
const VALUES = `
[(function_declaration) (method_declaration) (func_literal)] @scope
[(parameter_declaration) (var_spec) (short_var_declaration) (assignment_statement)] @declaration
(field_declaration) @field
`;
const DOT_QUERY = QUERY.replace('(call_expression function: (selector_expression)) @call', '(call_expression function: [(selector_expression) (identifier)]) @call');

export interface GoParser {
  parse(text: string, previous?: Tree, ranges?: Range[]): Tree;
  query: Query;
  /** The query with bare calls too, for a file with a dot import. */
  dotQuery(): Query;
  /** Functions, declarations and struct fields (VALUES). */
  values(): Query;
}

let dotQuery: Query | null = null;
let valuesQuery: Query | null = null;

/** The Go grammar with the query above, loaded once, when a file first passes the pre-filter. */
export async function goParser(): Promise<GoParser> {
  const parser = await grammarParser('go', QUERY);
  return {
    parse: (text, previous, ranges) => parser.parse(text, previous, ranges),
    query: parser.query,
    dotQuery: () => (dotQuery ??= new Query(parser.language, DOT_QUERY)),
    values: () => (valuesQuery ??= new Query(parser.language, VALUES)),
  };
}
