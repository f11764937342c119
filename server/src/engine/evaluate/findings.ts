import type { Target } from '../hosts';
import type { Knowledge } from '../knowledge/load';
import type { Finding, HostVerdict, Requirement, Severity } from '../model';
import { judge, type Judgement } from './judge';
import { hostClause } from './message';

const RANK: Record<HostVerdict, number> = { ok: 0, info: 1, warning: 2, error: 3 };

/**
 * Compares each requirement with each target host. A requirement that every host provides gives no finding;
 * otherwise one finding, whose severity is the worst host's and whose message names the hosts and why.
 * Guarded code is reported at info at most.
 */
export function evaluate(requirements: Requirement[], targets: Target[], kb: Knowledge, relativePath: (file: string) => string): Finding[] {
  const findings: Finding[] = [];
  for (const requirement of requirements) {
    const judged = targets.map((target) => ({ host: target.label, judgement: judge(requirement, target, kb) }));
    const hosts: Record<string, HostVerdict> = {};
    const ceiling: HostVerdict = requirement.guarded ? 'info' : (requirement.maxSeverity ?? 'error');
    for (const { host, judgement } of judged) hosts[host] = RANK[judgement.verdict] > RANK[ceiling] ? ceiling : judgement.verdict;
    const worst = Object.values(hosts).reduce<HostVerdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
    if (worst === 'ok') continue;
    findings.push({
      ruleId: requirement.ruleId,
      capability: requirement.capability,
      severity: worst as Severity,
      origin: requirement.origin,
      file: relativePath(requirement.file),
      line: requirement.range.line,
      column: requirement.range.column,
      endLine: requirement.range.endLine,
      endColumn: requirement.range.endColumn,
      message: composeMessage(requirement, judged.filter((j) => j.judgement.verdict !== 'ok'), targets, kb),
      hosts,
      guarded: requirement.guarded,
      test: requirement.test,
      package: requirement.package,
      docs: `docs/rules/${requirement.ruleId}.md`,
    });
  }
  return findings;
}

/** "<evidence>: <hosts and why>; <what to do instead>" */
function composeMessage(requirement: Requirement, judged: Array<{ host: string; judgement: Judgement }>, targets: Target[], kb: Knowledge): string {
  const linkingOnly = requirement.origin === 'binary' && requirement.need.kind === 'capability' && requirement.capability !== 'threads';
  const caveat = linkingOnly ? ' (an import shows linking, not necessarily use)' : '';
  return `${requirement.evidence}: ${hostClause(judged)}; ${insteadClause(requirement, judged, targets, kb)}${caveat}`;
}

/**
 * What the judgement itself says to do, else the host profiles' own alternatives where they have one
 * ("spin: …"), else the rule's or the capability's generic one; one shared alternative is said once.
 */
function insteadClause(requirement: Requirement, judged: Array<{ host: string; judgement: Judgement }>, targets: Target[], kb: Knowledge): string {
  const generic = requirement.instead ?? kb.capabilities.get(requirement.capability)?.instead ?? 'see the rule\'s documentation';
  const byHint = new Map<string, string[]>();
  let someHostHasNone = false;
  for (const { host, judgement } of judged) {
    const profileHint = requirement.instead ? undefined : targets.find((t) => t.label === host)?.profile.instead[requirement.capability];
    const hint = judgement.instead ?? profileHint;
    if (hint) byHint.set(hint, [...(byHint.get(hint) ?? []), host]);
    else someHostHasNone = true;
  }
  if (byHint.size === 0) return generic;
  const hints = byHint.size === 1 && !someHostHasNone
    ? [...byHint.keys()]
    : [...byHint].map(([hint, on]) => `${on.join(', ')}: ${hint}`);
  return [...hints, ...(someHostHasNone ? [generic] : [])].join('; ');
}
