/**
 * PEP 508 dependency specifiers (`uvicorn[standard]>=0.30; sys_platform != "win32"`) and their environment
 * markers, evaluated for CPython on WASI. Only what the dependency detector needs: the name, extras, the
 * version when it is pinned, and whether a wasm build installs the package at all.
 */

export interface Pep508 {
  /** As written. */
  name: string;
  /** PEP 503 normalised: lower case, runs of `-_.` as one `-` (how lockfiles name packages). */
  key: string;
  extras: string[];
  /** The version specifier as written (`>=0.30,<1`), empty when there is none; null for a URL requirement. */
  specifier: string | null;
  /** The version when the specifier pins one (`==2.9.9`, `===2.9.9`). */
  pinned: string | null;
  /** The marker after `;`, as written; null when there is none. */
  marker: string | null;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;

/** PEP 503: the name lockfiles and indexes use. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** One requirement string; null when it does not start with a package name (a path, a URL, an option). */
export function parseRequirement(text: string): Pep508 | null {
  const m = NAME.exec(text);
  if (!m) return null;
  let rest = text.slice(m[0].length);
  let extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return null;
    extras = rest.slice(1, close).split(',').map((e) => e.trim()).filter((e) => e !== '');
    rest = rest.slice(close + 1).trim();
  }
  let marker: string | null = null;
  let specifier: string | null;
  if (rest.startsWith('@')) {
    // `name @ https://…`: the marker follows a space and `;` (a URL may hold `;`).
    const at = /\s;\s*(.*)$/.exec(rest);
    marker = at ? at[1].trim() : null;
    specifier = null;
  } else {
    const semi = rest.indexOf(';');
    if (semi >= 0) {
      marker = rest.slice(semi + 1).trim();
      rest = rest.slice(0, semi);
    }
    specifier = rest.trim().replace(/^\((.*)\)$/, '$1').trim();
    if (specifier !== '' && !/^(~=|===|==|!=|<=|>=|<|>)/.test(specifier)) return null;
  }
  const pin = specifier ? /^===?\s*([A-Za-z0-9.+!_-]+)$/.exec(specifier) : null;
  return { name: m[1], key: normalizeName(m[1]), extras, specifier, pinned: pin && !pin[1].includes('*') ? pin[1] : null, marker: marker || null };
}

/**
 * What `platform` and `sys` report in CPython built for WASI (wasm32-wasip1, as componentize-py embeds it).
 * Other marker variables (python_version, extra…) are unknown here: a comparison on them decides nothing.
 */
const WASI_ENVIRONMENT: Record<string, string> = {
  sys_platform: 'wasi',
  platform_system: 'wasi', // os.uname().sysname: wasi-libc fills it with "wasi" (libc-top-half/musl/src/misc/uname.c)
  os_name: 'posix',
  platform_machine: 'wasm32',
  implementation_name: 'cpython',
  platform_python_implementation: 'CPython',
};
/** Pre-PEP 508 spellings still found in old requirement files. */
const ALIASES: Record<string, string> = { 'sys.platform': 'sys_platform', 'os.name': 'os_name', 'platform.machine': 'platform_machine', 'platform.python_implementation': 'platform_python_implementation' };

type Tri = boolean | null;

/**
 * Whether a wasm build installs a dependency with this marker: false when the marker cannot hold on WASI
 * (`sys_platform != "wasi"`, `platform_system == "Linux"`), true when it must, null when it depends on something
 * else (a Python version, an extra) or does not parse.
 */
export function markerOnWasi(marker: string): Tri {
  const tokens = tokenize(marker);
  if (!tokens) return null;
  let i = 0;
  const peek = () => tokens[i];
  const orExpr = (): Tri => {
    let value = andExpr();
    while (peek()?.kind === 'word' && peek()?.text === 'or') {
      i++;
      const right = andExpr();
      value = value === true || right === true ? true : value === false && right === false ? false : null;
    }
    return value;
  };
  const andExpr = (): Tri => {
    let value = atom();
    while (peek()?.kind === 'word' && peek()?.text === 'and') {
      i++;
      const right = atom();
      value = value === false || right === false ? false : value === true && right === true ? true : null;
    }
    return value;
  };
  const atom = (): Tri => {
    if (peek()?.kind === 'open') {
      i++;
      const value = orExpr();
      if (peek()?.kind !== 'close') throw new SyntaxError('unbalanced parenthesis');
      i++;
      return value;
    }
    const left = operand();
    const op = operator();
    const right = operand();
    return compare(left, op, right);
  };
  const operand = (): { variable: string } | { literal: string } => {
    const token = tokens[i++];
    if (!token) throw new SyntaxError('operand expected');
    if (token.kind === 'string') return { literal: token.text };
    if (token.kind === 'word') return { variable: ALIASES[token.text] ?? token.text };
    throw new SyntaxError('operand expected');
  };
  const operator = (): string => {
    const token = tokens[i++];
    if (token?.kind === 'op') return token.text;
    if (token?.kind === 'word' && token.text === 'in') return 'in';
    if (token?.kind === 'word' && token.text === 'not' && tokens[i]?.kind === 'word' && tokens[i].text === 'in') {
      i++;
      return 'not in';
    }
    throw new SyntaxError('operator expected');
  };
  try {
    const value = orExpr();
    return i === tokens.length ? value : null;
  } catch {
    return null;
  }
}

function compare(left: { variable: string } | { literal: string }, op: string, right: { variable: string } | { literal: string }): Tri {
  const value = (side: { variable: string } | { literal: string }): string | null =>
    'literal' in side ? side.literal : (WASI_ENVIRONMENT[side.variable] ?? null);
  const a = value(left);
  const b = value(right);
  if (a === null || b === null) return null;
  // Platform names compare as strings; version comparisons on them (`<`, `~=`) never come up in practice.
  switch (op) {
    case '==': case '===': return a === b;
    case '!=': return a !== b;
    case 'in': return b.includes(a);
    case 'not in': return !b.includes(a);
    default: return null;
  }
}

interface Token {
  kind: 'word' | 'string' | 'op' | 'open' | 'close';
  text: string;
}

function tokenize(text: string): Token[] | null {
  const out: Token[] = [];
  const re = /\s*(?:(\()|(\))|("[^"]*"|'[^']*')|(===|==|!=|<=|>=|~=|<|>)|([A-Za-z_][A-Za-z0-9_.]*))/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return null;
    at = re.lastIndex;
    if (m[1]) out.push({ kind: 'open', text: '(' });
    else if (m[2]) out.push({ kind: 'close', text: ')' });
    else if (m[3]) out.push({ kind: 'string', text: m[3].slice(1, -1) });
    else if (m[4]) out.push({ kind: 'op', text: m[4] });
    else out.push({ kind: 'word', text: m[5] });
  }
  return out;
}
