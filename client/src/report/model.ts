import type { ReportFinding, ReportFolder, ReportResult } from '../protocol';

/** What the readiness report shows, computed from `wasiReady/report` without VS Code. */

export type Level = 'error' | 'warning' | 'info';
export type HostLevel = Level | 'ok';

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
}

export interface CapabilityCounts extends SeverityCounts {
  capability: string;
}

/** One target host: ready when no finding is an error on it. Counts use the finding's severity on this host. */
export interface HostSummary {
  host: string;
  verdict: 'ready' | 'blocked';
  counts: SeverityCounts;
  /** Capabilities with at least one finding on this host: most errors first, then warnings, then info, then by name. */
  capabilities: CapabilityCounts[];
}

/** A finding that is an error on at least one host. `index` is its place in the folder's blockers, for links. */
export interface BlockerRow {
  index: number;
  ruleId: string;
  capability: string;
  uri: string;
  file: string;
  line: number;
  column: number;
  message: string;
  /** The hosts it blocks, in target order. */
  hosts: string[];
  docsUri: string;
}

/** Blockers per capability per host: `values[c][h]` for `capabilities[c]` on `hosts[h]`. */
export interface ChartData {
  hosts: string[];
  capabilities: string[];
  values: number[][];
  max: number;
}

export interface FolderModel {
  uri: string;
  name: string;
  targets: string[];
  projects: ReportFolder['projects'];
  hosts: HostSummary[];
  blockers: BlockerRow[];
  /** Findings that block no host, by their worst severity. */
  notBlocking: SeverityCounts;
  chart: ChartData;
  errors: ReportFolder['errors'];
  files: number;
  findings: number;
}

export interface ReportModel {
  scannedAt: string;
  ms: number;
  folders: FolderModel[];
  totals: { files: number; findings: number; blockers: number; errors: number; bySeverity: SeverityCounts };
}

/** The report's model; null before the first scan. */
export function reportModel(result: ReportResult | null): ReportModel | null {
  if (!result) return null;
  const folders = result.folders.map(folderModel);
  const bySeverity = zero();
  for (const folder of result.folders) for (const f of folder.findings) bySeverity[f.severity]++;
  return {
    scannedAt: result.scannedAt,
    ms: result.ms,
    folders,
    totals: {
      files: sum(folders.map((f) => f.files)),
      findings: sum(folders.map((f) => f.findings)),
      blockers: sum(folders.map((f) => f.blockers.length)),
      errors: sum(folders.map((f) => f.errors.length)),
      bySeverity,
    },
  };
}

function folderModel(folder: ReportFolder): FolderModel {
  const hosts = hostOrder(folder.targets, folder.findings);
  const blockers = blockerRows(folder.findings, hosts);
  const notBlocking = zero();
  for (const f of folder.findings) if (!blocks(f)) notBlocking[f.severity]++;
  return {
    uri: folder.uri,
    name: folder.name,
    targets: folder.targets,
    projects: folder.projects,
    hosts: hostSummaries(folder.findings, hosts),
    blockers,
    notBlocking,
    chart: chartData(folder.findings, hosts),
    errors: folder.errors,
    files: folder.files,
    findings: folder.findings.length,
  };
}

/** What the host summaries need of a finding; the .wasm view passes `inspect` findings, which have the same fields. */
export interface HostVerdicts {
  capability: string;
  hosts: Record<string, HostLevel>;
}

/** The targets, then any host a finding names that the targets leave out (a project-specific target). */
export function hostOrder(targets: string[], findings: HostVerdicts[]): string[] {
  const order = [...targets];
  for (const f of findings) for (const host of Object.keys(f.hosts)) if (!order.includes(host)) order.push(host);
  return order;
}

/** Verdict and counts per capability for each host, from each finding's severity on that host (`ok` counts nowhere). */
export function hostSummaries(findings: HostVerdicts[], hosts: string[]): HostSummary[] {
  return hosts.map((host) => {
    const counts = zero();
    const byCapability = new Map<string, CapabilityCounts>();
    for (const f of findings) {
      const level = f.hosts[host];
      if (level === undefined || level === 'ok') continue;
      counts[level]++;
      const row = byCapability.get(f.capability) ?? { capability: f.capability, ...zero() };
      row[level]++;
      byCapability.set(f.capability, row);
    }
    const capabilities = [...byCapability.values()].sort(
      (a, b) => b.error - a.error || b.warning - a.warning || b.info - a.info || a.capability.localeCompare(b.capability),
    );
    return { host, verdict: counts.error > 0 ? 'blocked' : 'ready', counts, capabilities };
  });
}

function blocks(f: HostVerdicts): boolean {
  return Object.values(f.hosts).includes('error');
}

/** Blockers by file, line and column. */
function blockerRows(findings: ReportFinding[], hosts: string[]): BlockerRow[] {
  return findings
    .filter(blocks)
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId))
    .map((f, index) => ({
      index,
      ruleId: f.ruleId,
      capability: f.capability,
      uri: f.uri,
      file: f.file,
      line: f.line,
      column: f.column,
      message: f.message,
      hosts: hosts.filter((h) => f.hosts[h] === 'error'),
      docsUri: f.docsUri,
    }));
}

/** Capabilities with a blocker on some host, most blockers first, then by name. */
export function chartData(findings: HostVerdicts[], hosts: string[]): ChartData {
  const perCapability = new Map<string, number[]>();
  for (const f of findings) {
    hosts.forEach((host, h) => {
      if (f.hosts[host] !== 'error') return;
      const values = perCapability.get(f.capability) ?? hosts.map(() => 0);
      values[h]++;
      perCapability.set(f.capability, values);
    });
  }
  const rows = [...perCapability].sort(([a, va], [b, vb]) => sum(vb) - sum(va) || a.localeCompare(b));
  const values = rows.map(([, v]) => v);
  return { hosts, capabilities: rows.map(([c]) => c), values, max: Math.max(0, ...values.flat()) };
}

function zero(): SeverityCounts {
  return { error: 0, warning: 0, info: 0 };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
