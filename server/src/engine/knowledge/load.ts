import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  CapabilityEntry, CargoCrateEntry, CargoTarget, CargoTargetEdge, GlueFamily, HostProfile, InterfaceEntry, InterfacesData, PackageEntry, Preview1Data,
  Preview1Function, RuleEntry,
} from './types';
import type { CapabilityId } from '../capabilities';

/**
 * The package root (rules/, docs/, package.json): the nearest folder above this code whose package.json is
 * wasi-ready's. Four levels up from server/out/engine/knowledge in the tsc build and the npm package; one level up
 * from dist/ in the bundled VS Code extension, where every module shares the bundle's `__dirname`.
 */
export const PACKAGE_ROOT = packageRootAbove(__dirname);
export const RULES_DIR = path.join(PACKAGE_ROOT, 'rules');

export interface Knowledge {
  hosts: HostProfile[];
  capabilities: Map<CapabilityId, CapabilityEntry>;
  rules: Map<string, RuleEntry>;
  /** "module\u0000name" → the function. */
  preview1: Map<string, Preview1Function>;
  preview1Modules: Set<string>;
  /** "wasi_unstable" → "WASI preview0". */
  preview1ModuleNames: Map<string, string>;
  /** "wasi:filesystem/types@0.2" → the interface on that release line. */
  interfaces: Map<string, InterfaceEntry>;
  glue: GlueFamily[];
  /** npm packages whose presence among a package's dependencies shows native code → what it shows. */
  npmNativeEvidence: Map<string, string>;
  /** rules/packages/npm.json by package name. */
  npmPackages: Map<string, PackageEntry[]>;
  /** rules/packages/cargo.json: crate entries by package name, the targets with their cfg, platform-only edges. */
  cargo: { crates: Map<string, CargoCrateEntry[]>; targets: CargoTarget[]; targetEdges: CargoTargetEdge[] };
}

function packageRootAbove(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'wasi-ready') return dir;
    } catch {
      // no package.json here (or not JSON): keep walking up
    }
    if (path.dirname(dir) === dir) throw new Error(`wasi-ready: no package.json named wasi-ready in ${start} or above it`);
  }
}

let cached: Knowledge | null = null;

/** Loads rules/ once per process; the files are small and never change while we run. */
export function knowledge(): Knowledge {
  cached ??= loadKnowledge(RULES_DIR);
  return cached;
}

export function loadKnowledge(rulesDir: string): Knowledge {
  const read = <T>(relative: string): T => JSON.parse(fs.readFileSync(path.join(rulesDir, relative), 'utf8')) as T;
  const hostsDir = path.join(rulesDir, 'hosts');
  const hosts = fs
    .readdirSync(hostsDir)
    .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
    .sort()
    .map((name) => read<HostProfile>(path.join('hosts', name)));
  const preview1Data = read<Preview1Data>('wasi/preview1.json');
  const interfacesData = read<InterfacesData>('wasi/interfaces.json');
  const cargo = read<{ crates: CargoCrateEntry[]; targets: CargoTarget[]; targetEdges?: CargoTargetEdge[] }>('packages/cargo.json');
  return {
    hosts,
    capabilities: new Map(read<{ capabilities: CapabilityEntry[] }>('capabilities.json').capabilities.map((c) => [c.id, c])),
    rules: new Map(read<{ rules: RuleEntry[] }>('rules.json').rules.map((r) => [r.id, r])),
    preview1: new Map(preview1Data.functions.map((f) => [preview1Key(f.module, f.name), f])),
    preview1Modules: new Set(preview1Data.modules.map((m) => m.module)),
    preview1ModuleNames: new Map(preview1Data.modules.map((m) => [m.module, m.label])),
    interfaces: new Map(interfacesData.interfaces.map((i) => [`${i.name}@${i.line}`, i])),
    glue: read<{ families: GlueFamily[] }>('wasi/host-glue.json').families,
    npmPackages: groupByName(read<{ packages: PackageEntry[] }>('packages/npm.json').packages),
    cargo: { crates: groupByName(cargo.crates), targets: cargo.targets, targetEdges: cargo.targetEdges ?? [] },
    npmNativeEvidence: new Map(read<{ packages: Array<{ name: string; shows: string }> }>('packages/npm-native-evidence.json').packages.map((p) => [p.name, p.shows])),
  };
}

function groupByName<T extends { name: string }>(entries: T[]): Map<string, T[]> {
  const byName = new Map<string, T[]>();
  for (const entry of entries) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  return byName;
}

export function preview1Key(module: string, name: string): string {
  return `${module}\u0000${name}`;
}
