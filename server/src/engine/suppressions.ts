import * as path from 'node:path';

/**
 * Inline directives, in each supported file's own comment syntax:
 *
 *   // wasi-ready-ignore-next-line js/fs-write, js/fs-read -- uploads go to the KV store on the edge build
 *   # wasi-ready-ignore-file dependency/threads -- rayon only runs in the batch binary
 *
 * `next-line` covers findings that start on the following line, `file` every finding of those rules in the
 * file. The reason after ` -- ` is required (a directive without one still applies, and is reported). A
 * directive, or one rule of it, that suppresses nothing is reported, as ESLint's
 * --report-unused-disable-directives does. Binaries have no comments, nor has package.json (JSON): there the
 * config file's `allow` entries are the way.
 */
export interface Directive {
  kind: 'next-line' | 'file';
  rules: string[];
  reason: string | null;
  /** 1-based position of the directive's comment. */
  line: number;
  column: number;
  /** Rules of this directive that suppressed at least one finding. */
  used: Set<string>;
}

const SLASH = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts', '.rs', '.go', '.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh', '.zig']);
const HASH = new Set(['.toml', '.py', '.pyi', '.yaml', '.yml', '.cmake', '.mk']);
/** Build files whose name, not extension, says their syntax: CMake, make and conanfile.txt comment with `#`. */
const HASH_NAMES = new Set(['CMakeLists.txt', 'Makefile', 'makefile', 'GNUmakefile', 'conanfile.txt']);

export type CommentSyntax = 'slash' | 'hash';

/** The comment syntax directives use in this file, or null where there are no comments (.wasm, .json). */
export function commentSyntax(file: string): CommentSyntax | null {
  const ext = path.extname(file).toLowerCase();
  if (SLASH.has(ext)) return 'slash';
  if (HASH.has(ext) || HASH_NAMES.has(path.basename(file))) return 'hash';
  return null;
}

export const DIRECTIVE_MARK = 'wasi-ready-ignore-';
/** What a suppression written by the editor says until the user gives the reason. */
export const REASON_PLACEHOLDER = '<reason>';

/** The comment opens at the line's start or after whitespace or punctuation, never inside a word or a string's quotes. */
const PATTERNS: Record<CommentSyntax, RegExp> = {
  slash: /(^|[\s;{}(),])(\/\/|\/\*)\s*wasi-ready-ignore-(next-line|file)(?![\w-])(.*)$/,
  hash: /(^|[\s,[\]{}])#\s*wasi-ready-ignore-(next-line|file)(?![\w-])(.*)$/,
};

export function parseDirectives(text: string, syntax: CommentSyntax): Directive[] {
  if (!text.includes(DIRECTIVE_MARK)) return [];
  const directives: Directive[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes(DIRECTIVE_MARK)) continue;
    const match = PATTERNS[syntax].exec(line);
    if (!match) continue;
    const [kind, rest] = syntax === 'slash' ? [match[3], match[4]] : [match[2], match[3]];
    let body = rest;
    if (syntax === 'slash' && match[2] === '/*') body = body.replace(/\*\/.*$/, '');
    const split = body.search(/(^|\s)--(\s|$)/);
    const rulesPart = split < 0 ? body : body.slice(0, split);
    const written = split < 0 ? null : body.slice(split).replace(/^\s*--/, '').trim() || null;
    // The editor's quick fix writes this placeholder for the user to replace: it is not a reason yet.
    const reason = written === REASON_PLACEHOLDER ? null : written;
    directives.push({
      kind: kind as Directive['kind'],
      rules: rulesPart.split(/[\s,]+/).filter(Boolean),
      reason,
      line: i + 1,
      column: match.index + match[1].length + 1,
      used: new Set(),
    });
  }
  return directives;
}

/** The directive that covers a finding of `ruleId` starting on `line`, if any (file-wide ones last). */
export function coveringDirective(directives: Directive[], ruleId: string, line: number): Directive | null {
  return directives.find((d) => d.kind === 'next-line' && d.line + 1 === line && d.rules.includes(ruleId))
    ?? directives.find((d) => d.kind === 'file' && d.rules.includes(ruleId))
    ?? null;
}
