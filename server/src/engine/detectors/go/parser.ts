import { Query, type Node, type Range, type Tree } from 'web-tree-sitter';
import { grammarParser } from '../source/treeSitter';

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
`;

/** Struct fields: a field's declared type tells what a selector on it holds (values.ts). */
const FIELDS = '(field_declaration) @field';

export interface GoParser {
  parse(text: string, previous?: Tree, ranges?: Range[]): Tree;
  /** Calls of a selector; with `dot`, bare calls too. */
  calls(dot: boolean): Query;
  /** Functions and declarations (VALUES). */
  values(): Query;
  /** Struct fields (FIELDS). */
  fields(): Query;
}

let valuesQuery: Query | null = null;
let fieldsQuery: Query | null = null;
const callsQueries = new Map<boolean, Query>();

/** The Go grammar with the queries above, loaded once, when a file first passes the pre-filter. */
export async function goParser(): Promise<GoParser> {
  const parser = await grammarParser('go');
  return {
    parse: (text, previous, ranges) => parser.parse(text, previous, ranges),
    calls: (dot) => {
      let query = callsQueries.get(dot);
      if (!query) callsQueries.set(dot, (query = new Query(parser.language, dot ? DOT_CALLS : CALLS)));
      return query;
    },
    values: () => (valuesQuery ??= new Query(parser.language, VALUES)),
    fields: () => (fieldsQuery ??= new Query(parser.language, FIELDS)),
  };
}

/**
 * What every parsed Go file is read for whole: its import specs and the names of its functions, in the order of
 * the text. Go allows both only at the top level, so only the root's children are looked at (and what a syntax
 * error wraps there), not every node as a query would. With `namesKnown` (the caller read them from the text,
 * candidates.ts) a tree without a syntax error is read only up to its last import declaration.
 */
export function declarations(root: Node, namesKnown = false): Array<{ name: 'import' | 'fn-name'; node: Node }> {
  if (namesKnown && !root.hasError) return importSpecs(root);
  const found: Array<{ name: 'import' | 'fn-name'; node: Node }> = [];
  const note = (node: Node): void => {
    if (node.type === 'import_spec') found.push({ name: 'import', node });
    else if (node.type === 'function_declaration') {
      const name = node.childForFieldName('name');
      if (name) found.push({ name: 'fn-name', node: name });
    }
  };
  for (const child of root.namedChildren) {
    if (!child) continue;
    if (child.type !== 'import_declaration' && child.type !== 'ERROR') {
      note(child);
      continue;
    }
    for (const node of child.descendantsOfType(['import_spec', 'function_declaration'])) if (node) note(node);
  }
  return found;
}

/** The import specs of a tree without syntax errors: its import declarations come before any other (Go requires it). */
function importSpecs(root: Node): Array<{ name: 'import'; node: Node }> {
  const found: Array<{ name: 'import'; node: Node }> = [];
  const cursor = root.walk();
  try {
    if (!cursor.gotoFirstChild()) return found;
    do {
      const type = cursor.nodeType;
      if (type === 'import_declaration') {
        for (const spec of cursor.currentNode.descendantsOfType('import_spec')) if (spec) found.push({ name: 'import', node: spec });
      } else if (type !== 'package_clause' && type !== 'comment') {
        break;
      }
    } while (cursor.gotoNextSibling());
  } finally {
    cursor.delete();
  }
  return found;
}
