/**
 * The Node API: `import { check, inspect } from 'wasi-ready'` returns what `--format json` prints (check's
 * result also carries `choices`, which the JSON leaves out). Everything here is typed; the package's
 * `exports["."]` points at this module and its declarations.
 */
export { check, type CheckOptions, type CheckResult } from './engine/check';
export { inspect, type InspectResult } from './engine/inspect';
export { inventory, type InventoryOptions, type InventoryResult, type PackageRow, type CodeRow, type BinaryRow } from './engine/inventory';
export { grants, type GrantsOptions, type GrantsResult, type Grant, type GrantUse, type GrantModel, type Ungrantable } from './engine/grants';
export { knowledge, loadKnowledge, type Knowledge } from './engine/knowledge/load';
export type { HostProfile, CapabilityEntry, RuleEntry } from './engine/knowledge/types';
export type { Finding, HostVerdict, InputError, Origin, PackageRef, Severity } from './engine/model';
export { CAPABILITY_IDS, type CapabilityId } from './engine/capabilities';
