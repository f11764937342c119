/**
 * What the wasi-ready language server adds to LSP, shared by the server and the VS Code client. Other
 * editors need none of it: diagnostics, code actions, hover and the workspace command are plain LSP.
 * Plain constants and types only, so the client bundle pulls in nothing of the engine.
 */

/** workspace/executeCommand: scan every workspace folder; answers with the number of findings. */
export const CHECK_WORKSPACE_COMMAND = 'wasi-ready.checkWorkspace';
/** workspace/executeCommand [docsUri]: asks the client to show a rule's documentation (window/showDocument). */
export const SHOW_DOCUMENTATION_COMMAND = 'wasi-ready.showDocumentation';

/** Request: the last workspace scan, per workspace folder (null before the first scan finishes). */
export const REPORT_REQUEST = 'wasiReady/report';
/** Request: one binary's kind, imports, exports and findings per host, for the read-only .wasm view. */
export const INSPECT_REQUEST = 'wasiReady/inspect';
/** Request: whether a scan checks one file, and why not (or what it leaves out), for the language status item. */
export const FILE_STATUS_REQUEST = 'wasiReady/fileStatus';
/** Request: the host profiles one can target, for the "Select target hosts" quick pick. */
export const HOSTS_REQUEST = 'wasiReady/hosts';
/** Notification from the server whenever a workspace scan finishes, for the language status item. */
export const SCAN_FINISHED_NOTIFICATION = 'wasiReady/scanFinished';

/** Placeholder reason in a suppression a code action writes; the VS Code client asks for the real one (engine/suppressions.ts). */
export const REASON_PLACEHOLDER = '<reason>';

/** A finding as the report shows it (the JSON contract's finding, with an absolute file URI). */
export interface ReportFinding {
  ruleId: string;
  capability: string;
  severity: 'error' | 'warning' | 'info';
  origin: 'source' | 'dependency' | 'binary' | 'config';
  uri: string;
  /** The contract's file path, relative to the folder. */
  file: string;
  line: number;
  column: number;
  message: string;
  hosts: Record<string, 'ok' | 'info' | 'warning' | 'error'>;
  guarded: boolean;
  test: boolean;
  package: { ecosystem: string; name: string; version: string | null; via: string[] } | null;
  docsUri: string;
}

export interface ReportFolder {
  /** Workspace folder URI. */
  uri: string;
  name: string;
  /** Targets that apply in the folder (the union over its projects). */
  targets: string[];
  /** Which targets each project got and why. */
  projects: Array<{ root: string | null; targets: string[]; reason: string }>;
  findings: ReportFinding[];
  errors: Array<{ uri: string; file: string; message: string }>;
  files: number;
}

export interface ReportResult {
  /** ISO time the scan finished. */
  scannedAt: string;
  ms: number;
  folders: ReportFolder[];
}

export interface InspectParams {
  uri: string;
}

export interface FileStatusParams {
  uri: string;
}

/** engine/fileStatus.ts's answer. */
export interface FileStatusResult {
  checked: boolean;
  /** Why it is not checked, or what is left out of it; absent when it is checked whole. */
  reason?: string;
}

export interface HostChoice {
  /** What goes into `wasiReady.targets` (`spin`, `fastly-compute`…). */
  id: string;
  name: string;
  /** Versions a target may name as `id@version`, newest last; empty when the profile has one version. */
  versions: string[];
  /** One line: the binary kinds it runs and its filesystem, sockets and threads facts. */
  summary: string;
}

export interface ScanFinishedParams {
  scannedAt: string;
  ms: number;
  files: number;
  findings: number;
  errors: number;
  /** Findings per severity over all folders. */
  bySeverity: { error: number; warning: number; info: number };
  targets: string[];
}

/**
 * Client settings (`wasiReady.*`), as the server reads them per resource through workspace/configuration.
 * Each maps onto a CLI option or a config key; the project's wasi-ready.config.json still applies beneath.
 */
export interface Settings {
  /** Like `--target`: wins over the config file and host manifests when not empty. */
  targets: string[];
  /** Report findings in test code (at info); false drops them, as `"tests": false` does. */
  includeTests: boolean;
  /** Like `--dev`. */
  includeDevDependencies: boolean;
  /** Severity per rule id, as the config's `rules` key: off, info, warning, error. */
  severity: Record<string, 'off' | 'info' | 'warning' | 'error'>;
  /** Extra exclude globs, relative to the workspace folder, beside the config's. */
  exclude: string[];
  /** Files larger than this (bytes) are skipped with a note, never read; null: the engine's own limits (4 MB, 16 MB for C). */
  maxFileSize: number | null;
}

export const DEFAULT_SETTINGS: Settings = {
  targets: [],
  includeTests: true,
  includeDevDependencies: false,
  severity: {},
  exclude: [],
  maxFileSize: null,
};
