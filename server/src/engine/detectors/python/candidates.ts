import { tokenPattern } from '../source/prefilter';
import { rangesOutside } from '../source/treeSitter';
import { entryPaths, type PythonRules } from './rules';
import type { ArgCondition } from './types';
import type { Range } from 'web-tree-sitter';

/**
 * Which files can hold a finding, decided from the text before any parse. Generated from rules/apis/python.json.
 *
 * A call of `a.b.c` resolves only from names written in the file (`import a.b`, `from a.b import c as d`,
 * `x = a.b.c`), so every segment of it is a word of the text (`builtins.open` needs only `open`). And the last
 * segment is where the file uses it: called or listed (`c(`, `a.b.c(`, `class X(c)`, `(c, …)`), renamed
 * (`import c as d`) or aliased (`d = a.b.c`); a file that only says `signal.SIGINT` or `"".replace` cannot call
 * `signal.signal` or `os.replace`. A method needs its name called on something (`.bind(`) and every segment of
 * a producer of its value (`socket.socket`). An entry with argument conditions (`open(f, "w")`) needs a call
 * whose arguments hold a string literal matching each, or a rename of the name. Words are looked for outside
 * comments and strings (f-strings excepted: their fields are code), the literals inside them.
 */
export interface CandidateFilter {
  /** Every word the filter looks for (for benchmarks against ripgrep). */
  tokens: string[];
  admits(text: string): boolean;
  /** For a file that passes: the text to parse (see `skeleton`), the names the functions left out define and where hits can be; else null. */
  prepare(text: string): Prepared | null;
}

export interface Prepared {
  text: string;
  defined: string[];
  /** The parts of `text` to parse (the left-out functions are not read at all); absent: all of it. */
  ranges?: Range[];
  /** Where a hit can be (sorted offsets): the uses the pre-filter found, and the other names those go by. */
  hitsAt: number[];
}

interface Alternative {
  /** Words that must all be in the text. */
  words: string[];
  /** Where the text must use `name`: as a call (or base, or alias), or as a method call. */
  use: 'call' | 'method';
  name: string;
  /** For a call of `a.b.c`: `b`, the word a qualified use `b.c(` is written after (else an alias of it). */
  qualifier?: string;
  /** The entry's argument conditions: each must have a string literal matching it among a call's arguments. */
  when?: RegExp[];
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
        const qualifier = words.length > 1 ? words[words.length - 2] : p.startsWith('builtins.') ? 'builtins' : undefined;
        alternatives.push({ words: [...new Set(words)], use: 'call', name: words[words.length - 1], qualifier, ...conditions(reach.when) });
      }
    } else {
      const value = rules.values.get(reach.on);
      for (const producer of [...(value?.producers ?? []), ...(value?.typeNames ?? [])]) {
        for (const name of reach.names) alternatives.push({ words: [...new Set([...segments(producer), name])], use: 'method', name, ...conditions(reach.when) });
      }
    }
  }
  const tokens = [...new Set(alternatives.flatMap((a) => a.words))];
  const scanner = new RegExp(String.raw`\b(${tokenPattern(tokens).source})\b`, 'g');
  const callNames = tokenPattern(alternatives.filter((a) => a.use === 'call').map((a) => a.name)).source;
  const methodNames = tokenPattern(alternatives.filter((a) => a.use === 'method').map((a) => a.name)).source;
  // `c(`, `c)`, `c,` (a call, a base class, an argument) and `c as d`, bare or after one word and a dot
  // (`b.c(`; after `).` or `].` it cannot resolve: the word before the dot is read backwards, below); and
  // `d = a.b.c` (a module-level alias; `d = x.c(…)` is a call, caught as one).
  const callUse = new RegExp(String.raw`\b(${callNames})(?=\s*[(),]|\s+as\b)|=\s*(?:[A-Za-z_]\w*\s*\.\s*)*(${callNames})\b(?!\s*[(.[])`, 'g');
  const methodUse = new RegExp(String.raw`\.\s*(${methodNames})\s*\(`, 'g');
  // Names that stand for another under a new name (`import a.b as x`, `from a import b as x`, `x = a.b`):
  // the last segment of what is renamed, and the new name.
  // `x = a.b` at the start of a line (the right side a dotted name), and `… b as x` (read around each `as`).
  const assignment = /^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=(?:[ \t]|\\\r?\n)*([A-Za-z_][\w. \t]*)$/gm;
  const asWord = /\bas\b/g;
  const renames = (code: string): Map<string, string[]> => {
    const edges = new Map<string, string[]>();
    const edge = (from: string, to: string): void => {
      const list = edges.get(from);
      if (list) list.push(to);
      else edges.set(from, [to]);
    };
    assignment.lastIndex = 0;
    for (let m = assignment.exec(code); m !== null; m = assignment.exec(code)) {
      // the last segment of the right side, when it is a dotted name
      const right = m[2].split('.').map((part) => part.trim());
      if (right.every((part) => /^[A-Za-z_]\w*$/.test(part))) edge(right[right.length - 1], m[1]);
    }
    asWord.lastIndex = 0;
    for (let m = asWord.exec(code); m !== null; m = asWord.exec(code)) {
      const at = m.index;
      if (at === 0 || !isSpace(code.charCodeAt(at - 1)) || !isSpace(code.charCodeAt(at + 2))) continue;
      const before = wordBefore(code, at);
      let j = at + 2;
      while (j < code.length && isSpace(code.charCodeAt(j))) j++;
      const after = /^[A-Za-z_]\w*/.exec(code.slice(j, j + 200));
      if (before && after) edge(before, after[0]);
    }
    return edges;
  };
  /** Every name that can stand for `word` through renames (itself included). */
  const standsFor = (edges: Map<string, string[]>, word: string): Set<string> => {
    const names = new Set([word]);
    const queue = [word];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      for (const to of edges.get(next) ?? []) if (!names.has(to)) queue.push(to), names.add(to);
    }
    return names;
  };
  /** Call names used bare (''), or after a word and a dot (that word), with where each is written. */
  const callUses = (code: string): Map<string, Map<string, number[]>> => {
    const uses = new Map<string, Map<string, number[]>>();
    callUse.lastIndex = 0;
    for (let m = callUse.exec(code); m !== null; m = callUse.exec(code)) {
      const name = m[1] ?? m[2];
      const qualifier = m[1] === undefined ? '' : qualifierBefore(code, m.index);
      // `def replace(` and `class Thread(` define a name: no use of it
      if (qualifier === null || (qualifier === '' && m[1] !== undefined && definedAt(code, m.index))) continue;
      let by = uses.get(name);
      if (!by) uses.set(name, (by = new Map()));
      const at = by.get(qualifier);
      // an alias (`d = a.b.c`) is no call: -1
      const offset = m[1] === undefined ? -1 : m.index + m[1].length;
      if (at) at.push(offset);
      else by.set(qualifier, [offset]);
    }
    return uses;
  };
  const methodUses = (code: string): Map<string, number[]> => {
    const uses = new Map<string, number[]>();
    methodUse.lastIndex = 0;
    for (let m = methodUse.exec(code); m !== null; m = methodUse.exec(code)) {
      const list = uses.get(m[1]);
      const offset = m.index + m[0].length - 1;
      if (list) list.push(offset);
      else uses.set(m[1], [offset]);
    }
    return uses;
  };
  const collect = (pattern: RegExp, text: string, into: Set<string>): void => {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) into.add(m[1] ?? m[2]);
  };
  /** Whether one of the uses is a call whose arguments can hold the conditions (or is no call we can read: a rename). */
  const holds = (text: string, offsets: number[], when: RegExp[] | undefined): boolean =>
    offsets.some((offset) => !when || offset < 0 || argumentsMayHold(text, offset, when));
  const decide = (text: string): { code: string; fStrings: Array<[number, number]>; keepWords: string[]; keepAt: number[] } | null => {
    // The words in the raw text first: most files stop here, before the cost of blanking their literals.
    const written = new Set<string>();
    collect(scanner, text, written);
    if (!alternatives.some((a) => a.words.every((t) => written.has(t)))) return null;
    const fStrings: Array<[number, number]> = [];
    const code = blankCommentsAndStrings(text, fStrings);
    const present = new Set<string>();
    collect(scanner, code, present);
    const maybe = alternatives.filter((a) => a.words.every((t) => present.has(t)));
    if (maybe.length === 0) return null;
    const methods = maybe.some((a) => a.use === 'method') ? methodUses(code) : new Map<string, number[]>();
    const uses = maybe.some((a) => a.use === 'call') ? callUses(code) : new Map<string, Map<string, number[]>>();
    const edges = renames(code);
    let imported: { words: Set<string>; glob: boolean } | null = null;
    const bindsBare = (name: string): boolean => {
      imported ??= importedWords(code);
      return imported.glob || imported.words.has(name) || edges.has(name);
    };
    // Every use that may be a hit (not only the first: skeleton keeps the functions holding them), and the
    // other names each called name goes by (`_open = open`, `from os import fork as f`).
    const keepAt: number[] = [];
    const keepWords = new Set<string>();
    const usable = (offsets: number[], when: RegExp[] | undefined): void => {
      for (const offset of offsets) if (offset >= 0 && (!when || argumentsMayHold(text, offset, when))) keepAt.push(offset);
    };
    let admitted = false;
    for (const a of maybe) {
      for (const name of standsFor(edges, a.name)) if (name !== a.name) keepWords.add(name);
      if (a.use === 'method') {
        admitted ||= holds(text, methods.get(a.name) ?? [], a.when);
        usable(methods.get(a.name) ?? [], a.when);
        continue;
      }
      const by = uses.get(a.name);
      if (!by) continue;
      // bare, after the path's qualifier, or after a name standing for it (`import a.b as x`, `x = a.b`, `y = x`…)
      const qualifiers = a.qualifier === undefined ? new Set(['']) : new Set(['', ...standsFor(edges, a.qualifier)]);
      // A bare `system(` is `os.system` only where an import or an alias binds the name (a builtin needs neither).
      if (a.qualifier !== undefined && a.qualifier !== 'builtins' && !bindsBare(a.name)) qualifiers.delete('');
      for (const [word, offsets] of by) {
        if (!qualifiers.has(word)) continue;
        admitted ||= holds(text, offsets, a.when);
        usable(offsets, a.when);
      }
    }
    if (!admitted) return null;
    return { code, fStrings, keepWords: [...keepWords], keepAt: keepAt.sort((x, y) => x - y) };
  };
  return {
    tokens,
    admits: (text) => decide(text) !== null,
    prepare(text) {
      const decided = decide(text);
      return decided && skeleton(text, decided.code, decided.fStrings, decided.keepWords, decided.keepAt);
    },
  };
}

function conditions(when: ArgCondition[] | undefined): { when?: RegExp[] } {
  return when && when.length > 0 ? { when: when.map((c) => new RegExp(c.stringMatches)) } : {};
}

/**
 * The text with comments and string literals blanked (same length, newlines kept, so offsets and lines stay),
 * f-strings kept: their fields are code. A string left open is left as it is.
 */
const LITERALS = /#[^\n]*|([A-Za-z]{0,3})('''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""|'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'|"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*")/g;

const STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])$/;

export function blankCommentsAndStrings(text: string, fStrings?: Array<[number, number]>): string {
  const pieces: string[] = [];
  let copied = 0;
  LITERALS.lastIndex = 0;
  for (let m = LITERALS.exec(text); m !== null; m = LITERALS.exec(text)) {
    const prefix = m[1];
    const from = m.index;
    const to = from + m[0].length;
    // `name"…"` is no prefix (not valid Python anyway): leave it; f-strings hold code (their spans are noted).
    if (prefix !== undefined && prefix.length > 0) {
      if (!STRING_PREFIX.test(prefix)) continue;
      if (prefix.includes('f') || prefix.includes('F')) {
        fStrings?.push([from, to]);
        continue;
      }
    }
    pieces.push(text.slice(copied, from), blankPart(text, from, to));
    copied = to;
  }
  if (copied === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join('');
}

let SPACES = ' '.repeat(1024);
const spaces = (n: number): string => {
  while (SPACES.length < n) SPACES += SPACES;
  return SPACES.slice(0, n);
};

/** `text` from `from` to `to` as spaces, its newlines kept. */
function blankPart(text: string, from: number, to: number): string {
  let newline = text.indexOf('\n', from);
  if (newline === -1 || newline >= to) return spaces(to - from);
  const pieces: string[] = [];
  let at = from;
  for (; newline !== -1 && newline < to; newline = text.indexOf('\n', at)) pieces.push(spaces(newline - at), '\n'), (at = newline + 1);
  pieces.push(spaces(to - at));
  return pieces.join('');
}

/**
 * Whether the call whose `(` follows `at` has, for each condition, a string literal among its arguments
 * (at any depth) whose text matches it. Unreadable (no `(`, unbalanced, too long) counts as holding.
 */
function argumentsMayHold(text: string, at: number, when: RegExp[]): boolean {
  let i = at;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] !== '(') return true;
  const literals: string[] = [];
  let depth = 0;
  const limit = Math.min(text.length, i + 8192);
  for (; i < limit; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < limit && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < limit && !text.startsWith(quote, j)) j += text[j] === '\\' ? 2 : 1;
      literals.push(text.slice(i + quote.length, j));
      i = j + quote.length - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return when.every((pattern) => literals.some((l) => pattern.test(l)));
    }
  }
  return true;
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

/** Whether the name at `at` follows `def` or `class`. */
function definedAt(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  const end = i + 1;
  while (i >= 0 && isWord(text.charCodeAt(i))) i--;
  const word = text.slice(i + 1, end);
  return end > at - 1 ? false : word === 'def' || word === 'class';
}

/**
 * The file as the parser needs it: each outermost function or class (`def` or `class`, with its decorators)
 * that holds none of the uses at `keepAt` (calls, bases and method calls the pre-filter found may be hits),
 * names none of `keepWords` (the other names those go by) and has no `import` is read as `pass` on its first
 * line, the rest of it skipped (`ranges`), so every offset, row and column of what is read is the file's own;
 * a class that holds one is read, its methods each judged the same way. What is left out cannot hold a hit: a
 * hit is one of those uses, or a call of one of those names; what the matchers read outside the hit's own
 * function is module level (imports, aliases, platform flags, bindings) or its class, all kept; imports inside
 * functions count file-wide, so a function with one is kept; the names the left-out code defines (which make a
 * bare name no builtin) are returned beside the text, and `hitsAt` says where hits can be. Lines are read as
 * Python's tokenizer does: brackets and backslashes continue a line, comments and strings (in `code`;
 * f-strings, at `fStrings`, here too) are blanked first.
 */
export function skeleton(text: string, code: string, fStrings: Array<[number, number]>, keepWords: string[], keepAt: number[]): Prepared {
  let structure = code;
  if (fStrings.length > 0) {
    const parts: string[] = [];
    let at = 0;
    for (const [from, to] of fStrings) parts.push(code.slice(at, from), blankPart(code, from, to)), (at = to);
    structure = parts.join('') + code.slice(at);
  }
  const starts: number[] = [0];
  for (let i = structure.indexOf('\n'); i !== -1; i = structure.indexOf('\n', i + 1)) starts.push(i + 1);
  const n = starts.length;
  // Per line: whether it starts a logical line, its indentation (tabs to multiples of 8), its first non-blank
  // offset, whether it is blank. One pass over the characters.
  const logical = new Uint8Array(n);
  const indent = new Int32Array(n);
  const first = new Int32Array(n);
  const blank = new Uint8Array(n);
  let depth = 0;
  let continued = false;
  const length = structure.length;
  let i = 0;
  for (let l = 0; l < n; l++) {
    const e = l + 1 < n ? starts[l + 1] - 1 : length;
    logical[l] = depth === 0 && !continued ? 1 : 0;
    let col = 0;
    i = starts[l];
    for (; i < e; i++) {
      const c = structure.charCodeAt(i);
      if (c === 32) col++;
      else if (c === 9) col = (col & ~7) + 8;
      else if (c === 12) col = 0;
      else break;
    }
    indent[l] = col;
    first[l] = i;
    let lastCode = -1;
    for (; i < e; i++) {
      const c = structure.charCodeAt(i);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (depth > 0) depth--;
      }
      if (c !== 32 && c !== 9 && c !== 13 && c !== 12 && c !== 11) lastCode = c;
    }
    blank[l] = lastCode < 0 ? 1 : 0;
    continued = lastCode === 92;
  }
  const defLine = /(?:(?:async[ \t]+)?def|class)\b/y;
  const startsDef = (l: number): boolean => {
    defLine.lastIndex = first[l];
    return defLine.test(structure);
  };
  const startsClass = (l: number): boolean => structure.startsWith('class', first[l]);
  const hitsAt: number[] = [...keepAt];
  const kept: number[] = [...keepAt];
  const words = keepWords.length > 0 ? new RegExp(String.raw`\b(?:import|${tokenPattern(keepWords).source})\b`, 'g') : /\bimport\b/g;
  for (const m of code.matchAll(words)) {
    kept.push(m.index);
    if (m[0] !== 'import') hitsAt.push(m.index);
  }
  kept.sort((x, y) => x - y);
  hitsAt.sort((x, y) => x - y);
  const pieces: string[] = [];
  const defined: string[] = [];
  const skipped: Array<[number, number]> = [];
  /** The line an offset is on. */
  const l0 = (offset: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /** The names the functions and classes between two offsets define, for a part left out of the parse. */
  const noteDefined = (from: number, to: number): void => {
    for (const m of structure.slice(from, to).matchAll(/\b(?:def|class)[ \t]+([A-Za-z_]\w*)/g)) defined.push(m[1]);
  };
  const continues = /(?:except|else|elif|finally)\b/y;
  /**
   * The first line of a function's tail (its lines from `def` to `end`), or `end`: the body-level statement after
   * the one holding line `lastUse` (an `except`, `else`, `elif` or `finally` clause still belongs to it), never
   * before the second. What a tail holds cannot decide a hit before it: a binding or guard counts only before
   * the use, and no use, import or other name of a kept call is in it; the names it defines are returned.
   */
  const tailStart = (def: number, end: number, lastUse: number): number => {
    let body = def + 1;
    while (body < end && (blank[body] || !logical[body])) body++;
    if (body >= end) return end;
    const level = indent[body];
    let m = Math.max(lastUse, body) + 1;
    for (; m < end; m++) {
      if (!logical[m] || blank[m] || indent[m] > level) continue;
      continues.lastIndex = first[m];
      if (!continues.test(structure)) break;
    }
    return m;
  };
  let copied = 0;
  let next = 0; // index into kept
  for (let l = 0; l < n; l++) {
    if (!logical[l] || blank[l] || !startsDef(l)) continue;
    const k = indent[l];
    const defAt = first[l];
    let top = l;
    for (let p = l - 1; p >= 0; p--) {
      if (blank[p] || !logical[p]) continue;
      if (indent[p] === k && structure.charCodeAt(first[p]) === 64) top = p;
      else break;
    }
    let end = l + 1;
    while (end < n && (blank[end] || !logical[end] || indent[end] > k)) end++;
    const from = starts[top];
    const to = end < n ? starts[end] : text.length;
    while (next < kept.length && kept[next] < from) next++;
    // A function that holds a use is read up to the statement holding its last one; a class that holds one is
    // read, its methods each on their own.
    if (next < kept.length && kept[next] < to) {
      if (startsClass(l)) continue;
      let last = next;
      while (last + 1 < kept.length && kept[last + 1] < to) last++;
      const cut = tailStart(l, end, l0(kept[last]));
      if (cut < end) {
        skipped.push([starts[cut], to]);
        noteDefined(starts[cut], to);
      }
      l = end - 1;
      continue;
    }
    l = end - 1;
    const row = l0(defAt);
    const lineEnd = row + 1 < n ? starts[row + 1] - 1 : text.length;
    if (lineEnd - defAt < 4) continue;
    noteDefined(from, to);
    // Read: the def's first line, as `pass` (newline included: the tokenizer needs it); skipped, never read:
    // the decorators before it and the lines after it, left as they are.
    pieces.push(text.slice(copied, defAt), 'pass', ' '.repeat(lineEnd - defAt - 4));
    copied = lineEnd;
    skipped.push([from, starts[row]], [row + 1 < n ? starts[row + 1] : text.length, to]);
  }
  if (copied === 0) return { text, defined, hitsAt };
  pieces.push(text.slice(copied));
  const ranges = rangesOutside(text.length, skipped, (offset) => {
    const row = l0(offset);
    return { row, column: offset - starts[row] };
  });
  return { text: pieces.join(''), defined, ranges, hitsAt };
}

/**
 * Every word the file's `import` statements write (`from os import system`, `import a.b as c`, a parenthesised
 * list, a line continued with a backslash), and whether one imports `*`: a bare call can only be of a module's
 * function when one of these binds its name.
 */
function importedWords(code: string): { words: Set<string>; glob: boolean } {
  const words = new Set<string>();
  let glob = false;
  for (const m of code.matchAll(/\bimport\b/g)) {
    let from = m.index + 6;
    while (from < code.length && (code.charCodeAt(from) === 32 || code.charCodeAt(from) === 9)) from++;
    let end: number;
    if (code.charCodeAt(from) === 40 /* ( */) {
      end = code.indexOf(')', from);
    } else {
      end = code.indexOf('\n', from);
      while (end > 0 && /\\\r?$/.test(code.slice(end - 2, end))) end = code.indexOf('\n', end + 1);
    }
    const statement = code.slice(from, end < 0 ? code.length : end);
    if (statement.startsWith('*')) glob = true;
    for (const w of statement.matchAll(/[A-Za-z_]\w*/g)) words.add(w[0]);
  }
  return { words, glob };
}

/** The identifier ending right before `at` (after whitespace), if any. */
function wordBefore(text: string, at: number): string | null {
  let i = at - 1;
  while (i >= 0 && isSpace(text.charCodeAt(i))) i--;
  const end = i + 1;
  while (i >= 0 && isWord(text.charCodeAt(i))) i--;
  const word = text.slice(i + 1, end);
  return /^[A-Za-z_]\w*$/.test(word) ? word : null;
}
