import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPackageLock } from './packageLock';
import { LockfileError, type LockGraph } from './types';

export { LockfileError, type LockedPackage, type LockGraph } from './types';

interface LockfileKind {
  name: string;
  /** The package manager that writes it, as package.json `packageManager` names it (corepack). */
  manager: 'npm' | 'pnpm' | 'yarn';
  read(text: string): LockGraph;
}

/**
 * The order when several lockfiles sit in one folder and package.json does not name its package manager:
 * npm reads npm-shrinkwrap.json before package-lock.json (npm docs, configuring-npm/npm-shrinkwrap-json);
 * npm-written lockfiles before pnpm's and yarn's because `npm install` is what runs where nothing says
 * otherwise (Node ships npm, not pnpm or yarn). A `packageManager` field ("pnpm@9.15.0") decides first:
 * it is what corepack runs in that project.
 */
const LOCKFILES: LockfileKind[] = [
  { name: 'npm-shrinkwrap.json', manager: 'npm', read: readPackageLock },
  { name: 'package-lock.json', manager: 'npm', read: readPackageLock },
  // Their YAML and yarn parsers load only for such a lockfile: a third of a cold start otherwise (bench/).
  { name: 'pnpm-lock.yaml', manager: 'pnpm', read: (text) => (require('./pnpmLock') as typeof import('./pnpmLock')).readPnpmLock(text) },
  { name: 'yarn.lock', manager: 'yarn', read: (text) => (require('./yarnLock') as typeof import('./yarnLock')).readYarnLock(text) },
];

export interface FoundLockfile {
  file: string;
  kind: LockfileKind;
  /** The manifest's folder relative to the lockfile's (POSIX; '' beside it): a workspace member's importer key. */
  importer: string;
}

/**
 * The lockfile the package manager would use for the package.json in `dir`: the one beside it, else the
 * nearest one above, up to `top` and never past it (a workspace root's lockfile covers its members; whether
 * it lists this member is for the caller to ask, LockGraph.covers).
 */
export function findLockfile(dir: string, packageManager: string | null, top: string): FoundLockfile | null {
  const manager = packageManager?.match(/^(npm|pnpm|yarn)@/)?.[1];
  const order = manager ? [...LOCKFILES.filter((k) => k.manager === manager), ...LOCKFILES.filter((k) => k.manager !== manager)] : LOCKFILES;
  for (let folder = dir; ; folder = path.dirname(folder)) {
    for (const kind of order) {
      const file = path.join(folder, kind.name);
      if (isFile(file)) return { file, kind, importer: path.relative(folder, dir).split(path.sep).join('/') };
    }
    if (folder === top || path.dirname(folder) === folder) return null;
  }
}

export function readLockGraph(found: FoundLockfile, text: string): LockGraph {
  return found.kind.read(text);
}

export function describeLockfileError(file: string, error: LockfileError): string {
  const at = error.line !== undefined ? ` at ${error.line}:${error.column ?? 1}` : '';
  return `cannot read ${path.basename(file)}${at}: ${error.message}`;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
