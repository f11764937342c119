import * as fs from 'node:fs';
import * as path from 'node:path';
import satisfies = require('semver/functions/satisfies');
import { applyBaseline, writeBaseline, type BaselineOutcome } from './baseline';
import type { CapabilityId } from './capabilities';
import { compileGlobs } from './config/glob';
import { ConfigResolver, type AllowEntry, type ProjectConfig } from './config/load';
import type { RuleLevel } from './config/schema';
import type { Target } from './hosts';
import type { Knowledge } from './knowledge/load';
import type { HostFactName } from './knowledge/types';
import type { Finding, HostVerdict, Severity } from './model';
import { directivesIn, directivesOnDisk } from './directivesOnDisk';
import { coveringDirective, type Directive } from './suppressions';
import { compareText } from './text';
import type { CollectedFile } from './workspace';
import { isInside } from './workspace';

/** Something wrong with a suppression: reported beside the findings, counted as a warning for --max-warnings. */
export interface SuppressionProblem {
  kind: 'unused-allow' | 'unused-directive' | 'directive-without-reason' | 'directive-without-rule' | 'unknown-rule';
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The `suppressions` key of the JSON output: what configuration, directives and the baseline left out. */
export interface SuppressionReport {
  dropped: { rules: number; tests: number; allow: number; directives: number; baseline: number };
  problems: SuppressionProblem[];
  baseline?: BaselineOutcome;
}

export interface PolicyOptions {
  /** --dev: development dependencies in, whatever the config says. */
  devDependencies?: boolean;
  /** --baseline FILE: leave out the findings it holds. */
  baseline?: string;
  /** --baseline-write FILE: record today's findings there (then applied as --baseline). */
  baselineWrite?: string;
  /** An editor's settings, laid over every config: see EditorOverrides. */
  overrides?: EditorOverrides;
  /** Unsaved text of files open in an editor: their directives are read from it. */
  documents?: ReadonlyMap<string, string>;
  /** Only some files of the folders were checked (an editor's open documents): no allow entry can be called unused. */
  partial?: boolean;
}

/**
 * What an editor's settings add to a project's config files: severity per rule wins over the config's (as
 * vscode-eslint's rule customisations do), `tests: false` and `exclude` add to it. Globs are relative to `base`.
 */
export interface EditorOverrides {
  rules?: Readonly<Record<string, RuleLevel>>;
  tests?: boolean;
  exclude?: string[];
}

const RANK: Record<HostVerdict, number> = { ok: 0, info: 1, warning: 2, error: 3 };

/**
 * What the project's configuration, inline directives and baseline do to a scan: which files are checked,
 * what each host is taken to provide, and which findings are kept, at which severity. check() asks it at
 * each step; detectors and evaluation know nothing of it.
 */
export class ScanPolicy {
  private readonly configs: ConfigResolver;
  private readonly directives = new Map<string, Directive[]>();
  private readonly provided = new Map<string, Target>();
  private readonly dropped = { rules: 0, tests: 0, allow: 0, directives: 0, baseline: 0 };
  private readonly excludedByEditor: ((relativePosixPath: string) => boolean) | null;

  constructor(
    private readonly kb: Knowledge,
    /** Output paths are relative to it (see check). */
    private readonly base: string,
    /** The paths the scan was given, absolute. */
    private readonly roots: string[],
    private readonly display: (file: string) => string,
    private readonly options: PolicyOptions = {},
  ) {
    this.configs = new ConfigResolver(kb, display);
    const exclude = options.overrides?.exclude ?? [];
    this.excludedByEditor = exclude.length > 0 ? compileGlobs(exclude) : null;
  }

  /** Reads (and validates) the file's config first, so a broken config stops the scan before anything else. */
  config(file: string): ProjectConfig | null {
    return this.configs.forFile(file);
  }

  /** include/exclude apply to files found by walking a folder; a file named on the command line is always checked. */
  admits(file: CollectedFile): boolean {
    return this.exclusion(file) === null;
  }

  /** Why include/exclude keep the file out, as a person reads it; null when they let it in. */
  exclusion(file: CollectedFile): string | null {
    if (file.path === file.root) return null;
    if (this.excludedByEditor && isInside(file.path, this.base) && this.excludedByEditor(path.relative(this.base, file.path).split(path.sep).join('/'))) return 'excluded by the editor\'s wasiReady.exclude setting';
    const config = this.config(file.path);
    const by = config?.keepsOut(file.path);
    if (!config || !by) return null;
    return by === 'exclude' ? `excluded by "exclude" in ${this.display(config.file)}` : `not among the files "include" names in ${this.display(config.file)}`;
  }

  devDependencies(file: string): boolean {
    return this.options.devDependencies === true || this.config(file)?.data.devDependencies === true;
  }

  /** The targets with what the config's `provides` says the deployment adds on each. */
  targets(file: string, targets: Target[]): Target[] {
    const config = this.config(file);
    if (!config?.data.provides) return targets;
    return targets.map((target) => {
      const capabilities = config.providesOn(target);
      if (capabilities.length === 0) return target;
      const key = `${config.file}\u0000${target.label}`;
      let adjusted = this.provided.get(key);
      if (!adjusted) this.provided.set(key, (adjusted = withProvided(target, capabilities, this.kb, this.display(config.file))));
      return adjusted;
    });
  }

  /** Severity per rule, the tests switch, allow entries and inline directives, in that order. */
  apply(findings: Finding[]): Finding[] {
    const kept: Finding[] = [];
    for (const original of findings) {
      const file = this.absolute(original.file);
      const config = this.config(file);
      let finding: Finding | null = this.configure(original, config);
      if (finding && this.directiveFor(file, finding)) {
        this.dropped.directives++;
        finding = null;
      }
      if (finding) kept.push(finding);
    }
    return kept;
  }

  /** The findings left after the baseline, and the report: unused allow entries and directives, baseline counts. */
  finish(findings: Finding[], files: CollectedFile[]): { findings: Finding[]; report: SuppressionReport | null } {
    const problems: SuppressionProblem[] = [];
    for (const config of this.options.partial ? [] : this.configs.loaded()) {
      // An entry can only be called unused when the whole folder the config governs was scanned.
      if (!this.roots.some((root) => isDirectory(root) && isInside(config.dir, root))) continue;
      for (const entry of config.allow.filter((e) => e.matched === 0)) {
        problems.push({
          kind: 'unused-allow', file: this.display(config.file), line: entry.line, column: entry.column,
          message: `allow[${entry.index}] (${describeAllow(entry)}) matches no finding: remove it, or fix its package, api or rule`,
        });
      }
    }
    for (const file of files) {
      for (const directive of this.directivesOf(file.path)) problems.push(...this.directiveProblems(file.path, directive));
    }
    problems.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column);

    let kept = findings;
    let baseline: BaselineOutcome | undefined;
    const baselineFile = this.options.baselineWrite ?? this.options.baseline;
    if (this.options.baselineWrite) writeBaseline(this.options.baselineWrite, findings, (f) => this.absolute(f));
    if (baselineFile) {
      const applied = applyBaseline(baselineFile, findings, (f) => this.absolute(f));
      kept = applied.findings;
      baseline = applied.outcome;
      this.dropped.baseline = applied.outcome.known;
    }
    const anything = baseline || problems.length > 0 || Object.values(this.dropped).some((n) => n > 0);
    return { findings: kept, report: anything ? { dropped: { ...this.dropped }, problems, ...(baseline ? { baseline } : {}) } : null };
  }

  private configure(finding: Finding, config: ProjectConfig | null): Finding | null {
    const overrides = this.options.overrides;
    const level = overrides?.rules?.[finding.ruleId] ?? config?.rules.get(finding.ruleId);
    if (level === 'off') {
      this.dropped.rules++;
      return null;
    }
    if ((config?.data.tests === false || overrides?.tests === false) && finding.test && finding.origin === 'source') {
      this.dropped.tests++;
      return null;
    }
    const allowed = (config?.allow ?? []).filter((entry) => allowMatches(entry, finding));
    if (allowed.length > 0) {
      for (const entry of allowed) entry.matched++;
      this.dropped.allow++;
      return null;
    }
    if (!level) return finding;
    // Guarded and test-only code stays at info at most, whatever the rule's level.
    const set: Severity = (finding.guarded || finding.test) && level !== 'info' ? 'info' : level;
    const hosts: Record<string, HostVerdict> = {};
    for (const [host, verdict] of Object.entries(finding.hosts)) hosts[host] = verdict === 'ok' ? 'ok' : set;
    const severity = Object.values(hosts).reduce<HostVerdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'ok');
    return { ...finding, hosts, severity: severity === 'ok' ? set : severity };
  }

  private directiveFor(file: string, finding: Finding): boolean {
    const directive = coveringDirective(this.directivesOf(file), finding.ruleId, finding.line);
    if (!directive) return false;
    directive.used.add(finding.ruleId);
    return true;
  }

  private directivesOf(file: string): Directive[] {
    let directives = this.directives.get(file);
    if (!directives) {
      const unsaved = this.options.documents?.get(file);
      const found = unsaved !== undefined ? directivesIn(file, unsaved) : directivesOnDisk(file);
      // Each check counts which rules a directive suppressed: its own copies.
      directives = found.map((d) => ({ ...d, used: new Set<string>() }));
      this.directives.set(file, directives);
    }
    return directives;
  }

  private directiveProblems(file: string, directive: Directive): SuppressionProblem[] {
    const at = { file: this.display(file), line: directive.line, column: directive.column };
    const name = `wasi-ready-ignore-${directive.kind}`;
    const problems: SuppressionProblem[] = [];
    if (directive.rules.length === 0) {
      problems.push({ kind: 'directive-without-rule', ...at, message: `${name} names no rule: write the rule ids it is for (wasi-ready rules lists them)` });
    }
    if (directive.reason === null) {
      problems.push({ kind: 'directive-without-reason', ...at, message: `${name} gives no reason: add one after " -- "` });
    }
    for (const rule of directive.rules) {
      if (!this.kb.rules.has(rule)) {
        problems.push({ kind: 'unknown-rule', ...at, message: `${name}: unknown rule "${rule}" (wasi-ready rules lists them)` });
      } else if (!directive.used.has(rule)) {
        const where = directive.kind === 'next-line' ? `on line ${directive.line + 1}` : 'in this file';
        problems.push({ kind: 'unused-directive', ...at, message: `${name} ${rule} suppresses nothing: no ${rule} finding ${where}; remove it` });
      }
    }
    return problems;
  }

  private absolute(file: string): string {
    return path.resolve(this.base, file);
  }
}

function allowMatches(entry: AllowEntry, finding: Finding): boolean {
  if (entry.rule !== undefined && entry.rule !== finding.ruleId) return false;
  if (entry.packageName !== undefined) {
    if (!finding.package || finding.package.name !== entry.packageName) return false;
    if (entry.range && (!finding.package.version || !satisfies(finding.package.version, entry.range, { includePrerelease: true }))) return false;
  }
  if (entry.api !== undefined && !apiMatches(entry.api, finding.message)) return false;
  return true;
}

/**
 * The finding's evidence (its message up to the first ": ") starts with the API, or names it as a whole word:
 * "fs" and "fs.readFile" match "fs.readFile reads a file", "fs.read" does not; "path_rename" matches a binary's
 * "imports wasi_snapshot_preview1 …, path_rename (…)".
 */
export function apiMatches(api: string, message: string): boolean {
  const end = message.indexOf(': ');
  const evidence = end < 0 ? message : message.slice(0, end);
  const escaped = api.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s(,])${escaped}(?![\\w$])`).test(evidence);
}

function describeAllow(entry: AllowEntry): string {
  const parts = [
    entry.packageName !== undefined ? `package ${entry.packageName}${entry.range ? `@${entry.range}` : ''}` : '',
    entry.api !== undefined ? `api ${entry.api}` : '',
    entry.rule !== undefined ? `rule ${entry.rule}` : '',
  ].filter(Boolean);
  return parts.join(', ');
}

/**
 * The target as the judge should see it: each host fact a provided capability depends on is set to a value
 * that provides it (fs-read on a host without files → read-only; fs-read and fs-write → read-write). Facts
 * the judge reads besides capabilities (the JavaScript runtime, build targets) are left alone: StarlingMonkey
 * still has no `fs` module, however the files are mounted.
 */
export function withProvided(target: Target, capabilities: CapabilityId[], kb: Knowledge, where: string): Target {
  const profile = { ...target.profile } as Target['profile'] & Record<HostFactName, { value: unknown; says: string }>;
  const byFact = new Map<HostFactName, unknown[][]>();
  for (const id of capabilities) {
    const capability = kb.capabilities.get(id);
    if (!capability?.hostFact) continue;
    byFact.set(capability.hostFact, [...(byFact.get(capability.hostFact) ?? []), capability.providedWhen as unknown[]]);
  }
  for (const [fact, lists] of byFact) {
    const allowed = lists.reduce((a, b) => a.filter((v) => b.includes(v)));
    const current = profile[fact];
    if (allowed.length === 0 || allowed.includes(current.value)) continue;
    (profile as Record<string, unknown>)[fact] = { ...current, value: allowed[0], says: `is given it by the deployment (${where} provides)` };
  }
  return { ...target, profile };
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
