import type { Node } from 'web-tree-sitter';
import type { RustTarget } from './types';

/** A `cfg(…)` predicate: `unix`, `target_os = "wasi"`, `all(…)`, `any(…)`, `not(…)`. */
export type CfgPredicate =
  | { kind: 'option'; name: string; value: string | null }
  | { kind: 'all' | 'any'; items: CfgPredicate[] }
  | { kind: 'not'; item: CfgPredicate };

/** Three-valued: a `feature = "…"` or an unknown key may be either way, and is never a guard. */
export type CfgValue = boolean | 'maybe';

/**
 * Reads the predicates inside a token tree `( … )`: `cfg(not(unix))` gives its argument list. Anything
 * that is not cfg syntax makes the whole predicate `maybe` (an empty `any()`-free unknown option).
 */
export function predicatesOf(tokenTree: Node): CfgPredicate[] {
  const items: CfgPredicate[] = [];
  const children = tokenTree.children.filter((c): c is Node => c !== null);
  for (let i = 1; i < children.length - 1; i++) {
    const child = children[i];
    if (child.type !== 'identifier') continue;
    const next = children[i + 1];
    if (next?.type === 'token_tree' && ['all', 'any', 'not'].includes(child.text)) {
      const inner = predicatesOf(next);
      if (child.text === 'not') items.push({ kind: 'not', item: inner[0] ?? UNKNOWN });
      else items.push({ kind: child.text as 'all' | 'any', items: inner });
      i++;
    } else if (next?.type === '=' && children[i + 2]?.type === 'string_literal') {
      items.push({ kind: 'option', name: child.text, value: stringValue(children[i + 2]) });
      i += 2;
    } else {
      items.push({ kind: 'option', name: child.text, value: null });
    }
  }
  return items;
}

const UNKNOWN: CfgPredicate = { kind: 'option', name: '\u0000unknown', value: null };

/** `"wasi"` → `wasi`. */
export function stringValue(literal: Node): string {
  return literal.text.replace(/^[a-z]*"/, '').replace(/"$/, '');
}

/** Rust's bare `unix` and `windows` are `target_family = "unix"` / `"windows"` (the Reference, "Conditional compilation"). */
const FAMILY_SHORTHANDS = new Set(['unix', 'windows']);

/**
 * The predicate's value on a target, with `test` set as given (a normal build has it off). Keys the target's
 * cfg map names are decided; `unix`/`windows` are families; everything else (features, custom cfgs) is maybe.
 */
export function evaluateCfg(predicate: CfgPredicate, target: RustTarget, test: boolean): CfgValue {
  switch (predicate.kind) {
    case 'not': {
      const value = evaluateCfg(predicate.item, target, test);
      return value === 'maybe' ? 'maybe' : !value;
    }
    case 'all': {
      const values = predicate.items.map((p) => evaluateCfg(p, target, test));
      if (values.includes(false)) return false;
      return values.every((v) => v === true) ? true : 'maybe';
    }
    case 'any': {
      const values = predicate.items.map((p) => evaluateCfg(p, target, test));
      if (values.includes(true)) return true;
      return values.every((v) => v === false) ? false : 'maybe';
    }
    case 'option': {
      if (predicate.value === null) {
        if (predicate.name === 'test') return test;
        if (FAMILY_SHORTHANDS.has(predicate.name)) return target.cfg.target_family === predicate.name;
        return 'maybe';
      }
      const actual = target.cfg[predicate.name];
      return actual === undefined ? 'maybe' : actual === predicate.value;
    }
  }
}
