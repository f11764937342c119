import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCached } from './analysisCache';
import { DETECTORS } from './detectors';
import type { Analysis, AnalyzeOptions, Detector } from './detectors/registry';
import type { DiskCache } from './diskCache';
import { evaluate } from './evaluate/findings';
import { knowledge, type Knowledge } from './knowledge/load';
import type { Finding, InputError } from './model';
import { ScanPolicy, type EditorOverrides, type SuppressionReport } from './policy';
import { TargetResolver, type TargetChoice } from './targets';
import { SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION } from './version';
import { collectFiles, isInside } from './workspace';

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

const wanted = (file: string): boolean => DETECTORS.some((d) => d.wants(file));

/** `wasi-ready check`: every file a detector reads under the paths, against each project's targets. */
export async function check(paths: string[], options: CheckOptions = {}): Promise<CheckResult> {
  const started = process.hrtime.bigint();
  const kb = options.knowledge ?? knowledge();
  const cwd = options.cwd ?? process.cwd();
  const absolute = paths.map((p) => path.resolve(cwd, p));
  const base = absolute.length === 1 && isDirectory(absolute[0]) ? absolute[0] : cwd;
  const relative = (file: string): string => toPosix(path.relative(base, file)) || '.';
  const resolver = new TargetResolver(kb.hosts, options.targets ?? null, relative);

  const collected = options.only ? onlyThese(options.only, absolute) : collectFiles(absolute, wanted);
  const policy = new ScanPolicy(kb, base, absolute, relative, {
    devDependencies: options.devDependencies, baseline: options.baseline, baselineWrite: options.baselineWrite,
    overrides: options.overrides, documents: options.documents, partial: options.only !== undefined,
  });
  const files = collected.files.filter((file) => policy.admits(file));
  const findings: Finding[] = [];
  const errors: InputError[] = [...collected.errors];
  const choices = new Map<string, TargetChoice>();
  const boundaries = new Map<string, string>(); // by root: one stat per path given, not per file
  for (const [index, file] of files.entries()) {
    if (options.onFile && index > 0) await options.onFile(index, files.length);
    let boundary = boundaries.get(file.root);
    if (boundary === undefined) boundaries.set(file.root, (boundary = manifestBoundary(file.root, cwd)));
    const choice = resolver.choose(file.path, boundary);
    choices.set(`${choice.projectRoot}\u0000${choice.reason}`, choice);
    const text = options.documents?.get(file.path);
    const tooLarge = options.maxFileBytes !== undefined ? sizeOver(file.path, text, options.maxFileBytes) : null;
    if (tooLarge !== null) {
      errors.push({ file: file.path, message: `skipped: ${tooLarge} bytes is larger than the ${options.maxFileBytes}-byte limit set for this workspace` });
      continue;
    }
    for (const detector of DETECTORS) {
      if (!detector.wants(file.path)) continue;
      const analysis = await analyzeSafely(detector, file.path, kb, { ...analyzeOptions(file.path, file.root, { devDependencies: policy.devDependencies(file.path) }), ...(text !== undefined ? { text } : {}) }, options.cache);
      errors.push(...analysis.errors);
      findings.push(...policy.apply(evaluate(analysis.requirements, policy.targets(file.path, choice.targets), kb, relative)));
    }
  }
  errors.push(...resolver.errors);
  findings.sort(byLocation);
  const finished = policy.finish(findings, files);
  options.cache?.save();
  const targets = [...new Set([...choices.values()].flatMap((c) => c.targets.map((t) => t.label)))];
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    targets,
    findings: finished.findings,
    errors: errors.map((e) => ({ ...e, file: relative(e.file) })),
    summary: { files: files.length, findings: finished.findings.length, errors: errors.length, ms: Number((process.hrtime.bigint() - started) / 1_000_000n) },
    choices: [...choices.values()].map((c) => ({ projectRoot: c.projectRoot ? relative(c.projectRoot) : null, targets: c.targets.map((t) => t.label), reason: c.reason })),
    ...(finished.report ? { suppressions: finished.report } : {}),
  };
}

/**
 * A detector promises never to throw; should one break that promise on some file, that file gets an error
 * naming the detector and the scan goes on (the language server keeps serving, the CLI keeps its other results).
 */
async function analyzeSafely(detector: Detector, file: string, kb: Knowledge, options: AnalyzeOptions, cache?: DiskCache): Promise<Analysis> {
  try {
    return await analyzeCached(detector, file, kb, options, cache);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { requirements: [], errors: [{ file, message: `internal error: the ${detector.name} detector failed on this file (${reason}); please report it` }] };
  }
}

/** The named files that lie in one of the folders, with that folder as their root (so include/exclude and test conventions apply). */
function onlyThese(files: string[], folders: string[]): ReturnType<typeof collectFiles> {
  const collected: ReturnType<typeof collectFiles> = { files: [], errors: [] };
  for (const file of files) {
    const root = folders.find((folder) => isInside(file, folder));
    if (root !== undefined && wanted(file)) collected.files.push({ path: file, root });
  }
  return collected;
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

function analyzeOptions(file: string, root: string, options: { devDependencies?: boolean }): AnalyzeOptions {
  return { root: root === file ? path.dirname(file) : root, devDependencies: options.devDependencies ?? false };
}

/** Host manifests apply from the scanned path up to the current directory, never above it. */
export function manifestBoundary(scanned: string, cwd: string): string {
  if (isInside(scanned, cwd)) return cwd;
  return isDirectory(scanned) ? scanned : path.dirname(scanned);
}

function byLocation(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
