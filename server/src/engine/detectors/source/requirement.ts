import type { CapabilityId } from '../../capabilities';
import type { Range, Requirement } from '../../model';

export interface SourceHit {
  /** The rule family: `js`, `rust`, … (`<language>/<capability>` is the rule id). */
  language: string;
  capability: CapabilityId;
  file: string;
  range: Range;
  /** What was found, as the message starts: "fs.writeFileSync writes a file". */
  evidence: string;
  instead?: string;
  /** A platform check or build constraint keeps this code out of a Wasm build. */
  guarded: boolean;
  /** Test-only code: never part of the deployed module. */
  test: boolean;
  /** What the language's Wasm runtimes do with this use, where the runtime is compiled into the module. */
  runtime?: Requirement['runtime'];
  /** Compiled languages: whether a build for each binary kind fails because of this use. */
  builds?: Requirement['builds'];
}

/** A source finding's requirement: asked of each host as a capability; test code is at most info. */
export function sourceRequirement(hit: SourceHit): Requirement {
  return {
    ruleId: `${hit.language}/${hit.capability}`,
    capability: hit.capability,
    origin: 'source',
    file: hit.file,
    range: hit.range,
    evidence: hit.evidence,
    need: { kind: 'capability' },
    guarded: hit.guarded,
    test: hit.test,
    package: null,
    ...(hit.instead ? { instead: hit.instead } : {}),
    ...(hit.test ? { maxSeverity: 'info' as const } : {}),
    ...(hit.runtime ? { runtime: hit.runtime } : {}),
    ...(hit.builds ? { builds: hit.builds } : {}),
  };
}
