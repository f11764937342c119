import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Knowledge } from '../../knowledge/load';
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
 * A package.json and its lockfile: what the production dependencies need, found from evidence in the
 * lockfile (and node_modules when installed), reported on the line that declares the direct dependency.
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
    return { requirements: nativeRequirements(file, declared, packages, kb, dir), errors };
  },
};

/** One requirement per direct dependency and native package it pulls in, with the path between them. */
function nativeRequirements(file: string, declared: DeclaredDependency[], packages: Map<string, LockedPackage>, kb: Knowledge, dir: string): Requirement[] {
  const evidence = new Map<string, string | null>();
  const evidenceFor = (pkg: LockedPackage): string | null => {
    if (!evidence.has(pkg.path)) evidence.set(pkg.path, nativeEvidence(pkg, packages, kb.npmNativeEvidence, dir));
    return evidence.get(pkg.path) ?? null;
  };
  const out: Requirement[] = [];
  for (const dependency of declared) {
    const root = resolveLocked(packages, '', dependency.name);
    if (!root) continue;
    for (const { pkg, via } of reachable(root, packages)) {
      const why = evidenceFor(pkg);
      if (!why) continue;
      const chain = [pkg.name, ...[...via].reverse(), 'package.json'].join(' ← ');
      out.push({
        ruleId: 'dependency/native-code',
        capability: 'native-code',
        origin: 'dependency',
        file,
        range: dependency.range,
        evidence: `${pkg.name}${pkg.version ? `@${pkg.version}` : ''} is a native addon (${chain}): it ${why}`,
        need: { kind: 'capability' },
        guarded: false,
        test: false,
        package: { ecosystem: 'npm', name: pkg.name, version: pkg.version, via },
      });
    }
  }
  return out;
}

/** Breadth-first over dependencies and optional dependencies: each package once, with its shortest path. */
function reachable(root: LockedPackage, packages: Map<string, LockedPackage>): Array<{ pkg: LockedPackage; via: string[] }> {
  const seen = new Set<string>([root.path]);
  const queue: Array<{ pkg: LockedPackage; via: string[] }> = [{ pkg: root, via: [] }];
  for (let i = 0; i < queue.length; i++) {
    const { pkg, via } = queue[i];
    for (const name of [...pkg.dependencies, ...pkg.optionalDependencies]) {
      const child = resolveLocked(packages, pkg.path, name);
      if (!child || seen.has(child.path) || child.platforms) continue;
      seen.add(child.path);
      queue.push({ pkg: child, via: [...via, pkg.name] });
    }
  }
  return queue;
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
