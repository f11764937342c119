import { Language, Parser, type Tree } from 'web-tree-sitter';

export interface CParser {
  parse(text: string): Tree;
}

let loading: Promise<CParser> | null = null;

/**
 * tree-sitter with the C++ grammar (it parses C too; @vscode/tree-sitter-wasm ships no C grammar), loaded on
 * first use and once per process: only when a C/C++ file passes the pre-filter.
 */
export function cParser(): Promise<CParser> {
  loading ??= load();
  return loading;
}

async function load(): Promise<CParser> {
  await Parser.init();
  const language = await Language.load(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-cpp.wasm'));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text) {
      const tree = parser.parse(text);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
  };
}
