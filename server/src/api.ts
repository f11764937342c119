/** The Node API: `import { check, inspect } from 'wasi-ready'` returns what `--format json` prints. */
export { check, type CheckOptions, type CheckResult } from './engine/check';
export { inspect, type InspectResult } from './engine/inspect';
export type { Finding, HostVerdict, InputError, PackageRef, Severity } from './engine/model';
export { CAPABILITY_IDS, type CapabilityId } from './engine/capabilities';
