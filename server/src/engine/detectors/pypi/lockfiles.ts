import * as path from 'node:path';
import { parseToml } from '../cargo/toml';
import { markerOnWasi, normalizeName, parseRequirement } from './pep508';

/** A dependency edge in a lockfile: to a package by normalised name, with the extras it asks for. */
export interface LockEdge {
  key: string;
  extras: string[];
  marker: string | null;
}

/** One `[[package]]` of uv.lock or poetry.lock. */
export interface LockedPackage {
  name: string;
  key: string;
  version: string | null;
  /** Installed whenever the package is. */
  dependencies: LockEdge[];
  /** Installed only with an extra of the package (`uvicorn[standard]`). */
  extras: Map<string, LockEdge[]>;
  /** The wheel file names the lockfile lists (every platform's). */
  wheels: string[];
  sdist: boolean;
}

export interface LockGraph {
  file: string;
  /** `uv.lock` or `poetry.lock`. */
  kind: string;
  packages: Map<string, LockedPackage>;
}

export class LockfileError extends Error {}

export const LOCKFILES = ['uv.lock', 'poetry.lock'] as const;

export function readLockGraph(file: string, text: string): LockGraph {
  const kind = path.basename(file);
  const doc = parseToml(text);
  const packages = kind === 'uv.lock' ? readUvLock(doc) : readPoetryLock(doc);
  return { file, kind, packages };
}

/**
 * uv.lock (version 1, revisions 1–3): `[[package]]` with `name`, `version`, `dependencies = [{ name, extra,
 * marker }]`, `[package.optional-dependencies]` per extra, `sdist` and `wheels = [{ url | path | filename }]`.
 */
function readUvLock(doc: Record<string, unknown>): Map<string, LockedPackage> {
  const version = typeof doc.version === 'number' ? doc.version : typeof doc.version === 'bigint' ? Number(doc.version) : null;
  if (version !== null && version > 1) throw new LockfileError(`lockfile version ${version} is newer than this tool reads (1)`);
  if (!Array.isArray(doc.package)) throw new LockfileError('no [[package]] entries');
  const packages = new Map<string, LockedPackage>();
  doc.package.forEach((entry, index) => {
    const p = table(entry);
    if (!p || typeof p.name !== 'string') throw new LockfileError(`[[package]] number ${index + 1} has no name`);
    const edges = (value: unknown): LockEdge[] => (Array.isArray(value) ? value : []).flatMap((d) => {
      const t = table(d);
      if (!t || typeof t.name !== 'string') return [];
      const extras = Array.isArray(t.extra) ? t.extra.filter((e): e is string => typeof e === 'string') : [];
      return [{ key: normalizeName(t.name), extras, marker: typeof t.marker === 'string' ? t.marker : null }];
    });
    const key = normalizeName(p.name);
    if (packages.has(key)) return; // a fork for other markers: the first resolution stands for the package
    const wheels = (Array.isArray(p.wheels) ? p.wheels : []).flatMap((w) => {
      const t = table(w);
      const where = t && (typeof t.filename === 'string' ? t.filename : typeof t.url === 'string' ? t.url : typeof t.path === 'string' ? t.path : null);
      return where ? [decodeURIComponent(where.split(/[/\\]/).pop() ?? where)] : [];
    });
    packages.set(key, {
      name: p.name, key, version: typeof p.version === 'string' ? p.version : null,
      dependencies: edges(p.dependencies),
      extras: new Map(Object.entries(table(p['optional-dependencies']) ?? {}).map(([extra, list]) => [normalizeName(extra), edges(list)])),
      wheels, sdist: table(p.sdist) !== null,
    });
  });
  return packages;
}

/**
 * poetry.lock (lock-version 1.x and 2.x): `[[package]]` with `name`, `version`, `files = [{ file, hash }]`
 * (or, before 1.2, `[metadata.files]`), `[package.dependencies]` (`name = "spec"` or `{ version, markers,
 * extras, optional }`) and `[package.extras]` naming the optional dependencies each extra installs.
 */
function readPoetryLock(doc: Record<string, unknown>): Map<string, LockedPackage> {
  const lockVersion = typeof table(doc.metadata)?.['lock-version'] === 'string' ? String(table(doc.metadata)!['lock-version']) : null;
  if (lockVersion && Number.parseInt(lockVersion, 10) > 2) throw new LockfileError(`lock-version ${lockVersion} is newer than this tool reads (1.x, 2.x)`);
  if (!Array.isArray(doc.package)) throw new LockfileError('no [[package]] entries');
  const oldFiles = table(table(doc.metadata)?.files) ?? {};
  const packages = new Map<string, LockedPackage>();
  doc.package.forEach((entry, index) => {
    const p = table(entry);
    if (!p || typeof p.name !== 'string') throw new LockfileError(`[[package]] number ${index + 1} has no name`);
    const key = normalizeName(p.name);
    if (packages.has(key)) return;
    const required: LockEdge[] = [];
    const optional = new Map<string, LockEdge>();
    for (const [name, spec] of Object.entries(table(p.dependencies) ?? {})) {
      const constraints = Array.isArray(spec) ? spec : [spec];
      const t = table(constraints[0]);
      const edge: LockEdge = {
        key: normalizeName(name),
        extras: t && Array.isArray(t.extras) ? t.extras.filter((e): e is string => typeof e === 'string') : [],
        marker: constraints.length === 1 && t && typeof t.markers === 'string' ? t.markers : null,
      };
      if (t?.optional === true) optional.set(edge.key, edge);
      else required.push(edge);
    }
    const extras = new Map<string, LockEdge[]>();
    for (const [extra, list] of Object.entries(table(p.extras) ?? {})) {
      const named = (Array.isArray(list) ? list : []).flatMap((item) => {
        const requirement = typeof item === 'string' ? parseRequirement(item.replace(/\s*\(([^)]*)\)\s*$/, '$1')) : null;
        if (!requirement) return [];
        return [optional.get(requirement.key) ?? { key: requirement.key, extras: requirement.extras, marker: requirement.marker }];
      });
      extras.set(normalizeName(extra), named);
    }
    const files = Array.isArray(p.files) ? p.files : Array.isArray(oldFiles[p.name]) ? (oldFiles[p.name] as unknown[]) : [];
    const names = files.flatMap((f) => {
      const t = table(f);
      return t && typeof t.file === 'string' ? [t.file] : [];
    });
    packages.set(key, {
      name: p.name, key, version: typeof p.version === 'string' ? p.version : null,
      dependencies: required, extras,
      wheels: names.filter((n) => n.endsWith('.whl')), sdist: names.some((n) => !n.endsWith('.whl')),
    });
  });
  return packages;
}

/** A package in a direct dependency's tree, with the names from the direct dependency down to its parent. */
export interface Reached {
  pkg: LockedPackage;
  via: string[];
}

/**
 * Breadth-first from a direct dependency with the extras it asks for: each package once, with its shortest
 * path. Edges whose marker cannot hold on WASI (`colorama; sys_platform == "win32"`) are not installed by a wasm
 * build and are not walked; an extra asked for further down (`fastapi[standard]` → `uvicorn[standard]`) adds
 * that extra's edges even when the package was reached before. Packages in `stopAt` (the manifest's other direct
 * dependencies) are reported on their own lines with their own trees, and not walked here.
 */
export function reachable(graph: LockGraph, key: string, extras: string[], stopAt: ReadonlySet<string> = new Set()): Reached[] {
  const root = graph.packages.get(key);
  if (!root) return [];
  const out: Reached[] = [{ pkg: root, via: [] }];
  const seen = new Map<string, Reached>([[key, out[0]]]);
  const expanded = new Set<string>();
  const queue: Array<{ reached: Reached; extras: string[] }> = [{ reached: out[0], extras }];
  for (let i = 0; i < queue.length; i++) {
    const { reached, extras: asked } = queue[i];
    const fresh = ['', ...asked.map(normalizeName)].filter((extra) => !expanded.has(`${reached.pkg.key}\0${extra}`));
    for (const extra of fresh) expanded.add(`${reached.pkg.key}\0${extra}`);
    const edges = fresh.flatMap((extra) => (extra === '' ? reached.pkg.dependencies : reached.pkg.extras.get(extra) ?? []));
    for (const edge of [...edges].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      if (edge.marker && markerOnWasi(edge.marker) === false) continue;
      const child = graph.packages.get(edge.key);
      if (!child || child.key === root.key || stopAt.has(child.key)) continue;
      let next = seen.get(child.key);
      if (!next) {
        next = { pkg: child, via: [...reached.via, reached.pkg.name] };
        seen.set(child.key, next);
        out.push(next);
      }
      queue.push({ reached: next, extras: edge.extras });
    }
  }
  return out;
}

function table(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
