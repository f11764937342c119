import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Language, Parser, Query, type Node, type Point, type QueryCapture, type Range, type Tree } from 'web-tree-sitter';

/** A grammar ready to parse, with the query a language's detector runs over each file (if it has one). */
export interface GrammarParser {
  /**
   * With `previous` (already edited to match, see editorTrees.ts) tree-sitter reuses what the edit left alone.
   * With `ranges` it reads only those parts of the text (UTF-16 offsets and columns); positions stay the text's.
   */
  parse(text: string, previous?: Tree, ranges?: Range[]): Tree;
  query: Query | null;
  /** For a detector that keeps more than one query (go/parser.ts). */
  language: Language;
}

let runtime: Promise<void> | null = null;
const grammars = new Map<string, Promise<GrammarParser>>();

/**
 * tree-sitter (compiled to Wasm) and one of the grammars `@vscode/tree-sitter-wasm` ships, loaded on first use
 * and once per process: a detector asks only when a file passes its pre-filter, so a scan without that language
 * never pays for it. `grammar` is the file's name part (`rust`, `go`, `python`, `cpp`).
 */
export function grammarParser(grammar: string, query: string): Promise<GrammarParser & { query: Query }>;
export function grammarParser(grammar: string): Promise<GrammarParser>;
export function grammarParser(grammar: string, query?: string): Promise<GrammarParser> {
  let loading = grammars.get(grammar);
  if (!loading) grammars.set(grammar, (loading = load(grammar, query)));
  return loading;
}

/**
 * Grammars whose compiled code V8 keeps at its baseline tier (Liftoff): C++'s 5.4 MB grammar holds a lexer
 * function so large that optimising it (TurboFan, on a background thread) costs more than a scan of real
 * C/C++ code gains from it, and a process cannot exit before that compile ends (googletest: 1.1–1.5 s with it,
 * 0.55 s without; Python's and Go's grammars gain from it, and keep it).
 */
const BASELINE_ONLY = new Set(['cpp']);

async function load(grammar: string, source: string | undefined): Promise<GrammarParser> {
  runtime ??= Parser.init();
  await runtime;
  const language = BASELINE_ONLY.has(grammar) ? await baselineOnly(() => Language.load(grammarFile(`tree-sitter-${grammar}.wasm`))) : await Language.load(grammarFile(`tree-sitter-${grammar}.wasm`));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(text, previous, ranges) {
      const tree = ranges ? parser.parse(rangeReader(text, ranges), previous ?? null, { includedRanges: ranges }) : parser.parse(text, previous ?? null);
      if (!tree) throw new Error('tree-sitter returned no tree');
      return tree;
    },
    query: source === undefined ? null : new Query(language, source),
    language,
  };
}

/**
 * The bundled server (dist/ in the VS Code extension, no node_modules) carries the grammars beside itself, as
 * scripts/bundle.mjs copies them; the tsc build resolves them from the package. web-tree-sitter finds its own
 * tree-sitter.wasm beside its code (`__dirname`) in both layouts.
 */
function grammarFile(name: string): string {
  const beside = path.join(__dirname, name);
  return fs.existsSync(beside) ? beside : require.resolve(`@vscode/tree-sitter-wasm/wasm/${name}`);
}

/** Runs `compile` with V8's optimising tier off for the WebAssembly it compiles (a module's tiers are fixed when it is compiled). */
async function baselineOnly<T>(compile: () => Promise<T>): Promise<T> {
  v8.setFlagsFromString('--liftoff-only');
  try {
    return await compile();
  } finally {
    v8.setFlagsFromString('--no-liftoff-only');
  }
}

/**
 * The text as tree-sitter reads it when it parses only `ranges`: from an offset to the end of the range holding
 * it. Given the whole string, web-tree-sitter copies 10 KB from every offset it asks at (each range's start)
 * into Wasm memory, a character at a time: with hundreds of short ranges that copying cost more than the parse.
 */
function rangeReader(text: string, ranges: Range[]): (index: number) => string {
  return (index) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid].endIndex <= index) lo = mid + 1;
      else hi = mid;
    }
    const range = ranges[lo];
    const end = range && range.startIndex <= index && index < range.endIndex ? range.endIndex : index + 10240;
    return text.slice(index, Math.min(end, text.length));
  };
}

/**
 * The parts of a text outside `spans` (sorted, disjoint offsets), as tree-sitter included ranges: what a
 * detector parses when it skips code that cannot hold a hit. `point` gives an offset's 0-based row and column.
 */
export function rangesOutside(length: number, spans: ReadonlyArray<readonly [number, number]>, point: (offset: number) => Point): Range[] {
  const ranges: Range[] = [];
  let at = 0;
  for (const [from, to] of [...spans, [length, length] as const]) {
    if (from > at) ranges.push({ startIndex: at, endIndex: from, startPosition: point(at), endPosition: point(from) });
    at = Math.max(at, to);
  }
  return ranges;
}

/**
 * The captures of `query` under `node` whose nodes hold one of `offsets` (sorted UTF-16 offsets into the text),
 * each once, in the order of the text: a detector whose pre-filter found where a hit can be runs its query
 * there, not over the whole tree. Offsets up to `gap` apart share one run (a superset: the caller still matches).
 */
export function capturesAt(query: Query, node: Node, offsets: readonly number[], gap = 512): QueryCapture[] {
  const seen = new Set<string>();
  const found: QueryCapture[] = [];
  for (let i = 0; i < offsets.length; ) {
    const from = offsets[i];
    let to = from;
    while (++i < offsets.length && offsets[i] - to <= gap) to = offsets[i];
    // web-tree-sitter parses the text as UTF-16: a query's range is in bytes, two to a code unit.
    for (const capture of query.captures(node, { startIndex: from * 2, endIndex: (to + 1) * 2 })) {
      const key = `${capture.name}:${capture.node.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push(capture);
    }
  }
  return found.sort((a, b) => a.node.startIndex - b.node.startIndex);
}
