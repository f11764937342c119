import type { Node } from 'web-tree-sitter';
import { evaluateCfg, predicatesOf, type CfgPredicate } from './cfg';
import type { RustDocument } from './document';
import { pathSegments } from './paths';
import type { RustTarget } from './types';

export interface CodeContext {
  /** A cfg excludes the code from every WASI target (`#[cfg(unix)]`, the else of `if cfg!(target_os = "wasi")`). */
  guarded: boolean;
  /** Test-only code: `#[cfg(test)]`, `#[test]`, `#[tokio::test]`. */
  test: boolean;
}

/** Nodes whose leading children are attributes of their own (match arms, fields, parameters). */
const ATTRIBUTED_CHILDREN = new Set(['match_arm', 'field_declaration', 'enum_variant', 'parameter', 'field_initializer']);
const SKIPPED_SIBLINGS = new Set(['line_comment', 'block_comment']);

/**
 * Whether the code at `node` is compiled into a WASI build and whether it is test code: the attributes of
 * every enclosing item, statement and expression, inner `#![cfg]` attributes, `if cfg!(…)` branches, and
 * for a macro fragment the same around its macro plus its cfg_if! branch.
 */
export function codeContext(doc: RustDocument, node: Node, targets: RustTarget[], extra: CfgPredicate[] = []): CodeContext {
  // `extra`: conditions known from elsewhere (a module file reached through `#[cfg_attr(unix, path = "…")]`).
  const conditions: CfgPredicate[] = [...extra];
  let test = false;
  const readAttribute = (attributeItem: Node): void => {
    const attribute = attributeItem.namedChildren.find((c) => c?.type === 'attribute');
    if (!attribute) return;
    const segments = pathSegments(attribute.namedChild(0));
    if (!segments) return;
    const name = segments[segments.length - 1];
    if (segments.length === 1 && name === 'cfg') {
      const args = attribute.childForFieldName('arguments');
      if (args) conditions.push(...predicatesOf(args));
    } else if (name === 'test' || name === 'bench') {
      test = true;
    }
  };
  let current: { doc: RustDocument; node: Node } | null = { doc, node };
  while (current) {
    conditions.push(...current.doc.branchCfg);
    let child: Node | null = null;
    for (let at: Node | null = current.node; at; child = at, at = at.parent) {
      for (let sibling = at.previousSibling; sibling && (sibling.type === 'attribute_item' || SKIPPED_SIBLINGS.has(sibling.type)); sibling = sibling.previousSibling) {
        if (sibling.type === 'attribute_item') readAttribute(sibling);
      }
      if (ATTRIBUTED_CHILDREN.has(at.type)) {
        for (const c of at.namedChildren) if (c?.type === 'attribute_item') readAttribute(c);
      }
      if (at.type === 'source_file' || at.type === 'declaration_list') {
        // Inner attributes (`#![cfg(…)]`) come first; a large file's items are not enumerated.
        for (let c = at.firstNamedChild; c && (c.type === 'inner_attribute_item' || SKIPPED_SIBLINGS.has(c.type)); c = c.nextNamedSibling) {
          if (c.type === 'inner_attribute_item') readAttribute(c);
        }
      }
      if (at.type === 'if_expression' && child) {
        const branch = cfgBranch(at, child);
        if (branch) conditions.push(branch);
      }
    }
    current = current.doc.outer;
  }
  return { ...judgeConditions(conditions, targets), test: test || conditions.some((c) => isTestCondition(c, targets)) };
}

/** `if cfg!(p) { A } else { B }`: A holds p, B holds not(p); `!cfg!(p)` the other way round. */
function cfgBranch(ifExpression: Node, from: Node): CfgPredicate | null {
  let condition = ifExpression.childForFieldName('condition');
  let negated = false;
  while (condition?.type === 'unary_expression' && condition.text.startsWith('!')) {
    negated = !negated;
    condition = condition.namedChild(0);
  }
  if (condition?.type === 'parenthesized_expression') condition = condition.namedChild(0);
  if (condition?.type !== 'macro_invocation' || condition.childForFieldName('macro')?.text !== 'cfg') return null;
  const tree = condition.namedChildren.find((c) => c?.type === 'token_tree');
  if (!tree) return null;
  const predicate: CfgPredicate = { kind: 'all', items: predicatesOf(tree) };
  const consequence = ifExpression.childForFieldName('consequence');
  const alternative = ifExpression.childForFieldName('alternative');
  const inConsequence = consequence !== null && from.id === consequence.id;
  const inAlternative = alternative !== null && from.id === alternative.id;
  if (!inConsequence && !inAlternative) return null;
  return inConsequence !== negated ? predicate : { kind: 'not', item: predicate };
}

/** Guarded when, on every target, some enclosing condition is false in a normal build and in a test build alike. */
function judgeConditions(conditions: CfgPredicate[], targets: RustTarget[]): { guarded: boolean } {
  if (conditions.length === 0) return { guarded: false };
  const excludes = (c: CfgPredicate, t: RustTarget): boolean => evaluateCfg(c, t, true) === false && evaluateCfg(c, t, false) === false;
  return { guarded: targets.every((t) => conditions.some((c) => excludes(c, t))) };
}

/** `cfg(test)`-like: false in a normal build, not false in a test build. */
function isTestCondition(condition: CfgPredicate, targets: RustTarget[]): boolean {
  return targets.some((t) => evaluateCfg(condition, t, false) === false && evaluateCfg(condition, t, true) !== false);
}
