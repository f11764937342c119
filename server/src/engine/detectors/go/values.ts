import type { Node } from 'web-tree-sitter';
import type { Imports, ValueNodes } from './imports';
import type { GoRules } from './rules';

/**
 * The value kind (`net/http.Server`) an expression is known to hold, or null: a composite literal of the type
 * (`&http.Server{…}`; a client literal whose Transport is not net/http's own is another value), a package
 * variable that holds it (`http.DefaultClient`), a call of a package function that returns one
 * (`gin.Default()`), a variable bound to one or declared with the type in an
 * enclosing function or at package level, a parameter typed with it, or a field `x.srv` the file declares with
 * that type (declared types count only in files importing none of the value's host SDKs). Anything else is
 * unknown, and an unknown receiver is never a hit.
 */
export function valueKind(rules: GoRules, imports: Imports, node: Node, depth = 0): string | null {
  if (depth > 8) return null;
  switch (node.type) {
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
      return inner ? valueKind(rules, imports, inner, depth + 1) : null;
    }
    case 'unary_expression': {
      const operand = node.childForFieldName('operand');
      return operand && node.text.startsWith('&') ? valueKind(rules, imports, operand, depth + 1) : null;
    }
    case 'composite_literal': {
      const type = node.childForFieldName('type');
      const kind = type ? typeKind(rules, imports, type) : null;
      return kind && !ownTransport(rules, imports, kind, literalField(node, rules.values.get(kind)?.transport?.field)) ? null : kind;
    }
    case 'identifier':
      return bindingKind(rules, imports, node, depth);
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
      const importPath = operand?.type === 'identifier' ? imports.byName.get(operand.text) : undefined;
      const name = fn?.childForFieldName('field')?.text;
      return importPath !== undefined && name !== undefined ? (rules.valueByProducer.get(`${importPath}.${name}`) ?? null) : null;
    }
    case 'selector_expression': {
      const operand = node.childForFieldName('operand');
      const field = node.childForFieldName('field');
      if (!field) return null;
      const importPath = operand?.type === 'identifier' ? imports.byName.get(operand.text) : undefined;
      if (importPath !== undefined) return rules.valueByVariable.get(`${importPath}.${field.text}`) ?? null;
      return declaredKind(rules, imports, fieldKind(rules, imports, field.text));
    }
    default:
      return null;
  }
}

/** `*http.Server`, `http.Server`, `Server` after a dot import of net/http. */
export function typeKind(rules: GoRules, imports: Imports, type: Node): string | null {
  if (type.type === 'pointer_type') {
    const inner = type.namedChildren.find((c) => c !== null && c.type !== 'comment');
    return inner ? typeKind(rules, imports, inner) : null;
  }
  if (type.type === 'qualified_type') {
    const pkg = type.childForFieldName('package')?.text;
    const name = type.childForFieldName('name')?.text;
    const importPath = pkg ? imports.byName.get(pkg) : undefined;
    return importPath && name ? (rules.valueByTypeName.get(`${importPath}.${name}`) ?? null) : null;
  }
  if (type.type === 'type_identifier') {
    for (const importPath of imports.dot) {
      const kind = rules.valueByTypeName.get(`${importPath}.${type.text}`);
      if (kind) return kind;
    }
  }
  return null;
}

/** The value of a keyed field in a composite literal (`Transport: …`); undefined when the literal leaves it out. */
function literalField(literal: Node, field: string | undefined): Node | undefined {
  if (!field) return undefined;
  const body = literal.childForFieldName('body');
  for (const element of body?.namedChildren ?? []) {
    if (element?.type !== 'keyed_element') continue;
    const [key, value] = element.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
    if (key?.text === field) return value?.type === 'literal_element' ? (value.namedChild(0) ?? undefined) : value;
  }
  return undefined;
}

/**
 * Whether a transport expression leaves the value what it is: absent, `nil`, or one of the value's own
 * (`http.DefaultTransport`, `&http.Transport{…}`). Anything else — a host SDK's RoundTripper, a wrapper —
 * sends somewhere the detector cannot see.
 */
function ownTransport(rules: GoRules, imports: Imports, kind: string, transport: Node | undefined): boolean {
  const own = rules.values.get(kind)?.transport?.own;
  if (!own || transport === undefined || transport.text === 'nil') return true;
  let expression = transport;
  if (expression.type === 'unary_expression' && expression.text.startsWith('&')) expression = expression.childForFieldName('operand') ?? expression;
  if (expression.type === 'composite_literal') expression = expression.childForFieldName('type') ?? expression;
  if (expression.type === 'selector_expression' || expression.type === 'qualified_type') {
    const pkg = (expression.childForFieldName('operand') ?? expression.childForFieldName('package'))?.text;
    const name = (expression.childForFieldName('field') ?? expression.childForFieldName('name'))?.text;
    const importPath = pkg ? imports.byName.get(pkg) : undefined;
    return importPath !== undefined && name !== undefined && own.includes(`${importPath}.${name}`);
  }
  return false;
}

/** A kind known only from a declared type: not followed in a file importing one of the value's host SDKs. */
function declaredKind(rules: GoRules, imports: Imports, kind: string | null): string | null {
  if (!kind) return null;
  return rules.values.get(kind)?.sdkImports?.some((p) => imports.specs.has(p)) ? null : kind;
}

/**
 * Declarations by the function they sit in (its index in `scopes`; -1 outside every function), and by the names
 * they mention, sorted out for a name when it is first looked up (a declaration whose text lacks it is never read).
 */
interface DeclarationIndex {
  scopes: Array<{ start: number; end: number }>;
  declarations: Array<{ node: Node; scope: number }>;
  byName: Map<string, Map<number, Node[]>>;
}

/** Outside every function. */
const PACKAGE = -1;

/**
 * Per file, built when first asked: an index of each top-level function or method holding a use (by its start)
 * and one of the rest of the file (PACKAGE: package-level vars, the functions literals in them, what a syntax
 * error left at the top). A binding is looked up in the functions enclosing its use, then at package level,
 * never in another function, so only those are searched: on x/net's http2 tests the whole file's declarations
 * cost more than the parse of the functions that need them.
 */
const declarationIndexes = new WeakMap<Imports, Map<number, DeclarationIndex>>();

/** The index holding the functions that enclose `use`, and the package-level one. */
function indexesFor(imports: Imports, use: Node): { enclosing: DeclarationIndex; package: DeclarationIndex } {
  let indexes = declarationIndexes.get(imports);
  if (!indexes) declarationIndexes.set(imports, (indexes = new Map()));
  let region: Node = use;
  while (region.parent?.parent) region = region.parent;
  const root = region.parent ?? region;
  const index = (key: number, regions: () => Node[]): DeclarationIndex => {
    let built = indexes.get(key);
    if (!built) indexes.set(key, (built = buildIndex(regions().map((r) => imports.values?.(r) ?? { scopes: [], declarations: [] }))));
    return built;
  };
  const packageIndex = index(PACKAGE, () => root.namedChildren.filter((c): c is Node => c !== null && !isFunction(c)));
  return { enclosing: isFunction(region) ? index(region.startIndex, () => [region]) : packageIndex, package: packageIndex };
}

const isFunction = (node: Node): boolean => node.type === 'function_declaration' || node.type === 'method_declaration';

function buildIndex(found: ValueNodes[]): DeclarationIndex {
  const byStart = (a: Node, b: Node): number => a.startIndex - b.startIndex;
  const scopes = found.flatMap((f) => f.scopes).sort(byStart).map((n) => ({ start: n.startIndex, end: n.endIndex }));
  const declarations = found.flatMap((f) => f.declarations).sort(byStart).map((node) => ({ node, scope: functionAt(scopes, node.startIndex) }));
  return { scopes, declarations, byName: new Map() };
}

/** The declarations in a scope that mention `name`, in the order of the text. */
function declarationsOf(index: DeclarationIndex, name: string, scope: number): Node[] {
  let byScope = index.byName.get(name);
  if (!byScope) {
    index.byName.set(name, (byScope = new Map()));
    for (const { node, scope: key } of index.declarations) {
      if (!node.text.includes(name) || !mentionedNames(node).includes(name)) continue;
      const list = byScope.get(key);
      if (list) list.push(node);
      else byScope.set(key, [node]);
    }
  }
  return byScope.get(scope) ?? [];
}

/** The innermost function holding a position (functions nest, so the one starting last), from byte ranges. */
function functionAt(scopes: DeclarationIndex['scopes'], position: number): number {
  let key = PACKAGE;
  for (let i = 0; i < scopes.length && scopes[i].start <= position; i++) if (position < scopes[i].end) key = i;
  return key;
}

/** Every name declarationKind can answer for on this node (names declared, identifiers or selector operands assigned). */
function mentionedNames(node: Node): string[] {
  if (node.type === 'parameter_declaration' || node.type === 'var_spec') return node.childrenForFieldName('name').filter((n): n is Node => n !== null).map((n) => n.text);
  const left = node.childForFieldName('left')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
  const names: string[] = [];
  for (const n of left) {
    if (n.type === 'identifier') names.push(n.text);
    else if (n.type === 'selector_expression' && node.type === 'assignment_statement') {
      const operand = n.childForFieldName('operand')?.text;
      if (operand !== undefined) names.push(operand);
    }
  }
  return names;
}

/**
 * The nearest declaration of `name` before `use`: enclosing functions first (innermost out; a nested function's
 * declarations are its own), then package-level `var`s. The last declaration before the use that says
 * anything about the name decides.
 */
function bindingKind(rules: GoRules, imports: Imports, use: Node, depth: number): string | null {
  const name = use.text;
  const indexes = indexesFor(imports, use);
  const index = indexes.enclosing;
  const enclosing: number[] = [];
  for (let i = 0; i < index.scopes.length && index.scopes[i].start <= use.startIndex; i++) if (use.startIndex < index.scopes[i].end) enclosing.unshift(i);
  for (const candidates of [...enclosing.map((key) => declarationsOf(index, name, key)), declarationsOf(indexes.package, name, PACKAGE)]) {
    let last = candidates.length - 1;
    while (last >= 0 && candidates[last].startIndex >= use.startIndex) last--;
    for (let i = last; i >= 0; i--) {
      const kind = declarationKind(rules, imports, candidates[i], name, depth);
      if (kind !== undefined) return kind;
    }
  }
  return null;
}

/** What a declaration node binds `name` to: a kind, null (bound to something else), or undefined (not bound here). */
function declarationKind(rules: GoRules, imports: Imports, node: Node, name: string, depth: number): string | null | undefined {
  if (node.type === 'parameter_declaration' || node.type === 'var_spec') {
    const names = node.childrenForFieldName('name').filter((n): n is Node => n !== null).map((n) => n.text);
    const index = names.indexOf(name);
    if (index < 0) return undefined;
    const values = node.childForFieldName('value')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
    if (values[index]) return valueKind(rules, imports, values[index], depth + 1);
    const type = node.childForFieldName('type');
    return type ? declaredKind(rules, imports, typeKind(rules, imports, type)) : null;
  }
  if (node.type === 'short_var_declaration' || node.type === 'assignment_statement') {
    const left = node.childForFieldName('left')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
    // `client.Transport = spinhttp.NewTransport()` after the binding: the client sends elsewhere now
    const reassigned = left.findIndex((n) => n.type === 'selector_expression' && n.childForFieldName('operand')?.text === name);
    if (reassigned >= 0 && node.type === 'assignment_statement') {
      const field = left[reassigned].childForFieldName('field')?.text;
      const value = node.childForFieldName('right')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment')[reassigned];
      for (const [kind, data] of rules.values) {
        if (data.transport?.field === field && !ownTransport(rules, imports, kind, value)) return null;
      }
      return undefined;
    }
    const index = left.findIndex((n) => n.type === 'identifier' && n.text === name);
    if (index < 0) return undefined;
    const right = node.childForFieldName('right')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
    return right.length === left.length && right[index] ? valueKind(rules, imports, right[index], depth + 1) : null;
  }
  return undefined;
}

/** A struct field the file declares with the value's type (`srv *http.Server`): the first such declaration, per file and name. */
const fieldKinds = new WeakMap<Imports, Map<string, string | null>>();

function fieldKind(rules: GoRules, imports: Imports, field: string): string | null {
  let known = fieldKinds.get(imports);
  if (!known) fieldKinds.set(imports, (known = new Map()));
  const cached = known.get(field);
  if (cached !== undefined) return cached;
  let found: string | null = null;
  // A field typed with a tracked value names the field, then the type, on one line (`srv *http.Server`).
  const declared = imports.source === undefined || !/^\w+$/.test(field) || typedFieldLine(rules, field).test(imports.source);
  for (const decl of declared ? fieldNodes(imports) : []) {
    if (!decl.text.includes(field)) continue;
    const names = decl.childrenForFieldName('name').filter((n): n is Node => n !== null).map((n) => n.text);
    const type = decl.childForFieldName('type');
    if (names.includes(field) && type) {
      const kind = typeKind(rules, imports, type);
      if (kind) {
        found = kind;
        break;
      }
    }
  }
  known.set(field, found);
  return found;
}

/** A line holding `field` and, after it, the name of a tracked value's type. */
function typedFieldLine(rules: GoRules, field: string): RegExp {
  return new RegExp(String.raw`\b${field}\b[^\n]*\b(?:${rules.typeWords.join('|')})\b`);
}

const foundFields = new WeakMap<Imports, Node[]>();

/** The file's struct field declarations in the order of the text, searched for once, when first asked. */
function fieldNodes(imports: Imports): Node[] {
  let found = foundFields.get(imports);
  if (!found) foundFields.set(imports, (found = [...(imports.fields?.() ?? [])].sort((a, b) => a.startIndex - b.startIndex)));
  return found;
}
