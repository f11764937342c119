import type { Range } from 'web-tree-sitter';
import { LineIndex } from '../../textPositions';
import { rangesOutside } from '../source/treeSitter';
import { skippableBlocks, type BlockPolicy } from './blocks';
import type { CandidateFilter } from './candidates';
import type { RustRules } from './rules';

/**
 * What a file's analysis parses: everything but the blocks no hit can come from (blocks.ts). A path resolves
 * only from a crate name (`std::thread::spawn`) or a name a `use` or `extern crate` binds (`use tokio::fs::read`
 * makes `read(…)` a hit), so a block is needed where such a path, as written and through the binding, can still
 * reach a rule path, a module rule or a trait the rules look for; or where it calls a method the rules name, or
 * says `extern` (extern blocks are hits). With a glob import any rule token can be such a path, so then every
 * rule token is relevant. `struct`, `enum` and `union` keep the block that declares fields a `self.field` value
 * is typed by. A macro's arguments are needed only where macros.ts would parse them again. A top-level item
 * that needs none of its words or blocks goes whole, but a `use` declaration binds for the whole file and stays.
 * Undefined when nothing can be skipped.
 */
export function analysisRanges(text: string, rules: RustRules, filter: CandidateFilter): Range[] | undefined {
  const { bindings, importTokens, glob } = declarations(text, filter);
  const reach = reachableFrom(rules);
  const resolved = resolveBindings(bindings, rules, reach);
  const policy: BlockPolicy = {
    relevant: glob ? new Set([...filter.tokens, ...ALWAYS_RELEVANT, ...bindings.map((b) => b.name)]) : ALWAYS_RELEVANT_SET,
    methods: reach.methods,
    paths: glob
      ? undefined
      : {
          starts: new Set([...rules.crateNames, ...resolved.keys()]),
          relevant: (written) => (rules.crateNames.has(written[0]) && reach.canReach(written)) || (resolved.get(written[0]) ?? []).some((target) => reach.canReach([...target, ...written.slice(1)])),
        },
    wholeBodies: WHOLE_BODIES,
    externBlockTails: true,
    macroArguments: (name, inside) => name === 'cfg' || argumentsWorthParsing(filter, importTokens, inside),
    wholeItems: IMPORT_ITEMS,
  };
  return parsedRanges(text, skippableBlocks(text, policy));
}

const ALWAYS_RELEVANT = ['extern', 'struct', 'enum', 'union'];
const ALWAYS_RELEVANT_SET: ReadonlySet<string> = new Set(ALWAYS_RELEVANT);

/** A top-level `use` binds names for the whole file, relevant or not (`use crate::tokio;` shadows the crate). */
const IMPORT_ITEMS = { keptBy: new Set(['use']) };

/** Struct, enum and union bodies hold the fields `self.field` values are typed by. */
const WHOLE_BODIES: ReadonlySet<string> = new Set(['struct', 'enum', 'union']);

interface Reach {
  methods: ReadonlySet<string>;
  /** Whether a path, or a longer one it begins, can be a rule path, fall under a module rule or import a trait the rules look for. */
  canReach(path: string[]): boolean;
}

const reaches = new WeakMap<RustRules, Reach>();

function reachableFrom(rules: RustRules): Reach {
  let reach = reaches.get(rules);
  if (reach) return reach;
  const traits = rules.file.entries.flatMap((e) => (e.reach.kind === 'method' ? (e.reach.traitInScope ?? []) : []));
  const prefixes = new Set<string>();
  for (const full of [...rules.byPath.keys(), ...rules.valueByTypeName.keys(), ...rules.modules.map((m) => m.path), ...traits.map((t) => t.replace(/::\*$/, ''))]) {
    const segments = full.split('::');
    for (let n = 1; n <= segments.length; n++) prefixes.add(segments.slice(0, n).join('::'));
  }
  // A module rule covers every path under it; a `std::net::*` trait is in scope with anything imported from under it.
  const under = [...rules.modules.map((m) => m.path), ...traits.filter((t) => t.endsWith('::*')).map((t) => t.slice(0, -3))];
  const canReach = (path: string[]): boolean => {
    const full = path.join('::');
    return prefixes.has(full) || under.some((m) => full.startsWith(`${m}::`));
  };
  reach = { methods: new Set(rules.methods.keys()), canReach };
  reaches.set(rules, reach);
  return reach;
}

/**
 * The paths each bound name stands for, as scope.ts resolves them: from a crate name, or through another
 * binding (`use std::thread; use thread::Builder;`); names that reach nothing the rules know are left out.
 */
function resolveBindings(bindings: Binding[], rules: RustRules, reach: Reach): Map<string, string[][]> {
  const targets = new Map<string, string[][]>();
  const add = (name: string, target: string[]): boolean => {
    const known = targets.get(name) ?? [];
    const key = target.join('::');
    if (known.some((t) => t.join('::') === key)) return false;
    targets.set(name, [...known, target]);
    return true;
  };
  for (let round = 0, changed = true; changed && round < 4; round++) {
    changed = false;
    for (const { name, path } of bindings) {
      if (rules.crateNames.has(path[0])) changed = add(name, path) || changed;
      for (const outer of targets.get(path[0]) ?? []) changed = add(name, [...outer, ...path.slice(1)]) || changed;
    }
  }
  for (const [name, list] of targets) {
    const reaching = list.filter((t) => reach.canReach(t));
    if (reaching.length > 0) targets.set(name, reaching);
    else targets.delete(name);
  }
  return targets;
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

/** What a parent file's parse for its `mod name;` declarations needs: every item and block that says `mod`, and inner attributes. */
export function moduleDeclarationRanges(text: string): Range[] | undefined {
  return parsedRanges(text, skippableBlocks(text, MODULE_DECLARATIONS));
}

/** A `mod name;` in a text, the name captured (a macro's arguments that hold one are parsed again for it, declarations.ts). */
export const DECLARES_MODULE = /\bmod\s+(?:r#)?([A-Za-z_][A-Za-z0-9_]*)\s*;/;

const MODULE_DECLARATIONS: BlockPolicy = { relevant: new Set(['mod']), wholeBodies: new Set(), macroArguments: (_name, inside) => DECLARES_MODULE.test(inside), wholeItems: { keptBy: new Set() } };

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
const OWN_ROOTS = new Set(['crate', 'self', 'super', 'Self', '$crate']);

interface Binding {
  name: string;
  path: string[];
}

/**
 * From the text of every `use` and `extern crate` declaration: the names they bind and the paths they bind
 * them to (the project's own, `use crate::…`, left out: no rule path resolves through them), the rule tokens
 * they name, and whether one is a glob.
 */
function declarations(text: string, filter: CandidateFilter): { bindings: Binding[]; importTokens: Set<string>; glob: boolean } {
  const bindings: Binding[] = [];
  const importTokens = new Set<string>();
  let glob = false;
  for (const m of text.matchAll(DECLARATION)) {
    if (m[3] !== undefined) {
      for (const token of filter.tokensIn(m[3])) importTokens.add(token);
      glob = useTree(m[3], bindings) || glob;
    } else if (m[4] !== undefined) {
      const crate = /^\s*(?:r#)?(\w+)(?:\s+as\s+(?:r#)?(\w+))?/.exec(m[4]);
      if (crate) {
        importTokens.add(crate[1]);
        if (crate[2]) bindings.push({ name: crate[2], path: [crate[1]] });
      }
    }
  }
  return { bindings: bindings.filter((b) => !OWN_ROOTS.has(b.path[0]) && b.name !== '_'), importTokens, glob };
}

/**
 * The bindings of a use tree (`std::{io::{self, Write}, fs::File as F}`), appended to `out`; true when it holds
 * a glob. Read from tokens; anything unexpected counts as a glob, which makes every rule token relevant.
 */
function useTree(body: string, out: Binding[]): boolean {
  const tokens = body.match(/::|[{},*]|(?:r#)?[A-Za-z_$][\w$]*|\S/g) ?? [];
  let at = 0;
  let glob = false;
  const word = (t: string | undefined): t is string => t !== undefined && /^(?:r#)?[A-Za-z_$]/.test(t);
  const tree = (prefix: string[]): void => {
    if (tokens[at] === '::') at++;
    const path = [...prefix];
    for (;;) {
      const t = tokens[at];
      if (t === '*') {
        at++;
        // `use super::*` reaches only the project's own code, as scope.ts resolves it.
        if (!OWN_ROOTS.has(path[0])) glob = true;
        return;
      }
      if (t === '{') {
        at++;
        while (at < tokens.length && tokens[at] !== '}') {
          tree(path);
          if (tokens[at] === ',') at++;
          else if (tokens[at] !== '}') {
            glob = true;
            return;
          }
        }
        at++;
        return;
      }
      if (!word(t)) {
        glob = true;
        return;
      }
      at++;
      const segment = t.replace(/^r#/, '');
      if (tokens[at] === '::') {
        at++;
        path.push(segment);
        continue;
      }
      if (segment === 'self') {
        if (path.length > 0) bind(path[path.length - 1], path);
      } else bind(segment, [...path, segment]);
      return;
    }
    function bind(name: string, target: string[]): void {
      if (tokens[at] === 'as' && word(tokens[at + 1])) {
        out.push({ name: tokens[at + 1].replace(/^r#/, ''), path: target });
        at += 2;
      } else out.push({ name, path: target });
    }
  };
  tree([]);
  return glob || at < tokens.length;
}
