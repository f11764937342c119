import type { CapabilityId } from '../../capabilities';

/** The shape of rules/apis/python.json (schema rules/apis/python.schema.json; README-python.md explains each field). */
export interface PythonApiFile {
  language: 'python';
  fileExtensions: string[];
  targets: PythonTarget[];
  platform: PlatformFact[];
  values: PythonValue[];
  entries: PythonEntry[];
}

export interface PythonTarget {
  id: string;
  field: 'wasip1' | 'wasip2';
  binaryKind: 'core' | 'component';
}

/** An expression whose value on WASI is known (`sys.platform` is "wasi"), or known not to be one of a list. */
export interface PlatformFact {
  expression: string;
  value?: string;
  notOneOf?: string[];
}

export interface PythonValue {
  id: string;
  producers: string[];
  chain: string[];
  operators: string[];
  typeNames: string[];
}

export type Outcome = 'build-error' | 'runtime-error' | 'degraded' | 'host-dependent' | 'works' | 'unknown';

export interface Behaviour {
  outcome: Outcome;
  detail: string;
  message?: string;
}

export interface ArgCondition {
  arg?: number;
  keyword?: string;
  stringMatches: string;
}

export type Reach =
  | { kind: 'call'; asBase?: boolean; when?: ArgCondition[] }
  | { kind: 'method'; on: string; names: string[]; when?: ArgCondition[] };

export interface PythonEntry {
  id: string;
  module: string;
  path: string;
  alsoPaths?: string[];
  reach: Reach;
  capability: CapabilityId;
  alsoNeeds?: CapabilityId[];
  wasip1: Behaviour;
  wasip2: Behaviour;
  does: string;
  instead: string;
  severityHint: 'error' | 'warning' | 'info' | 'host';
}
