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

const SCOPES = new Set(['function_definition', 'lambda', 'module']);

function enclosingScope(node: Node): Node | null {
  for (let at = node.parent; at; at = at.parent) if (SCOPES.has(at.type)) return at;
  return null;
}

/** The last binding of `name` before the use, in the use's function, else at module level. */
function boundKind(rules: PythonRules, imports: Imports, use: Node, depth: number): string | null {
  const name = use.text;
  for (let scope = enclosingScope(use); scope; scope = scope.type === 'module' ? null : moduleOf(scope)) {
    let found: Node | null = null;
    let kind: string | null = null;
    for (const candidate of scope.descendantsOfType(['assignment', 'as_pattern', 'typed_parameter', 'typed_default_parameter'])) {
      if (!candidate || candidate.startIndex >= use.startIndex || enclosingScope(candidate)?.id !== scope.id) continue;
      const k = bindingKind(rules, imports, candidate, name, depth);
      if (k !== undefined) {
        found = candidate;
        kind = k;
      }
    }
    if (found) return kind;
  }
  return null;
}

function moduleOf(node: Node): Node | null {
  let at: Node | null = node;
  while (at && at.type !== 'module') at = at.parent;
  return at;
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
