import type { Outcome, CEntry, CTarget } from './types';

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
  const groups = new Map<string, string[]>();
  for (const target of targets) {
    const behaviour = entry[target.field];
    const clause = `${OUTCOME_PHRASES[behaviour.outcome]}\u0000${behaviour.detail}`;
    groups.set(clause, [...(groups.get(clause) ?? []), target.id]);
  }
  const clauses = [...groups].map(([clause, ids]) => {
    const [phrase, detail] = clause.split('\u0000');
    return `${phrase} on ${ids.join(' and ')}: ${detail}`;
  });
  const weak = confidence === 'token' ? '; matched by name in code the parser could not read (macros), lower confidence' : '';
  return `${subject} ${entry.does} (${clauses.join('; ')}${weak})`;
}
