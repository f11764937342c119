import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { InputError, Range, Requirement, Severity } from '../../model';
import { pythonFiles } from './files';
import type { Analysis, Detector } from '../registry';
import { buildFates, failsEveryBuild } from '../source/builds';
import { readSource } from '../source/readSource';
import { capturesAt } from '../source/treeSitter';
import { sourceRequirement } from '../source/requirement';
import { isTestFile } from '../source/testCode';
import { candidateFilter, type CandidateFilter } from './candidates';
import { evidenceText } from './evidence';
import { isGuarded } from './guards';
import { matchBases, matchCall, type Hit } from './matchers';
import { pythonParser } from './parser';
import { pythonRules, type PythonRules } from './rules';
import { noteBindings } from './values';
import { addImport, addModuleAliases, emptyImports, type Imports } from './scope';

let filter: CandidateFilter | null = null;

/**
 * Python source: what the code needs (threads, processes, file writes, listening sockets, signals, native
 * code), from the entries in rules/apis/python.json. Files that cannot hold a hit are never parsed; the code
 * is never run or imported.
 */
export const pythonDetector: Detector = {
  ...pythonFiles,
  analyze: (file, _kb, options) => analyzePythonFile(file, options.root, options.text),
};

/** One file, start to end: read, pre-filter, parse, match, requirements. Never throws. */
export async function analyzePythonFile(file: string, root: string, unsaved?: string): Promise<Analysis> {
  const errors: InputError[] = [];
  const text = readSource(file, errors, undefined, unsaved);
  if (text === null) return { requirements: [], errors };
  const rules = pythonRules();
  filter ??= candidateFilter(rules);
  // Only what can hold a hit or decide one is parsed: functions that cannot are left out (candidates.ts).
  const prepared = filter.prepare(text);
  if (!prepared) return { requirements: [], errors };
  const requirements: Requirement[] = [];
  let tree: { delete(): void; rootNode: Node } | null = null;
  try {
    const parser = await pythonParser();
    const parsed = parser.parse(prepared.text, undefined, prepared.ranges);
    tree = parsed;
    const captures = parser.query.captures(parsed.rootNode);
    const imports: Imports = emptyImports();
    for (const name of prepared.defined) imports.defined.add(name);
    for (const { name, node } of captures) {
      if (name === 'import' || name === 'import-from') addImport(imports, node);
      else if (name === 'definition') imports.defined.add(node.text);
    }
    noteBindings(imports, () => {
      const found: { scopes: Node[]; bindings: Node[] } = { scopes: [], bindings: [] };
      for (const { name, node } of parser.bindings().captures(parsed.rootNode)) (name === 'scope' ? found.scopes : found.bindings).push(node);
      return found;
    });
    addModuleAliases(rules, imports, parsed.rootNode);
    const hits: Hit[] = [];
    for (const { name, node } of capturesAt(parser.uses, parsed.rootNode, prepared.hitsAt)) {
      if (name === 'call') matchCall(rules, imports, node, hits);
      else matchBases(rules, imports, node, hits);
    }
    const test = isTestFile(file, root, 'python');
    for (const { hit, guarded } of oneHitPerUse(rules, imports, hits)) requirements.push(...hitRequirements(rules, file, hit, guarded, test));
  } catch (error) {
    errors.push({ file, message: `cannot analyse Python source: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    tree?.delete();
  }
  return { requirements, errors };
}

/** python.json severity hints: `info` runs, only differently; `warning` misbehaves quietly; `error`/`host` leave it to the rule and the host. */
const SEVERITY_CAPS: Record<string, Severity | undefined> = { info: 'info', warning: 'warning' };

/**
 * A name bound in several branches gives one hit per binding at the same use: keep one per entry and place,
 * unguarded if any binding that reaches it is (ctypes' `_dlopen` is `LoadLibrary` under `os.name == "nt"`, and
 * `dlopen` under `os.name == "posix"`, the branch WASI takes).
 */
function oneHitPerUse(rules: PythonRules, imports: Imports, hits: Hit[]): Array<{ hit: Hit; guarded: boolean }> {
  const kept = new Map<string, { hit: Hit; guarded: boolean }>();
  for (const hit of hits) {
    const guarded = isGuarded(rules, imports, hit.start) || (hit.via.length > 0 && hit.via.every((statement) => isGuarded(rules, imports, statement)));
    const key = `${hit.start.startIndex}:${hit.end.endIndex}:${hit.entry.id}`;
    const known = kept.get(key);
    if (!known || (known.guarded && !guarded)) kept.set(key, { hit, guarded });
  }
  return [...kept.values()];
}

function hitRequirements(rules: PythonRules, file: string, hit: Hit, guarded: boolean, test: boolean): Requirement[] {
  const entry = hit.entry;
  const targets = rules.file.targets;
  const fates = buildFates(targets, (field) => entry[field]?.outcome);
  // Only an outcome that breaks a build is worth saying so; a Python call that raises leaves the build alone.
  const builds = fates && (fates.core.fails || fates.component.fails) ? fates : undefined;
  const needs = failsEveryBuild(builds) ? [entry.capability] : [entry.capability, ...(entry.alsoNeeds ?? [])];
  const cap = SEVERITY_CAPS[entry.severityHint];
  return needs.map((capability) => {
    const requirement = sourceRequirement({
      language: 'python',
      capability,
      file,
      range: rangeOf(hit.start, hit.end),
      evidence: evidenceText(hit.subject, entry, targets),
      instead: entry.instead,
      guarded,
      test,
      builds,
    });
    return cap && !requirement.maxSeverity ? { ...requirement, maxSeverity: cap } : requirement;
  });
}

function rangeOf(start: Node, end: Node): Range {
  return { line: start.startPosition.row + 1, column: start.startPosition.column + 1, endLine: end.endPosition.row + 1, endColumn: end.endPosition.column + 1 };
}
