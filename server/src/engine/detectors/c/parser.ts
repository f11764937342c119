import { grammarParser, type GrammarParser } from '../source/treeSitter';

export type CParser = Pick<GrammarParser, 'parse'>;

/** tree-sitter's C++ grammar, which parses C too (@vscode/tree-sitter-wasm ships no C grammar), loaded once. */
export function cParser(): Promise<CParser> {
  return grammarParser('cpp');
}
