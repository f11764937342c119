import type { CheckResult } from '../../engine/check';
import type { Finding } from '../../engine/model';
import { compareText } from '../../engine/text';
import { fromRoot, hostTallies, plural, type CiContext } from './context';

/**
 * A GitHub job summary (`>> $GITHUB_STEP_SUMMARY`): the verdict per host, a table of blockers (findings that
 * are an error on at least one host) linked to their lines, the other findings' count, findings per
 * capability, and the inputs that could not be analysed.
 */
export function formatCheckMarkdown(result: CheckResult, context: Pick<CiContext, 'base' | 'docsBase'>): string {
  const out: string[] = [];
  const tallies = hostTallies(result);
  const blockedHosts = tallies.filter((t) => t.blocked).length;
  out.push(`## wasi-ready: ${result.targets.length === 0 ? 'no target' : blockedHosts === 0 ? `ready on ${joinAll(result.targets)}` : `blocked on ${blockedHosts} of ${plural(result.targets.length, 'host')}`}`, '');
  if (tallies.length > 0) {
    out.push('| host | verdict | errors | warnings | info |', '| --- | --- | ---: | ---: | ---: |');
    for (const t of tallies) out.push(`| ${cell(t.host)} | ${t.blocked ? '❌ blocked' : '✅ ready'} | ${t.counts.error} | ${t.counts.warning} | ${t.counts.info} |`);
    out.push('');
  }

  const blockers = result.findings.filter((f) => f.severity === 'error');
  out.push(`### Blockers (${blockers.length})`, '');
  if (blockers.length === 0) out.push('None: no finding is an error on any target.', '');
  else {
    out.push('| where | rule | hosts | message |', '| --- | --- | --- | --- |');
    for (const f of blockers) {
      const hosts = Object.entries(f.hosts).filter(([, v]) => v === 'error').map(([h]) => h);
      out.push(`| ${where(f, context)} | [${cell(f.ruleId)}](${context.docsBase}${f.ruleId}.md) | ${cell(hosts.join(', '))} | ${cell(f.message)} |`);
    }
    out.push('');
  }
  const others = result.findings.length - blockers.length;
  if (others > 0) {
    const warnings = result.findings.filter((f) => f.severity === 'warning').length;
    const parts = [warnings ? plural(warnings, 'warning') : '', others - warnings ? `${others - warnings} info` : ''].filter(Boolean);
    out.push(`Not blocking: ${parts.join(' and ')} (\`wasi-ready check --format text\` lists them).`, '');
  }

  if (result.findings.length > 0) {
    out.push('### Findings per capability', '', '| capability | errors | warnings | info |', '| --- | ---: | ---: | ---: |');
    const byCapability = new Map<string, { error: number; warning: number; info: number }>();
    for (const f of result.findings) {
      const counts = byCapability.get(f.capability) ?? { error: 0, warning: 0, info: 0 };
      counts[f.severity]++;
      byCapability.set(f.capability, counts);
    }
    for (const [capability, c] of [...byCapability].sort(([a], [b]) => compareText(a, b))) out.push(`| ${cell(capability)} | ${c.error} | ${c.warning} | ${c.info} |`);
    out.push('');
  }

  if (result.errors.length > 0) {
    out.push(`### Could not analyse (${result.errors.length})`, '', '| file | error |', '| --- | --- |');
    for (const e of result.errors) out.push(`| ${link(fromRoot(context, e.file), fromRoot(context, e.file))} | ${cell(`${e.message}${e.offset !== undefined ? ` (at byte ${e.offset})` : ''}`)} |`);
    out.push('');
  }
  const problems = result.suppressions?.problems ?? [];
  if (problems.length > 0) {
    out.push(`### Suppressions to clean up (${problems.length})`, '', '| where | problem |', '| --- | --- |');
    for (const problem of problems) out.push(`| ${link(`${fromRoot(context, problem.file)}:${problem.line}`, fromRoot(context, problem.file), `#L${problem.line}`)} | ${cell(problem.message)} |`);
    out.push('');
  }
  out.push(`${plural(result.summary.files, 'file')}, ${plural(result.summary.findings, 'finding')}, ${plural(result.summary.errors, 'error')} · wasi-ready ${result.tool.version}`);
  return `${out.join('\n')}\n`;
}

/** `[src/a.ts:12](src/a.ts#L12)`, relative to the repository root. */
function where(f: Finding, context: Pick<CiContext, 'base'>): string {
  const file = fromRoot(context, f.file);
  return link(`${file}:${f.line}`, file, `#L${f.line}`);
}

function link(text: string, file: string, anchor = ''): string {
  return `[${cell(text)}](${file.split('/').map(encodeURIComponent).join('/')}${anchor})`;
}

/** Table cell text: HTML and pipes escaped, on one line. */
export function cell(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function joinAll(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
