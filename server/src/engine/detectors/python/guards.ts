import type { Node } from 'web-tree-sitter';
import type { PythonRules } from './rules';
import { resolve, type Imports } from './scope';

/** Three-valued: a condition that is not about the platform is `maybe`, and is never a guard. */
type Truth = boolean | 'maybe';

const MAX_DEPTH = 6;

/**
 * Whether code cannot run on WASI because a platform check keeps it out: the branch of an `if`/`elif`/`else`
 * or conditional expression not taken when `sys.platform == "wasi"`, or code after `if <true on WASI>:
 * return/raise`. Names assigned once at module level from such a check (CPython's
 * `_can_fork_exec = sys.platform not in {"emscripten", "wasi"}`) are checks too. The expressions and their
 * values on WASI come from rules/apis/python.json (`platform`). `try: import x / except ImportError` is not a guard.
 */
export function isGuarded(rules: PythonRules, imports: Imports, node: Node): boolean {
  const evaluate = (condition: Node | null): Truth => truth(rules, imports, condition, 0);
  for (let child = node, at = node.parent; at; child = at, at = at.parent) {
    switch (at.type) {
      case 'if_statement': {
        const condition = evaluate(at.childForFieldName('condition'));
        if (child.type === 'block' && child.equals(at.childForFieldName('consequence')!)) {
          if (condition === false) return true;
        } else if (child.type === 'elif_clause' || child.type === 'else_clause') {
          if (condition === true) return true;
          for (const clause of at.childrenForFieldName('alternative')) {
            if (!clause || clause.equals(child)) break;
            if (clause.type === 'elif_clause' && evaluate(clause.childForFieldName('condition')) === true) return true;
          }
        }
        break;
      }
      case 'elif_clause':
        if (child.type === 'block' && evaluate(at.childForFieldName('condition')) === false) return true;
        break;
      case 'conditional_expression': {
        const [body, condition, alternative] = at.namedChildren;
        const value = evaluate(condition);
        if ((body && child.equals(body) && value === false) || (alternative && child.equals(alternative) && value === true)) return true;
        break;
      }
      case 'block':
      case 'module':
        if (exitsEarlier(imports, at, child, evaluate)) return true;
        break;
    }
  }
  return false;
}

/** Per file (its Imports) and block (node id): the statements of the block that are `if …:` ending in return or raise, without else. */
const earlyExits = new WeakMap<Imports, Map<number, Array<{ start: number; condition: Node | null }>>>();

/** An earlier statement of the same block: `if <true on WASI>:` whose body returns or raises. */
function exitsEarlier(imports: Imports, block: Node, child: Node, evaluate: (n: Node | null) => Truth): boolean {
  let byBlock = earlyExits.get(imports);
  if (!byBlock) earlyExits.set(imports, (byBlock = new Map()));
  let exits = byBlock.get(block.id);
  if (!exits) {
    // The block's statements are read once per file, not sibling by sibling for every hit below them.
    exits = [];
    for (const statement of block.namedChildren) {
      if (!statement || statement.type !== 'if_statement' || statement.childrenForFieldName('alternative').length > 0) continue;
      const last = statement.childForFieldName('consequence')?.lastNamedChild;
      if (last && (last.type === 'return_statement' || last.type === 'raise_statement')) exits.push({ start: statement.startIndex, condition: statement.childForFieldName('condition') });
    }
    byBlock.set(block.id, exits);
  }
  return exits.some((exit) => exit.start < child.startIndex && evaluate(exit.condition) === true);
}

function truth(rules: PythonRules, imports: Imports, node: Node | null, depth: number): Truth {
  if (!node || depth > MAX_DEPTH) return 'maybe';
  const next = (n: Node | null): Truth => truth(rules, imports, n, depth + 1);
  switch (node.type) {
    case 'parenthesized_expression':
      return next(node.namedChild(0));
    case 'not_operator': {
      const value = next(node.childForFieldName('argument'));
      return value === 'maybe' ? 'maybe' : !value;
    }
    case 'boolean_operator': {
      const left = next(node.childForFieldName('left'));
      const right = next(node.childForFieldName('right'));
      if (node.childForFieldName('operator')?.text === 'and') {
        if (left === false || right === false) return false;
        return left === true && right === true ? true : 'maybe';
      }
      if (left === true || right === true) return true;
      return left === false && right === false ? false : 'maybe';
    }
    case 'comparison_operator':
      return comparison(rules, imports, node);
    case 'call':
      return startsWith(rules, imports, node);
    case 'identifier':
      return moduleFlag(rules, imports, node, depth);
    default:
      return 'maybe';
  }
}

/** What a platform expression is on WASI: its value, or the values it never has. */
function platformFact(rules: PythonRules, imports: Imports, node: Node | null): { value?: string; notOneOf?: string[] } | null {
  if (!node) return null;
  let name: string | undefined;
  if (node.type === 'call' && (node.childForFieldName('arguments')?.namedChildCount ?? 1) === 0) {
    const callee = resolve(rules, imports, node.childForFieldName('function'));
    name = callee ? `${callee.full}()` : undefined;
  } else {
    name = resolve(rules, imports, node)?.full;
  }
  return rules.file.platform.find((p) => p.expression === name) ?? null;
}

function stringLiteral(node: Node | null): string | null {
  if (!node || node.type !== 'string') return null;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return null;
  const content = node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text);
  return content.join('');
}

function stringSet(node: Node | null): string[] | null {
  if (!node) return null;
  const single = stringLiteral(node);
  if (single !== null) return [single];
  if (!['set', 'tuple', 'list', 'parenthesized_expression'].includes(node.type)) return null;
  const items = node.namedChildren.filter((c): c is Node => c !== null && !c.type.endsWith('comment')).map(stringLiteral);
  return items.every((i) => i !== null) ? (items as string[]) : null;
}

/** Whether the fact is one of the values: true, false, or maybe where only excluded values are known. */
function isOneOf(fact: { value?: string; notOneOf?: string[] }, values: string[]): Truth {
  if (fact.value !== undefined) return values.includes(fact.value);
  return fact.notOneOf && values.every((v) => fact.notOneOf!.includes(v)) ? false : 'maybe';
}

function comparison(rules: PythonRules, imports: Imports, node: Node): Truth {
  const operands = node.namedChildren.filter((c): c is Node => c !== null);
  const operators = node.children.filter((c) => c !== null && !c.isNamed).map((c) => c!.text);
  if (operands.length !== 2) return 'maybe';
  const operator = operators.join(' ');
  let fact = platformFact(rules, imports, operands[0]);
  let other = operands[1];
  if (!fact && (operator === '==' || operator === '!=')) {
    fact = platformFact(rules, imports, operands[1]);
    other = operands[0];
  }
  if (!fact) return 'maybe';
  const values = operator === '==' || operator === '!=' ? (stringLiteral(other) === null ? null : [stringLiteral(other)!]) : stringSet(other);
  if (!values) return 'maybe';
  const found = isOneOf(fact, values);
  if (found === 'maybe') return 'maybe';
  return operator === '==' || operator === 'in' ? found : operator === '!=' || operator === 'not in' ? !found : 'maybe';
}

/** `sys.platform.startswith("linux")` / `(("win", "cygwin"))`. */
function startsWith(rules: PythonRules, imports: Imports, call: Node): Truth {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'startswith') return 'maybe';
  const fact = platformFact(rules, imports, callee.childForFieldName('object'));
  const prefixes = stringSet(call.childForFieldName('arguments')?.namedChild(0) ?? null);
  if (!fact || !prefixes) return 'maybe';
  if (fact.value !== undefined) return prefixes.some((p) => fact.value!.startsWith(p));
  return 'maybe';
}

/** A name assigned exactly once at module level, from a platform check. */
function moduleFlag(rules: PythonRules, imports: Imports, name: Node, depth: number): Truth {
  let module: Node | null = name;
  while (module && module.type !== 'module') module = module.parent;
  if (!module) return 'maybe';
  const assignments = module.namedChildren
    .map((statement) => (statement?.type === 'expression_statement' ? statement.namedChild(0) : null))
    .filter((a): a is Node => a?.type === 'assignment' && a.childForFieldName('left')?.text === name.text);
  if (assignments.length !== 1) return 'maybe';
  return truth(rules, imports, assignments[0].childForFieldName('right'), depth + 1);
}
