import type { FileStatusResult, ScanFinishedParams } from '../protocol';
import type { ReportModel } from '../report/model';
import { plural } from '../plural';

/** What the language status item and the status-bar message say, without VS Code. */

export interface StatusText {
  text: string;
  detail: string;
}

/**
 * Text: the targets, from the setting when it names some (it wins over the projects' own, like --target), else those
 * the last scan found in the projects; detail: when the last scan finished and what it found.
 */
export function languageStatus(scan: ScanFinishedParams | undefined, configured: string[], formatTime: (iso: string) => string): StatusText {
  const targets = configured.length ? configured : (scan?.targets ?? []);
  const text = `WASI: ${targets.length ? targets.join(', ') : 'project targets'}`;
  if (!scan) return { text, detail: 'no workspace scan yet' };
  const { error, warning, info } = scan.bySeverity;
  const counts = [plural(error, 'error'), plural(warning, 'warning'), `${info} info`].join(', ');
  const unreadable = scan.errors ? `, ${plural(scan.errors, 'file')} not analysed` : '';
  return { text, detail: `scanned ${formatTime(scan.scannedAt)}: ${counts} in ${plural(scan.files, 'file')}${unreadable}` };
}

/** The active file's own status over the workspace's: said first when the file is not checked, or only in part. */
export function withFileStatus(status: StatusText, file: FileStatusResult | null): StatusText {
  if (!file?.reason) return status;
  if (!file.checked) return { text: 'WASI: file not checked', detail: `${file.reason} · ${status.detail}` };
  return { text: status.text, detail: `${file.reason} · ${status.detail}` };
}

/** After "Check WASI readiness": the hosts it blocks, or that it is ready, and the counts. */
export function checkSummary(model: ReportModel | null): string {
  if (!model) return 'WASI readiness: no scan result';
  const blocked = new Set<string>();
  const hosts = new Set<string>();
  for (const folder of model.folders) {
    for (const h of folder.hosts) {
      hosts.add(h.host);
      if (h.verdict === 'blocked') blocked.add(h.host);
    }
  }
  const { blockers, bySeverity } = model.totals;
  const counts = `${plural(blockers, 'blocker')}, ${plural(bySeverity.warning, 'warning')}`;
  if (hosts.size === 0) return `WASI readiness: no target host · ${counts}`;
  if (blocked.size === 0) return `$(check) WASI: ready on ${[...hosts].join(', ')} · ${counts}`;
  return `$(error) WASI: blocked on ${[...blocked].join(', ')} · ${counts}`;
}
