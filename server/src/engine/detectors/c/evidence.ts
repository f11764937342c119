import type { Outcome, CEntry, CTarget } from './types';
import { targetClauses } from '../source/targetClauses';

const OUTCOME_PHRASES: Record<Outcome, string> = {
  'compile-error': 'does not compile',
  'link-error': 'fails to link',
  'runtime-error': 'compiles, then returns an error',
  panic: 'compiles, then aborts',
  degraded: 'runs degraded',
  'host-dependent': 'works only where the host grants it',
  works: 'works',
  unknown: 'is untested',
};

/**
 * The start of the message: what was found, what it does, and what current wasi-libc does with it on each
 * target — "pthread_create starts a POSIX thread (compiles, then returns an error on wasm32-wasip1 and
 * wasm32-wasip2: wasi-libc's single-threaded stub returns ENOTSUP)".
 */
export function evidenceText(subject: string, entry: CEntry, targets: CTarget[], confidence: 'tree' | 'token'): string {
  const clauses = targetClauses(targets, (target) => ({ phrase: OUTCOME_PHRASES[entry[target.field].outcome], detail: entry[target.field].detail }));
  const weak = confidence === 'token' ? '; matched by name in code the parser could not read (macros), lower confidence' : '';
  return `${subject} ${entry.does} (${clauses}${weak})`;
}
