import * as fs from 'node:fs';
import type { DiskCache } from './diskCache';
import { evaluate } from './evaluate/findings';
import type { Knowledge } from './knowledge/load';
import type { Finding, InputError } from './model';
import type { EditorOverrides, SuppressionReport } from './policy';
import { Scan } from './scan';
import { compareText } from './text';
import { SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION } from './version';

export interface CheckOptions {
  /** Host ids (or host@version, or spin.toml target names); null chooses per project. */
  targets?: string[] | null;
  cwd?: string;
  knowledge?: Knowledge;
  /** Report development dependencies too (`--dev`). */
  devDependencies?: boolean;
  /** `--baseline FILE`: leave out the findings it records (engine/baseline.ts). */
  baseline?: string;
  /** `--baseline-write FILE`: record today's findings there, then apply it as the baseline. */
  baselineWrite?: string;
  /** `--cache`: analyses kept on disk between runs. */
  cache?: DiskCache;
  /** Check only these files (absolute) of the folders given, as a walk would have found them (the editor's open documents). */
  only?: string[];
  /** Unsaved text of files open in an editor, by absolute path: analysed instead of the disk copies. */
  documents?: ReadonlyMap<string, string>;
  /** An editor's settings over the config files (severity per rule, tests off, extra excludes). */
  overrides?: EditorOverrides;
  /** Text files over this many bytes are skipped with an error, never read (binaries are only walked, never read whole). */
  maxFileBytes?: number;
  /** Called after each file (the language server's progress); may throw to stop the scan, or wait to let other work run. */
  onFile?: (done: number, total: number) => void | Promise<void>;
}

export interface CheckResult {
  schemaVersion: number;
  tool: { name: string; version: string };
  targets: string[];
  findings: Finding[];
  errors: InputError[];
  summary: { files: number; findings: number; errors: number; ms: number };
  /** Not part of the JSON contract: which targets each project got and why, for the text output. */
  choices: Array<{ projectRoot: string | null; targets: string[]; reason: string }>;
  /** What configuration, inline directives and the baseline left out, and their problems; absent when nothing. */
  suppressions?: SuppressionReport;
}

/** `wasi-ready check`: every file a detector reads under the paths, against each project's targets. */
export async function check(paths: string[], options: CheckOptions = {}): Promise<CheckResult> {
  const started = process.hrtime.bigint();
  const scan = new Scan(paths, options);
  const findings: Finding[] = [];
  for (const [index, file] of scan.files.entries()) {
    if (options.onFile && index > 0) await options.onFile(index, scan.files.length);
    const choice = scan.choose(file);
    const text = options.documents?.get(file.path);
    const tooLarge = options.maxFileBytes !== undefined ? sizeOver(file.path, text, options.maxFileBytes) : null;
    if (tooLarge !== null) {
      scan.errors.push({ file: file.path, message: `skipped: ${tooLarge} bytes is larger than the ${options.maxFileBytes}-byte limit set for this workspace` });
      continue;
    }
    for await (const analysis of scan.analyses(file, text, options.cache)) {
      scan.errors.push(...analysis.errors);
      findings.push(...scan.policy.apply(evaluate(analysis.requirements, scan.policy.targets(file.path, choice.targets), scan.kb, scan.relative)));
    }
  }
  findings.sort(byLocation);
  const finished = scan.policy.finish(findings, scan.files);
  options.cache?.save();
  const allErrors = scan.allErrors();
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    targets: scan.targetLabels(),
    findings: finished.findings,
    errors: allErrors,
    summary: { files: scan.files.length, findings: finished.findings.length, errors: allErrors.length, ms: Number((process.hrtime.bigint() - started) / 1_000_000n) },
    choices: scan.projects(),
    ...(finished.report ? { suppressions: finished.report } : {}),
  };
}

/** The file's size when it is over the limit, else null. Binaries are exempt: their reader never loads them whole. */
function sizeOver(file: string, text: string | undefined, limit: number): number | null {
  if (file.toLowerCase().endsWith('.wasm')) return null;
  let size: number;
  try {
    size = text !== undefined ? Buffer.byteLength(text, 'utf8') : fs.statSync(file).size;
  } catch {
    return null; // the detector reports what is wrong with it
  }
  return size > limit ? size : null;
}

function byLocation(a: Finding, b: Finding): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId);
}
