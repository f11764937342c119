import type { CapabilityId } from '../../capabilities';

/** The shape of rules/apis/c-build.json (schema rules/apis/c-build.schema.json). */
export interface CBuildFile {
  language: 'c';
  fileNames: string[];
  fileExtensions: string[];
  targets: BuildTarget[];
  cmake: {
    toolchain: string;
    /** Variables wasi-sdk's toolchain and platform file set, with their values. */
    defined: Record<string, string>;
    /** Platform variables unset in a WASI build: false in if(). */
    undefined: string[];
    /** Imported targets a WASI build never has. */
    absentTargets: string[];
    /** What $<PLATFORM_ID> yields. */
    platformId: string;
    /** A regular expression for variables whose if() blocks hold test code. */
    testVariables: string;
    source: string;
  };
  entries: BuildEntry[];
}

export interface BuildTarget {
  id: string;
  field: 'wasip1' | 'wasip2';
  binaryKind: 'core' | 'component';
}

export type BuildOutcome = 'build-error' | 'compile-error' | 'link-error' | 'runtime-error' | 'degraded' | 'works' | 'unknown';

export interface BuildBehaviour {
  outcome: BuildOutcome;
  detail: string;
  message?: string;
}

export type ReachKind = 'cmake-package' | 'cmake-target' | 'cmake-variable' | 'flag' | 'library';

export interface BuildEntry {
  id: string;
  reach: { kind: ReachKind; names: string[] };
  capability: CapabilityId;
  wasip1: BuildBehaviour;
  wasip2: BuildBehaviour;
  /** cmake-package: the outcome on both targets when find_package says REQUIRED. */
  required?: BuildBehaviour;
  does: string;
  instead: string;
  severityHint: 'error' | 'warning' | 'info';
}

/** One use found in a build file, before it becomes a requirement. */
export interface BuildHit {
  entry: BuildEntry;
  /** How the file spells it: `find_package(Threads)`, `-lpthread`, `${CMAKE_DL_LIBS}`. */
  subject: string;
  /** 0-based offsets into the file's text. */
  start: number;
  end: number;
  /** A condition keeps this out of a wasi-sdk build (`if(NOT WASI)`, `ifneq ($(TARGET),wasm32-wasi)`). */
  guarded: boolean;
  /** Inside test-only configuration (`if(BUILD_TESTING)`, a `test:` recipe). */
  test: boolean;
  /** find_package(… REQUIRED). */
  required?: boolean;
}
