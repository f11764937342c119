import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCached } from './analysisCache';
import type { CheckOptions } from './check';
import { DETECTORS } from './detectors';
import type { Analysis, AnalyzeOptions, Detector } from './detectors/registry';
import type { DiskCache } from './diskCache';
import { knowledge, type Knowledge } from './knowledge/load';
import type { InputError } from './model';
import { ScanPolicy } from './policy';
import { ScanMemo } from './scanMemo';
import { TargetResolver, type TargetChoice } from './targets';
import { collectFiles, isInside, type CollectedFile } from './workspace';

export const wanted = (file: string): boolean => DETECTORS.some((d) => d.wants(file));

/**
 * What check, inventory and grants share: the files under the paths that the projects' configuration lets in
 * (include/exclude), the targets of each file's project, and one analysis per detector and file that a broken
 * detector cannot take down. They differ only in what they make of the requirements.
 */
export class Scan {
  readonly kb: Knowledge;
  readonly cwd: string;
  /** Output paths are relative to it: the one directory given, else the current directory. */
  readonly base: string;
  readonly policy: ScanPolicy;
  readonly files: CollectedFile[];
  /** Files the walk could not read; the analyses add theirs. */
  readonly errors: InputError[];
  private readonly resolver: TargetResolver;
  /** By root: one stat per path given, not per file. */
  private readonly boundaries = new Map<string, string>();
  private readonly choices = new Map<string, TargetChoice>();
  /** File stamps and folder listings the detectors look up, for this scan only. */
  private readonly memo = new ScanMemo();

  constructor(paths: string[], options: CheckOptions) {
    this.kb = options.knowledge ?? knowledge();
    this.cwd = options.cwd ?? process.cwd();
    const absolute = paths.map((p) => path.resolve(this.cwd, p));
    this.base = absolute.length === 1 && isDirectory(absolute[0]) ? absolute[0] : this.cwd;
    this.resolver = new TargetResolver(this.kb.hosts, options.targets ?? null, this.relative);
    const collected = options.only ? onlyThese(options.only, absolute) : collectFiles(absolute, wanted);
    this.policy = new ScanPolicy(this.kb, this.base, absolute, this.relative, {
      devDependencies: options.devDependencies, baseline: options.baseline, baselineWrite: options.baselineWrite,
      overrides: options.overrides, documents: options.documents, partial: options.only !== undefined,
    });
    this.files = collected.files.filter((file) => this.policy.admits(file));
    this.errors = [...collected.errors];
  }

  readonly relative = (file: string): string => toPosix(path.relative(this.base, file)) || '.';

  /** The targets of the file's project, and why (recorded for `projects`). */
  choose(file: CollectedFile): TargetChoice {
    let boundary = this.boundaries.get(file.root);
    if (boundary === undefined) this.boundaries.set(file.root, (boundary = manifestBoundary(file.root, this.cwd)));
    const choice = this.resolver.choose(file.path, boundary);
    this.choices.set(`${choice.projectRoot}\u0000${choice.reason}`, choice);
    return choice;
  }

  /** Every detector's analysis of one file (the unsaved `text` of an editor's document when given). */
  async *analyses(file: CollectedFile, text?: string, cache?: DiskCache): AsyncGenerator<Analysis> {
    const options: AnalyzeOptions = { root: file.root === file.path ? path.dirname(file.path) : file.root, devDependencies: this.policy.devDependencies(file.path), memo: this.memo, ...(text !== undefined ? { text } : {}) };
    for (const detector of DETECTORS) if (detector.wants(file.path)) yield analyzeSafely(detector, file.path, this.kb, options, cache);
  }

  /** The errors met, target resolution's too, with paths as the output shows them. */
  allErrors(): InputError[] {
    return [...this.errors, ...this.resolver.errors].map((e) => ({ ...e, file: this.relative(e.file) }));
  }

  /** Which targets each project got and why. */
  projects(): Array<{ projectRoot: string | null; targets: string[]; reason: string }> {
    return [...this.choices.values()].map((c) => ({ projectRoot: c.projectRoot ? this.relative(c.projectRoot) : null, targets: c.targets.map((t) => t.label), reason: c.reason }));
  }

  /** Every target any project got. */
  targetLabels(): string[] {
    return [...new Set([...this.choices.values()].flatMap((c) => c.targets.map((t) => t.label)))];
  }
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

/** Host manifests apply from the scanned path up to the current directory, never above it. */
export function manifestBoundary(scanned: string, cwd: string): string {
  if (isInside(scanned, cwd)) return cwd;
  return isDirectory(scanned) ? scanned : path.dirname(scanned);
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
