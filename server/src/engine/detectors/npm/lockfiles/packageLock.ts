import { LineIndex } from '../../../textPositions';
import { isObject, LockfileError, stringArray, type LockedPackage, type LockGraph } from './types';

/**
 * package-lock.json / npm-shrinkwrap.json v2 and v3 (npm 7+): the `packages` map, keyed by install path.
 * Dependencies resolve the way Node does, to the nearest node_modules/<name> from the dependent upwards.
 * v1 lockfiles have no install paths: refused.
 */
export function readPackageLock(text: string): LockGraph {
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch (error) {
    throw jsonError(text, error instanceof Error ? error.message : String(error));
  }
  if (!isObject(lock) || !isObject(lock.packages)) {
    const version = isObject(lock) ? lock.lockfileVersion : undefined;
    throw new LockfileError(`lockfileVersion ${typeof version === 'number' ? version : '?'} has no "packages" map; regenerate it with npm 7 or later`);
  }
  const entries = new Map(Object.entries(lock.packages).filter((e): e is [string, Record<string, unknown>] => isObject(e[1])));
  const resolve = (from: string, name: string): string | null => resolveInstallPath(entries, from, name);
  const packages = new Map<string, LockedPackage>();
  for (const [path, entry] of entries) {
    if (!path.includes('node_modules/')) continue; // the root and workspace members: importers, not packages
    if (entry.link === true) continue; // a workspace member linked into node_modules: its own package.json is scanned
    const platforms = [...stringArray(entry.os), ...stringArray(entry.cpu), ...stringArray(entry.libc)];
    const named = (field: string): Map<string, string | null> =>
      new Map(Object.keys(isObject(entry[field]) ? entry[field] : {}).map((name) => [name, resolve(path, name)]));
    packages.set(path, {
      id: path,
      name: typeof entry.name === 'string' ? entry.name : path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length),
      version: typeof entry.version === 'string' ? entry.version : null,
      dependencies: named('dependencies'),
      optionalDependencies: named('optionalDependencies'),
      hasInstallScript: entry.hasInstallScript === true,
      platforms: platforms.length > 0 ? platforms : null,
      installDirs: [path],
    });
  }
  return {
    format: 'package-lock',
    packages,
    direct: (importer, name) => {
      const id = resolve(importer, name);
      return id === null ? undefined : packages.get(id);
    },
    // npm workspaces: each member has an entry under its folder ("packages/api"), linked from node_modules.
    covers: (importer) => importer === '' || entries.has(importer),
  };
}

/** Node's resolution inside the lockfile's tree: the nearest node_modules/<name> from `fromPath` upwards. */
function resolveInstallPath(entries: Map<string, unknown>, fromPath: string, name: string): string | null {
  let base = fromPath;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (entries.has(candidate)) return candidate;
    if (!base) return null;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut >= 0 ? base.slice(0, cut) : '';
  }
}

/** V8 says where JSON.parse stopped as an offset ("… at position 38"): the error gives the line and column. */
function jsonError(text: string, message: string): LockfileError {
  const offset = /\bat position (\d+)/.exec(message);
  const reason = message.replace(/\s*(?:in JSON\s*)?at position \d+.*$/s, '');
  if (!offset) return new LockfileError(`invalid JSON: ${reason}`);
  const at = new LineIndex(text).position(Number(offset[1]));
  return new LockfileError(`invalid JSON: ${reason}`, at.line, at.column);
}
