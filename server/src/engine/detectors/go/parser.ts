import { Language, Parser, Query, type Tree } from 'web-tree-sitter';

/** The nodes every Go file is searched for, in document order; everything else is reached from these. */
const QUERY = `
(import_spec) @import
(function_declaration name: (identifier) @fn-name)
(call_expression) @call
`;

export interface GoParser {
  parse(text: string): Tree;
  query: Query;
}

let loading: Promise<GoParser> | null = null;

/** tree-sitter and its Go grammar, compiled to Wasm, loaded once per process when a .go file passes the pre-filter. */
export function goParser(): Promise<GoParser> {
  loading ??= load();
  return loading;
}

async function load(): Promise<GoParser> {
  await Parser.init();
  const language = await Language.load(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm'));
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
