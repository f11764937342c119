import * as path from 'node:path';
import type { InputError, Requirement, Severity } from '../../model';
import { cFiles } from './files';
import type { Analysis, Detector } from '../registry';
import { buildFates, failsEveryBuild } from '../source/builds';
import { readCSource } from './read';
import { sourceRequirement } from '../source/requirement';
import { evidenceText } from './evidence';
import { localFunctions, matchOccurrence, mayMatch, type Hit, type TreeView } from './matchers';
import { cParser } from './parser';
import { excludedLines } from './preprocessor';
import { cRules, type CRules } from './rules';
import { scanner, type Occurrence, type Scanner } from './scanner';
import { isCTestFile } from './testCode';
import { LineIndex, usings } from './text';

/**
 * Larger files (amalgamations such as sqlite3.c) are matched from the text alone: even windowed, parsing one
 * costs more than the rest of a scan (measured on sqlite3.c: 1.5 s and 215 MB windowed, 0.85 s and 151 MB from text).
 */
const MAX_PARSED_CHARS = 2 * 1024 * 1024;

let scan: Scanner | null = null;

/**
 * C and C++ source: threads, processes, sockets, signals, dynamic loading, memory mapping and file writes,
 * from rules/apis/c.json, with what current wasi-libc does with each. Reads only the file itself.
 */
export const cDetector: Detector = {
  ...cFiles,
  analyze: (file, _kb, options) => analyzeCFile(file, options.root, options.text),
};

export async function analyzeCFile(file: string, root: string, unsaved?: string): Promise<Analysis> {
  const errors: InputError[] = [];
  const text = readCSource(file, errors, unsaved);
  if (text === null) return { requirements: [], errors };
  const rules = cRules();
  scan ??= scanner(rules);
  const occurrences = scan.occurrences(text);
  if (occurrences.length === 0) return { requirements: [], errors };
  const use = usings(text);
  // A file that only mentions an API (a member, another namespace's, a read-only open) is not parsed.
  if (!occurrences.some((o) => mayMatch(text, o, rules, use))) return { requirements: [], errors };
  const requirements: Requirement[] = [];
  const trees: Array<{ delete(): void }> = [];
  try {
    const lines = new LineIndex(text);
    const views = text.length <= MAX_PARSED_CHARS ? await parseViews(text, occurrences, lines) : [];
    trees.push(...views.map((v) => v.tree));
    const locals = new Set(views.flatMap((v) => [...localFunctions(v.tree)]));
    const hits: Hit[] = [];
    for (const occurrence of occurrences) {
      const row = lines.position(occurrence.offset).row;
      const view = views.find((v) => row >= v.firstRow && row <= v.lastRow) ?? null;
      const hit = matchOccurrence(text, occurrence, view, lines, rules, use, locals);
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
    for (const t of trees) t.delete();
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

/** Files up to this size are parsed whole; larger ones only around their occurrences (parsing is most of a scan). */
const WHOLE_PARSE_CHARS = 24 * 1024;
/** How far a window reaches from an occurrence when no top-level `}` closes it sooner. */
const WINDOW_ROWS = 400;

/**
 * The trees the matcher reads: the whole file when it is small; otherwise one per window around the
 * occurrences, each from the line after the previous top-level `}` (a line starting with `}`) to the next one,
 * so a window holds whole functions. Windows that touch are merged.
 */
async function parseViews(text: string, occurrences: Occurrence[], lines: LineIndex): Promise<Array<TreeView & { lastRow: number }>> {
  const parser = await cParser();
  const rows = text.split('\n');
  if (text.length <= WHOLE_PARSE_CHARS) return [{ tree: parser.parse(text), firstRow: 0, lastRow: rows.length - 1 }];
  const windows: Array<[number, number]> = [];
  for (const occurrence of occurrences) {
    const row = lines.position(occurrence.offset).row;
    if (windows.length > 0 && row <= windows[windows.length - 1][1]) continue;
    let first = row;
    while (first > 0 && row - first < WINDOW_ROWS && !rows[first - 1].startsWith('}')) first--;
    let last = row;
    while (last < rows.length - 1 && last - row < WINDOW_ROWS && !rows[last].startsWith('}')) last++;
    const previous = windows[windows.length - 1];
    if (previous && first <= previous[1] + 1) previous[1] = last;
    else windows.push([first, last]);
  }
  return windows.map(([first, last]) => ({ tree: parser.parse(rows.slice(first, last + 1).join('\n')), firstRow: first, lastRow: last }));
}
