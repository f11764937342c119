import type { CTarget } from './types';

/** Three-valued: a macro the target's data does not decide may be either way, and is never a guard. */
type Tri = number | 'maybe';

interface Frame {
  /** Per target: whether the current branch is compiled. */
  branch: Array<boolean | 'maybe'>;
  /** Per target: whether an earlier branch of this #if chain was (or may have been) taken. */
  taken: Array<boolean | 'maybe'>;
}

/**
 * Which lines a WASI build compiles, from the text's `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/`#endif` lines
 * evaluated with each target's predefined macros (`__wasi__` defined; `__linux__`, `_WIN32`, `__APPLE__`,
 * `__unix__` not). Read from the text, not the tree, so it holds where macros broke the parse. Returns, per
 * 0-based line, true when every target excludes it.
 */
export function excludedLines(text: string, targets: CTarget[]): (line: number) => boolean {
  const excluded: boolean[] = [];
  const stack: Frame[] = [];
  const lines = text.split('\n');
  const guardedNow = (): boolean => stack.length > 0 && targets.every((_, t) => stack.some((f) => f.branch[t] === false));
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    const first = i;
    const directive = /^\s*#\s*(if|ifdef|ifndef|elif|elifdef|elifndef|else|endif)\b(.*)$/.exec(line);
    if (directive) {
      while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + ' ' + lines[++i];
      const match = /^\s*#\s*(\w+)(.*)$/.exec(line)!;
      const kind = match[1];
      const rest = stripComments(match[2]);
      const cond = (): Array<boolean | 'maybe'> =>
        targets.map((t) => {
          if (kind === 'ifdef' || kind === 'elifdef') return definedIn(rest.trim().split(/\s/)[0], t);
          if (kind === 'ifndef' || kind === 'elifndef') return not(definedIn(rest.trim().split(/\s/)[0], t));
          return truth(evaluate(rest, t));
        });
      if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') {
        const c = cond();
        stack.push({ branch: c, taken: c });
      } else if (stack.length > 0 && kind !== 'endif') {
        const frame = stack[stack.length - 1];
        const c = kind === 'else' ? targets.map(() => true as const) : cond();
        frame.branch = c.map((v, t) => and(not(frame.taken[t]), v));
        frame.taken = frame.taken.map((v, t) => or(v, c[t]));
      } else if (kind === 'endif') {
        stack.pop();
      }
      for (let j = first; j <= i; j++) excluded[j] = false;
      continue;
    }
    excluded[i] = guardedNow();
  }
  return (line) => excluded[line] ?? false;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/, '');
}

function definedIn(name: string | undefined, target: CTarget): boolean | 'maybe' {
  if (!name) return 'maybe';
  if (name in target.defines) return true;
  if (target.undefined.includes(name)) return false;
  return 'maybe';
}

const not = (v: boolean | 'maybe'): boolean | 'maybe' => (v === 'maybe' ? 'maybe' : !v);
const and = (a: boolean | 'maybe', b: boolean | 'maybe'): boolean | 'maybe' => (a === false || b === false ? false : a === true && b === true ? true : 'maybe');
const or = (a: boolean | 'maybe', b: boolean | 'maybe'): boolean | 'maybe' => (a === true || b === true ? true : a === false && b === false ? false : 'maybe');
const truth = (v: Tri): boolean | 'maybe' => (v === 'maybe' ? 'maybe' : v !== 0);

/** A `#if` expression: `defined`, `!`, `&&`, `||`, comparisons, parentheses, integers, macros; the rest is maybe. */
export function evaluate(expression: string, target: CTarget): Tri {
  const tokens = expression.match(/\d+[uUlL]*|[A-Za-z_]\w*|&&|\|\||==|!=|<=|>=|[()!<>+\-*,]|\S/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const next = (): string | undefined => tokens[at++];
  const binary = (ops: string[], sub: () => Tri, apply: (op: string, a: number, b: number) => number, short?: (op: string, a: Tri) => Tri | null): (() => Tri) => () => {
    let left = sub();
    while (peek() !== undefined && ops.includes(peek()!)) {
      const op = next()!;
      const right = sub();
      const decided = short?.(op, left) ?? short?.(op, right) ?? null;
      if (decided !== null) left = decided;
      else left = left === 'maybe' || right === 'maybe' ? 'maybe' : apply(op, left, right);
    }
    return left;
  };
  const primary = (): Tri => {
    const token = next();
    if (token === undefined) return 'maybe';
    if (token === '(') {
      const value = orExpr();
      if (peek() === ')') next();
      return value;
    }
    if (token === '!') {
      const value = primary();
      return value === 'maybe' ? 'maybe' : value === 0 ? 1 : 0;
    }
    if (token === '-') {
      const value = primary();
      return value === 'maybe' ? 'maybe' : -value;
    }
    if (/^\d/.test(token)) return Number.parseInt(token, 10);
    if (token === 'defined') {
      const paren = peek() === '(';
      if (paren) next();
      const name = next();
      if (paren && peek() === ')') next();
      const d = definedIn(name, target);
      return d === 'maybe' ? 'maybe' : d ? 1 : 0;
    }
    if (/^[A-Za-z_]/.test(token)) {
      if (peek() === '(') {
        // A function-like macro (`__has_include(…)`, `__GNUC_PREREQ(4, 2)`): unknown, its arguments skipped.
        let depth = 0;
        do {
          const t = next();
          if (t === '(') depth++;
          else if (t === ')') depth--;
        } while (depth > 0 && at < tokens.length);
        return 'maybe';
      }
      if (token in target.defines) {
        const value = target.defines[token].trim();
        return value === '' ? 'maybe' : /^\d+$/.test(value) ? Number.parseInt(value, 10) : 'maybe';
      }
      return target.undefined.includes(token) ? 0 : 'maybe';
    }
    return 'maybe';
  };
  const compare = binary(['==', '!=', '<', '>', '<=', '>='], primary, (op, a, b) => {
    const r = op === '==' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
    return r ? 1 : 0;
  });
  const andExpr = binary(['&&'], compare, (_, a, b) => (a !== 0 && b !== 0 ? 1 : 0), (_, v) => (v === 0 ? 0 : null));
  const orExpr: () => Tri = binary(['||'], andExpr, (_, a, b) => (a !== 0 || b !== 0 ? 1 : 0), (_, v) => (v !== 'maybe' && v !== 0 ? 1 : null));
  const value = orExpr();
  return at < tokens.length ? 'maybe' : value;
}
