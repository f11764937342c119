import type { DeclaredPackage } from './vcpkg';

/** `name/version[@user/channel][#revision]`; version ranges `[>=1.2 <2]` kept as written. */
const REFERENCE = /^([a-z0-9_][a-z0-9_+.-]*)\/(\[[^\]\n]*\]|[^@#\s]+)/i;

/**
 * conanfile.txt: the `[requires]` section (`name/version` lines) and `[test_requires]` (test code). Tool and
 * build requirements (`[tool_requires]`, `[build_requires]`) run on the build machine and are not read;
 * `#` comments skipped.
 */
export function readConanfileTxt(text: string): DeclaredPackage[] {
  const out: DeclaredPackage[] = [];
  let section = '';
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1].trim().toLowerCase();
      continue;
    }
    if (section !== 'requires' && section !== 'test_requires') continue;
    const code = line.replace(/#.*$/, '');
    const lead = code.length - code.trimStart().length;
    const m = REFERENCE.exec(code.trim());
    if (!m) continue;
    out.push(reference(m, lineStart + lead, section === 'test_requires'));
  }
  return out;
}

/**
 * conanfile.py, read as text (it is never run): `requires = "a/1.0", "b/2.0"` (a string, tuple or list) and
 * `self.requires("a/1.0")`; `self.test_requires(…)`/`test_requires = …` as test code. `tool_requires` and
 * `build_requires` are build-machine tools: not read. Python comments and docstrings are skipped.
 */
export function readConanfilePy(text: string): DeclaredPackage[] {
  const code = blankCommentsAndDocstrings(text);
  const out: DeclaredPackage[] = [];
  const seen = new Set<number>();
  const push = (literalStart: number, literal: string, test: boolean) => {
    const m = REFERENCE.exec(literal);
    if (m && !seen.has(literalStart)) {
      seen.add(literalStart);
      out.push(reference(m, literalStart, test));
    }
  };
  // self.requires("…") / self.test_requires("…")
  for (const m of code.matchAll(/\bself\.(requires|test_requires)\s*\(\s*(["'])([^"'\n]+)\2/g)) {
    push(m.index! + m[0].length - m[3].length - 1, m[3], m[1] === 'test_requires');
  }
  // requires = "a/1" | ("a/1", "b/2") | ["a/1", …] at class level
  for (const m of code.matchAll(/^[ \t]+(requires|test_requires)\s*=\s*/gm)) {
    const from = m.index! + m[0].length;
    const value = valueExtent(code, from);
    for (const s of code.slice(from, value).matchAll(/(["'])([^"'\n]+)\1/g)) push(from + s.index! + 1, s[2], m[1] === 'test_requires');
  }
  return out.sort((a, b) => a.start - b.start);
}

function reference(m: RegExpExecArray, start: number, test: boolean): DeclaredPackage {
  // A version range (`[>=1.2 <2]`) is no version the build is known to get.
  const exact = m[2].startsWith('[') ? null : m[2];
  return { name: m[1], version: exact, label: `${m[1]} ${m[2]}`, start, end: start + m[1].length, guarded: false, note: '', test };
}

/** Where an assigned value ends: the end of the line, or the closing bracket of a tuple or list spanning lines. */
function valueExtent(code: string, from: number): number {
  let depth = 0;
  for (let i = from; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '\n' && depth <= 0) return i;
  }
  return code.length;
}

/** Python comments and triple-quoted strings replaced by spaces, so offsets stay exact. */
function blankCommentsAndDocstrings(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const triple = text.startsWith('"""', i) ? '"""' : text.startsWith("'''", i) ? "'''" : null;
    if (triple) {
      const end = text.indexOf(triple, i + 3);
      const stop = end < 0 ? text.length : end + 3;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
      continue;
    }
    const c = text[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      const stop = eol < 0 ? text.length : eol;
      out += ' '.repeat(stop - i);
      i = stop;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
