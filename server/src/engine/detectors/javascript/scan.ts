import * as path from 'node:path';
import { ts } from 'ts-morph';
import type { Range } from '../../model';
import { LineIndex } from '../../textPositions';
import type { JavaScriptApis } from './apis';
import { unwrap } from './conditions';
import { isGuarded } from './guards';
import { editBetween } from '../source/editorTrees';
import { ReferenceTracker, type Match } from './references';

/** One use of an API that needs a capability, where it is, and whether a platform check guards it. */
export interface JavaScriptHit {
  match: Match;
  range: Range;
  guarded: boolean;
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS, '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX,
};

function parse(fileName: string, text: string, setParentNodes = false): ts.SourceFile {
  const kind = SCRIPT_KINDS[path.extname(fileName)] ?? ts.ScriptKind.JS;
  // JSDoc is never needed: skipping it is a fifth of the parse time on real packages. Parent pointers are set by
  // the tracker's walk (ReferenceTracker.declare), not by a walk of the parser's own, except in an editor's tree,
  // which the incremental parser reuses and which is one file.
  return ts.createSourceFile(fileName, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, setParentNodes, kind);
}

/** Documents an editor holds open at once, in practice. */
const KEPT = 16;

/**
 * The last syntax tree of each document analysed from an editor's unsaved text: TypeScript's incremental parser
 * (updateSourceFile) reuses the nodes an edit left alone, ~6 ms instead of ~45 ms for a 5,000-line file.
 */
const editorSourceFiles = {
  kept: new Map<string, ts.SourceFile>(),
  parse(fileName: string, text: string): ts.SourceFile {
    const previous = this.kept.get(fileName);
    this.kept.delete(fileName);
    let file: ts.SourceFile;
    if (!previous) file = parse(fileName, text, true);
    else if (previous.text === text) file = previous;
    else {
      const edit = editBetween(previous.text, text);
      file = ts.updateSourceFile(previous, text, { span: { start: edit.startIndex, length: edit.oldEndIndex - edit.startIndex }, newLength: edit.newEndIndex - edit.startIndex });
    }
    this.kept.set(fileName, file);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return file;
  },
};

/**
 * Parses one file with the TypeScript compiler's parser (no program, no type checker) and returns every
 * use of a rules entry that needs a capability. One walk: the tracker records what each name refers to and
 * collects every call, `new`, member read and import; then each is matched against the rules.
 */
export function scanJavaScript(fileName: string, text: string, apis: JavaScriptApis, fromEditor = false): JavaScriptHit[] {
  const file = fromEditor ? editorSourceFiles.parse(fileName, text) : parse(fileName, text);
  const tracker = new ReferenceTracker(apis, file);
  const matches: Match[] = [];

  for (const node of tracker.candidates) {
    if (ts.isImportDeclaration(node)) {
      if (ts.isStringLiteral(node.moduleSpecifier) && !node.importClause?.isTypeOnly) matches.push(...tracker.importMatches(node.moduleSpecifier.text, node.moduleSpecifier));
    } else if (ts.isImportEqualsDeclaration(node)) {
      if (ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) matches.push(...tracker.importMatches(node.moduleReference.expression.text, node.moduleReference.expression));
    } else if (ts.isCallExpression(node)) {
      const specifier = tracker.loadedSpecifier(node);
      if (specifier !== null) matches.push(...tracker.importMatches(specifier, unwrap(node.arguments[0])));
      matches.push(...tracker.matchesAt(node, 'call'));
    } else if (ts.isNewExpression(node)) {
      matches.push(...tracker.matchesAt(node, 'construct'));
    } else {
      matches.push(...tracker.matchesAt(node, 'read'));
    }
  }

  // A server created here and listened on here is one finding, on the listen; one that escapes is found where it was created.
  const followed = new Set(matches.flatMap((m) => (m.valueOrigin ? [m.valueOrigin] : [])));
  const lines = new LineIndex(text);
  const hits: JavaScriptHit[] = [];
  const reported = new Set<string>();
  for (const match of matches) {
    if (match.capability === null) continue;
    // One need per place: `req('./x.node')` is both a require of a .node file and an import of one.
    const place = `${match.node.pos}:${match.node.end}:${match.capability}`;
    if (reported.has(place)) continue;
    reported.add(place);
    const finding = match.entry.finding ?? 'always';
    if (finding === 'never' || (finding === 'unless-followed' && followed.has(match.node))) continue;
    hits.push({ match, range: rangeOf(match.node, file, lines), guarded: isGuarded(match.node, file) });
  }
  return hits;
}

/** Calls point at what is called (`fs.writeFileSync`), `new` at `new Worker`, anything else at itself. */
function rangeOf(node: ts.Node, file: ts.SourceFile, lines: LineIndex): Range {
  const start = node.getStart(file);
  let end = node.getEnd();
  if (ts.isCallExpression(node)) end = node.expression.getEnd();
  else if (ts.isNewExpression(node)) end = node.expression.getEnd();
  return lines.range(start, end - start);
}
