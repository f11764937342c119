import type { CheckResult } from '../../engine/check';
import type { InspectResult } from '../../engine/inspect';
import type { Finding, HostVerdict, Severity } from '../../engine/model';
import type { Paint } from './color';
import { plural } from './context';

const SEVERITY_WIDTH = 7;

/** Findings grouped by file, one line each, then a verdict per target host. */
export function formatCheckText(result: CheckResult, p: Paint): string {
  const lines: string[] = [];
  for (const choice of result.choices) {
    const where = choice.projectRoot !== null ? `${choice.projectRoot === '.' ? '.' : choice.projectRoot}: ` : '';
    lines.push(p.dim(`${where}targets ${choice.targets.join(', ')} (${choice.reason})`));
  }
  if (result.choices.length > 0) lines.push('');
  let currentFile: string | null = null;
  for (const finding of result.findings) {
    if (finding.file !== currentFile) {
      if (currentFile !== null) lines.push('');
      lines.push(p.bold(finding.file));
      currentFile = finding.file;
    }
    lines.push(formatFindingLine(finding, p));
  }
  if (result.errors.length > 0) {
    if (currentFile !== null) lines.push('');
    lines.push(p.bold('could not analyse'));
    for (const error of result.errors) {
      lines.push(`  ${error.file}${error.offset !== undefined ? ` @${error.offset}` : ''}  ${p.red('error')}  ${error.message}`);
    }
  }
  if (lines.length > 0 && lines[lines.length - 1] !== '') lines.push('');
  lines.push(...hostSummary(result, p));
  lines.push(p.dim(`${plural(result.summary.files, 'file')}, ${plural(result.summary.findings, 'finding')}, ${plural(result.summary.errors, 'error')} in ${result.summary.ms} ms`));
  return `${lines.join('\n')}\n`;
}

function formatFindingLine(finding: Finding, p: Paint): string {
  const location = `${finding.line}:${finding.column}`.padEnd(7);
  const tags = [finding.guarded ? 'guarded' : '', finding.test ? 'test' : ''].filter(Boolean).join(', ');
  return `  ${p.dim(location)} ${colorSeverity(finding.severity, p)}  ${finding.message}${tags ? p.dim(` [${tags}]`) : ''}  ${p.dim(finding.ruleId)}`;
}

function colorSeverity(severity: Severity, p: Paint): string {
  const padded = severity.padEnd(SEVERITY_WIDTH);
  return severity === 'error' ? p.red(padded) : severity === 'warning' ? p.yellow(padded) : p.blue(padded);
}

/** "spin: blocked — 3 errors, 1 warning" / "fastly-compute: ready" */
function hostSummary(result: CheckResult, p: Paint): string[] {
  return result.targets.map((host) => {
    const counts: Record<HostVerdict, number> = { error: 0, warning: 0, info: 0, ok: 0 };
    for (const finding of result.findings) {
      const verdict = finding.hosts[host];
      if (verdict) counts[verdict]++;
    }
    const parts = (['error', 'warning', 'info'] as const).filter((s) => counts[s] > 0).map((s) => plural(counts[s], s));
    const verdict = counts.error > 0 ? p.red('blocked') : p.green('ready');
    return `${p.bold(host)}: ${verdict}${parts.length ? ` — ${parts.join(', ')}` : ''}`;
  });
}

export function formatInspectText(result: InspectResult, p: Paint): string {
  const lines: string[] = [];
  if (result.errors) {
    lines.push(`${p.bold(result.file)}: ${p.red('error')} ${result.errors.map((e) => `${e.message}${e.offset !== undefined ? ` (at byte ${e.offset})` : ''}`).join('; ')}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${p.bold(result.file)}: ${result.kind === 'core' ? 'core module' : 'component'}, ${result.size} bytes`);
  if (result.producers) {
    for (const [field, values] of Object.entries(result.producers)) lines.push(p.dim(`  ${field}: ${values.join(', ')}`));
  }
  lines.push('', p.bold('imports'));
  const imports = (result.imports ?? []) as Array<Record<string, unknown>>;
  if (result.kind === 'core') {
    const byModule = new Map<string, string[]>();
    for (const i of imports) byModule.set(String(i.module), [...(byModule.get(String(i.module)) ?? []), i.kind === 'func' ? String(i.name) : `${String(i.name)} (${String(i.kind)})`]);
    for (const [module, names] of byModule) lines.push(`  ${module}: ${names.join(', ')}`);
  } else {
    for (const i of imports) {
      const functions = Array.isArray(i.functions) && i.functions.length ? p.dim(` { ${(i.functions as string[]).join(', ')} }`) : '';
      lines.push(`  ${String(i.name)}${i.kind !== 'instance' ? ` (${String(i.kind)})` : ''}${functions}`);
    }
  }
  if (imports.length === 0) lines.push('  (none)');
  lines.push('', p.bold('exports'));
  const exports = (result.exports ?? []) as Array<Record<string, unknown>>;
  lines.push(exports.length ? `  ${exports.map((e) => String(e.name)).join(', ')}` : '  (none)');
  const memories = (result.memories ?? []) as Array<{ imported: boolean; shared: boolean; memory64: boolean; min: number; max: number | null }>;
  if (memories.length) {
    lines.push('', p.bold('memories'));
    for (const m of memories) lines.push(`  ${m.imported ? 'imported' : 'defined'}${m.shared ? ', shared' : ''}${m.memory64 ? ', memory64' : ''}, ${m.min}..${m.max ?? '∞'} pages`);
  }
  lines.push('', p.bold(`findings (${(result.targets ?? []).join(', ')})`));
  if (!result.findings?.length) lines.push('  none');
  for (const finding of result.findings ?? []) lines.push(formatFindingLine(finding, p));
  return `${lines.join('\n')}\n`;
}
