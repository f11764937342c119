/** One entry of package-lock.json (v2/v3) `packages`, keyed by its install path. */
export interface LockedPackage {
  path: string;
  name: string;
  version: string | null;
  dependencies: string[];
  optionalDependencies: string[];
  hasInstallScript: boolean;
  /** Set when the package is restricted to some platforms: a prebuilt binary for those. */
  platforms: string[] | null;
  dev: boolean;
}

export class LockfileError extends Error {}

/** Reads the `packages` map of a v2/v3 lockfile (npm 7+). v1 lockfiles have no install paths: refused. */
export function readLockfile(text: string): Map<string, LockedPackage> {
  let lock: { lockfileVersion?: number; packages?: Record<string, Record<string, unknown>> };
  try {
    lock = JSON.parse(text);
  } catch (error) {
    throw new LockfileError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!lock.packages || typeof lock.packages !== 'object') {
    throw new LockfileError(`lockfileVersion ${lock.lockfileVersion ?? '?'} has no "packages" map; regenerate it with npm 7 or later`);
  }
  const packages = new Map<string, LockedPackage>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '') continue;
    const os = Array.isArray(entry.os) ? (entry.os as string[]) : [];
    const cpu = Array.isArray(entry.cpu) ? (entry.cpu as string[]) : [];
    packages.set(path, {
      path,
      name: typeof entry.name === 'string' ? entry.name : path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: typeof entry.version === 'string' ? entry.version : null,
      dependencies: Object.keys((entry.dependencies as object) ?? {}),
      optionalDependencies: Object.keys((entry.optionalDependencies as object) ?? {}),
      hasInstallScript: entry.hasInstallScript === true,
      platforms: os.length || cpu.length ? [...os, ...cpu] : null,
      dev: entry.dev === true,
    });
  }
  return packages;
}

/** Node's resolution inside the lockfile's tree: the nearest node_modules/<name> from `fromPath` upwards. */
export function resolveLocked(packages: Map<string, LockedPackage>, fromPath: string, name: string): LockedPackage | undefined {
  let base = fromPath;
  for (;;) {
    const candidate = packages.get(base ? `${base}/node_modules/${name}` : `node_modules/${name}`);
    if (candidate) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}
