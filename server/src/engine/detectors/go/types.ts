import type { CapabilityId } from '../../capabilities';

/** The shape of rules/apis/go.json (schema rules/apis/go.schema.json; README-go.md explains each field). */
export interface GoApiFile {
  language: 'go';
  fileExtensions: string[];
  targets: GoTarget[];
  guardTarget: string;
  knownTags: { goos: string[]; goarch: string[]; unix: string[]; other: string[] };
  /** `runtime.GOOS` → the guard target's `goos`: comparisons with them in code are guards. */
  runtimeConstants: Array<{ expression: string; targetField: 'goos' | 'goarch' }>;
  values: GoValue[];
  entries: GoEntry[];
}

export type TargetField = 'go' | 'tinygoWasip1' | 'tinygoWasip2';

export interface GoTarget {
  id: string;
  field: TargetField;
  binaryKind: 'core' | 'component';
  compiler: 'gc' | 'tinygo';
  goos: string;
  goarch: string;
  cgo?: boolean;
  tags: string[];
}

export interface GoValue {
  id: string;
  /** Full type names: import path + `.` + type (`net/http.Server`). */
  typeNames: string[];
}

export type Outcome =
  | 'compile-error' | 'link-error' | 'build-error' | 'runtime-error' | 'panic' | 'degraded' | 'host-dependent' | 'works' | 'unknown';

export interface Behaviour {
  outcome: Outcome;
  detail: string;
  message?: string;
}

export interface ArgCondition {
  arg: number;
  anyOf?: string[];
  readOnly?: string[];
}

export type Reach =
  | { kind: 'call'; when?: ArgCondition[] }
  | { kind: 'method'; on: string; names: string[]; when?: ArgCondition[] }
  | { kind: 'import'; okWhen?: { preambleContains?: string[]; vendoredModules?: string[] } }
  | { kind: 'go-statement' };

export interface GoEntry {
  id: string;
  /** Import path (`os/exec`), or `C` for cgo. */
  package: string;
  name: string;
  alsoNames?: string[];
  reach: Reach;
  finding?: 'always' | 'never';
  capability: CapabilityId | null;
  go: Behaviour;
  tinygoWasip1: Behaviour;
  tinygoWasip2: Behaviour;
  does: string;
  instead?: string;
  severityHint: 'error' | 'warning' | 'info' | 'host';
}
