import * as fs from 'node:fs';
import * as path from 'node:path';
import { listed } from '../../text';
import type { LockedPackage, LockGraph } from './lockfiles';

/**
 * Why a package is native code, from evidence rather than a list: platform-restricted prebuilt packages it
 * depends on optionally (sharp → @img/sharp-linux-x64), addon build/load helpers among its dependencies
 * (node-gyp-build, prebuild-install, bindings…), and, where node_modules is installed, a binding.gyp or
 * compiled .node files. Null when there is none. Platform packages are reported through their parent, and the
 * build helpers themselves (prebuild-install, node-gyp…) are tools, not addons.
 * `lockDir` is the lockfile's folder: install paths are relative to it.
 */
export function nativeEvidence(pkg: LockedPackage, graph: LockGraph, helpers: Map<string, string>, lockDir: string): string | null {
  if (pkg.platforms || helpers.has(pkg.name)) return null;
  const reasons: string[] = [];
  const prebuilt = [...pkg.optionalDependencies.values()]
    .map((id) => (id === null ? undefined : graph.packages.get(id)))
    .filter((dep): dep is LockedPackage => dep !== undefined && dep.platforms !== null);
  if (prebuilt.length > 0) reasons.push(`ships prebuilt native binaries per platform (${listed(prebuilt.map((p) => p.name))})`);
  for (const dependency of pkg.dependencies.keys()) {
    const shows = helpers.get(dependency);
    if (shows) reasons.push(shows);
  }
  const installed = installedDir(pkg, lockDir);
  if (installed) reasons.push(...installedEvidence(installed));
  return reasons.length > 0 ? [...new Set(reasons)].join('; ') : null;
}

/** The first of the package's possible install folders that holds this very version. */
function installedDir(pkg: LockedPackage, lockDir: string): string | null {
  for (const candidate of pkg.installDirs) {
    const dir = path.join(lockDir, candidate);
    let manifest: unknown;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
    if (pkg.version === null || version === pkg.version) return dir;
  }
  return null;
}

/** binding.gyp, or .node files in the usual build and prebuild folders of an installed package. */
function installedEvidence(dir: string): string[] {
  const found: string[] = [];
  if (isFile(path.join(dir, 'binding.gyp'))) found.push('has a binding.gyp');
  const nodeFiles = ['build/Release', 'prebuilds'].flatMap((sub) => findNodeFiles(path.join(dir, sub), 2));
  if (nodeFiles.length > 0) found.push(`contains compiled addons (${listed(nodeFiles.map((f) => path.relative(dir, f)))})`);
  return found;
}

function findNodeFiles(dir: string, depth: number): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name.endsWith('.node')) return [full];
    return entry.isDirectory() && depth > 0 ? findNodeFiles(full, depth - 1) : [];
  });
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
