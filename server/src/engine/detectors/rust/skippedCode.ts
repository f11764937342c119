import type { Range } from 'web-tree-sitter';
import { LineIndex } from '../../textPositions';
import { rangesOutside } from '../source/treeSitter';
import { skippableBlocks, type BlockPolicy } from './blocks';
import type { CandidateFilter } from './candidates';

/**
 * What a file's analysis parses: everything but the blocks that name nothing a hit can come from (blocks.ts).
 * Relevant are the rule tokens, the names the file's `use` and `extern crate` declarations bind (`use
 * tokio::fs::read` makes a bare `read(…)` a hit), `use` and `extern` (a block's imports and extern blocks are
 * read), and `struct`, `enum`, `union` (fields). A macro's arguments are needed only where macros.ts would parse
 * them again: when they name rule tokens that, with the file's imports, can make a hit. Undefined when nothing
 * can be skipped.
 */
export function analysisRanges(text: string, filter: CandidateFilter): Range[] | undefined {
  let words = ruleWords.get(filter);
  if (!words) ruleWords.set(filter, (words = new Set([...filter.tokens, 'use', 'extern', 'struct', 'enum', 'union'])));
  const { bound, importTokens } = declaredNames(text, filter);
  const policy: BlockPolicy = {
    relevant: bound.size === 0 ? words : new Set([...words, ...bound]),
    wholeBodies: WHOLE_BODIES,
    macroArguments: (name, inside) => name === 'cfg' || argumentsWorthParsing(filter, importTokens, inside),
  };
  return parsedRanges(text, skippableBlocks(text, policy));
}

const ruleWords = new WeakMap<CandidateFilter, Set<string>>();

/** Struct, enum and union bodies hold the fields `self.field` values are typed by; extern blocks are hits. */
const WHOLE_BODIES: ReadonlySet<string> = new Set(['struct', 'enum', 'union', 'extern']);

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

const DECLARATION = /\b(?:use\b([^;]*);|extern\s+crate\s+([^;]*);)/g;
const OWN_PATH = /^\s*(?:::\s*)?(?:crate|self|super|Self|\$crate)\b/;
const WORD = /([A-Za-z_]\w*)(\s*::)?/g;

/**
 * From the text of every `use` and `extern crate` declaration (one in a comment only adds names): the names
 * they may bind — a path's last segment, an alias, with `self` in a list any segment; the project's own paths
 * (`use crate::…`) left out, they bind names no rule path resolves through — and the rule tokens they name.
 */
function declaredNames(text: string, filter: CandidateFilter): { bound: Set<string>; importTokens: Set<string> } {
  const bound = new Set<string>();
  const importTokens = new Set<string>();
  for (const m of text.matchAll(DECLARATION)) {
    const body = m[1] ?? m[2];
    for (const token of filter.tokensIn(body)) importTokens.add(token);
    if (OWN_PATH.test(body)) continue;
    const words = [...body.matchAll(WORD)];
    const listsSelf = words.some((w) => w[1] === 'self');
    for (const [, word, pathSeparator] of words) if (word !== 'as' && (listsSelf || pathSeparator === undefined)) bound.add(word);
  }
  return { bound, importTokens };
}
