import type { CMakeArg } from './cmakeLexer';

/**
 * What a wasi-sdk build knows when CMake evaluates if(): the variables its toolchain and platform file set, and
 * platform variables it leaves unset. Everything else (options, cache entries, compiler checks) is unknown.
 */
export interface CMakeWorld {
  defined: ReadonlyMap<string, string>;
  undefined: ReadonlySet<string>;
  /** Imported targets a WASI build never has: if(TARGET …) is false. */
  absentTargets: ReadonlySet<string>;
}

/** Three-valued: null is "not known for a WASI build" and never a guard. */
export type Truth = boolean | null;

const TRUE_CONSTANTS = /^(1|ON|YES|TRUE|Y)$/i;
const FALSE_CONSTANTS = /^(0|OFF|NO|FALSE|N|IGNORE|NOTFOUND|)$/i;
const UNARY = new Set(['EXISTS', 'COMMAND', 'DEFINED', 'TARGET', 'POLICY', 'TEST', 'IS_DIRECTORY', 'IS_ABSOLUTE', 'IS_SYMLINK', 'IS_READABLE', 'IS_WRITABLE', 'IS_EXECUTABLE']);
const BINARY = new Set([
  'STREQUAL', 'STRLESS', 'STRGREATER', 'STRLESS_EQUAL', 'STRGREATER_EQUAL', 'EQUAL', 'LESS', 'GREATER', 'LESS_EQUAL', 'GREATER_EQUAL',
  'VERSION_EQUAL', 'VERSION_LESS', 'VERSION_GREATER', 'VERSION_LESS_EQUAL', 'VERSION_GREATER_EQUAL', 'MATCHES', 'IN_LIST', 'IS_NEWER_THAN', 'PATH_EQUAL',
]);

/**
 * Evaluates an if()/elseif() condition the way cmake-commands(7) `if` does — parentheses, unary tests, binary
 * tests, NOT, AND, OR in that order of precedence — over what is known of a WASI build. An unquoted argument
 * that names a variable stands for its value (so `CMAKE_SYSTEM_NAME STREQUAL WASI` compares "WASI" with WASI's
 * value, 1, and is false, as CMake says); a quoted one is a string (policy CMP0054).
 */
export function evaluateCondition(args: readonly CMakeArg[], world: CMakeWorld): Truth {
  const tokens = args.filter((a) => a.kind !== 'bracket');
  let i = 0;
  const isWord = (word: string) => i < tokens.length && tokens[i].kind === 'unquoted' && tokens[i].text === word;

  const orExpr = (): Truth => {
    let value = andExpr();
    while (isWord('OR')) {
      i++;
      value = or(value, andExpr());
    }
    return value;
  };
  const andExpr = (): Truth => {
    let value = notExpr();
    while (isWord('AND')) {
      i++;
      value = and(value, notExpr());
    }
    return value;
  };
  const notExpr = (): Truth => {
    if (isWord('NOT')) {
      i++;
      const v = notExpr();
      return v === null ? null : !v;
    }
    return primary();
  };
  const primary = (): Truth => {
    if (i >= tokens.length) return null;
    const token = tokens[i];
    if (token.kind === 'open') {
      i++;
      const v = orExpr();
      if (i < tokens.length && tokens[i].kind === 'close') i++;
      return v;
    }
    if (token.kind === 'unquoted' && UNARY.has(token.text) && i + 1 < tokens.length) {
      i += 2;
      if (token.text === 'DEFINED') return definedTest(tokens[i - 1], world);
      return token.text === 'TARGET' && world.absentTargets.has(tokens[i - 1].text) ? false : null;
    }
    i++;
    if (i < tokens.length && tokens[i].kind === 'unquoted' && BINARY.has(tokens[i].text) && i + 1 < tokens.length) {
      const op = tokens[i].text;
      const right = tokens[i + 1];
      i += 2;
      return binary(op, operandValue(token, world), operandValue(right, world));
    }
    return truthOf(token, world);
  };

  const value = orExpr();
  return i === tokens.length ? value : null;
}

function and(a: Truth, b: Truth): Truth {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : null;
}

function or(a: Truth, b: Truth): Truth {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : null;
}

/** `${VAR}` references replaced by what the world knows; null when one is unknown. */
export function expand(text: string, world: CMakeWorld): string | null {
  let unknown = false;
  const out = text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = variable(name, world);
    if (value === null) unknown = true;
    return value ?? '';
  });
  return unknown || /\$(ENV|CACHE)?\{/.test(out) ? null : out;
}

/** A variable's value in a WASI build: set, unset (empty), or null when unknown. */
function variable(name: string, world: CMakeWorld): string | null {
  if (world.defined.has(name)) return world.defined.get(name)!;
  return world.undefined.has(name) ? '' : null;
}

/** What a binary test compares: a quoted string as written, an unquoted word as the variable it names if known. */
function operandValue(arg: CMakeArg, world: CMakeWorld): string | null {
  const text = expand(arg.text, world);
  if (text === null) return null;
  if (arg.kind === 'quoted') return text;
  if (world.defined.has(text)) return world.defined.get(text)!;
  if (world.undefined.has(text)) return '';
  // An unquoted word that is not a variable a WASI build knows: a literal, unless it looks like a variable name
  // that may be set elsewhere (upper case with an underscore or digits, as projects name their variables).
  return /^[A-Z][A-Z0-9]*_[A-Z0-9_]*$/.test(text) ? null : text;
}

function truthOf(arg: CMakeArg, world: CMakeWorld): Truth {
  const text = expand(arg.text, world);
  if (text === null) return null;
  if (TRUE_CONSTANTS.test(text) || /^-?[0-9]*\.?[0-9]+$/.test(text)) return Number(text) !== 0 || TRUE_CONSTANTS.test(text);
  if (FALSE_CONSTANTS.test(text) || /-NOTFOUND$/.test(text)) return false;
  if (arg.kind === 'quoted') return null;
  const value = variable(text, world);
  if (value === null) return null;
  return !(FALSE_CONSTANTS.test(value) || /-NOTFOUND$/.test(value));
}

function definedTest(arg: CMakeArg, world: CMakeWorld): Truth {
  if (world.defined.has(arg.text)) return true;
  return world.undefined.has(arg.text) ? false : null;
}

function binary(op: string, left: string | null, right: string | null): Truth {
  if (left === null || right === null) return null;
  switch (op) {
    case 'STREQUAL':
      return left === right;
    case 'MATCHES':
      try {
        return new RegExp(right).test(left);
      } catch {
        return null;
      }
    case 'EQUAL': {
      const a = Number(left);
      const b = Number(right);
      return Number.isFinite(a) && Number.isFinite(b) && left !== '' && right !== '' ? a === b : false;
    }
    default:
      return null;
  }
}
