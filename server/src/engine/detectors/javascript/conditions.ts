import { ts } from 'ts-morph';
import type { Condition } from './apis';

/** Compiled regular expressions, shared by every file (the data has a few dozen patterns). */
const patterns = new Map<string, RegExp>();
const regex = (source: string): RegExp => {
  let compiled = patterns.get(source);
  if (!compiled) patterns.set(source, (compiled = new RegExp(source)));
  return compiled;
};

type Argument = { kind: 'absent' } | { kind: 'unknown' } | { kind: 'literal'; text: string } | { kind: 'expression'; text: string };

/**
 * Whether an entry's argument condition holds for a call (rules/apis/javascript.schema.json, `condition`).
 * Only what is written in the call is read: a literal, an object literal's property, or the source text.
 */
export function holds(condition: Condition, args: readonly ts.Expression[], file: ts.SourceFile): boolean {
  if ('anyOf' in condition) return condition.anyOf.some((c) => holds(c, args, file));
  if ('allOf' in condition) return condition.allOf.every((c) => holds(c, args, file));
  if ('not' in condition) return !holds(condition.not, args, file);
  const argument = readArgument(args, condition.arg, condition.property, file);
  if (argument.kind === 'absent') return condition.present === false || condition.absent === 'holds';
  if (condition.present !== undefined) return condition.present;
  if (condition.literal !== undefined) return condition.literal === (argument.kind === 'literal');
  if (argument.kind === 'literal') return condition.value !== undefined && regex(condition.value).test(argument.text);
  if (argument.kind === 'expression' && condition.text !== undefined && regex(condition.text).test(argument.text)) return true;
  return condition.unknown === 'holds';
}

function readArgument(args: readonly ts.Expression[], index: number, property: string | undefined, file: ts.SourceFile): Argument {
  // A spread before or at the index hides which argument is which.
  if (args.slice(0, index + 1).some(ts.isSpreadElement)) return { kind: 'unknown' };
  const expression = args[index];
  // A function is a callback, never an option value: `fs.open(path, cb)` opens with the default flags.
  if (!expression || ts.isArrowFunction(unwrap(expression)) || ts.isFunctionExpression(unwrap(expression))) return { kind: 'absent' };
  if (property === undefined) return describe(expression, file);
  const object = unwrap(expression);
  if (!ts.isObjectLiteralExpression(object)) return { kind: 'unknown' };
  let found: ts.Expression | null = null;
  for (const element of object.properties) {
    if (ts.isSpreadAssignment(element)) found = null; // a later spread may override what came before
    else if (ts.isPropertyAssignment(element) && propertyName(element.name) === property) found = element.initializer;
    else if (ts.isShorthandPropertyAssignment(element) && element.name.text === property) found = element.name;
  }
  const hasSpread = object.properties.some(ts.isSpreadAssignment);
  if (!found) return hasSpread ? { kind: 'unknown' } : { kind: 'absent' };
  return describe(found, file);
}

function describe(expression: ts.Expression, file: ts.SourceFile): Argument {
  const inner = unwrap(expression);
  const literal = literalText(inner);
  if (literal !== null) return { kind: 'literal', text: literal };
  return { kind: 'expression', text: inner.getText(file).replace(/\s+/g, '') };
}

/** The value a static literal spells: strings, template strings without substitutions, numbers, booleans. */
export function literalText(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return String(Number(node.text.replace(/_/g, '')));
  if (node.kind === ts.SyntaxKind.TrueKeyword) return 'true';
  if (node.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) return `-${Number(node.operand.text)}`;
  return null;
}

/** Strips parentheses and TypeScript-only wrappers (`x as T`, `x!`, `<T>x`, `x satisfies T`). */
export function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    switch (current.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.SatisfiesExpression:
        current = (current as ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.TypeAssertion | ts.SatisfiesExpression).expression;
        break;
      default:
        return current;
    }
  }
}

export function propertyName(name: ts.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return null;
}
