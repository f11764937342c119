import type { Node } from 'web-tree-sitter';
import type { PythonRules } from './rules';
import { resolve, type Imports } from './scope';

const MAX_DEPTH = 5;

/**
 * The value kind an expression holds (`pathlib.Path`, `socket.socket`, `flask.Flask`…): a producer call,
 * a chain method or operator on a known value, or a name bound in the same function (or the module) by an
 * assignment, a `with … as`, or an annotation.
 */
export function valueKind(rules: PythonRules, imports: Imports, node: Node | null, depth = 0): string | null {
  if (!node || depth > MAX_DEPTH) return null;
  switch (node.type) {
    case 'parenthesized_expression':
      return valueKind(rules, imports, node.namedChild(0), depth + 1);
    case 'call': {
      const callee = node.childForFieldName('function');
      const full = resolve(rules, imports, callee);
      const produced = full && rules.producers.get(full.full);
      if (produced) return produced;
      if (callee?.type === 'attribute') return chained(rules, imports, callee, depth);
      return null;
    }
    case 'attribute':
      return chained(rules, imports, node, depth);
    case 'binary_operator': {
      const kind = valueKind(rules, imports, node.childForFieldName('left'), depth + 1);
      const operator = node.childForFieldName('operator')?.text ?? '';
      return kind && rules.values.get(kind)?.operators.includes(operator) ? kind : null;
    }
    case 'identifier':
      return boundKind(rules, imports, node, depth);
    default:
      return null;
  }
}

function chained(rules: PythonRules, imports: Imports, attribute: Node, depth: number): string | null {
  const name = attribute.childForFieldName('attribute')?.text ?? '';
  const kind = valueKind(rules, imports, attribute.childForFieldName('object'), depth + 1);
  return kind && rules.values.get(kind)?.chain.includes(name) ? kind : null;
}

/** Where each name is bound, per scope: built once per file, on the first value a method call asks about. */
interface BindingIndex {
  /** Functions and lambdas, in document order (a scope's key is its index here; the module is -1). */
  scopes: Array<{ start: number; end: number }>;
  /** Scope key → bound name → binding nodes (assignments, `as` patterns, typed parameters) in document order. */
  bindings: Map<number, Map<string, Node[]>>;
}

type Found = { scopes: Node[]; bindings: Node[] };
const indexes = new WeakMap<Imports, BindingIndex | (() => Found)>();

/** How to find a file's functions and lambdas and its binding nodes (a query over its tree), run and indexed on first use. */
export function noteBindings(imports: Imports, find: () => Found): void {
  indexes.set(imports, find);
}

/**
 * The innermost function or lambda holding a position, from their byte ranges (scopes nest, so the one that
 * starts last): the same answer as walking up `parent`, which web-tree-sitter answers by descending from the root.
 */
function scopeAt(index: BindingIndex, position: number): number {
  let key = -1;
  for (let i = 0; i < index.scopes.length; i++) {
    const scope = index.scopes[i];
    if (scope.start > position) break;
    if (position < scope.end) key = i;
  }
  return key;
}

function bindingIndex(imports: Imports): BindingIndex {
  const noted = indexes.get(imports);
  if (noted && typeof noted !== 'function') return noted;
  const found: Found = noted ? noted() : { scopes: [], bindings: [] };
  const byStart = (a: Node, b: Node): number => a.startIndex - b.startIndex;
  const scopeNodes = [...found.scopes].sort(byStart);
  const index: BindingIndex = { scopes: scopeNodes.map((n) => ({ start: n.startIndex, end: n.endIndex })), bindings: new Map() };
  for (const candidate of [...found.bindings].sort(byStart)) {
    const name = boundName(candidate);
    if (name === undefined) continue;
    const key = scopeAt(index, candidate.startIndex);
    let names = index.bindings.get(key);
    if (!names) index.bindings.set(key, (names = new Map()));
    const list = names.get(name);
    if (list) list.push(candidate);
    else names.set(name, [candidate]);
  }
  indexes.set(imports, index);
  return index;
}

/** The name a binding node binds (what bindingKind compares with). */
function boundName(node: Node): string | undefined {
  switch (node.type) {
    case 'assignment':
      return node.childForFieldName('left')?.text;
    case 'as_pattern':
      return node.childForFieldName('alias')?.text;
    default:
      return node.namedChildren.find((c) => c?.type === 'identifier')?.text;
  }
}

/** The last binding of `name` before the use, in the use's function, else at module level. */
function boundKind(rules: PythonRules, imports: Imports, use: Node, depth: number): string | null {
  const name = use.text;
  const index = bindingIndex(imports);
  const scopes = [scopeAt(index, use.startIndex)];
  if (scopes[0] !== -1) scopes.push(-1);
  for (const key of scopes) {
    const candidates = index.bindings.get(key)?.get(name);
    if (!candidates) continue;
    let last: Node | null = null;
    for (const candidate of candidates) {
      if (candidate.startIndex >= use.startIndex) break;
      last = candidate;
    }
    if (last) return bindingKind(rules, imports, last, name, depth) ?? null;
  }
  return null;
}

/** undefined: the node does not bind `name`; null: it binds it to something unknown. */
function bindingKind(rules: PythonRules, imports: Imports, node: Node, name: string, depth: number): string | null | undefined {
  switch (node.type) {
    case 'assignment': {
      if (node.childForFieldName('left')?.text !== name) return undefined;
      const type = node.childForFieldName('type');
      if (type) return annotated(rules, imports, type);
      return valueKind(rules, imports, node.childForFieldName('right'), depth + 1);
    }
    case 'as_pattern': {
      const alias = node.childForFieldName('alias');
      if (alias?.text !== name) return undefined;
      return valueKind(rules, imports, node.namedChild(0), depth + 1);
    }
    default: {
      const parameter = node.namedChildren.find((c) => c?.type === 'identifier');
      if (parameter?.text !== name) return undefined;
      return annotated(rules, imports, node.childForFieldName('type'));
    }
  }
}

function annotated(rules: PythonRules, imports: Imports, type: Node | null): string | null {
  const expression = type?.namedChild(0) ?? null;
  const full = resolve(rules, imports, expression);
  return (full && rules.typeNames.get(full.full)) ?? null;
}
