import * as path from 'node:path';
import type { CheckResult } from '../engine/check';
import { fileUri } from './analyzer';
import { docsUri } from './diagnostics';
import type { ReportFolder, ReportResult } from './protocol';

/** One workspace folder's last scan (null when a config error stopped it). */
export interface FolderScan {
  folder: string;
  name: string;
  uri: string;
  result: CheckResult | null;
}

/** The last scan of each folder as the readiness report shows it: absolute URIs for links, docs pages as URIs. */
export function toReportResult(scans: FolderScan[], when: { at: string; ms: number }): ReportResult {
  return { scannedAt: when.at, ms: when.ms, folders: scans.map(toReportFolder) };
}

function toReportFolder(scan: FolderScan): ReportFolder {
  const result = scan.result;
  const absolute = (file: string): string => path.resolve(scan.folder, file);
  return {
    uri: scan.uri,
    name: scan.name,
    targets: result?.targets ?? [],
    projects: (result?.choices ?? []).map((c) => ({ root: c.projectRoot, targets: c.targets, reason: c.reason })),
    findings: (result?.findings ?? []).map((f) => ({
      ruleId: f.ruleId, capability: f.capability, severity: f.severity, origin: f.origin,
      uri: fileUri(absolute(f.file)), file: f.file, line: f.line, column: f.column, message: f.message,
      hosts: f.hosts, guarded: f.guarded, test: f.test, package: f.package, docsUri: docsUri(f.ruleId),
    })),
    errors: (result?.errors ?? []).map((e) => ({ uri: fileUri(absolute(e.file)), file: e.file, message: e.message })),
    files: result?.summary.files ?? 0,
  };
}
