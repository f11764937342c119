import * as fs from 'node:fs';
import * as path from 'node:path';
import satisfies = require('semver/functions/satisfies');
import type { CapabilityId } from '../../capabilities';
import type { Knowledge } from '../../knowledge/load';
import type { PackageEntry } from '../../knowledge/types';
import type { InputError, Requirement } from '../../model';
import { npmFiles } from './files';
import type { Detector } from '../registry';
import { nativeEvidence } from './evidence';
import { edges, type LockedPackage, type LockGraph } from './lockfiles/types';
import { describeLockfileError, findLockfile, LockfileError, readLockGraph, type FoundLockfile } from './lockfiles';
import { ManifestError, readManifest, type DeclaredDependency, type Manifest } from './manifest';
import { ParsedByStamp } from '../../parsedByStamp';
import { readManifestText } from '../source/readManifest';
import { isInside } from '../../workspace';

/**
 * A package.json and its lockfile (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml or yarn.lock,
 * beside it or at the workspace root): what the dependencies that ship need — native code from evidence in
 * the lockfile (and node_modules when installed), the rest from the knowledge base — reported on the line
 * that declares the direct dependency.
 *
 * Which dependencies count: `dependencies`, `optionalDependencies`, and `peerDependencies` the lockfile has
 * installed. `devDependencies` only on request (--dev): they are not part of the deployed function, so their
 * findings are marked `test: true` and reported at info at most, like test code in the source rules.
 */
export const npmDetector: Detector = {
  ...npmFiles,
  analyze(file, kb, options) {
    const read = options.text !== undefined ? parseManifest(file, options.text) : manifests.get(file, () => readAndParseManifest(file));
    if ('errors' in read) return { requirements: [], errors: read.errors };
    const manifest = read.manifest;
    const declared = countedDependencies(manifest.declared, options.devDependencies);
    const dir = path.dirname(file);
    const found = declared.length > 0 ? findLockfile(dir, manifest.packageManager, isInside(dir, options.root) ? options.root : dir) : null;
    if (!found) return { requirements: [], errors: [] };
    const lockDir = path.dirname(found.file);
    if (found.importer !== '' && found.kind.name === 'yarn.lock' && !isWorkspaceMember(lockDir, found.importer)) return { requirements: [], errors: [] };
    const lock = lockGraphs.get(found.file, () => readLock(found));
    if ('errors' in lock) return { requirements: [], errors: lock.errors };
    const graph = lock.graph;
    // A lockfile above that does not list this package.json belongs to another project.
    if (!graph.covers(found.importer)) return { requirements: [], errors: [] };
    return { requirements: dependencyRequirements(file, declared, graph, found.importer, kb, lockDir), errors: [] };
  },
};

/** package.json files parsed once while unchanged (a re-scan still looks for the lockfile and reads installed packages' evidence again). */
const manifests = new ParsedByStamp<{ manifest: Manifest } | { errors: InputError[] }>(10_000);

function readAndParseManifest(file: string): { manifest: Manifest } | { errors: InputError[] } {
  const errors: InputError[] = [];
  const text = readText(file, errors);
  return text === null ? { errors } : parseManifest(file, text);
}

function parseManifest(file: string, text: string): { manifest: Manifest } | { errors: InputError[] } {
  try {
    return { manifest: readManifest(text) };
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    return { errors: [{ file, message: `cannot parse package.json at ${error.line}:${error.column}: ${error.message}` }] };
  }
}

/** Lockfiles parsed once while unchanged: a workspace's package.json files share one. */
const lockGraphs = new ParsedByStamp<{ graph: LockGraph } | { errors: InputError[] }>(8);

function readLock(found: FoundLockfile): { graph: LockGraph } | { errors: InputError[] } {
  const errors: InputError[] = [];
  const text = readText(found.file, errors);
  if (text === null) return { errors };
  try {
    return { graph: readLockGraph(found, text) };
  } catch (error) {
    if (!(error instanceof LockfileError)) throw error;
    return { errors: [{ file: found.file, message: describeLockfileError(found.file, error) }] };
  }
}

/** Production dependencies (and dev ones on request), each name once: the first section that declares it. */
function countedDependencies(declared: DeclaredDependency[], devDependencies: boolean): DeclaredDependency[] {
  const seen = new Set<string>();
  return declared.filter((d) => {
    if ((d.kind === 'devDependencies' && !devDependencies) || seen.has(d.name)) return false;
    seen.add(d.name);
    return true;
  });
}

/**
 * For each direct dependency, every package it pulls in that needs something: native code from evidence,
 * the rest from rules/packages/npm.json. Each finding sits on the direct dependency's line with the path.
 */
function dependencyRequirements(file: string, declared: DeclaredDependency[], graph: LockGraph, importer: string, kb: Knowledge, lockDir: string): Requirement[] {
  const evidence = new Map<string, string | null>();
  const evidenceFor = (pkg: LockedPackage): string | null => {
    if (!evidence.has(pkg.id)) evidence.set(pkg.id, nativeEvidence(pkg, graph, kb.npmNativeEvidence, lockDir));
    return evidence.get(pkg.id) ?? null;
  };
  const out: Requirement[] = [];
  for (const dependency of declared) {
    const root = graph.direct(importer, dependency.name, dependency.spec);
    if (!root) continue;
    const dev = dependency.kind === 'devDependencies';
    const tree = reachable(root, graph, kb.npmNativeEvidence);
    const names = new Set(tree.map((g) => g.pkg.name));
    for (const { pkg, via, optional } of tree) {
      const chain = [pkg.name, ...[...via].reverse(), 'package.json'].join(' ← ');
      const label = `${pkg.name}${pkg.version ? `@${pkg.version}` : ''}`;
      // Reached only through an optional dependency: npm installs the parent without it (msgpackr without its
      // native msgpackr-extract), so it is worth knowing, not a blocker.
      const optionalNote = optional ? ` (an optional dependency: npm installs ${via[via.length - 1] ?? pkg.name} without it)` : '';
      const devNote = dev ? ` (a dev dependency: not part of the deployed function)` : '';
      const make = (capability: CapabilityId, evidenceText: string, instead?: string): Requirement => ({
        ruleId: `dependency/${capability}`, capability, origin: 'dependency', file, range: dependency.range, evidence: `${evidenceText}${optionalNote}${devNote}`,
        need: { kind: 'capability' }, guarded: false, test: dev,
        package: { ecosystem: 'npm', name: pkg.name, version: pkg.version, via }, ...(instead ? { instead } : {}), ...(optional || dev ? { maxSeverity: 'info' as const } : {}),
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
function reachable(root: LockedPackage, graph: LockGraph, buildHelpers: Map<string, string>): Reached[] {
  const seen = new Set<string>([root.id]);
  const queue: Reached[] = [{ pkg: root, via: [], optional: false }];
  for (let i = 0; i < queue.length; i++) {
    const { pkg, via, optional } = queue[i];
    // By name, so that paths of equal length tie the same way whichever lockfile listed them in which order.
    const next = edges(pkg).sort((a, b) => Number(a.optional) - Number(b.optional) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const edge of next) {
      const child = edge.id === null ? undefined : graph.packages.get(edge.id);
      if (!child || seen.has(child.id) || child.platforms || buildHelpers.has(child.name)) continue;
      seen.add(child.id);
      queue.push({ pkg: child, via: [...via, pkg.name], optional: optional || edge.optional });
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

/** yarn classic lists no workspaces in yarn.lock: the root package.json's `workspaces` patterns decide. */
function isWorkspaceMember(rootDir: string, member: string): boolean {
  let patterns: string[];
  try {
    patterns = readManifest(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')).workspaces;
  } catch {
    return false;
  }
  return patterns.some((pattern) => globToRegExp(pattern.replace(/^\.\//, '').replace(/\/$/, '')).test(member));
}

/** npm/yarn workspace patterns: `*` within a folder name, `**` across folders. */
function globToRegExp(pattern: string): RegExp {
  const source = pattern.split('/').map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))).join('/');
  return new RegExp(`^${source}$`);
}

function readText(file: string, errors: InputError[]): string | null {
  return readManifestText(file, errors, 'a manifest');
}
