import * as path from 'node:path';
import type { GoApiFile, GoTarget } from './types';

/** true / false on the target, or null: a custom tag (`-tags integration`) that no target decides. */
type Truth = boolean | null;

/**
 * Whether a file is in a target's build, from its build constraints (`//go:build` lines, else `// +build`
 * lines) and its file name (`_windows.go`, `_linux_amd64.go`), as the go tool decides (pkg.go.dev/cmd/go
 * "Build constraints"). Returns false only when the file is certainly left out.
 */
export function inBuild(file: string, text: string, target: GoTarget, known: GoApiFile['knownTags']): boolean {
  const tag = (name: string): Truth => tagValue(name, target, known);
  if (fileNameExcludes(path.basename(file), target, known)) return false;
  const { goBuild, plusBuild } = headerConstraints(text);
  if (goBuild !== null) return parseExpression(goBuild, tag) !== false;
  for (const line of plusBuild) if (plusBuildLine(line, tag) === false) return false;
  return true;
}

function tagValue(name: string, target: GoTarget, known: GoApiFile['knownTags']): Truth {
  if (target.tags.includes(name)) return true;
  if (name === 'unix') return known.unix.includes(target.goos);
  if (name === target.goos || name === target.goarch) return true;
  if (name === 'cgo') return target.cgo ?? null;
  if (known.goos.includes(name) || known.goarch.includes(name) || known.other.includes(name)) return false;
  if (/^go1\.\d+$/.test(name)) return true; // release tags: assume a current toolchain
  return null;
}

/** `*_GOOS`, `*_GOARCH`, `*_GOOS_GOARCH` (after dropping `.go` and `_test`); `unix` is not a file-name suffix. */
function fileNameExcludes(base: string, target: GoTarget, known: GoApiFile['knownTags']): boolean {
  const parts = base.replace(/\.go$/, '').replace(/_test$/, '').split('_');
  if (parts.length < 2) return false;
  const last = parts[parts.length - 1];
  const before = parts.length >= 3 ? parts[parts.length - 2] : null;
  if (before !== null && known.goos.includes(before) && known.goarch.includes(last)) return before !== target.goos || last !== target.goarch;
  if (known.goos.includes(last)) return last !== target.goos;
  if (known.goarch.includes(last)) return last !== target.goarch;
  return false;
}

/** The constraint lines before the package clause. */
function headerConstraints(text: string): { goBuild: string | null; plusBuild: string[] } {
  let goBuild: string | null = null;
  const plusBuild: string[] = [];
  let inBlock = false;
  for (const raw of text.split('\n', 400)) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes('*/')) inBlock = false;
      continue;
    }
    if (line === '') continue;
    if (line.startsWith('/*')) {
      inBlock = !line.includes('*/');
      continue;
    }
    if (!line.startsWith('//')) break;
    const go = /^\/\/go:build\s+(.*)$/.exec(line);
    if (go && goBuild === null) goBuild = go[1];
    const plus = /^\/\/\s*\+build\s+(.*)$/.exec(line);
    if (plus) plusBuild.push(plus[1]);
  }
  return { goBuild, plusBuild };
}

/** `// +build a,b !c`: options separated by spaces (any holds), terms by commas (all hold). */
function plusBuildLine(line: string, tag: (name: string) => Truth): Truth {
  const options = line.split(/\s+/).filter(Boolean).map((option) =>
    and(option.split(',').map((term) => (term.startsWith('!') ? not(tag(term.slice(1))) : tag(term)))),
  );
  return or(options);
}

const not = (a: Truth): Truth => (a === null ? null : !a);
const and = (xs: Truth[]): Truth => (xs.includes(false) ? false : xs.includes(null) ? null : true);
const or = (xs: Truth[]): Truth => (xs.includes(true) ? true : xs.includes(null) ? null : false);

/** `//go:build` expressions: `||`, `&&`, `!`, parentheses, tags. A malformed line decides nothing (null). */
function parseExpression(expression: string, tag: (name: string) => Truth): Truth {
  const tokens = expression.match(/\|\||&&|!|\(|\)|[A-Za-z0-9_.]+|\S/g) ?? [];
  let i = 0;
  const orExpr = (): Truth => {
    const xs = [andExpr()];
    while (tokens[i] === '||') {
      i++;
      xs.push(andExpr());
    }
    return or(xs);
  };
  const andExpr = (): Truth => {
    const xs = [unary()];
    while (tokens[i] === '&&') {
      i++;
      xs.push(unary());
    }
    return and(xs);
  };
  const unary = (): Truth => {
    const t = tokens[i++];
    if (t === '!') return not(unary());
    if (t === '(') {
      const v = orExpr();
      if (tokens[i++] !== ')') throw new SyntaxError('missing )');
      return v;
    }
    if (t === undefined || !/^[A-Za-z0-9_.]+$/.test(t)) throw new SyntaxError(`unexpected ${t ?? 'end'}`);
    return tag(t);
  };
  try {
    const value = orExpr();
    return i === tokens.length ? value : null;
  } catch {
    return null;
  }
}
