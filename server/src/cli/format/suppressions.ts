import type { CheckResult } from '../../engine/check';
import type { Paint } from './color';

/**
 * After the text output: what configuration, directives and the baseline left out, and the suppressions that
 * need attention (unused allow entries and directives, directives without a reason). Empty when there is
 * nothing to say, so output without any of them is unchanged.
 */
export function formatSuppressionsText(result: CheckResult, p: Paint): string {
  const report = result.suppressions;
  if (!report) return '';
  const lines: string[] = [''];
  const { rules, tests, allow, directives, baseline } = report.dropped;
  const parts = [
    rules ? `${rules} by rules set to off` : '',
    tests ? `${tests} in test code (tests: false)` : '',
    allow ? `${allow} by allow entries` : '',
    directives ? `${directives} by inline directives` : '',
  ].filter(Boolean);
  if (parts.length) lines.push(p.dim(`left out: ${parts.join(', ')}`));
  if (report.baseline) {
    const b = report.baseline;
    const gone = b.gone.reduce((n, e) => n + (e.count ?? 1), 0);
    lines.push(p.dim(`baseline ${b.file}: ${baseline} known, ${b.new} new, ${gone} gone${gone ? ' (re-write it with --baseline-write to drop them)' : ''}`));
  }
  if (report.problems.length) {
    lines.push(p.bold('suppressions'));
    for (const problem of report.problems) {
      lines.push(`  ${problem.file}:${problem.line}:${problem.column}  ${p.yellow('warning')}  ${problem.message}  ${p.dim(problem.kind)}`);
    }
  }
  return lines.length > 1 ? `${lines.join('\n')}\n` : '';
}
