import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from './model';
import { ConfigError } from './targets';
import { TOOL_VERSION } from './version';

/**
 * A baseline records the findings a project accepts today, so CI fails only on new ones. Each finding is
 * known by an identity that survives unrelated edits: its rule, its file (relative to the baseline file) and
 * what it is about — `package@version` for a dependency, the text of its line (trimmed, hashed) for source,
 * the capability for a binary — never its line number alone. Identical identities are counted.
 */
export interface BaselineFile {
  wasiReadyBaseline: 1;
  tool: string;
  entries: BaselineEntry[];
}

export interface BaselineEntry {
  ruleId: string;
  file: string;
  identity: string;
  count?: number;
}

export interface BaselineOutcome {
  /** The baseline file, as the user named it. */
  file: string;
  /** Findings the baseline already held (left out of the output and the exit code). */
  known: number;
  /** Findings it did not hold. */
  new: number;
  /** Entries that match nothing any more (fixed, or their file changed): re-write the baseline to drop them. */
  gone: BaselineEntry[];
}

/** A baseline that cannot be read: bad usage, exit 2. */
export class BaselineError extends ConfigError {}

/** `absolute` maps a finding's output path back to the file on disk. */
export function identities(findings: Finding[], absolute: (file: string) => string, baselineDir: string): string[] {
  const lines = new Map<string, string[] | null>();
  const lineText = (file: string, line: number): string | null => {
    if (!lines.has(file)) {
      try {
        lines.set(file, fs.readFileSync(file, 'utf8').split(/\r?\n/));
      } catch {
        lines.set(file, null);
      }
    }
    return lines.get(file)?.[line - 1] ?? null;
  };
  return findings.map((finding) => {
    const file = absolute(finding.file);
    const relative = path.relative(baselineDir, file).split(path.sep).join('/');
    let identity: string;
    if (finding.package) identity = `package:${finding.package.ecosystem}:${finding.package.name}@${finding.package.version ?? '*'}`;
    else if (finding.origin === 'binary') identity = `binary:${finding.capability}`;
    else {
      const text = lineText(file, finding.line);
      identity = text === null ? `at:${finding.line}:${finding.column}` : `line:${hash(text.trim())}`;
    }
    return key({ ruleId: finding.ruleId, file: relative, identity });
  });
}

export function writeBaseline(file: string, findings: Finding[], absolute: (file: string) => string): void {
  const counts = new Map<string, number>();
  for (const id of identities(findings, absolute, path.dirname(path.resolve(file)))) counts.set(id, (counts.get(id) ?? 0) + 1);
  const entries = [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, count]) => {
    const [ruleId, entryFile, identity] = id.split('\u0000');
    return { ruleId, file: entryFile, identity, ...(count > 1 ? { count } : {}) };
  });
  const data: BaselineFile = { wasiReadyBaseline: 1, tool: TOOL_VERSION, entries };
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

export function readBaseline(file: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BaselineError(`${file}: cannot read the baseline (${error instanceof Error ? error.message : String(error)}); write one with --baseline-write`);
  }
  const baseline = data as Partial<BaselineFile>;
  if (baseline?.wasiReadyBaseline !== 1 || !Array.isArray(baseline.entries)
    || !baseline.entries.every((e) => typeof e?.ruleId === 'string' && typeof e.file === 'string' && typeof e.identity === 'string')) {
    throw new BaselineError(`${file}: not a wasi-ready baseline (write one with --baseline-write)`);
  }
  return baseline as BaselineFile;
}

/** Keeps the findings the baseline does not hold; says how many it held and which of its entries are gone. */
export function applyBaseline(file: string, findings: Finding[], absolute: (file: string) => string): { findings: Finding[]; outcome: BaselineOutcome } {
  const baseline = readBaseline(file);
  const remaining = new Map<string, number>();
  for (const entry of baseline.entries) {
    const id = key(entry);
    remaining.set(id, (remaining.get(id) ?? 0) + (entry.count ?? 1));
  }
  const ids = identities(findings, absolute, path.dirname(path.resolve(file)));
  const kept: Finding[] = [];
  findings.forEach((finding, i) => {
    const left = remaining.get(ids[i]) ?? 0;
    if (left > 0) remaining.set(ids[i], left - 1);
    else kept.push(finding);
  });
  const gone = [...remaining].filter(([, left]) => left > 0).map(([id, left]) => {
    const [ruleId, entryFile, identity] = id.split('\u0000');
    return { ruleId, file: entryFile, identity, ...(left > 1 ? { count: left } : {}) };
  });
  return { findings: kept, outcome: { file, known: findings.length - kept.length, new: kept.length, gone } };
}

function key(entry: { ruleId: string; file: string; identity: string }): string {
  return `${entry.ruleId}\u0000${entry.file}\u0000${entry.identity}`;
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}
