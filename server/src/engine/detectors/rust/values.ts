import type { Node } from 'web-tree-sitter';
import type { RustDocument } from './document';
import { pathSegments } from './paths';
import type { RustRules } from './rules';
import { resolvePath } from './scope';

/**
 * The kind of value an expression holds (`std::process::Command`, `std::fs::OpenOptions`…), or null when it
 * cannot be told: (1) a call to an entry that `returns` it, through the value's `chain` methods; (2) a `let`
 * binding initialised or annotated that way earlier in an enclosing block; (3) a parameter or struct field
 * whose type names one of the value's `typeNames`. Precision over recall: anything else is unknown.
 */
export function valueKind(rules: RustRules, doc: RustDocument, expression: Node | null, depth = 0): string | null {
  if (!expression || depth > 24) return null;
  switch (expression.type) {
    case 'call_expression': {
      const callee = expression.childForFieldName('function');
      if (!callee) return null;
      if (callee.type === 'field_expression') {
        const method = callee.childForFieldName('field')?.text;
        const inner = valueKind(rules, doc, callee.childForFieldName('value'), depth + 1);
        if (!inner || !method) return null;
        if (rules.values.get(inner)?.chain?.includes(method)) return inner;
        const produced = rules.methods.get(method)?.find((e) => e.reach.kind === 'method' && e.reach.on === inner && e.returns);
        return produced?.returns ?? null;
      }
      const segments = pathSegments(callee);
      const full = segments && resolvePath(rules, doc, callee, segments);
      return (full && rules.byPath.get(full)?.find((e) => e.returns)?.returns) ?? null;
    }
    case 'try_expression':
    case 'parenthesized_expression':
      return valueKind(rules, doc, expression.namedChild(0), depth + 1);
    case 'reference_expression':
      return valueKind(rules, doc, expression.childForFieldName('value'), depth + 1);
    case 'identifier':
      return bindingKind(rules, doc, expression, depth);
    case 'field_expression': {
      const field = expression.childForFieldName('field')?.text;
      return field ? fieldKind(rules, doc, field) : null;
    }
    default:
      return null;
  }
}

/** The kind a type annotation names: `Command`, `&mut process::Command`, `std::fs::OpenOptions`. */
export function typeKind(rules: RustRules, doc: RustDocument, type: Node | null): string | null {
  if (!type) return null;
  if (type.type === 'reference_type') return typeKind(rules, doc, type.childForFieldName('type'));
  if (type.type !== 'type_identifier' && type.type !== 'scoped_type_identifier') return null;
  const segments = pathSegments(type);
  const full = segments && resolvePath(rules, doc, type, segments);
  return (full && rules.valueByTypeName.get(full)) ?? null;
}

/** The nearest earlier `let name` in an enclosing block, else the enclosing function's parameter `name`. */
function bindingKind(rules: RustRules, doc: RustDocument, use: Node, depth: number): string | null {
  const name = use.text;
  for (let at: Node | null = use.parent, inner: Node = use; at; inner = at, at = at.parent) {
    if (at.type === 'block' || at.type === 'source_file') {
      const statements = at.namedChildren;
      for (let i = statements.length - 1; i >= 0; i--) {
        const statement = statements[i];
        if (!statement || statement.startIndex >= inner.startIndex || statement.type !== 'let_declaration') continue;
        if (statement.childForFieldName('pattern')?.text !== name) continue;
        const annotated = statement.childForFieldName('type');
        if (annotated) return typeKind(rules, doc, annotated);
        return valueKind(rules, doc, statement.childForFieldName('value'), depth + 1);
      }
    }
    if (at.type === 'function_item') {
      const parameters = at.childForFieldName('parameters')?.namedChildren ?? [];
      const parameter = parameters.find((p) => p?.type === 'parameter' && p.childForFieldName('pattern')?.text === name);
      return parameter ? typeKind(rules, doc, parameter.childForFieldName('type')) : null;
    }
    if (at.type === 'closure_expression') {
      const parameters = at.childForFieldName('parameters')?.text ?? '';
      if (new RegExp(`\\b${name}\\b`).test(parameters)) return null;
    }
  }
  return null;
}

/** `self.cmd` where the file declares the field `cmd: Command` (every declaration of that field agreeing). */
function fieldKind(rules: RustRules, doc: RustDocument, field: string): string | null {
  const kinds = new Set<string | null>();
  for (const declaration of doc.root.descendantsOfType('field_declaration')) {
    if (!declaration || declaration.childForFieldName('name')?.text !== field) continue;
    kinds.add(typeKind(rules, doc, declaration.childForFieldName('type')));
  }
  return kinds.size === 1 ? [...kinds][0] : null;
}
