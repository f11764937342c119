/**
 * CMake's language, as cmake-language(7) defines it, read far enough to find commands and their arguments with
 * exact offsets: command invocations `name(args)`, quoted arguments ("…" with escapes and line continuations),
 * bracket arguments ([[…]], [==[…]==]), unquoted arguments (nested parentheses kept as tokens), line comments
 * (#…) and bracket comments (#[[…]]) skipped wherever they stand.
 */

export interface CMakeArg {
  kind: 'unquoted' | 'quoted' | 'bracket' | 'open' | 'close';
  /** The argument as written, without its quotes or brackets; escapes are kept (offsets stay exact). */
  text: string;
  /** Offset of `text`'s first character in the file. */
  start: number;
}

export interface CMakeCommand {
  /** Lower case: command names are case-insensitive. */
  name: string;
  start: number;
  args: CMakeArg[];
}

export class CMakeSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const BRACKET_OPEN = /\[(=*)\[/y;

export function lexCMake(text: string): CMakeCommand[] {
  const commands: CMakeCommand[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '#') {
      i = skipComment(text, i);
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const id = IDENTIFIER.exec(text);
    if (!id) throw new CMakeSyntaxError(`unexpected character ${JSON.stringify(c)} where a command should start`, i);
    const start = i;
    i += id[0].length;
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] !== '(') throw new CMakeSyntaxError(`expected ( after ${id[0]}`, i);
    i++;
    const args: CMakeArg[] = [];
    let depth = 0;
    for (;;) {
      if (i >= n) throw new CMakeSyntaxError(`${id[0]}( is not closed before the end of the file`, start);
      const ch = text[i];
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
        i++;
      } else if (ch === '#') {
        i = skipComment(text, i);
      } else if (ch === '(') {
        args.push({ kind: 'open', text: '(', start: i });
        depth++;
        i++;
      } else if (ch === ')') {
        i++;
        if (depth === 0) break;
        args.push({ kind: 'close', text: ')', start: i - 1 });
        depth--;
      } else if (ch === '"') {
        const end = quotedEnd(text, i + 1);
        if (end < 0) throw new CMakeSyntaxError('a quoted argument is not closed before the end of the file', i);
        args.push({ kind: 'quoted', text: text.slice(i + 1, end), start: i + 1 });
        i = end + 1;
      } else if (ch === '[' && bracketAt(text, i) !== null) {
        const open = bracketAt(text, i)!;
        const close = text.indexOf(`]${open}]`, i + open.length + 2);
        if (close < 0) throw new CMakeSyntaxError('a bracket argument is not closed before the end of the file', i);
        const body = i + open.length + 2;
        args.push({ kind: 'bracket', text: text.slice(body, close), start: body });
        i = close + open.length + 2;
      } else {
        const begin = i;
        while (i < n) {
          const u = text[i];
          if (u === '\\' && i + 1 < n) {
            i += 2;
            continue;
          }
          if (u === ' ' || u === '\t' || u === '\r' || u === '\n' || u === '(' || u === ')' || u === '#') break;
          if (u === '"') {
            // legacy unquoted arguments may hold a quoted part: -Da="b c"
            const end = quotedEnd(text, i + 1);
            i = end < 0 ? n : end + 1;
            continue;
          }
          i++;
        }
        args.push({ kind: 'unquoted', text: text.slice(begin, i), start: begin });
      }
    }
    commands.push({ name: id[0].toLowerCase(), start, args });
  }
  return commands;
}

function bracketAt(text: string, i: number): string | null {
  BRACKET_OPEN.lastIndex = i;
  const m = BRACKET_OPEN.exec(text);
  return m ? m[1] : null;
}

/** From after `#`: a bracket comment to its closing bracket, a line comment to the end of the line. */
function skipComment(text: string, i: number): number {
  const open = bracketAt(text, i + 1);
  if (open !== null) {
    const close = text.indexOf(`]${open}]`, i + open.length + 3);
    if (close < 0) throw new CMakeSyntaxError('a bracket comment is not closed before the end of the file', i);
    return close + open.length + 2;
  }
  const eol = text.indexOf('\n', i);
  return eol < 0 ? text.length : eol + 1;
}

/** The offset of the closing quote of a quoted argument whose body starts at `i`, or -1. */
function quotedEnd(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j;
  }
  return -1;
}
