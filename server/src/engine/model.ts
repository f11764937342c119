import type { CapabilityId } from './capabilities';

export type Severity = 'error' | 'warning' | 'info';
/** A host's verdict on one finding: a severity, or `ok` where the host provides what is needed. */
export type HostVerdict = Severity | 'ok';
export type Origin = 'source' | 'dependency' | 'binary' | 'config';

/** 1-based lines and columns; columns count UTF-16 code units, as LSP does. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export const WHOLE_FILE: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

export interface PackageRef {
  ecosystem: string;
  name: string;
  version: string | null;
  /** From the direct dependency down to the package's parent; empty for a direct dependency. */
  via: string[];
}

/**
 * What a binary, a dependency or a line of code needs, said without any host in mind.
 * `need` says how hosts are asked about it: most needs are a capability lookup; binaries also carry
 * structural needs (an interface at a version, a binary kind, a size).
 */
export interface Requirement {
  ruleId: string;
  capability: CapabilityId;
  origin: Origin;
  /** Absolute path of the file the requirement sits in. */
  file: string;
  range: Range;
  /** What was found, as the message starts: "imports wasi_snapshot_preview1.path_unlink_file (deletes a file)". */
  evidence: string;
  need: Need;
  guarded: boolean;
  test: boolean;
  package: PackageRef | null;
  /** Rule-specific alternative, used before the capability's generic one. */
  instead?: string;
  /** The most a host can make of it, when the evidence is weak (a capability only an adapter links). */
  maxSeverity?: Severity;
  /**
   * For source in a language that ships its own runtime inside the Wasm (JavaScript): what each such
   * runtime does with this use. A host that runs the language on a runtime without it fails whatever its
   * capabilities: StarlingMonkey has no `fs` module even where the host mounts files.
   */
  runtime?: { language: 'javascript'; outcomes: Record<string, RuntimeOutcome> };
  /**
   * Source: the call's first argument where the code spells it as a literal (`fetch("https://api.example.com/x")`
   * → "https://api.example.com/x"; `net.connect({ host: 'db', port: 5432 })` → "db:5432"); `prefix` when only its
   * start is literal (a template string with substitutions). Not in the JSON contract: `wasi-ready grants` names
   * hosts and paths from it.
   */
  detail?: { argument: string; prefix?: boolean };
  /**
   * For compiled languages: whether a build for each binary kind fails because of this use, whatever the host
   * provides (Rust: wasm32-wasip1 makes core modules, wasm32-wasip2 components; `tokio::net` does not compile
   * for either). A host that runs no kind whose build works cannot run the code.
   */
  builds?: Record<'core' | 'component', BuildFate>;
}

export interface BuildFate {
  /** The build target that makes this binary kind: `wasm32-wasip1`. */
  target: string;
  /** The use stops that build from working: a compile, link or build error, a panic or an error every call returns. */
  fails: boolean;
}

export interface RuntimeOutcome {
  outcome: 'works' | 'wasi-import' | 'host-import' | 'throws' | 'no-op' | 'unavailable';
  detail: string;
}

export type Need =
  /** Decided by the host's capability facts (filesystem, sockets, threads, …). */
  | { kind: 'capability'; viaInterface?: string }
  /** Component imports of one package: the host must link each interface on a compatible release line. */
  | { kind: 'interfaces'; interfaces: Array<{ name: string; version: string | null }> }
  /** The same import: where the host links an older version, every function it names must exist there. */
  | { kind: 'interface-functions'; name: string; version: string; functions: string[] }
  /** Core-module imports the host must resolve itself: host extensions, other hosts' hostcalls, JS glue. */
  | { kind: 'core-import'; imports: Array<{ module: string; name: string }>; extension: string | null; jsGlue: boolean }
  /** The binary's kind. */
  | { kind: 'binary-kind'; binaryKind: 'core' | 'component' }
  /** What the binary exports, matched against what the host calls. */
  | { kind: 'entry-point'; binaryKind: 'core' | 'component'; exports: string[] }
  /** A Preview 1 function the component adapter turns into a trap or an error; elsewhere a capability lookup. */
  | { kind: 'adapter'; behaviour: 'trap' | 'notsup' }
  | { kind: 'size'; bytes: number };

export interface Finding {
  ruleId: string;
  capability: CapabilityId;
  severity: Severity;
  origin: Origin;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  hosts: Record<string, HostVerdict>;
  guarded: boolean;
  test: boolean;
  package: PackageRef | null;
  docs: string;
}

export interface InputError {
  file: string;
  message: string;
  offset?: number;
}
