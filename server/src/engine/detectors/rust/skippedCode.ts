import type { Range } from 'web-tree-sitter';
import { LineIndex } from '../../textPositions';
import { rangesOutside } from '../source/treeSitter';
import { skippableBlocks, type BlockPolicy } from './blocks';
import type { CandidateFilter } from './candidates';
import type { RustRules } from './rules';

/**
 * What a file's analysis parses: everything but the blocks no hit can come from (blocks.ts). A path resolves
 * only from a crate name (`std::thread::spawn`) or a name a `use` or `extern crate` binds (`use tokio::fs::read`
 * makes `read(…)` a hit), so those are relevant, with method names after a `.` and `extern` (extern blocks are
 * hits); with a glob import any rule token can be such a path, so then every rule token is. `struct`, `enum` and
 * `union` keep the block that declares fields a `self.field` value is typed by. A macro's arguments are needed
 * only where macros.ts would parse them again. Undefined when nothing can be skipped.
 */
export function analysisRanges(text: string, rules: RustRules, filter: CandidateFilter): Range[] | undefined {
  const { bound, importTokens, glob } = declaredNames(text, filter);
  const words = new Set([...(glob ? filter.tokens : rules.crateNames), ...ALWAYS_RELEVANT, ...bound]);
  const policy: BlockPolicy = {
    relevant: words,
    methods: methodNames(rules),
    wholeBodies: WHOLE_BODIES,
    externBlockTails: true,
    macroArguments: (name, inside) => name === 'cfg' || argumentsWorthParsing(filter, importTokens, inside),
  };
  return parsedRanges(text, skippableBlocks(text, policy));
}

const ALWAYS_RELEVANT = ['extern', 'struct', 'enum', 'union'];

/** Struct, enum and union bodies hold the fields `self.field` values are typed by. */
const WHOLE_BODIES: ReadonlySet<string> = new Set(['struct', 'enum', 'union']);

const methodSets = new WeakMap<RustRules, ReadonlySet<string>>();

function methodNames(rules: RustRules): ReadonlySet<string> {
  let names = methodSets.get(rules);
  if (!names) methodSets.set(rules, (names = new Set(rules.methods.keys())));
  return names;
}

/**
 * macros.ts worthParsing, from the text: the arguments' rule tokens with every token the file's imports name
 * (a superset of the imports any fragment sees). `cfg!(…)` is read as a guard, so the caller always keeps it.
 */
function argumentsWorthParsing(filter: CandidateFilter, importTokens: ReadonlySet<string>, inside: string): boolean {
  const present = filter.tokensIn(inside);
  if (present.size === 0) return false;
  for (const token of importTokens) present.add(token);
  return filter.admitsTokens(present);
}

/** What a parent file's parse for its `mod name;` declarations needs: every block that says `mod`. */
export function moduleDeclarationRanges(text: string): Range[] | undefined {
  return parsedRanges(text, skippableBlocks(text, MODULE_DECLARATIONS));
}

const MODULE_DECLARATIONS: BlockPolicy = { relevant: new Set(['mod']), wholeBodies: new Set() };

function parsedRanges(text: string, skipped: Array<[number, number]> | null): Range[] | undefined {
  if (!skipped || skipped.length === 0) return undefined;
  const lines = new LineIndex(text);
  return rangesOutside(text.length, skipped, (offset) => {
    const at = lines.position(offset);
    return { row: at.line - 1, column: at.column - 1 };
  });
}

/** `use …;` and `extern crate …;` (groups 3, 4) outside comments and literals (group 1, read past). */
const DECLARATION = new RegExp(
  String.raw`(\/\/[^\n]*|\/\*[\s\S]*?\*\/|(?<![\w])b?r(#*)"[\s\S]*?"\2|"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\\n]|\\[^\n]{1,10}?)')|\buse\b([^;]*);|\bextern\s+crate\s+([^;]*);`,
  'g',
);
const OWN_PATH = /^\s*(?:::\s*)?(?:crate|self|super|Self|\$crate)\b/;
const WORD = /([A-Za-z_]\w*)(\s*::)?/g;
const NOT_NAMES = new Set(['as', 'self', 'Self', 'super', 'crate', 'pub', 'use']);

/**
 * From the text of every `use` and `extern crate` declaration: the names
 * they may bind — a path's last segment, an alias, with `self` in a list any segment; the project's own paths
 * (`use crate::…`) left out, they bind names no rule path resolves through —, the rule tokens they name, and
 * whether one is a glob.
 */
function declaredNames(text: string, filter: CandidateFilter): { bound: Set<string>; importTokens: Set<string>; glob: boolean } {
  const bound = new Set<string>();
  const importTokens = new Set<string>();
  let glob = false;
  for (const m of text.matchAll(DECLARATION)) {
    const body = m[3] ?? m[4];
    if (body === undefined) continue;
    for (const token of filter.tokensIn(body)) importTokens.add(token);
    if (OWN_PATH.test(body)) continue;
    if (body.includes('*')) glob = true;
    const words = [...body.matchAll(WORD)];
    const listsSelf = words.some((w) => w[1] === 'self');
    for (const [, word, pathSeparator] of words) if (!NOT_NAMES.has(word) && (listsSelf || pathSeparator === undefined)) bound.add(word);
  }
  return { bound, importTokens, glob };
}
