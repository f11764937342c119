import type { CapabilityId } from '../../capabilities';

/** The shape of rules/apis/rust.json (schema rules/apis/rust.schema.json; README-rust.md explains each field). */
export interface RustApiFile {
  language: 'rust';
  fileExtensions: string[];
  targets: RustTarget[];
  crates: RustCrate[];
  values: RustValue[];
  entries: RustEntry[];
}

export interface RustTarget {
  id: string;
  /** Older names of the target (`wasm32-wasi`), as a `.cargo/config.toml` `[target.<triple>]` table may spell it. */
  alsoKnownAs?: string[];
  field: 'wasip1' | 'wasip2';
  binaryKind: 'core' | 'component';
  cfg: Record<string, string>;
}

export interface RustCrate {
  name: string;
  package: string | null;
  reexports?: Array<{ prefix: string; is: string }>;
}

export interface RustValue {
  id: string;
  typeNames: string[];
  chain?: string[];
}

export type Outcome =
  | 'compile-error' | 'link-error' | 'build-error' | 'runtime-error' | 'panic' | 'degraded' | 'host-dependent' | 'works' | 'unknown';

export interface Behaviour {
  outcome: Outcome;
  detail: string;
  message?: string;
  /** Overrides for versions of the toolchain (`of: rustc`) or of a package (`of: rayon-core`). */
  byVersion?: Array<Behaviour & { of: string; versions: string }>;
  /** What it does instead when the build sets `--cfg <cfg>` for the target (`tokio_unstable`). */
  byCfg?: Array<Behaviour & { cfg: string }>;
}

export interface ArgCondition {
  arg: number;
  equals?: string[];
  notEquals?: string[];
}

export interface AttrArgCondition {
  name: string;
  equals?: string[];
}

export type Reach =
  | { kind: 'call'; when?: ArgCondition[] }
  | { kind: 'method'; names: string[]; on?: string; traitInScope?: string[]; when?: ArgCondition[] }
  | { kind: 'attribute'; okWhen?: AttrArgCondition[] }
  | { kind: 'macro' }
  | { kind: 'module'; except?: string[] }
  | { kind: 'extern-block'; link: 'named' | 'absent'; okWhen?: AttrArgCondition[] };

export interface RustEntry {
  id: string;
  crate: string;
  path: string;
  alsoPaths?: string[];
  reach: Reach;
  returns?: string;
  finding?: 'always' | 'never';
  capability: CapabilityId | null;
  alsoNeeds?: CapabilityId[];
  wasip1: Behaviour;
  wasip2: Behaviour;
  does: string;
  instead?: string;
  severityHint: 'error' | 'warning' | 'info' | 'host';
}
