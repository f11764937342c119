import { Language, Parser, Query, type Tree } from 'web-tree-sitter';

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

let loading: Promise<PythonParser> | null = null;

/** tree-sitter and its Python grammar, loaded on first use (only when a .py file passes the pre-filter). */
export function pythonParser(): Promise<PythonParser> {
  loading ??= load();
  return loading;
}

async function load(): Promise<PythonParser> {
  await Parser.init();
  const language = await Language.load(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm'));
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
