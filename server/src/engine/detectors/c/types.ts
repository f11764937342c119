import type { CapabilityId } from '../../capabilities';

/** The shape of rules/apis/c.json (schema rules/apis/c.schema.json; README-c.md explains each field). */
export interface CApiFile {
  language: 'c';
  fileExtensions: string[];
  targets: CTarget[];
  entries: CEntry[];
}

export interface CTarget {
  id: string;
  field: 'wasip1' | 'wasip2';
  binaryKind: 'core' | 'component';
  /** Macros clang predefines for the target, with their values. */
  defines: Record<string, string>;
  /** Macros known to be undefined for the target (other systems' platform macros). */
  undefined: string[];
}

export type Outcome = 'compile-error' | 'link-error' | 'runtime-error' | 'panic' | 'degraded' | 'host-dependent' | 'works' | 'unknown';

export interface Behaviour {
  outcome: Outcome;
  detail: string;
  message?: string;
}

export interface ArgCondition {
  arg: number;
  flags?: string[];
  modeChars?: string;
}

export interface Reach {
  kind: 'call' | 'type' | 'pragma';
  names: string[];
  alsoStd?: boolean;
  when?: ArgCondition[];
}

export interface CEntry {
  id: string;
  reach: Reach;
  capability: CapabilityId;
  wasip1: Behaviour;
  wasip2: Behaviour;
  does: string;
  instead: string;
  severityHint: 'error' | 'warning' | 'info' | 'host';
}
