import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InputError } from './model';

/** Folders never worth descending into: dependencies' own copies and VCS internals. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface CollectedFile {
  /** Absolute path as given or found (not resolved through symlinks, so output paths stay the user's). */
  path: string;
  /** The path argument it was found under. */
  root: string;
}

export interface Collected {
  files: CollectedFile[];
  errors: InputError[];
}

/**
 * Lists the files to analyse under the given paths. Reads only inside them: a symlink whose target leaves
 * its root is not followed; a directory reached twice (a symlink loop) is walked once; dangling links and
 * unreadable folders become errors and the walk goes on.
 */
export function collectFiles(paths: string[], wanted: (file: string) => boolean): Collected {
  const files: CollectedFile[] = [];
  const errors: InputError[] = [];
  const seenFiles = new Set<string>();
  for (const given of paths) {
    const root = path.resolve(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(root);
    } catch (error) {
      errors.push({ file: root, message: describeFsError(error, root) });
      continue;
    }
    if (stat.isDirectory()) {
      let realRoot: string;
      try {
        realRoot = fs.realpathSync(root);
      } catch (error) {
        errors.push({ file: root, message: describeFsError(error, root) });
        continue;
      }
      walk(root, realRoot, root, realRoot, new Set(), files, errors, wanted, seenFiles);
    } else {
      // A file named on the command line is analysed whatever its name; reading it reports what it is.
      if (!seenFiles.has(root)) files.push({ path: root, root });
      seenFiles.add(root);
    }
  }
  return { files, errors };
}

/** `real` is `dir` with every symlink resolved: a folder's real path is its parent's plus its name unless it is a link. */
function walk(
  dir: string, real: string, root: string, realRoot: string, visited: Set<string>, files: CollectedFile[], errors: InputError[],
  wanted: (file: string) => boolean, seenFiles: Set<string>,
): void {
  if (visited.has(real)) return;
  visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    errors.push({ file: dir, message: describeFsError(error, dir) });
    return;
  }
  // A folder's own files first, then its subfolders, each in name order: the same order on every machine.
  entries.sort((a, b) => Number(a.isDirectory()) - Number(b.isDirectory()) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, path.join(real, entry.name), root, realRoot, visited, files, errors, wanted, seenFiles);
      continue;
    }
    if (entry.isSymbolicLink()) {
      let target: string;
      let stat: fs.Stats;
      try {
        target = fs.realpathSync(full);
        stat = fs.statSync(full);
      } catch (error) {
        if (wanted(full)) errors.push({ file: full, message: describeFsError(error, full) });
        continue;
      }
      if (!isInside(target, realRoot)) continue; // never read outside the paths we were given
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, target, root, realRoot, visited, files, errors, wanted, seenFiles);
        continue;
      }
    }
    if (wanted(full) && !seenFiles.has(full)) {
      seenFiles.add(full);
      files.push({ path: full, root });
    }
  }
}

export function isInside(candidate: string, dir: string): boolean {
  const relative = path.relative(dir, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A short, human reason for a filesystem error. */
export function describeFsError(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': {
      let isLink = false;
      try {
        isLink = fs.lstatSync(file).isSymbolicLink();
      } catch {
        // the path itself is missing
      }
      return isLink ? 'dangling symbolic link: its target does not exist' : 'no such file or directory';
    }
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EIO':
      return 'input/output error while reading';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
