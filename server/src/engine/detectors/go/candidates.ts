import { escapeRegExp } from '../source/prefilter';
import { defaultName } from './imports';
import { entryNames, lastSegment, type GoRules } from './rules';

/**
 * Which files can hold a finding, decided from the text before any parse. A Go file reaches a package only by
 * importing it, so a hit needs the package's import path in quotes (`"os/exec"`) and, for calls and methods,
 * one of the entry's names as a selector (`.Create`; a bare word only in a file
 * with a dot import). Both lists come from rules/apis/go.json.
 */
export interface CandidateFilter {
  admits(text: string): boolean;
  /**
   * How much of the file the matchers need: none; only its imports, up to `end` (the file can hold a hit only
   * through an import, as `import "C"`, never through a call); or all of it.
   */
  scope(text: string): { parse: 'none' } | { parse: 'imports'; end: number } | ({ parse: 'all'; hitsAt: number[]; importsEnd: number } & Keeping);
  /** Every token the filter looks for (for benchmarks against ripgrep). */
  tokens: string[];
}

/** What keeps a top-level function whole (skippedCode). */
export interface Keeping {
  /** Any of these words. */
  keep: Set<string>;
  /** A call this matches: on an imported package by one of its names (`os.Create`, `ex.Command`), or of a wanted method (`.Get(`). */
  calls: RegExp | null;
  /** A struct type with a field this names (a tracked value's type: the file's struct fields type receivers). */
  fields: RegExp | null;
  /** The file has a dot import: bare names can be calls of a package. */
  dot: boolean;
}

export function candidateFilter(rules: GoRules): CandidateFilter {
  // import path → names that must appear with it (empty: the import alone is a hit, as for "C")
  const needs = new Map<string, Set<string>>();
  const add = (pkg: string, names: string[]): void => {
    const set = needs.get(pkg) ?? new Set<string>();
    for (const n of names) set.add(n);
    needs.set(pkg, set);
  };
  for (const list of rules.calls.values()) for (const e of list) add(e.package, entryNames(e));
  for (const list of rules.imports.values()) for (const e of list) add(e.package, []);
  for (const [name, list] of rules.methods) {
    for (const e of list) {
      if (e.reach.kind !== 'method') continue;
      const on = e.reach.on;
      for (const [typeName, kind] of rules.valueByTypeName) if (kind === on) add(typeName.slice(0, typeName.lastIndexOf('.')), [name]);
    }
  }
  const paths = [...needs.keys()];
  const names = [...new Set([...needs.values()].flatMap((s) => [...s]))];
  const pathPattern = new RegExp(`"(${paths.map(escapeRegExp).join('|')})"`, 'g');
  const alternation = names.map(escapeRegExp).sort((a, b) => b.length - a.length).join('|');
  // Names as selectors (`os.Create`, `ex.Command`, `srv.ListenAndServe`); bare only in a file with a dot import.
  const selectorPattern = new RegExp(`\\.\\s*(${alternation})\\b`, 'g');
  const barePattern = new RegExp(`\\b(${alternation})\\b`, 'g');
  const dotImport = /(?:^|[\s(])\.\s+"/m;
  const anyDotImport = /(?:^|[\s(])\.\s*"/m;
  // Type and variable names of tracked values (`Server`, `DefaultClient`): a function declaring a field or a
  // variable with one is kept whole (skippedCode), as one naming a wanted call is.
  const valueWords = [...rules.typeWords, ...[...rules.valueByVariable.keys()].map(lastSegment)];
  const methodNames = new Set(rules.methods.keys());
  const valueWordPattern = new RegExp(`\\b(?:${valueWords.map(escapeRegExp).join('|')})\\b`);
  // import path → the names called on the package itself (`os.Create`)
  const callNames = new Map<string, Set<string>>();
  for (const list of rules.calls.values()) {
    for (const e of list) {
      const set = callNames.get(e.package) ?? new Set<string>();
      for (const n of entryNames(e)) set.add(n);
      callNames.set(e.package, set);
    }
  }
  // `ex "os/exec"`: a name an import gives a package (a word before any quoted path counts: only more is kept)
  const renamed = new RegExp(`\\b([A-Za-z_]\\w*)[ \\t]+"(${paths.map(escapeRegExp).join('|')})"`, 'g');
  /**
   * What keeps a function whole (skippedCode): a call on an imported package by one of its names
   * (`os.Create`, `ex.Command`), a wanted method name, a tracked value's type or variable; with a dot import,
   * any wanted name. `imports` is the part of the file imports can be in, where renames are read.
   */
  const keeping = (imports: string, imported: Set<string>, wanted: Set<string>, dot: boolean): Keeping => {
    if (dot) return { keep: new Set([...wanted, ...valueWords]), calls: null, fields: null, dot };
    const names = new Map<string, Set<string>>();
    for (const pkg of imported) names.set(pkg, new Set([defaultName(pkg)]));
    for (const m of imports.matchAll(renamed)) names.get(m[2])?.add(m[1]);
    const alternatives: string[] = [];
    for (const pkg of imported) {
      const called = [...(callNames.get(pkg) ?? [])];
      if (called.length === 0) continue;
      alternatives.push(`\\b(?:${[...names.get(pkg)!].map(escapeRegExp).join('|')})\\s*\\.\\s*(?:${called.map(escapeRegExp).join('|')})\\b`);
    }
    // a method is only ever called on something: `x.Get(`
    const methods = [...wanted].filter((n) => methodNames.has(n));
    if (methods.length > 0) alternatives.push(`\\.\\s*(?:${methods.map(escapeRegExp).join('|')})\\s*\\(`);
    return { keep: new Set(), calls: alternatives.length > 0 ? new RegExp(alternatives.join('|')) : null, fields: valueWordPattern, dot };
  };
  const scope: CandidateFilter['scope'] = (text) => {
    const imported = new Set<string>();
    let importHit = -1;
    let section = -1;
    for (const m of text.matchAll(pathPattern)) {
      // A quoted path after the imports is a string (`"C"`, x/net's idna label error), no import.
      if (section < 0) section = importsEnd(text);
      if (m.index >= section) break;
      imported.add(m[1]);
      if (needs.get(m[1])?.size === 0) importHit = m.index + m[0].length;
    }
    if (imported.size === 0) return { parse: 'none' };
    const wanted = new Set<string>();
    for (const pkg of imported) for (const n of needs.get(pkg) ?? []) wanted.add(n);
    // Dot imports and renames are import specs: looked for where imports can be, not in the whole file.
    const head = section < text.length ? text.slice(0, section) : text;
    const dot = dotImport.test(head);
    /** Where a wanted name is written, comments and strings included: where a call can be a hit. */
    const wantedAt = (pattern: RegExp): number[] => [...text.matchAll(pattern)].filter((m) => wanted.has(m[1])).map((m) => m.index);
    const found = wanted.size > 0 ? wantedAt(dot ? barePattern : selectorPattern) : [];
    if (found.length > 0) {
      // `import ."os"` too (gofmt writes a space): what is kept and searched errs on the side of a dot import
      const anyDot = dot || anyDotImport.test(head);
      return { parse: 'all', hitsAt: anyDot === dot ? found : wantedAt(barePattern), importsEnd: section, ...keeping(head, imported, wanted, anyDot) };
    }
    return importHit < 0 ? { parse: 'none' } : { parse: 'imports', end: importsEnd(text, importHit) };
  };
  return {
    tokens: [...paths.map((p) => `"${p}"`), ...names],
    admits: (text) => scope(text).parse !== 'none',
    scope,
  };
}

/**
 * Where a file's imports are over: the first top-level `func`, `type`, `var` or `const` line after both the
 * last `import` line and `from` (the end of the last import path that can be a hit). Go puts every import
 * before any other declaration; a later `import` or path in a string only makes the part longer. Without
 * `from`, in a file where no line starts with `import` (formatting gofmt never writes), the whole text.
 */
function importsEnd(text: string, from = -1): number {
  let start = from;
  for (const m of text.matchAll(/^import\b/gm)) start = Math.max(start, m.index);
  if (start < 0) return text.length;
  const declaration = /^(?:func|type|var|const)\b/gm;
  declaration.lastIndex = start;
  const m = declaration.exec(text);
  return m ? m.index : text.length;
}

/**
 * The top-level functions (`func` at the start of a line, outside comments and strings, to the first newline
 * at bracket depth 0) that nothing in `keeping` keeps, as [start, end) offsets, and the names of all plain
 * top-level functions, kept or not. Nothing outside a function depends on its body but its struct types (a receiver's
 * field, kept by `fields`): bindings are looked up in the enclosing functions and at package level, guard
 * constants at package level, all kept; a hit is a call `calls` matches (or, with a dot import, a kept word).
 * In a function that is kept, the statements after the one holding the last of `hitsAt` are skipped too, up to
 * its closing brace (functionTail): a binding or a guard counts only before its use. So are the comment lines
 * between top-level declarations after `importsEnd` (a file's doc comments, a quarter of what go-gin parsed)
 * and the type declarations there that declare no struct field of a tracked value's type.
 */
export function skippedCode(text: string, keeping: Keeping & { hitsAt?: number[]; importsEnd?: number }): { spans: Array<[number, number]>; names: string[] } {
  const { keep, calls, fields, hitsAt = [], importsEnd = text.length } = keeping;
  const spans: Array<[number, number]> = [];
  const names: string[] = [];
  const words = keep.size > 0 ? new RegExp(`\\b(?:${[...keep].map(escapeRegExp).join('|')})\\b`) : null;
  /** Whether code may declare a struct with a field of a tracked value's type (with a dot import, `keep` holds those type names). */
  const tracksFields = (code: string): boolean => ((fields ?? words)?.test(code) ?? false) && /\bstruct\b/.test(code);
  let depth = 0;
  let start = -1;
  let lineStart = true;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const topLevel = lineStart && depth === 0 && start < 0;
    if (topLevel && c === 102 /* f */ && text.startsWith('func', i) && !isIdent(text.charCodeAt(i + 4))) start = i;
    else if (topLevel && c === 116 /* t */ && i >= importsEnd && text.startsWith('type', i) && !isIdent(text.charCodeAt(i + 4))) start = i;
    lineStart = false;
    // a comment line between declarations, after the imports (cgo's preamble is before them): nothing reads it
    if (topLevel && c === 47 && text.charCodeAt(i + 1) === 47 && i >= importsEnd) {
      const end = text.indexOf('\n', i);
      spans.push([i, end < 0 ? n : end + 1]);
      i = (end < 0 ? n : end) - 1;
      continue;
    }
    if (c === 10) {
      if (depth === 0 && start >= 0) {
        const body = text.slice(start, i + 1);
        if (text.charCodeAt(start) === 116) {
          // a type declaration matters only as a struct with a field of a tracked value's type
          if (!tracksFields(body)) spans.push([start, i + 1]);
        } else {
          const name = /^func\s+([A-Za-z_]\w*)/.exec(body);
          if (name) names.push(name[1]);
          if (!words?.test(body) && !calls?.test(body) && !tracksFields(body)) {
            spans.push([start, i + 1]);
          } else {
            const tail = functionTail(text, start, i + 1, hitsAt);
            // a struct type declared in the tail may type a field a receiver elsewhere is read from: kept
            if (tail && !tracksFields(text.slice(tail[0], tail[1]))) spans.push(tail);
          }
        }
        start = -1;
      }
      lineStart = true;
    } else if (c === 47 || c === 34 || c === 39 || c === 96) {
      const end = literalEnd(text, i);
      if (end >= 0) i = end;
    } else if (c === 40 || c === 91 || c === 123) {
      depth++;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    }
  }
  // a function the text ends in, with no newline after it
  const last = start >= 0 ? /^func\s+([A-Za-z_]\w*)/.exec(text.slice(start, start + 200)) : null;
  if (last) names.push(last[1]);
  return { spans, names };
}

/**
 * The statements of the function at [start, end) after the one holding the last of `hitsAt` (sorted offsets),
 * as the span from the line after that statement to the line of the function's closing brace; null when the
 * function holds none or nothing follows. A statement ends at a newline directly in the body where Go inserts a
 * semicolon: after a name, a literal, `)`, `]`, `}`, `++` or `--` (comments and strings read as the compiler does).
 */
function functionTail(text: string, start: number, end: number, hitsAt: number[]): [number, number] | null {
  let last = -1;
  for (const at of hitsAt) if (at >= start && at < end) last = at;
  if (last < 0) return null;
  const closing = text.lastIndexOf('\n', end - 2) + 1;
  if (!/^\}[ \t]*(?:\/\/[^\n]*)?\r?\n?$/.test(text.slice(closing, end))) return null;
  let depth = 0;
  let terminates = false;
  let previous = 0;
  for (let i = start; i < closing; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (depth === 1 && terminates && i > last) return i + 1 < closing ? [i + 1, closing] : null;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) continue;
    const literal = c === 47 || c === 34 || c === 39 || c === 96 ? literalEnd(text, i) : -1;
    if (literal >= 0) {
      if (c !== 47) {
        terminates = true;
        previous = c;
      } else if (text.charCodeAt(i + 1) === 42 && depth === 1 && terminates && i > last && text.slice(i, literal).includes('\n')) {
        // a block comment spanning lines ends the line as a newline would (on one line it is a space): not cut there
        return null;
      }
      i = literal;
      continue;
    }
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    terminates = isIdent(c) || c === 41 || c === 93 || c === 125 || ((c === 43 || c === 45) && previous === c);
    previous = c;
  }
  return null;
}

/**
 * At a comment or a string literal starting at `i`: the offset of its last character (a line comment's is the one
 * before its newline; an interpreted string or rune unclosed on its line stops at the newline; unclosed at the
 * end of the text, the text's length). Else -1.
 */
function literalEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 47 /* / */) {
    const next = text.charCodeAt(i + 1);
    if (next === 47) {
      const newline = text.indexOf('\n', i);
      return (newline < 0 ? text.length : newline) - 1;
    }
    if (next !== 42 /* * */) return -1;
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 1;
  }
  if (c === 34 /* " */ || c === 39 /* ' */) {
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10) j += text.charCodeAt(j) === 92 ? 2 : 1;
    return j;
  }
  if (c === 96 /* ` */) {
    const close = text.indexOf('`', i + 1);
    return close < 0 ? text.length : close;
  }
  return -1;
}

function isIdent(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}
