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
  /** Package-level variables holding the value (`net/http.DefaultClient`). */
  variables?: string[];
  /** Package functions returning one (`github.com/gin-gonic/gin.Default`). */
  producers?: string[];
  /** A literal whose `field` is set to anything but one of `own` is another value (a client on a host SDK's transport). */
  transport?: { field: string; own: string[] };
  /** Host SDKs handing out the type: in a file importing one, a binding known only by its declared type is not followed. */
  sdkImports?: string[];
}

export type Outcome =
  | 'compile-error' | 'link-error' | 'build-error' | 'runtime-error' | 'unsupported' | 'panic' | 'degraded' | 'host-dependent' | 'works' | 'unknown';

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

/** A call or method that works after all: the file imports a package whose init makes it work. */
export interface UseOkWhen {
  fileImports?: string[];
}

export type Reach =
  | { kind: 'call'; when?: ArgCondition[]; okWhen?: UseOkWhen }
  | { kind: 'method'; on: string; names: string[]; when?: ArgCondition[]; okWhen?: UseOkWhen }
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
