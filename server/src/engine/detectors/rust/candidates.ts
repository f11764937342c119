import { tokenPattern } from '../source/prefilter';
import { entryPaths, type RustRules } from './rules';
import type { RustEntry } from './types';

/** Token groups that must all be present: at least one token of each group. */
type Alternative = string[][];

/**
 * Which files can hold a finding, decided from the text before any parse. A hit needs every segment of
 * its path somewhere in the file (in the call or in the `use` that imports it), so each entry becomes
 * alternatives of token groups, all generated from rules/apis/rust.json. Comments, doc comments and string
 * literals are skipped while scanning: `#[tokio::main]` in a doc example does not make a candidate.
 */
export interface CandidateFilter {
  /** Every token the rules look for (identifiers; an extern block is found by its syntax). */
  tokens: string[];
  /** Whether the text can hold a finding. */
  admits(text: string): boolean;
  /** The rule tokens a piece of code names, outside comments and literals. */
  tokensIn(text: string): Set<string>;
  /** Whether code naming these tokens can hold a finding. */
  admitsTokens(present: Set<string>): boolean;
}

/** The token that stands for an `extern "C" { … }` block: the syntax, not an item path. */
const EXTERN_BLOCK = '\u0000extern-block';

export function candidateFilter(rules: RustRules): CandidateFilter {
  const alternatives = rules.file.entries.filter((e) => e.finding !== 'never').flatMap((e) => entryAlternatives(e, rules));
  const tokens = [...new Set(alternatives.flat(2))].filter((t) => t !== EXTERN_BLOCK);
  const words = tokenPattern(tokens).source;
  // One pass: comments and literals are consumed whole (group 1), extern blocks (group 3), tokens (group 4).
  const scanner = new RegExp(
    [
      String.raw`(\/\/[^\n]*|\/\*[\s\S]*?\*\/|(?<![\w])b?r(#*)"[\s\S]*?"\2|"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\\n]|\\[^\n]{1,10}?)')`,
      String.raw`(\bextern\s*(?:"[^"\n]*"\s*)?\{)`,
      String.raw`\b(${words})\b`,
    ].join('|'),
    'g',
  );
  const tokensIn = (text: string): Set<string> => {
    const present = new Set<string>();
    scanner.lastIndex = 0;
    for (let m = scanner.exec(text); m !== null; m = scanner.exec(text)) {
      if (m[3] !== undefined) present.add(EXTERN_BLOCK);
      else if (m[4] !== undefined) present.add(m[4]);
    }
    return present;
  };
  const byFirstToken = alternativesByFirstToken(alternatives);
  const unconditional = alternatives.some((alternative) => alternative.length === 0);
  const admitsTokens = (present: Set<string>): boolean => {
    if (unconditional) return present.size > 0;
    for (const token of present) {
      for (const alternative of byFirstToken.get(token) ?? []) if (alternative.every((group) => group.some((t) => present.has(t)))) return true;
    }
    return false;
  };
  return { tokens, admits: (text) => admitsTokens(tokensIn(text)), tokensIn, admitsTokens };
}

/**
 * Each distinct alternative under every token of its first group: a text holding none of those tokens cannot
 * satisfy it, so only these are tried (the test runs for every file and every macro's arguments; trying all
 * alternatives took ~38 µs a call).
 */
function alternativesByFirstToken(alternatives: Alternative[]): Map<string, Alternative[]> {
  const index = new Map<string, Alternative[]>();
  const seen = new Set<string>();
  for (const alternative of alternatives) {
    const key = JSON.stringify(alternative);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const token of alternative[0] ?? []) index.set(token, [...(index.get(token) ?? []), alternative]);
  }
  return index;
}

const segments = (full: string): string[][] => full.split('::').filter((s) => s !== '*').map((s) => [s]);

function entryAlternatives(entry: RustEntry, rules: RustRules, depth = 0): Alternative[] {
  const reach = entry.reach;
  const spelled = (full: string): string[] => [...rules.byPath.keys(), ...rules.modules.map((m) => m.path)].filter((p) => p === full || sameEntry(rules, p, full));
  switch (reach.kind) {
    case 'extern-block':
      return [[[EXTERN_BLOCK]]];
    case 'method':
      if (reach.on) return valueAlternatives(reach.on, rules, depth).map((a) => [...a, reach.names]);
      return (reach.traitInScope ?? []).map((t) => [...segments(t), reach.names]);
    default:
      return entryPaths(entry).flatMap((p) => [p, ...spelled(p)]).map(segments);
  }
}

/** Paths indexed for the same entry under another spelling (re-exports). */
function sameEntry(rules: RustRules, indexed: string, full: string): boolean {
  const a = rules.byPath.get(indexed) ?? rules.modules.filter((m) => m.path === indexed).map((m) => m.entry);
  const b = rules.byPath.get(full) ?? rules.modules.filter((m) => m.path === full).map((m) => m.entry);
  return a.some((e) => b.includes(e));
}

/** A method on a value kind needs the value's type named, or a call that produces it. */
function valueAlternatives(kind: string, rules: RustRules, depth: number): Alternative[] {
  const value = rules.values.get(kind);
  if (!value || depth > 3) return [];
  const byType = [...rules.valueByTypeName].filter(([, id]) => id === kind).map(([typeName]) => segments(typeName));
  const byProducer = rules.file.entries.filter((e) => e.returns === kind).flatMap((e) => entryAlternatives(e, rules, depth + 1));
  return [...byType, ...byProducer];
}
