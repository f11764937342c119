import type { BuildFate } from '../../model';

/**
 * Outcomes after which a build for that target does not work: it fails to build, the use panics, or every
 * call returns an error because nothing on the target implements it (Go's net/http client on wasip1:
 * `unsupported`). A run-time error is not one: the caller gets an `Err` it may handle
 * (`available_parallelism` falls back to 1).
 */
const FAILING_OUTCOMES = new Set(['compile-error', 'link-error', 'build-error', 'panic', 'unsupported']);

export function failsBuild(outcome: string): boolean {
  return FAILING_OUTCOMES.has(outcome);
}

/**
 * A requirement's `builds` from what a use does on each Rust target (rules' `wasip1`/`wasip2` outcomes), keyed
 * by the binary kind each target makes. Null when a target is not described.
 */
export function buildFates(
  targets: ReadonlyArray<{ id: string; field: 'wasip1' | 'wasip2'; binaryKind: 'core' | 'component' }>,
  outcomeOf: (field: 'wasip1' | 'wasip2') => string | undefined,
): Record<'core' | 'component', BuildFate> | null {
  const fates: Partial<Record<'core' | 'component', BuildFate>> = {};
  for (const target of targets) {
    const outcome = outcomeOf(target.field);
    if (outcome === undefined) return null;
    fates[target.binaryKind] = { target: target.id, fails: failsBuild(outcome) };
  }
  return fates.core && fates.component ? { core: fates.core, component: fates.component } : null;
}

/** No binary kind builds and works: the use breaks the build itself, so it is one finding, not one per capability. */
export function failsEveryBuild(builds: Record<'core' | 'component', BuildFate> | null | undefined): boolean {
  return builds !== null && builds !== undefined && builds.core.fails && builds.component.fails;
}
