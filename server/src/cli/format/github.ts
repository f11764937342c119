import type { CheckResult } from '../../engine/check';
import type { Severity } from '../../engine/model';
import { fromRoot, hostTallies, plural, type CiContext } from './context';

/**
 * GitHub Actions workflow commands, one annotation per finding (peers.md §6, "cheaper CI alternative"):
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule>::<message>`; info is a `notice`. Inputs that
 * could not be analysed are errors on their file; suppressions to clean up (unused, without a reason) are warnings
 * on their line. The verdict per host follows as plain log lines.
 */
export function formatCheckGithub(result: CheckResult, context: Pick<CiContext, 'base'>): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    const tags = [f.guarded ? 'guarded' : '', f.test ? 'test' : ''].filter(Boolean).join(', ');
    const properties: Array<[string, string | number]> = [['file', fromRoot(context, f.file)], ['line', f.line]];
    if (f.endLine > f.line || f.endColumn > f.column) properties.push(['col', f.column], ['endLine', f.endLine], ['endColumn', f.endColumn]);
    properties.push(['title', f.ruleId]);
    lines.push(command(COMMAND[f.severity], properties, `${f.message}${tags ? ` [${tags}]` : ''} (${f.docs})`));
  }
  for (const error of result.errors) {
    lines.push(command('error', [['file', fromRoot(context, error.file)], ['title', 'wasi-ready: could not analyse']], `${error.message}${error.offset !== undefined ? ` (at byte ${error.offset})` : ''}`));
  }
  for (const problem of result.suppressions?.problems ?? []) {
    lines.push(command('warning', [['file', fromRoot(context, problem.file)], ['line', problem.line], ['col', problem.column], ['title', `wasi-ready: ${problem.kind}`]], problem.message));
  }
  for (const tally of hostTallies(result)) {
    const parts = (['error', 'warning', 'info'] as const).filter((s) => tally.counts[s] > 0).map((s) => plural(tally.counts[s], s));
    lines.push(`${tally.host}: ${tally.blocked ? 'blocked' : 'ready'}${parts.length ? ` — ${parts.join(', ')}` : ''}`);
  }
  lines.push(`${plural(result.summary.files, 'file')}, ${plural(result.summary.findings, 'finding')}, ${plural(result.summary.errors, 'error')}`);
  return `${lines.join('\n')}\n`;
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

function command(name: string, properties: Array<[string, string | number]>, message: string): string {
  return `::${name} ${properties.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(message)}`;
}

/** Workflow command data: `%`, CR and LF are percent-encoded (actions/toolkit `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also encode `:` and `,`, which separate the command's parts (actions/toolkit `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
