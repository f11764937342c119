import * as path from 'node:path';
import type { InputError, Requirement, Severity } from '../../model';
import type { Analysis, Detector } from '../registry';
import { buildFates, failsEveryBuild } from '../source/builds';
import { readCSource } from './read';
import { sourceRequirement } from '../source/requirement';
import { evidenceText } from './evidence';
import { localFunctions, matchOccurrence, type Hit } from './matchers';
import { cParser } from './parser';
import { excludedLines } from './preprocessor';
import { cRules, type CRules } from './rules';
import { scanner, type Scanner } from './scanner';
import { isCTestFile } from './testCode';
import { LineIndex, usings } from './text';

/** Larger files (amalgamations such as sqlite3.c) are matched from the text alone: the tree would cost hundreds of MB. */
const MAX_PARSED_CHARS = 2 * 1024 * 1024;

let scan: Scanner | null = null;

/**
 * C and C++ source: threads, processes, sockets, signals, dynamic loading, memory mapping and file writes,
 * from rules/apis/c.json, with what current wasi-libc does with each. Reads only the file itself.
 */
export const cDetector: Detector = {
  name: 'C/C++ source',
  selfContained: true,
  wants: (file) => cRules().file.fileExtensions.includes(path.extname(file).toLowerCase()),
  analyze: (file, _kb, options) => analyzeCFile(file, options.root),
};

export async function analyzeCFile(file: string, root: string): Promise<Analysis> {
  const errors: InputError[] = [];
  const text = readCSource(file, errors);
  if (text === null) return { requirements: [], errors };
  const rules = cRules();
  scan ??= scanner(rules);
  const occurrences = scan.occurrences(text);
  if (occurrences.length === 0) return { requirements: [], errors };
  const requirements: Requirement[] = [];
  let tree: { delete(): void } | null = null;
  try {
    const lines = new LineIndex(text);
    const parsed = text.length <= MAX_PARSED_CHARS ? (await cParser()).parse(text) : null;
    tree = parsed;
    const use = usings(text);
    const locals = parsed ? localFunctions(parsed) : new Set<string>();
    const hits: Hit[] = [];
    for (const occurrence of occurrences) {
      const hit = matchOccurrence(text, occurrence, parsed, lines, rules, use, locals);
      if (hit) hits.push(hit);
    }
    if (hits.length > 0) {
      const excluded = excludedLines(text, rules.file.targets);
      const test = isCTestFile(file, root, text);
      for (const hit of hits) requirements.push(...hitRequirements(rules, file, hit, lines, excluded, test));
    }
  } catch (error) {
    errors.push({ file, message: `cannot analyse C/C++ source: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    tree?.delete();
  }
  return { requirements, errors };
}

const SEVERITY_CAPS: Record<string, Severity | undefined> = { info: 'info', warning: 'warning' };

function hitRequirements(rules: CRules, file: string, hit: Hit, lines: LineIndex, excluded: (line: number) => boolean, test: boolean): Requirement[] {
  const { entry } = hit;
  const from = lines.position(hit.start);
  const to = lines.position(hit.end);
  const builds = buildFates(rules.file.targets, (field) => entry[field].outcome) ?? undefined;
  const requirement = sourceRequirement({
    language: 'c',
    capability: entry.capability,
    file,
    range: { line: from.row + 1, column: from.column + 1, endLine: to.row + 1, endColumn: to.column + 1 },
    evidence: evidenceText(hit.subject, entry, rules.file.targets, hit.confidence),
    instead: entry.instead,
    guarded: excluded(from.row),
    test,
    builds,
  });
  const cap = failsEveryBuild(builds) ? undefined : SEVERITY_CAPS[entry.severityHint];
  return [cap && !requirement.maxSeverity ? { ...requirement, maxSeverity: cap } : requirement];
}
