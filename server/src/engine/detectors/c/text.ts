/** Offsets ↔ rows and columns (UTF-16 code units, as web-tree-sitter reads a JS string). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { row: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - this.starts[lo] };
  }
}

/**
 * The arguments of the call whose `(` is at or after `from`, as source text split at top-level commas
 * (strings, character literals and nested brackets respected). Null when no `(` follows.
 */
export function callArguments(text: string, from: number): string[] | null {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] !== '(') return null;
  const args: string[] = [];
  let depth = 0;
  let start = i + 1;
  for (let j = i; j < text.length && j < i + 4096; j++) {
    const c = text[j];
    if (c === '"' || c === "'") {
      for (j++; j < text.length && text[j] !== c && text[j] !== '\n'; j++) if (text[j] === '\\') j++;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        args.push(text.slice(start, j).trim());
        return args.length === 1 && args[0] === '' ? [] : args;
      }
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, j).trim());
      start = j + 1;
    }
  }
  return null;
}

/** `using namespace std;`, `using std::thread;` and `namespace fs = std::filesystem;` in the file. */
export interface Usings {
  namespaceStd: boolean;
  names: Set<string>;
  aliases: Map<string, string>;
}

export function usings(text: string): Usings {
  const result: Usings = { namespaceStd: /\busing\s+namespace\s+std\s*;/.test(text), names: new Set(), aliases: new Map() };
  for (const m of text.matchAll(/\busing\s+(std(?:\s*::\s*\w+)+)\s*;/g)) result.names.add(m[1].replace(/\s+/g, ''));
  for (const m of text.matchAll(/\bnamespace\s+(\w+)\s*=\s*((?:::)?\w+(?:\s*::\s*\w+)*)\s*;/g)) result.aliases.set(m[1], m[2].replace(/\s+/g, '').replace(/^::/, ''));
  return result;
}
