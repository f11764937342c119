import type { Node } from 'web-tree-sitter';
import { evaluateCfg, predicatesOf, stringValue, type CfgPredicate } from './cfg';
import type { RustDocument } from './document';
import { pathSegments } from './paths';
import { moduleRuleFor, type RustRules } from './rules';
import { importsAny, resolvePath } from './scope';
import type { ArgCondition, AttrArgCondition, RustEntry } from './types';
import { valueKind } from './values';

/** One match of an entry: what to call it in the message, and the nodes its range runs between. */
export interface Hit {
  entry: RustEntry;
  subject: string;
  doc: RustDocument;
  start: Node;
  end: Node;
  /** Conditions the hit holds under beyond its place in the code (a `#[cfg_attr(p, link(…))]` link is there only under p). */
  conditions?: CfgPredicate[];
}

/** A call of a path (`thread::spawn(…)`, `fs::File::open(…)` under `use tokio::fs`) or a method call. */
export function matchCall(rules: RustRules, doc: RustDocument, call: Node, hits: Hit[]): void {
  const callee = call.childForFieldName('function');
  if (!callee) return;
  if (callee.type === 'field_expression') {
    matchMethod(rules, doc, call, callee, hits);
    return;
  }
  const segments = pathSegments(callee);
  const full = segments && resolvePath(rules, doc, callee, segments);
  if (!full) return;
  const entries = rules.byPath.get(full);
  if (entries) {
    for (const entry of entries) {
      if (entry.reach.kind !== 'call' || entry.finding === 'never') continue;
      if (argumentsHold(entry.reach.when, call)) hits.push({ entry, subject: full, doc, start: callee, end: callee });
    }
    return;
  }
  const module = moduleRuleFor(rules, full);
  if (module && module.entry.finding !== 'never') hits.push({ entry: module.entry, subject: full, doc, start: callee, end: callee });
}

/** `.name(…)` matches only on a receiver of a known kind, or with the entry's trait imported. */
function matchMethod(rules: RustRules, doc: RustDocument, call: Node, callee: Node, hits: Hit[]): void {
  const nameNode = callee.childForFieldName('field');
  const entries = nameNode && rules.methods.get(nameNode.text);
  if (!nameNode || !entries) return;
  const name = nameNode.text;
  const receiver = callee.childForFieldName('value');
  let kind: string | null | undefined;
  for (const entry of entries) {
    const reach = entry.reach;
    if (reach.kind !== 'method' || entry.finding === 'never') continue;
    if (reach.on) {
      kind ??= valueKind(rules, doc, receiver);
      if (kind !== reach.on || !argumentsHold(reach.when, call)) continue;
      if (earlierInChain(receiver, reach.names, reach.when)) continue; // `.write(true).create(true)` is one finding
      const typeName = rules.values.get(reach.on)?.typeNames[0] ?? reach.on;
      hits.push({ entry, subject: `${typeName}::${name}`, doc, start: call, end: nameNode });
    } else if (reach.traitInScope && importsAny(doc, reach.traitInScope)) {
      hits.push({ entry, subject: `.${name}() (${entry.path})`, doc, start: call, end: nameNode });
    }
  }
}

/** Whether a builder chain already called one of these methods (with matching arguments) before this one. */
function earlierInChain(receiver: Node | null, names: string[], when: ArgCondition[] | undefined): boolean {
  for (let at = receiver; at?.type === 'call_expression'; ) {
    const callee = at.childForFieldName('function');
    if (callee?.type !== 'field_expression') return false;
    const method = callee.childForFieldName('field')?.text;
    if (method && names.includes(method) && argumentsHold(when, at)) return true;
    at = callee.childForFieldName('value');
  }
  return false;
}

/** Argument conditions compare source text: `.write(true)` holds notEquals ["false"], `.write(false)` does not. */
function argumentsHold(conditions: ArgCondition[] | undefined, call: Node): boolean {
  if (!conditions || conditions.length === 0) return true;
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => a !== null && !a.type.endsWith('comment') && a.type !== 'attribute_item');
  return conditions.every((condition) => {
    const text = args[condition.arg]?.text;
    if (text === undefined) return false;
    if (condition.equals && !condition.equals.includes(text)) return false;
    if (condition.notEquals && condition.notEquals.includes(text)) return false;
    return true;
  });
}

/** `#[tokio::main]` (or `#[main]` after `use tokio::main`), unless an okWhen argument says otherwise. */
export function matchAttribute(rules: RustRules, doc: RustDocument, item: Node, hits: Hit[]): void {
  const attribute = item.firstNamedChild;
  const pathNode = attribute?.type === 'attribute' ? attribute.firstNamedChild : null;
  const segments = pathNode && pathSegments(pathNode);
  if (!attribute || !segments) return;
  const full = resolvePath(rules, doc, attribute, segments);
  const entries = full ? rules.byPath.get(full) : undefined;
  if (!entries) return;
  for (const entry of entries) {
    if (entry.reach.kind !== 'attribute' || entry.finding === 'never') continue;
    if (attributeArgumentsMatch(attribute.childForFieldName('arguments'), entry.reach.okWhen)) continue;
    hits.push({ entry, subject: `#[${full}]`, doc, start: item, end: item });
  }
}

/** A macro invocation whose path is an entry of kind `macro`. */
export function matchMacro(rules: RustRules, doc: RustDocument, invocation: Node, hits: Hit[]): void {
  const pathNode = invocation.childForFieldName('macro');
  const segments = pathSegments(pathNode);
  const full = segments && pathNode && resolvePath(rules, doc, pathNode, segments);
  if (!full || !pathNode) return;
  for (const entry of rules.byPath.get(full) ?? []) {
    if (entry.reach.kind === 'macro' && entry.finding !== 'never') hits.push({ entry, subject: `${full}!`, doc, start: pathNode, end: pathNode });
  }
}

/**
 * `extern "C" { … }` declaring something: with `#[link(name = …)]` it links a native library, without
 * `#[link]` its symbols are unresolved imports; `#[link(wasm_import_module = …)]` declares host imports
 * (wit-bindgen output) and is no finding. A `#[cfg_attr(p, link(…))]` link is there only where p holds: the
 * named link is a hit under p, the block without it a hit under not(p).
 */
export function matchExternBlock(rules: RustRules, doc: RustDocument, block: Node, hits: Hit[]): void {
  const modifier = block.namedChildren.find((c) => c?.type === 'extern_modifier');
  const body = block.namedChildren.find((c) => c?.type === 'declaration_list');
  if (!modifier || !body || !declaresSomething(body)) return;
  const links: Array<{ args: Node; condition: CfgPredicate | null }> = [];
  for (let sibling = block.previousSibling; sibling && (sibling.type === 'attribute_item' || sibling.type.endsWith('comment')); sibling = sibling.previousSibling) {
    const attribute = sibling.namedChildren.find((c) => c?.type === 'attribute');
    const name = attribute?.namedChild(0)?.text;
    const args = attribute?.childForFieldName('arguments');
    if (!args) continue;
    if (name === 'link') links.push({ args, condition: null });
    else if (name === 'cfg_attr') links.push(...cfgAttrLinks(args));
  }
  const subjectOf = (named: string | null | undefined, condition: CfgPredicate | null): string => {
    if (named === undefined) return `${modifier.text} block without #[link]`;
    return condition ? `${modifier.text} block with #[cfg_attr(…, link(name = "${named}"))]` : `${modifier.text} block with #[link(name = "${named}")]`;
  };
  const unconditional = links.filter((l) => l.condition === null);
  const conditional = links.filter((l) => l.condition !== null);
  for (const entry of rules.externBlocks) {
    const reach = entry.reach;
    if (reach.kind !== 'extern-block' || entry.finding === 'never') continue;
    // Host imports (wasm_import_module) or the target's own libc, unless a cfg_attr keeps that link out of every WASI build.
    if (links.some((l) => attributeArgumentsMatch(l.args, reach.okWhen) && !(l.condition && excludedEverywhere(rules, [l.condition])))) return;
    const named = unconditional.map((l) => attributeArgument(l.args, 'name')).find((v) => v !== undefined);
    if (named !== undefined || conditional.length === 0) {
      if ((reach.link === 'named') !== (named !== undefined)) continue;
      hits.push({ entry, subject: subjectOf(named, null), doc, start: modifier, end: modifier });
      continue;
    }
    // Only cfg_attr links: each named one is a link under its condition; with none of them, no #[link].
    // One hit per library: libc's two cfg_attr links to "c" are one link under either condition.
    const byName = new Map<string, CfgPredicate[]>();
    for (const l of conditional) {
      if (attributeArgumentsMatch(l.args, reach.okWhen)) continue; // `link(name = "c")` on FreeBSD only: no native library anywhere
      const named = attributeArgument(l.args, 'name');
      if (typeof named === 'string') byName.set(named, [...(byName.get(named) ?? []), l.condition!]);
    }
    const namedConditional = [...byName].map(([named, conditions]) => ({ named, condition: conditions.length === 1 ? conditions[0] : { kind: 'any' as const, items: conditions } }));
    if (reach.link === 'named') {
      for (const l of namedConditional) hits.push({ entry, subject: subjectOf(l.named, l.condition), doc, start: modifier, end: modifier, conditions: [l.condition] });
    } else {
      const none: CfgPredicate[] = namedConditional.map((l): CfgPredicate => ({ kind: 'not', item: l.condition }));
      // A block that has a link on every WASI target (`cfg_attr(target_os = "wasi", link(…))`) is never without one there.
      if (!excludedEverywhere(rules, none)) hits.push({ entry, subject: subjectOf(undefined, null), doc, start: modifier, end: modifier, conditions: none });
    }
  }
}

/** Whether, on every target, one of the conditions is false (in a normal and a test build alike). */
function excludedEverywhere(rules: RustRules, conditions: CfgPredicate[]): boolean {
  return rules.targets.every((target) => conditions.some((c) => evaluateCfg(c, target, false) === false && evaluateCfg(c, target, true) === false));
}

/** `#[cfg_attr(p, link(name = "z"), …)]`: each `link(…)` the attribute applies under p. */
function cfgAttrLinks(args: Node): Array<{ args: Node; condition: CfgPredicate }> {
  const [condition] = predicatesOf(args);
  if (!condition) return [];
  const children = args.children.filter((c): c is Node => c !== null);
  const out: Array<{ args: Node; condition: CfgPredicate }> = [];
  let depth0Commas = 0;
  for (let i = 1; i < children.length - 1; i++) {
    if (children[i].type === ',') depth0Commas++;
    else if (depth0Commas > 0 && children[i].type === 'identifier' && children[i].text === 'link' && children[i + 1]?.type === 'token_tree') out.push({ args: children[i + 1], condition });
  }
  return out;
}

function declaresSomething(body: Node): boolean {
  for (let c = body.firstNamedChild; c; c = c.nextNamedSibling) if (!c.type.endsWith('comment') && c.type !== 'attribute_item') return true;
  return false;
}

/** Whether any condition holds in an attribute's `( … )`: `flavor = "current_thread"`, or a bare `name`. */
function attributeArgumentsMatch(args: Node | null, conditions: AttrArgCondition[] | undefined): boolean {
  if (!args || !conditions) return false;
  return conditions.some((condition) => {
    const value = attributeArgument(args, condition.name);
    if (value === undefined) return false;
    return !condition.equals || (value !== null && condition.equals.includes(value));
  });
}

/** The value of `name = "value"` in a token tree (null for a bare `name`), undefined when absent. */
function attributeArgument(args: Node, name: string): string | null | undefined {
  const children = args.children.filter((c): c is Node => c !== null);
  for (let i = 0; i < children.length; i++) {
    if (children[i].type !== 'identifier' || children[i].text !== name) continue;
    const value = children[i + 2];
    if (children[i + 1]?.type === '=' && value) return value.type === 'string_literal' ? stringValue(value) : value.text;
    return null;
  }
  return undefined;
}
