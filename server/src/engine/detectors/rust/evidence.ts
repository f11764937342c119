import type { Outcome, RustEntry, RustTarget } from './types';
import { targetClauses } from '../source/targetClauses';

/** What an outcome means, as a clause of the message. */
const OUTCOME_PHRASES: Record<Outcome, string> = {
  'compile-error': 'does not compile',
  'link-error': 'fails to link',
  'build-error': 'fails to build',
  'runtime-error': 'compiles, then returns an error',
  panic: 'compiles, then panics',
  degraded: 'runs degraded',
  'host-dependent': 'works only where the host grants it',
  works: 'works',
  unknown: 'is untested',
};

/**
 * The start of the message: what was found, what it does, and what it does on each WASI target —
 * "std::thread::spawn spawns an OS thread (compiles, then panics on wasm32-wasip1 and wasm32-wasip2)".
 */
export function evidenceText(subject: string, entry: RustEntry, targets: RustTarget[]): string {
  return `${subject} ${entry.does} (${targetClauses(targets, (target) => ({ phrase: OUTCOME_PHRASES[entry[target.field].outcome] }))})`;
}
