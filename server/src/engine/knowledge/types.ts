import type { CapabilityId } from '../capabilities';
import type { Origin, Severity } from '../model';

/** Shapes of the JSON files in rules/ (each validated against its JSON Schema by the tests). */

export interface FactMeta {
  source: string;
  unconfirmed?: boolean;
  since?: string;
  until?: string;
  note?: string;
}

export interface KindFact extends FactMeta {
  value: boolean;
  via?: 'native' | 'p1-adapter';
  says: string;
}

export interface ModeFact<T> extends FactMeta {
  value: T;
  grant?: string;
  says: string;
}

export interface LimitFact extends FactMeta {
  bytes: number;
  says: string;
}

export interface HostProfile {
  id: string;
  name: string;
  summary: string;
  versions: { covered: string; default: string };
  targetNames: string[];
  binaryKinds: { core: KindFact; component: KindFact };
  coreImports: Array<FactMeta & { module: string; names?: string; extensions?: string[] }>;
  entryPoints: Array<FactMeta & { kind: 'core' | 'component'; export: string; describes: string }>;
  worlds?: Array<FactMeta & { name: string }>;
  interfaces: Array<FactMeta & { name: string; versions: string[]; unstableFeatures?: string[]; grant?: string }>;
  filesystem: ModeFact<'none' | 'read-only' | 'read-write'>;
  sockets: ModeFact<'none' | 'outbound' | 'listen'>;
  threads: ModeFact<boolean>;
  httpOutbound: ModeFact<boolean>;
  jsGlue: ModeFact<boolean>;
  /** How functions in a language compiled together with its runtime run here: `javascript` → `starlingmonkey`, or `native`. */
  languageRuntimes?: { javascript?: ModeFact<string> };
  limits: { binarySize?: LimitFact; memory?: LimitFact };
  instead: Partial<Record<CapabilityId, string>>;
}

export type HostFactName = 'filesystem' | 'sockets' | 'threads' | 'httpOutbound' | 'jsGlue';

export interface CapabilityEntry {
  id: CapabilityId;
  title: string;
  hostFact: HostFactName | null;
  providedWhen: Array<string | boolean>;
  neverProvided?: string;
  source?: string;
  instead: string;
}

export interface RuleEntry {
  id: string;
  capability: CapabilityId;
  origin: Origin;
  severity: Severity;
  title: string;
}

export interface Preview1Function {
  module: string;
  name: string;
  signature: string;
  category: string;
  capability: CapabilityId | null;
  extension?: string;
  adapter?: 'ok' | 'notsup' | 'trap' | 'absent';
  wasmtime?: string;
  does?: string;
  note?: string;
  source: string;
}

export interface Preview1Data {
  modules: Array<{ module: string; label: string; describes: string; source: string }>;
  extensions: Array<{ id: string; describes: string; source: string }>;
  functions: Preview1Function[];
}

export interface InterfaceFunction {
  name: string;
  capability?: CapabilityId | null;
  since?: string;
  unstable?: string;
  stableSince?: string;
  does?: string;
}

export interface InterfaceEntry {
  name: string;
  line: '0.2' | '0.3';
  since?: string;
  unstable?: string;
  capability: CapabilityId | null;
  functions: InterfaceFunction[];
  source: string;
}

export interface InterfacesData {
  releases: Array<{ version: string; date: string; source: string }>;
  worlds?: Array<{ name: string; line: '0.2' | '0.3'; imports: string[]; exports: string[]; source: string }>;
  interfaces: InterfaceEntry[];
}

export interface GlueFamily {
  id: string;
  producer: string;
  match: Array<{ module: string; names?: string[] }>;
  instead: string;
  source: string;
}

/** rules/packages/npm.json: what a package needs that install-time evidence cannot show. */
export interface PackageEntry {
  name: string;
  versions?: string;
  capabilities: CapabilityId[];
  category: string;
  scope?: 'always' | 'feature';
  feature?: string;
  through?: string[];
  buildTool?: boolean;
  alsoByEvidence?: boolean;
  why: string;
  alternative: string | null;
  source: string;
  unconfirmed?: boolean;
  note?: string;
}

/** rules/packages/cargo.json: what a Cargo package needs on wasm32-wasip1/wasip2 (README-cargo.md). */
export interface CargoBehaviour {
  outcome: string;
  message?: string;
  detail: string;
  byVersion?: Array<{ of: string; versions: string; outcome: string; message?: string; detail: string; source: string }>;
}

export interface CargoCrateEntry {
  id: string;
  name: string;
  versions?: string;
  features?: { anyOf?: string[]; allOf?: string[]; noneOf?: string[] };
  featureCapabilities?: Record<string, CapabilityId[]>;
  unlessCfg?: string[];
  onlyWithCfg?: string[];
  safe?: boolean;
  links?: string;
  capabilities: CapabilityId[];
  wasip1: CargoBehaviour;
  wasip2: CargoBehaviour;
  why: string;
  alternative?: string;
  severityHint: 'error' | 'warning' | 'info' | 'host';
  reportVia?: string;
  source: string;
  unconfirmed?: boolean;
  note?: string;
}

export interface CargoTarget {
  id: string;
  field: 'wasip1' | 'wasip2';
  binaryKind: 'core' | 'component';
  alsoKnownAs?: string[];
  cfg?: Record<string, string>;
}

/** Dependencies a package declares only under `[target.'cfg(…)'.dependencies]`. */
export interface CargoTargetEdge {
  from: string;
  versions?: string;
  dependencies: string[];
  cfg: string;
  source: string;
}
