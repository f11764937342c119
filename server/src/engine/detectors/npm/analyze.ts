import * as fs from 'node:fs';
import * as path from 'node:path';
import satisfies = require('semver/functions/satisfies');
import type { CapabilityId } from '../../capabilities';
import type { Knowledge } from '../../knowledge/load';
import type { PackageEntry } from '../../knowledge/types';
import type { InputError, Requirement } from '../../model';
import { describeFsError } from '../../workspace';
import type { Detector } from '../registry';
import { nativeEvidence } from './evidence';
import { LockfileError, readLockfile, resolveLocked, type LockedPackage } from './lockfile';
import { ManifestError, readDeclaredDependencies, type DeclaredDependency } from './manifest';

/** Manifests larger than this are not package.json files anyone wrote by hand (bounded reads). */
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

/**
 * A package.json and its lockfile: what the production dependencies need — native code from evidence in the
 * lockfile (and node_modules when installed), the rest from the knowledge base — reported on the line that
 * declares the direct dependency.
 */
export const npmDetector: Detector = {
  name: 'npm dependencies',
  wants: (file) => path.basename(file) === 'package.json',
  analyze(file, kb) {
    const errors: InputError[] = [];
    const manifest = readText(file, errors);
    if (manifest === null) return { requirements: [], errors };
    let declared: DeclaredDependency[];
    try {
      declared = readDeclaredDependencies(manifest).filter((d) => d.kind !== 'devDependencies');
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      return { requirements: [], errors: [{ file, message: `cannot parse package.json at ${error.line}:${error.column}: ${error.message}` }] };
    }
    const dir = path.dirname(file);
    const lockfile = LOCKFILES.map((name) => path.join(dir, name)).find((f) => fs.existsSync(f));
    if (!lockfile || declared.length === 0) return { requirements: [], errors };
    const lockText = readText(lockfile, errors);
    if (lockText === null) return { requirements: [], errors };
    let packages: Map<string, LockedPackage>;
    try {
      packages = readLockfile(lockText);
    } catch (error) {
      if (!(error instanceof LockfileError)) throw error;
      return { requirements: [], errors: [{ file: lockfile, message: `cannot read ${path.basename(lockfile)}: ${error.message}` }] };
    }
    return { requirements: dependencyRequirements(file, declared, packages, kb, dir), errors };
  },
};

/**
 * For each direct dependency, every package it pulls in that needs something: native code from evidence,
 * the rest from rules/packages/npm.json. Each finding sits on the direct dependency's line with the path.
 */
function dependencyRequirements(file: string, declared: DeclaredDependency[], packages: Map<string, LockedPackage>, kb: Knowledge, dir: string): Requirement[] {
  const evidence = new Map<string, string | null>();
  const evidenceFor = (pkg: LockedPackage): string | null => {
    if (!evidence.has(pkg.path)) evidence.set(pkg.path, nativeEvidence(pkg, packages, kb.npmNativeEvidence, dir));
    return evidence.get(pkg.path) ?? null;
  };
  const out: Requirement[] = [];
  for (const dependency of declared) {
    const root = resolveLocked(packages, '', dependency.name);
    if (!root) continue;
    const graph = reachable(root, packages, kb.npmNativeEvidence);
    const names = new Set(graph.map((g) => g.pkg.name));
    for (const { pkg, via, optional } of graph) {
      const chain = [pkg.name, ...[...via].reverse(), 'package.json'].join(' ← ');
      const label = `${pkg.name}${pkg.version ? `@${pkg.version}` : ''}`;
      // Reached only through an optional dependency: npm installs the parent without it (msgpackr without its
      // native msgpackr-extract), so it is worth knowing, not a blocker.
      const optionalNote = optional ? ` (an optional dependency: npm installs ${via[via.length - 1] ?? pkg.name} without it)` : '';
      const make = (capability: CapabilityId, evidenceText: string, instead?: string): Requirement => ({
        ruleId: `dependency/${capability}`, capability, origin: 'dependency', file, range: dependency.range, evidence: `${evidenceText}${optionalNote}`,
        need: { kind: 'capability' }, guarded: false, test: false,
        package: { ecosystem: 'npm', name: pkg.name, version: pkg.version, via }, ...(instead ? { instead } : {}), ...(optional ? { maxSeverity: 'info' as const } : {}),
      });
      const why = evidenceFor(pkg);
      if (why) out.push(make('native-code', `${label} is a native addon (${chain}): it ${why}`));
      for (const entry of knownNeeds(pkg, names, kb)) {
        for (const capability of entry.capabilities) {
          if (capability === 'native-code' && why) continue; // the evidence said it, with more detail
          out.push(make(capability, `${label} (${chain}) ${entry.why}`, entry.alternative ?? undefined));
        }
      }
    }
  }
  return out;
}

/**
 * The knowledge-base entries that apply to a package at its version. Left out: needs that only one feature of
 * the package has (winston's File transport: the source scan decides), build tools, and entries whose need
 * comes through a driver that is itself in the graph (its own entry is the precise finding).
 */
function knownNeeds(pkg: LockedPackage, graph: Set<string>, kb: Knowledge): PackageEntry[] {
  return (kb.npmPackages.get(pkg.name) ?? []).filter((entry) =>
    entry.scope !== 'feature' && !entry.buildTool &&
    !(entry.through ?? []).some((driver) => graph.has(driver)) &&
    (!entry.versions || !pkg.version || satisfies(pkg.version, entry.versions, { includePrerelease: true })));
}

/**
 * Breadth-first over dependencies and optional dependencies: each package once, with its shortest path; it
 * counts as optional when that path goes through an optional dependency.
 * Addon build helpers (node-pre-gyp, prebuild-install…) run at install time: what they pull in is not walked.
 */
function reachable(root: LockedPackage, packages: Map<string, LockedPackage>, buildHelpers: Map<string, string>): Reached[] {
  const seen = new Set<string>([root.path]);
  const queue: Reached[] = [{ pkg: root, via: [], optional: false }];
  for (let i = 0; i < queue.length; i++) {
    const { pkg, via, optional } = queue[i];
    const edges = [...pkg.dependencies.map((name) => ({ name, optional })), ...pkg.optionalDependencies.map((name) => ({ name, optional: true }))];
    for (const edge of edges) {
      const child = resolveLocked(packages, pkg.path, edge.name);
      if (!child || seen.has(child.path) || child.platforms || buildHelpers.has(child.name)) continue;
      seen.add(child.path);
      queue.push({ pkg: child, via: [...via, pkg.name], optional: edge.optional });
    }
  }
  return queue;
}

/** A package in a dependency's tree: the path to it, and whether that path goes through an optional dependency. */
interface Reached {
  pkg: LockedPackage;
  via: string[];
  optional: boolean;
}

function readText(file: string, errors: InputError[]): string | null {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      errors.push({ file, message: 'not a regular file' });
      return null;
    }
    if (stat.size > MAX_MANIFEST_BYTES) {
      errors.push({ file, message: `skipped: ${stat.size} bytes is larger than the ${MAX_MANIFEST_BYTES}-byte limit for a manifest` });
      return null;
    }
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    errors.push({ file, message: describeFsError(error, file) });
    return null;
  }
}
