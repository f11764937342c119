import { Query, type Range, type Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

/** What every parsed Go file is searched for whole: its imports and the functions it declares. */
const QUERY = `
(import_spec) @import
(function_declaration name: (identifier) @fn-name)
`;

/**
 * Calls, searched for only where the pre-filter found a wanted name (candidates.ts, `hitsAt`). A call is of a
 * selector (`os.Create(…)`, `srv.Serve(…)`); a bare call (`Create(…)`) can be a hit only through a dot import, so
 * only files with one are searched for those too (most calls of a file are `len`, `append` or its own functions).
 */
const CALLS = '(call_expression function: (selector_expression)) @call';
const DOT_CALLS = '(call_expression function: [(selector_expression) (identifier)]) @call';

/** What values.ts follows a receiver through, searched for only in a file where a method call needs it. */
const VALUES = `
[(function_declaration) (method_declaration) (func_literal)] @scope
[(parameter_declaration) (var_spec) (short_var_declaration) (assignment_statement)] @declaration
(field_declaration) @field
`;

export interface GoParser {
  parse(text: string, previous?: Tree, ranges?: Range[]): Tree;
  query: Query;
  /** Calls of a selector; with `dot`, bare calls too. */
  calls(dot: boolean): Query;
  /** Functions, declarations and struct fields (VALUES). */
  values(): Query;
}

let valuesQuery: Query | null = null;
const callsQueries = new Map<boolean, Query>();

/** The Go grammar with the query above, loaded once, when a file first passes the pre-filter. */
export async function goParser(): Promise<GoParser> {
  const parser = await grammarParser('go', QUERY);
  return {
    parse: (text, previous, ranges) => parser.parse(text, previous, ranges),
    query: parser.query,
    calls: (dot) => {
      let query = callsQueries.get(dot);
      if (!query) callsQueries.set(dot, (query = new Query(parser.language, dot ? DOT_CALLS : CALLS)));
      return query;
    },
    values: () => (valuesQuery ??= new Query(parser.language, VALUES)),
  };
}
