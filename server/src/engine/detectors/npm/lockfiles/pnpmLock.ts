import { isDocument, parseDocument } from 'yaml';
import { isObject, LockfileError, splitNameAt, stringArray, type LockedPackage, type LockGraph } from './types';

/**
 * pnpm-lock.yaml, lockfile formats 6.x (pnpm 8) and 9.x (pnpm 9 and 10).
 *
 * - `importers`: each workspace member's direct dependencies by folder ('.' the root); a 6.x lockfile of a
 *   single project has them at the top level instead.
 * - 9.x: `packages` holds metadata per `name@version` (os, cpu, libc, peerDependencies) and `snapshots` the
 *   resolved graph per `name@version(peer@x)`; 6.x has both in `packages`, keyed `/name@version(peer@x)`.
 * - A dependency's version is a key suffix (`1.0.0(bar@2.0.0)`), an alias (`string-width@4.2.3`, in 6.x
 *   `/string-width@4.2.3`) or a workspace link (`link:../lib`, not a registry package: skipped).
 * - Resolved peers appear among a snapshot's dependencies; they are the dependent's peers, installed by
 *   whoever provides them, so they are not edges (as in package-lock.json, where they are not listed).
 * - `requiresBuild: true` (6.x only) is the install-script flag; `hasBin` is not evidence of anything native.
 */
export function readPnpmLock(text: string): LockGraph {
  const doc = parseDocument(text, { uniqueKeys: false });
  const problem = doc.errors[0];
  if (problem) {
    const at = problem.linePos?.[0];
    throw new LockfileError(`invalid YAML: ${problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, at?.line, at?.col);
  }
  const lock: unknown = isDocument(doc) ? doc.toJS({ maxAliasCount: 100 }) : null;
  if (!isObject(lock)) throw new LockfileError('not a pnpm lockfile: the document is not a mapping');
  const version = String(lock.lockfileVersion ?? '?');
  const major = Number.parseInt(version, 10);
  if (major !== 6 && major !== 9) throw new LockfileError(`lockfileVersion ${version} is not supported (6.x and 9.x are); regenerate it with pnpm 8 or later`);
  const v6 = major === 6;
  const meta = isObject(lock.packages) ? lock.packages : {};
  const snapshots = v6 ? meta : isObject(lock.snapshots) ? lock.snapshots : {};

  // The key a dependency entry points to: name + version, or the alias's own key; null for links.
  const target = (name: string, version: unknown): string | null => {
    const raw = typeof version === 'string' ? version : isObject(version) && typeof version.version === 'string' ? version.version : null;
    if (raw === null || raw.startsWith('link:') || raw.startsWith('file:')) return null;
    if (v6) return raw.startsWith('/') ? raw : `/${name}@${raw}`;
    return /^[a-z0-9@][^(]*@/i.test(raw) && !/^\d/.test(raw) ? raw : `${name}@${raw}`;
  };
  const resolved = (name: string, version: unknown): string | null => {
    const key = target(name, version);
    return key !== null && key in snapshots ? key : null;
  };

  const packages = new Map<string, LockedPackage>();
  for (const [key, snapshot] of Object.entries(snapshots)) {
    if (!isObject(snapshot)) continue;
    const bare = key.replace(/^\//, '');
    const split = splitNameAt(bare);
    if (!split) continue;
    const [name, rest] = split;
    const version = rest.replace(/\(.*$/, '').replace(/_.*$/, '');
    const info = v6 ? snapshot : (isObject(meta[`${name}@${version}`]) ? meta[`${name}@${version}`] as Record<string, unknown> : {});
    const peers = new Set(Object.keys(isObject(info.peerDependencies) ? info.peerDependencies : {}));
    const named = (field: string): Map<string, string | null> => {
      const deps = isObject(snapshot[field]) ? snapshot[field] : {};
      return new Map(Object.entries(deps).filter(([dep]) => !peers.has(dep)).map(([dep, v]) => [dep, resolved(dep, v)]));
    };
    const platforms = [...stringArray(info.os), ...stringArray(info.cpu), ...stringArray(info.libc)];
    // pnpm's virtual store: node_modules/.pnpm/<name with + for />@<version>/node_modules/<name> (a peer
    // suffix turns into a hashed folder name, so those are only found as a direct dependency's symlink).
    const storeDir = rest.includes('(') ? [] : [`node_modules/.pnpm/${name.replace('/', '+')}@${version}/node_modules/${name}`];
    packages.set(key, {
      id: key,
      name,
      version,
      dependencies: named('dependencies'),
      optionalDependencies: named('optionalDependencies'),
      hasInstallScript: snapshot.requiresBuild === true,
      platforms: platforms.length > 0 ? platforms : null,
      installDirs: [...storeDir, `node_modules/${name}`],
    });
  }

  const importers = new Map<string, Record<string, unknown>>();
  if (isObject(lock.importers)) {
    for (const [folder, importer] of Object.entries(lock.importers)) if (isObject(importer)) importers.set(folder === '.' ? '' : folder, importer);
  } else {
    importers.set('', lock); // 6.x, one project: its dependencies at the top level
  }
  return {
    format: 'pnpm-lock',
    packages,
    direct: (importer, name) => {
      const entry = importers.get(importer);
      for (const field of ['dependencies', 'optionalDependencies', 'devDependencies']) {
        const deps = entry?.[field];
        if (!isObject(deps) || !(name in deps)) continue;
        const id = resolved(name, deps[name]);
        return id === null ? undefined : packages.get(id);
      }
      return undefined;
    },
    covers: (importer) => importers.has(importer),
  };
}
