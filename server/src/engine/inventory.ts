import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeCached } from './analysisCache';
import type { CapabilityId } from './capabilities';
import { manifestBoundary, toPosix, type CheckOptions } from './check';
import { DETECTORS } from './detectors';
import { evaluate } from './evaluate/findings';
import type { Target } from './hosts';
import { knowledge, type Knowledge } from './knowledge/load';
import type { HostVerdict, InputError, PackageRef, Requirement } from './model';
import { TargetResolver } from './targets';
import { SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION } from './version';
import { collectFiles } from './workspace';

/** One requirement with the targets of its project and what each says of it (`ok` where the host provides it). */
export interface Need {
  requirement: Requirement;
  /** The requirement's file, relative as `check` prints it. */
  file: string;
  targets: Target[];
  hosts: Record<string, HostVerdict>;
  /** The worst verdict over the targets: `ok` when every target provides what is needed. */
  verdict: HostVerdict;
  /** `check`'s message when some target does not provide it. */
  message: string | null;
}

export interface NeedsResult {
  needs: Need[];
  errors: InputError[];
  targets: string[];
  files: number;
  choices: Array<{ projectRoot: string | null; targets: string[]; reason: string }>;
  /** Absolute paths of every file the scan read: grants reads source files for host SDK store names. */
  scanned: string[];
  /** How paths are shown: relative to the one directory given, else to the current directory. */
  relative: (file: string) => string;
}

const wanted = (file: string): boolean => DETECTORS.some((d) => d.wants(file));

/**
 * What `check` judges, before judgement: every requirement the detectors find under the paths, with its
 * project's targets and each host's verdict. The file walk, target choice and detectors are check's own
 * (findings = the needs whose verdict is not `ok`); `inventory` and `grants` read needs, not findings,
 * because a need a host provides (outbound HTTP on Spin) is still a need to list or to grant.
 */
export async function collectNeeds(paths: string[], options: CheckOptions = {}): Promise<NeedsResult> {
  const kb = options.knowledge ?? knowledge();
  const cwd = options.cwd ?? process.cwd();
  const absolute = paths.map((p) => path.resolve(cwd, p));
  const base = absolute.length === 1 && isDirectory(absolute[0]) ? absolute[0] : cwd;
  const relative = (file: string): string => toPosix(path.relative(base, file)) || '.';
  const resolver = new TargetResolver(kb.hosts, options.targets ?? null, relative);
  const collected = collectFiles(absolute, wanted);
  const needs: Need[] = [];
  const errors: InputError[] = [...collected.errors];
  const choices = new Map<string, { projectRoot: string | null; targets: Target[]; reason: string }>();
  for (const file of collected.files) {
    const choice = resolver.choose(file.path, manifestBoundary(file.root, cwd));
    choices.set(`${choice.projectRoot}\u0000${choice.reason}`, choice);
    for (const detector of DETECTORS) {
      if (!detector.wants(file.path)) continue;
      const root = file.root === file.path ? path.dirname(file.path) : file.root;
      const analysis = await analyzeCached(detector, file.path, kb, { root, devDependencies: options.devDependencies ?? false });
      errors.push(...analysis.errors);
      for (const requirement of analysis.requirements) {
        const [finding] = evaluate([requirement], choice.targets, kb, relative);
        const hosts: Record<string, HostVerdict> = finding?.hosts ?? Object.fromEntries(choice.targets.map((t) => [t.label, 'ok' as const]));
        needs.push({ requirement, file: relative(requirement.file), targets: choice.targets, hosts, verdict: finding?.severity ?? 'ok', message: finding?.message ?? null });
      }
    }
  }
  errors.push(...resolver.errors);
  needs.sort((a, b) => a.file.localeCompare(b.file) || a.requirement.range.line - b.requirement.range.line || a.requirement.range.column - b.requirement.range.column || a.requirement.ruleId.localeCompare(b.requirement.ruleId));
  return {
    needs,
    errors: errors.map((e) => ({ ...e, file: relative(e.file) })),
    targets: [...new Set([...choices.values()].flatMap((c) => c.targets.map((t) => t.label)))],
    files: collected.files.length,
    choices: [...choices.values()].map((c) => ({ projectRoot: c.projectRoot ? relative(c.projectRoot) : null, targets: c.targets.map((t) => t.label), reason: c.reason })),
    scanned: collected.files.map((f) => f.path),
    relative,
  };
}

export interface InventoryOptions extends CheckOptions {
  capabilities: CapabilityId[];
}

/** What every row says: where, what was found, the rule, the Wasm-safe alternative, and each host's verdict. */
interface RowBase {
  capability: CapabilityId;
  ruleId: string;
  evidence: string;
  instead: string;
  hosts: Record<string, HostVerdict>;
  verdict: HostVerdict;
  guarded: boolean;
  test: boolean;
}

/** A package that needs the capability, with how it got in: `openssl-sys ← openssl ← Cargo.toml`. */
export interface PackageRow extends RowBase {
  manifest: string;
  line: number;
  column: number;
  package: PackageRef;
  path: string;
}

export interface CodeRow extends RowBase {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The call's literal first argument, where the code spells one (`"db.internal:5432"`). */
  argument: string | null;
}

export interface BinaryRow extends RowBase {
  file: string;
}

export interface InventoryResult {
  schemaVersion: number;
  tool: { name: string; version: string };
  capabilities: Array<{ id: CapabilityId; title: string; instead: string }>;
  targets: string[];
  /** One entry per package (and manifest that brings it in), each with what it needs. */
  packages: Array<{ ecosystem: string; name: string; version: string | null; manifest: string; line: number; path: string; needs: PackageRow[] }>;
  code: CodeRow[];
  binaries: BinaryRow[];
  errors: InputError[];
  summary: { files: number; packages: number; code: number; binaries: number; ms: number };
}

/** `wasi-ready inventory --capability threads`: every dependency, call site and binary that needs it, whether or not a target provides it. */
export async function inventory(paths: string[], options: InventoryOptions): Promise<InventoryResult> {
  const started = process.hrtime.bigint();
  const kb = options.knowledge ?? knowledge();
  const scan = await collectNeeds(paths, options);
  const wantedCapabilities = new Set<CapabilityId>(options.capabilities);
  const packages = new Map<string, InventoryResult['packages'][number]>();
  const code: CodeRow[] = [];
  const binaries: BinaryRow[] = [];
  for (const need of scan.needs) {
    const r = need.requirement;
    if (!wantedCapabilities.has(r.capability)) continue;
    const base: RowBase = {
      capability: r.capability, ruleId: r.ruleId, evidence: r.evidence, instead: r.instead ?? kb.capabilities.get(r.capability)?.instead ?? '',
      hosts: need.hosts, verdict: need.verdict, guarded: r.guarded, test: r.test,
    };
    if (r.package) {
      const inclusion = inclusionPath(r.package, need.file);
      const key = `${need.file}\u0000${r.package.ecosystem}\u0000${r.package.name}\u0000${r.package.version}\u0000${inclusion}`;
      let entry = packages.get(key);
      if (!entry) packages.set(key, (entry = { ecosystem: r.package.ecosystem, name: r.package.name, version: r.package.version, manifest: need.file, line: r.range.line, path: inclusion, needs: [] }));
      entry.needs.push({ ...base, manifest: need.file, line: r.range.line, column: r.range.column, package: r.package, path: inclusion });
    } else if (r.origin === 'binary') {
      binaries.push({ ...base, file: need.file });
    } else {
      code.push({ ...base, file: need.file, line: r.range.line, column: r.range.column, endLine: r.range.endLine, endColumn: r.range.endColumn, argument: literalArgument(r)?.argument ?? null });
    }
  }
  const packageList = [...packages.values()];
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    capabilities: options.capabilities.map((id) => ({ id, title: kb.capabilities.get(id)?.title ?? id, instead: kb.capabilities.get(id)?.instead ?? '' })),
    targets: scan.targets,
    packages: packageList,
    code,
    binaries,
    errors: scan.errors,
    summary: { files: scan.files, packages: packageList.length, code: code.length, binaries: binaries.length, ms: Number((process.hrtime.bigint() - started) / 1_000_000n) },
  };
}

/** `parent ← … ← direct-dep ← package.json`, as check's text prints it: the package first, the manifest last. */
export function inclusionPath(ref: PackageRef, manifest: string): string {
  return [ref.name, ...[...ref.via].reverse(), path.posix.basename(manifest)].join(' ← ');
}

/**
 * The literal first argument of a source use: the detector's own reading where it gives one (JavaScript),
 * else a lexical one: a string literal right after the matched callee (`TcpStream::connect("db:5432")`,
 * `reqwest::get("https://…")`). Rust macros, constants and format! strings are not followed.
 */
export function literalArgument(requirement: Requirement): { argument: string; prefix?: boolean } | null {
  if (requirement.detail) return requirement.detail;
  if (requirement.origin !== 'source' || !/\.rs$/.test(requirement.file)) return null;
  const lines = sourceLines(requirement.file);
  const line = lines?.[requirement.range.endLine - 1];
  if (line === undefined) return null;
  const match = /^\s*\(\s*&?"((?:[^"\\]|\\.)*)"\s*[,)]/.exec(line.slice(requirement.range.endColumn - 1));
  return match ? { argument: match[1].replace(/\\(.)/g, '$1') } : null;
}

function sourceLines(file: string): string[] | null {
  try {
    return fs.readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return null;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
