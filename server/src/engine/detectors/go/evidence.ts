import type { BuildFate } from '../../model';
import { failsBuild } from '../source/builds';
import type { GoEntry, GoTarget, Outcome } from './types';
import { targetClauses } from '../source/targetClauses';

/** What an outcome means, as a clause of the message. */
const OUTCOME_PHRASES: Record<Outcome, string> = {
  'compile-error': 'does not compile',
  'link-error': 'fails to link',
  'build-error': 'fails to build',
  'runtime-error': 'compiles, then returns an error',
  unsupported: 'compiles, then every call returns an error',
  panic: 'compiles, then panics',
  degraded: 'runs degraded',
  'host-dependent': 'works only where the host grants it',
  works: 'works',
  unknown: 'is untested',
};

/**
 * The start of the message: what was found, what it does, and what it does on each target —
 * "exec.Command starts a process (compiles, then returns an error on go-wasip1; is untested on tinygo-wasip1 and tinygo-wasip2)".
 */
export function evidenceText(subject: string, entry: GoEntry, targets: GoTarget[]): string {
  return `${subject} ${entry.does} (${targetClauses(targets, (target) => ({ phrase: OUTCOME_PHRASES[entry[target.field].outcome] }))})`;
}

/**
 * Whether a build for each binary kind fails because of this use. Two targets make core modules (Go and TinyGo
 * wasip1): the core build fails only when neither works, and the fate names the target that decides it. A
 * target whose outcome is unknown is not counted as failing.
 */
export function goBuildFates(entry: GoEntry, targets: GoTarget[]): Record<'core' | 'component', BuildFate> | undefined {
  const fate = (kind: 'core' | 'component'): BuildFate | undefined => {
    const of = targets.filter((t) => t.binaryKind === kind);
    if (of.length === 0) return undefined;
    const working = of.find((t) => !failsBuild(entry[t.field].outcome));
    return working ? { target: working.id, fails: false } : { target: of[0].id, fails: true };
  };
  const core = fate('core');
  const component = fate('component');
  return core && component ? { core, component } : undefined;
}
