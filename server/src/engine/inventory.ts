import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityId } from './capabilities';
import type { CheckOptions } from './check';
import { evaluate } from './evaluate/findings';
import type { Target } from './hosts';
import { knowledge } from './knowledge/load';
import type { HostVerdict, InputError, PackageRef, Requirement } from './model';
import { Scan } from './scan';
import { compareText } from './text';
import { SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION } from './version';

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

/**
 * What `check` judges, before judgement: every requirement the detectors find under the paths, with its
 * project's targets and each host's verdict. The file walk, include/exclude, target choice and detectors are
 * check's own (scan.ts; findings = the needs whose verdict is not `ok`); `inventory` and `grants` read needs,
 * not findings, because a need a host provides (outbound HTTP on Spin) is still a need to list or to grant.
 */
export async function collectNeeds(paths: string[], options: CheckOptions = {}): Promise<NeedsResult> {
  const scan = new Scan(paths, options);
  const needs: Need[] = [];
  for (const file of scan.files) {
    const choice = scan.choose(file);
    for await (const analysis of scan.analyses(file)) {
      scan.errors.push(...analysis.errors);
      for (const requirement of analysis.requirements) {
        const [finding] = evaluate([requirement], choice.targets, scan.kb, scan.relative);
        const hosts: Record<string, HostVerdict> = finding?.hosts ?? Object.fromEntries(choice.targets.map((t) => [t.label, 'ok' as const]));
        needs.push({ requirement, file: scan.relative(requirement.file), targets: choice.targets, hosts, verdict: finding?.severity ?? 'ok', message: finding?.message ?? null });
      }
    }
  }
  needs.sort((a, b) => compareText(a.file, b.file) || a.requirement.range.line - b.requirement.range.line || a.requirement.range.column - b.requirement.range.column || compareText(a.requirement.ruleId, b.requirement.ruleId));
  return {
    needs,
    errors: scan.allErrors(),
    targets: scan.targetLabels(),
    files: scan.files.length,
    choices: scan.projects(),
    scanned: scan.files.map((f) => f.path),
    relative: scan.relative,
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
