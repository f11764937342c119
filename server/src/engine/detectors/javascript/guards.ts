import { ts } from 'ts-morph';

/**
 * A platform check: code that asks which runtime it is on. StarlingMonkey and Javy have no `process`, and
 * jco's shim reports its own platform, so code under such a check is the Node-only path of code written to
 * run in both places (reported at info, never higher).
 */
const PLATFORM_CHECK = new RegExp([
  /\bprocess\??\.(platform|versions|release)\b/.source,
  /\btypeof\s+[\w$.?]+\s*[!=]==?\s*['"`]undefined['"`]/.source,
  /['"`]undefined['"`]\s*[!=]==?\s*typeof\b/.source,
  /\b(os\.)?platform\(\)/.source,
  /\bnavigator\??\.userAgent\b/.source,
].join('|'));

/** Whether a platform check decides if this node runs: it sits in a branch of one, or after an early exit on one. */
export function isGuarded(node: ts.Node, file: ts.SourceFile): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression && isPlatformCheck(parent.expression, file)) return true;
    if (ts.isConditionalExpression(parent) && child !== parent.condition && isPlatformCheck(parent.condition, file)) return true;
    if (ts.isBinaryExpression(parent) && child === parent.right && isLogical(parent.operatorToken.kind) && isPlatformCheck(parent.left, file)) return true;
    if ((ts.isBlock(parent) || ts.isSourceFile(parent)) && followsEarlyExit(parent.statements, child, file)) return true;
  }
  return false;
}

function isLogical(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}

function isPlatformCheck(condition: ts.Expression, file: ts.SourceFile): boolean {
  return PLATFORM_CHECK.test(condition.getText(file));
}

/** `if (typeof process === 'undefined') return;` before the statement, in the same block. */
function followsEarlyExit(statements: ts.NodeArray<ts.Statement>, statement: ts.Node, file: ts.SourceFile): boolean {
  for (const earlier of statements) {
    if (earlier === statement) return false;
    if (ts.isIfStatement(earlier) && !earlier.elseStatement && exits(earlier.thenStatement) && isPlatformCheck(earlier.expression, file)) return true;
  }
  return false;
}

function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  return ts.isBlock(statement) && statement.statements.length > 0 && exits(statement.statements[statement.statements.length - 1]);
}
