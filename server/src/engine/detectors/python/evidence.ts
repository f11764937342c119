import type { Outcome, PythonEntry, PythonTarget } from './types';
import { targetClauses } from '../source/targetClauses';

/** What an outcome means, as a clause of the message. */
const OUTCOME_PHRASES: Record<Outcome, string> = {
  'build-error': 'fails the build',
  'runtime-error': 'raises an error',
  degraded: 'runs degraded',
  'host-dependent': 'works only where the host grants it',
  works: 'works',
  unknown: 'is untested',
};

/**
 * The start of the message: what was found, what it does, and what it does on each target — "subprocess.run
 * runs a child process (raises an error on cpython-wasip1 and componentize-py)".
 */
export function evidenceText(subject: string, entry: PythonEntry, targets: PythonTarget[]): string {
  return `${subject} ${entry.does} (${targetClauses(targets, (target) => ({ phrase: OUTCOME_PHRASES[entry[target.field].outcome] }))})`;
}
