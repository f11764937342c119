import { tokenPattern } from '../source/prefilter';
import { entryPaths, type PythonRules } from './rules';

/**
 * Which files can hold a finding, decided from the text before any parse. Generated from rules/apis/python.json.
 *
 * A call of `a.b.c` resolves only from names written in the file (`import a.b`, `from a.b import c as d`,
 * `x = a.b.c`), so every segment of it is a word of the text (`builtins.open` needs only `open`). And the last
 * segment is where the file uses it: called or listed (`c(`, `a.b.c(`, `class X(c)`, `(c, …)`), renamed
 * (`import c as d`) or aliased (`d = a.b.c`); a file that only says `signal.SIGINT` or `"".replace` cannot call
 * `signal.signal` or `os.replace`. A method needs its name called on something (`.bind(`) and every segment of
 * a producer of its value (`socket.socket`).
 */
export interface CandidateFilter {
  /** Every word the filter looks for (for benchmarks against ripgrep). */
  tokens: string[];
  admits(text: string): boolean;
}

interface Alternative {
  /** Words that must all be in the text. */
  words: string[];
  /** Where the text must use `name`: as a call (or base, or alias), or as a method call. */
  use: 'call' | 'method';
  name: string;
  /** For a call of `a.b.c`: `b`, the word a qualified use `b.c(` is written after (else an alias of it). */
  qualifier?: string;
}

export function candidateFilter(rules: PythonRules): CandidateFilter {
  const alternatives: Alternative[] = [];
  const segments = (full: string): string[] => {
    const parts = full.split('.');
    return parts[0] === 'builtins' ? parts.slice(1) : parts;
  };
  for (const entry of rules.file.entries) {
    const reach = entry.reach;
    if (reach.kind === 'call') {
      for (const p of entryPaths(entry)) {
        const words = segments(p);
        alternatives.push({ words: [...new Set(words)], use: 'call', name: words[words.length - 1], qualifier: words[words.length - 2] });
      }
    } else {
      const value = rules.values.get(reach.on);
      for (const producer of [...(value?.producers ?? []), ...(value?.typeNames ?? [])]) {
        for (const name of reach.names) alternatives.push({ words: [...new Set([...segments(producer), name])], use: 'method', name });
      }
    }
  }
  const tokens = [...new Set(alternatives.flatMap((a) => a.words))];
  const scanner = new RegExp(String.raw`\b(${tokenPattern(tokens).source})\b`, 'g');
  const callNames = tokenPattern(alternatives.filter((a) => a.use === 'call').map((a) => a.name)).source;
  const methodNames = tokenPattern(alternatives.filter((a) => a.use === 'method').map((a) => a.name)).source;
  // `c(`, `c)`, `c,` (a call, a base class, an argument) and `c as d`, bare or after one word and a dot
  // (`b.c(`; after `).` or `].` it cannot resolve: the word before the dot is read backwards, below); and
  // `d = a.b.c` (a module-level alias).
  const callUse = new RegExp(String.raw`\b(${callNames})(?=\s*[(),]|\s+as\b)|=\s*(?:[A-Za-z_]\w*\s*\.\s*)*(${callNames})\b`, 'g');
  const methodUse = new RegExp(String.raw`\.\s*(${methodNames})\s*\(`, 'g');
  // Names that can stand for a module under another name: `import a.b as x`, `from a import b as x`, `x = a.b`.
  const renames = /\bas\s+([A-Za-z_]\w*)|^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?:[ \t]|\\\r?\n)*[A-Za-z_][\w. \t]*(?:#.*)?$/gm;
  /** Call names used bare (''), or after a word and a dot (that word). */
  const callUses = (text: string): Map<string, Set<string>> => {
    const uses = new Map<string, Set<string>>();
    callUse.lastIndex = 0;
    for (let m = callUse.exec(text); m !== null; m = callUse.exec(text)) {
      const name = m[1] ?? m[2];
      const qualifier = m[1] === undefined ? '' : qualifierBefore(text, m.index);
      if (qualifier === null) continue;
      const set = uses.get(name) ?? new Set<string>();
      set.add(qualifier);
      uses.set(name, set);
    }
    return uses;
  };
  const collect = (pattern: RegExp, text: string, into: Set<string>): void => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) into.add(m[1] ?? m[2]);
  };
  return {
    tokens,
    admits(text) {
      const present = new Set<string>();
      collect(scanner, text, present);
      if (present.size === 0) return false;
      const maybe = alternatives.filter((a) => a.words.every((t) => present.has(t)));
      if (maybe.length === 0) return false;
      const methods = new Set<string>();
      if (maybe.some((a) => a.use === 'method')) collect(methodUse, text, methods);
      const uses = maybe.some((a) => a.use === 'call') ? callUses(text) : new Map<string, Set<string>>();
      let aliases: Set<string> | null = null;
      return maybe.some((a) => {
        if (a.use === 'method') return methods.has(a.name);
        const by = uses.get(a.name);
        if (!by) return false;
        if (by.has('') || (a.qualifier !== undefined && by.has(a.qualifier))) return true;
        if (!aliases) collect(renames, text, (aliases = new Set()));
        for (const word of by) if (aliases.has(word)) return true;
        return false;
      });
    },
  };
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;

/** What a name at `at` is written after: '' (nothing: bare), the word before a dot, or null (a dot after something else). */
function qualifierBefore(text: string, at: number): string | null {
  let i = at - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  if (i < 0 || text.charCodeAt(i) !== 46) return '';
  i--;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  const end = i + 1;
  while (i >= 0 && isWord(text.charCodeAt(i))) i--;
  if (end === i + 1) return null;
  const word = text.slice(i + 1, end);
  // A non-ASCII name is one the renames pattern cannot see: take it as a use.
  if (/[^\x00-\x7f]/.test(word)) return '';
  return /^[A-Za-z_]/.test(word) ? word : null;
}
