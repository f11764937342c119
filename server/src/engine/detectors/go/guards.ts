import type { Node } from 'web-tree-sitter';
import type { Imports } from './imports';
import type { GoRules } from './rules';
import type { GoTarget } from './types';

/** Three-valued: a condition that is not about runtime.GOOS/GOARCH is `maybe`, and never guards. */
type Truth = boolean | 'maybe';

const MAX_DEPTH = 6;

/**
 * Whether code cannot run in the target's build because a check of runtime.GOOS or runtime.GOARCH (values from
 * rules/apis/go.json `runtimeConstants` and the target) keeps it out: the branch of an `if`/`else` not taken,
 * a `switch runtime.GOOS` case that does not list the target's value (or `default` when one does), a tagless
 * `switch` case whose condition is false or follows a true one, or code after `if <true>{ … return }` in the
 * same block. A package-level `const`/`var` set once from such a check is a check too.
 */
export function isRuntimeGuarded(rules: GoRules, imports: Imports, target: GoTarget, node: Node): boolean {
  const evaluate = (condition: Node | null): Truth => truth(rules, imports, target, condition, 0);
  for (let child = node, at = node.parent; at; child = at, at = at.parent) {
    switch (at.type) {
      case 'if_statement': {
        const consequence = at.childForFieldName('consequence');
        const alternative = at.childForFieldName('alternative');
        const condition = evaluate(at.childForFieldName('condition'));
        if (consequence?.equals(child) && condition === false) return true;
        if (alternative?.equals(child) && condition === true) return true;
        break;
      }
      case 'expression_switch_statement':
        if ((child.type === 'expression_case' || child.type === 'default_case') && switchSkips(rules, imports, target, at, child, evaluate)) return true;
        break;
      case 'block':
      case 'statement_list':
        if (returnsEarlier(child, evaluate)) return true;
        break;
    }
  }
  return false;
}

/** A case of `switch runtime.GOOS { … }` (or of a tagless switch) that the build never takes. */
function switchSkips(rules: GoRules, imports: Imports, target: GoTarget, switchNode: Node, clause: Node, evaluate: (n: Node | null) => Truth): boolean {
  const cases = switchNode.namedChildren.filter((c): c is Node => c !== null && (c.type === 'expression_case' || c.type === 'default_case'));
  const tag = switchNode.childForFieldName('value');
  /** Whether each case is taken: true, false or maybe. */
  const taken = (c: Node): Truth => {
    if (c.type === 'default_case') return 'maybe';
    const values = c.childForFieldName('value')?.namedChildren.filter((v): v is Node => v !== null && v.type !== 'comment') ?? [];
    if (tag) {
      const constant = constantValue(rules, imports, target, tag);
      if (constant === null) return 'maybe';
      const literals = values.map(stringLiteral);
      if (literals.includes(constant)) return true;
      return literals.every((l) => l !== null) ? false : 'maybe';
    }
    const truths = values.map(evaluate);
    if (truths.includes(true)) return true;
    return truths.every((t) => t === false) ? false : 'maybe';
  };
  if (clause.type === 'default_case') return cases.some((c) => taken(c) === true);
  const index = cases.findIndex((c) => c.equals(clause));
  if (taken(clause) === false && !fallsInto(cases[index - 1])) return true;
  return cases.slice(0, index).some((c) => taken(c) === true && !fallsThrough(c));
}

/** The previous case ends in `fallthrough`, so a skipped case may still run. */
function fallsInto(previous: Node | undefined): boolean {
  return previous !== undefined && fallsThrough(previous);
}

function fallsThrough(clause: Node): boolean {
  const statements = clause.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const last = statements[statements.length - 1];
  const inner = last?.type === 'statement_list' ? last.lastNamedChild : last;
  return inner?.type === 'fallthrough_statement';
}

/** An earlier statement of the same block: `if <true in the build> { …; return }` (or panic) with no else. */
function returnsEarlier(child: Node, evaluate: (n: Node | null) => Truth): boolean {
  for (let sibling = child.previousNamedSibling; sibling; sibling = sibling.previousNamedSibling) {
    if (sibling.type !== 'if_statement' || sibling.childForFieldName('alternative')) continue;
    const body = sibling.childForFieldName('consequence');
    const statements = body?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
    let last: Node | undefined = statements[statements.length - 1];
    if (last?.type === 'statement_list') last = last.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').pop();
    if (!last || !exits(last)) continue;
    if (evaluate(sibling.childForFieldName('condition')) === true) return true;
  }
  return false;
}

function exits(statement: Node): boolean {
  if (statement.type === 'return_statement') return true;
  if (statement.type !== 'expression_statement') return false;
  const call = statement.namedChild(0);
  return call?.type === 'call_expression' && call.childForFieldName('function')?.text === 'panic';
}

function truth(rules: GoRules, imports: Imports, target: GoTarget, node: Node | null, depth: number): Truth {
  if (!node || depth > MAX_DEPTH) return 'maybe';
  const next = (n: Node | null): Truth => truth(rules, imports, target, n, depth + 1);
  switch (node.type) {
    case 'parenthesized_expression':
      return next(node.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null);
    case 'unary_expression': {
      if (node.childForFieldName('operator')?.text !== '!') return 'maybe';
      const value = next(node.childForFieldName('operand'));
      return value === 'maybe' ? 'maybe' : !value;
    }
    case 'binary_expression': {
      const operator = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (operator === '&&' || operator === '||') {
        const a = next(left);
        const b = next(right);
        if (operator === '&&') return a === false || b === false ? false : a === true && b === true ? true : 'maybe';
        return a === true || b === true ? true : a === false && b === false ? false : 'maybe';
      }
      if (operator !== '==' && operator !== '!=') return 'maybe';
      let constant = left ? constantValue(rules, imports, target, left) : null;
      let literal = stringLiteral(right);
      if (constant === null) {
        constant = right ? constantValue(rules, imports, target, right) : null;
        literal = stringLiteral(left);
      }
      if (constant === null || literal === null) return 'maybe';
      return operator === '==' ? constant === literal : constant !== literal;
    }
    case 'identifier':
      return packageFlag(rules, imports, target, node, depth);
    default:
      return 'maybe';
  }
}

/** `runtime.GOOS` (through the file's name for package runtime) → the target's value; anything else null. */
function constantValue(rules: GoRules, imports: Imports, target: GoTarget, node: Node): string | null {
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
    return inner ? constantValue(rules, imports, target, inner) : null;
  }
  if (node.type !== 'selector_expression') return null;
  const operand = node.childForFieldName('operand');
  const field = node.childForFieldName('field')?.text;
  if (operand?.type !== 'identifier' || !field) return null;
  const importPath = imports.byName.get(operand.text);
  const fact = importPath ? rules.file.runtimeConstants.find((c) => c.expression === `${importPath}.${field}`) : undefined;
  return fact ? target[fact.targetField] : null;
}

/** `"wasip1"` or `` `wasip1` ``; null for anything computed. */
function stringLiteral(node: Node | null): string | null {
  if (!node) return null;
  const text = node.text;
  if (node.type === 'interpreted_string_literal' && !text.includes('\\')) return text.slice(1, -1);
  if (node.type === 'raw_string_literal') return text.slice(1, -1);
  return null;
}

/** A package-level `const isWasm = runtime.GOOS == "wasip1"` (one name, one value, declared once). */
function packageFlag(rules: GoRules, imports: Imports, target: GoTarget, name: Node, depth: number): Truth {
  const root = name.tree.rootNode;
  let value: Node | null = null;
  let count = 0;
  for (const declaration of root.namedChildren) {
    if (!declaration || (declaration.type !== 'const_declaration' && declaration.type !== 'var_declaration')) continue;
    for (const spec of declaration.descendantsOfType(['const_spec', 'var_spec'])) {
      if (!spec) continue;
      const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
      if (!names.some((n) => n.text === name.text)) continue;
      count++;
      const values = spec.childForFieldName('value')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? [];
      value = names.length === 1 && values.length === 1 ? values[0] : null;
    }
  }
  return count === 1 && value ? truth(rules, imports, target, value, depth + 1) : 'maybe';
}
