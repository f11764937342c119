import type { Node } from 'web-tree-sitter';
import type { PythonRules } from './rules';
import { resolveAll, type Imports } from './scope';
import type { ArgCondition, PythonEntry } from './types';
import { valueKind } from './values';

/** One match of an entry: what to call it in the message, the nodes its range runs between, the bindings it went through (one hit per binding of a name bound in several branches). */
export interface Hit {
  entry: PythonEntry;
  subject: string;
  start: Node;
  end: Node;
  via: Node[];
}

/** A call of a listed name (`sp.run(…)`, `open(p, "w")`) or a listed method on a value of a known kind (`app.run()`). */
export function matchCall(rules: PythonRules, imports: Imports, call: Node, hits: Hit[]): void {
  const callee = call.childForFieldName('function');
  if (!callee) return;
  // `x.name(…)` is a hit only if `name` ends a listed path or is a listed method: most calls stop here.
  if (callee.type === 'attribute') {
    const name = callee.childForFieldName('attribute')?.text;
    if (name === undefined || !(lastSegments(rules).has(name) || rules.methods.has(name))) return;
  }
  let listed = false;
  for (const resolved of resolveAll(rules, imports, callee)) {
    const entries = rules.byPath.get(resolved.full);
    if (!entries) continue;
    listed = true;
    for (const entry of entries) {
      if (entry.reach.kind === 'call' && argumentsHold(entry.reach.when, call)) hits.push({ entry, subject: resolved.full.replace(/^builtins\./, ''), start: callee, end: callee, via: resolved.via });
    }
  }
  if (listed) return;
  if (callee.type !== 'attribute') return;
  const nameNode = callee.childForFieldName('attribute');
  const methods = nameNode && rules.methods.get(nameNode.text);
  if (!nameNode || !methods) return;
  let kind: string | null | undefined;
  for (const entry of methods) {
    if (entry.reach.kind !== 'method') continue;
    kind ??= valueKind(rules, imports, callee.childForFieldName('object'));
    if (kind !== entry.reach.on || !argumentsHold(entry.reach.when, call)) continue;
    const typeName = rules.values.get(kind)?.typeNames[0] ?? kind;
    hits.push({ entry, subject: `${typeName}.${nameNode.text}`, start: callee, end: nameNode, via: [] });
  }
}

/** `class Worker(threading.Thread)`: a listed class used as a base, where the entry says so. */
export function matchBases(rules: PythonRules, imports: Imports, bases: Node, hits: Hit[]): void {
  for (const base of bases.namedChildren) {
    if (!base || (base.type !== 'identifier' && base.type !== 'attribute')) continue;
    for (const resolved of resolveAll(rules, imports, base)) {
      for (const entry of rules.byPath.get(resolved.full) ?? []) {
        if (entry.reach.kind === 'call' && entry.reach.asBase) hits.push({ entry, subject: `${resolved.full} (as a base class)`, start: base, end: base, via: resolved.via });
      }
    }
  }
}

/** Conditions hold when the argument (by position or keyword) is a string literal matching; absent or computed does not. */
function argumentsHold(conditions: ArgCondition[] | undefined, call: Node): boolean {
  if (!conditions || conditions.length === 0) return true;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && a.type !== 'comment');
  return conditions.every((condition) => {
    const keyword = condition.keyword && args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === condition.keyword);
    const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
    const value = keyword ? keyword.childForFieldName('value') : condition.arg !== undefined ? positional[condition.arg] : undefined;
    const text = literalText(value ?? null);
    return text !== null && new RegExp(condition.stringMatches).test(text);
  });
}

function literalText(node: Node | null): string | null {
  if (!node || node.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation')) return null;
  return node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
}

const lastSegmentsOf = new WeakMap<PythonRules, Set<string>>();

/** The last segment of every listed path (`run` of `subprocess.run`). */
function lastSegments(rules: PythonRules): Set<string> {
  let names = lastSegmentsOf.get(rules);
  if (!names) lastSegmentsOf.set(rules, (names = new Set([...rules.byPath.keys()].map((p) => p.slice(p.lastIndexOf('.') + 1)))));
  return names;
}
