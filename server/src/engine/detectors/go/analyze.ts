import * as path from 'node:path';
import type { Range } from 'web-tree-sitter';
import type { InputError, Requirement, Severity } from '../../model';
import { goFiles } from './files';
import type { Analysis, Detector } from '../registry';
import { LineIndex } from '../../textPositions';
import { readSource } from '../source/readSource';
import { capturesAt, rangesOutside } from '../source/treeSitter';
import { sourceRequirement } from '../source/requirement';
import { isTestFile } from '../source/testCode';
import { candidateFilter, skippedCode, type CandidateFilter } from './candidates';
import { inBuild } from './constraints';
import { isRuntimeGuarded } from './guards';
import { evidenceText, goBuildFates } from './evidence';
import { addImport, emptyImports, type ValueNodes } from './imports';
import { matchCall, matchImports, type Hit } from './matchers';
import { declarations, goParser } from './parser';
import { goRules, type GoRules } from './rules';

let filter: CandidateFilter | null = null;

/**
 * Go source: what the code needs (processes, files, sockets, signals, cgo, plugins), from the entries in
 * rules/apis/go.json. Files that cannot hold a hit are never parsed; a file the build constraints keep out of
 * a GOOS=wasip1 build is guarded as a whole, and so is code a runtime.GOOS check keeps out (guards.ts);
 * `_test.go` and `testdata/` are test code.
 */
export const goDetector: Detector = {
  ...goFiles,
  // No lookahead worker: measured on the go-gin corpus (2 cores, loaded), one sent every second file was not faster.
  analyze: (file, _kb, options) => analyzeGoFile(file, options.root, options.text),
};

/** One file, start to end: read, pre-filter, parse, match, requirements. Never throws. */
export async function analyzeGoFile(file: string, root: string, unsaved?: string): Promise<Analysis> {
  const errors: InputError[] = [];
  const text = readSource(file, errors, undefined, unsaved);
  if (text === null) return { requirements: [], errors };
  const rules = goRules();
  filter ??= candidateFilter(rules);
  const scope = filter.scope(text);
  if (scope.parse === 'none') return { requirements: [], errors };
  const requirements: Requirement[] = [];
  try {
    const parser = await goParser();
    // A file that can hold only an import hit (x/sys's 330 KB cgo types.go) is parsed up to its imports; in
    // others, top-level functions that name nothing a hit or a value needs are not read (included ranges).
    const skipped = scope.parse === 'all' ? skippedCode(text, scope) : null;
    const tree = scope.parse === 'imports' ? parser.parse(text.slice(0, scope.end)) : parser.parse(text, undefined, skipped && skipped.spans.length > 0 ? readRanges(text, skipped.spans) : undefined);
    try {
      // Calls only where the pre-filter found a wanted name; a file parsed up to its imports has none to match.
      // The names of the file's functions come from the text when it was read for the skipped ones.
      const captures = [...declarations(tree.rootNode, skipped !== null), ...(scope.parse === 'all' ? capturesAt(parser.calls(scope.dot), tree.rootNode, scope.hitsAt) : [])];
      const imports = emptyImports();
      for (const name of skipped?.names ?? []) imports.localFunctions.add(name);
      for (const { name, node } of captures) {
        if (name === 'import') addImport(imports, node);
        else if (name === 'fn-name') imports.localFunctions.add(node.text);
      }
      imports.values = (under) => {
        const found: ValueNodes = { scopes: [], declarations: [] };
        for (const { name, node } of parser.values().captures(under)) (name === 'scope' ? found.scopes : found.declarations).push(node);
        return found;
      };
      imports.fields = () => parser.fields().captures(tree.rootNode).map((c) => c.node);
      imports.source = text;
      const hits: Hit[] = [];
      matchImports(rules, imports, path.relative(root, file).split(path.sep).join('/'), hits);
      for (const { name, node } of captures) if (name === 'call') matchCall(rules, imports, node, hits);
      if (hits.length > 0) {
        const guardTarget = rules.targets.find((t) => t.id === rules.file.guardTarget) ?? rules.targets[0];
        const fileGuarded = !inBuild(file, text, guardTarget, rules.file.knownTags);
        const test = isTestFile(file, root, 'go');
        for (const hit of hits) {
          const guarded = fileGuarded || isRuntimeGuarded(rules, imports, guardTarget, hit.node);
          requirements.push(...hitRequirements(rules, file, hit, guarded, test));
        }
      }
    } finally {
      tree.delete();
    }
  } catch (error) {
    errors.push({ file, message: `cannot analyse Go source: ${error instanceof Error ? error.message : String(error)}` });
  }
  return { requirements, errors };
}

/** go.json severity hints: `info` runs, only differently; `warning` misbehaves quietly; `error`/`host` leave it to the rule and the host. */
const SEVERITY_CAPS: Record<string, Severity | undefined> = { info: 'info', warning: 'warning' };

function hitRequirements(rules: GoRules, file: string, hit: Hit, guarded: boolean, test: boolean): Requirement[] {
  const entry = hit.entry;
  if (!entry.capability) return [];
  const from = hit.node.startPosition;
  const to = hit.node.endPosition;
  const requirement = sourceRequirement({
    language: 'go',
    capability: entry.capability,
    file,
    range: { line: from.row + 1, column: from.column + 1, endLine: to.row + 1, endColumn: to.column + 1 },
    evidence: evidenceText(hit.subject, entry, rules.targets),
    instead: entry.instead,
    guarded,
    test,
    builds: goBuildFates(entry, rules.targets),
  });
  const cap = SEVERITY_CAPS[entry.severityHint];
  return [cap && !requirement.maxSeverity ? { ...requirement, maxSeverity: cap } : requirement];
}

/** The parts of the text outside `spans`, as tree-sitter included ranges. */
function readRanges(text: string, spans: Array<[number, number]>): Range[] {
  const lines = new LineIndex(text);
  return rangesOutside(text.length, spans, (offset) => {
    const at = lines.position(offset);
    return { row: at.line - 1, column: at.column - 1 };
  });
}
