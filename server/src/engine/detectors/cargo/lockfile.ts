import { parseToml } from './toml';

/** One `[[package]]` of Cargo.lock. */
export interface LockedCrate {
  /** Unique within the lockfile: "name version (source)". */
  id: string;
  name: string;
  version: string;
  /** null for workspace members and path dependencies. */
  source: string | null;
  /** The ids of its dependencies (every platform's, every kind but dev: Cargo.lock records no cfg). */
  dependencies: string[];
}

export interface CargoLock {
  version: number;
  crates: Map<string, LockedCrate>;
}

export class LockfileError extends Error {}

/**
 * Reads Cargo.lock (v1–v4). A dependency is written "name", "name version" or "name version (source)",
 * whichever is unique in the file; resolved here to the package's id.
 */
export function readLockfile(text: string, parse: (text: string) => Record<string, unknown> = parseToml): CargoLock {
  const doc = parse(text);
  const version = typeof doc.version === 'number' ? doc.version : typeof doc.version === 'bigint' ? Number(doc.version) : 1;
  if (version > 4) throw new LockfileError(`lockfile version ${version} is newer than this tool reads (1–4)`);
  if (!Array.isArray(doc.package)) throw new LockfileError('no [[package]] entries');
  const raw = doc.package.map((entry, index) => {
    const p = (entry ?? {}) as Record<string, unknown>;
    if (typeof p.name !== 'string' || typeof p.version !== 'string') throw new LockfileError(`[[package]] number ${index + 1} has no name or version`);
    return {
      name: p.name,
      version: p.version,
      source: typeof p.source === 'string' ? p.source : null,
      deps: Array.isArray(p.dependencies) ? p.dependencies.filter((d): d is string => typeof d === 'string') : [],
    };
  });
  const idOf = (p: { name: string; version: string; source: string | null }) => `${p.name} ${p.version}${p.source ? ` (${p.source})` : ''}`;
  const byName = new Map<string, typeof raw>();
  for (const p of raw) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const resolve = (spec: string): string | null => {
    const m = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(spec.trim());
    if (!m) return null;
    const [, name, ver, source] = m;
    const found = (byName.get(name) ?? []).filter((p) => (!ver || p.version === ver) && (!source || p.source === source));
    return found.length >= 1 ? idOf(found[0]) : null;
  };
  const crates = new Map<string, LockedCrate>();
  for (const p of raw) {
    const id = idOf(p);
    crates.set(id, { id, name: p.name, version: p.version, source: p.source, dependencies: p.deps.map(resolve).filter((d): d is string => d !== null) });
  }
  return { version, crates };
}

/** The lockfile entry of a workspace member or path package: no source, by name (and version when given). */
export function findLocal(lock: CargoLock, name: string, version: string | null): LockedCrate | undefined {
  const candidates = [...lock.crates.values()].filter((c) => c.name === name && c.source === null);
  return candidates.find((c) => version === null || c.version === version) ?? candidates[0];
}
