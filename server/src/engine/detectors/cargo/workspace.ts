import * as path from 'node:path';
import { isInside } from '../../workspace';
import { readManifest, type CargoManifest } from './manifest';
import { parseToml } from './toml';

/**
 * The workspace a member belongs to: the nearest Cargo.toml above it (never above `stopAt`, the folder the
 * scan started from) whose `[workspace] members` globs include the member's folder and whose `exclude` does
 * not, or the one `package.workspace` names. Null when the manifest is its own root.
 */
export function findWorkspaceRoot(manifestFile: string, manifest: CargoManifest, stopAt: string, read: (file: string) => string | null): { dir: string; manifest: CargoManifest } | null {
  const memberDir = path.dirname(manifestFile);
  if (manifest.workspace) return { dir: memberDir, manifest };
  const explicit = manifest.package?.workspace;
  const candidates: string[] = [];
  if (explicit) candidates.push(path.resolve(memberDir, explicit));
  else for (let dir = path.dirname(memberDir); isInside(dir, stopAt) && dir !== path.dirname(dir); dir = path.dirname(dir)) {
    candidates.push(dir);
    if (path.resolve(dir) === path.resolve(stopAt)) break;
  }
  for (const dir of candidates) {
    if (!isInside(dir, stopAt)) continue;
    const text = read(path.join(dir, 'Cargo.toml'));
    if (text === null) continue;
    let root: CargoManifest;
    try {
      root = readManifest(text);
    } catch {
      continue; // reported when that manifest is analysed itself
    }
    if (!root.workspace) continue;
    const relative = path.relative(dir, memberDir).split(path.sep).join('/');
    const listed = Boolean(explicit) || root.workspace.members.some((glob) => globMatches(glob, relative));
    if (listed && !root.workspace.exclude.some((glob) => globMatches(glob, relative) || relative.startsWith(`${glob.replace(/\/$/, '')}/`))) return { dir, manifest: root };
  }
  return null;
}

/** Cargo's member globs: `*` and `?` within a path segment, `**` across segments; `./` and a trailing `/` ignored. */
export function globMatches(glob: string, relative: string): boolean {
  const clean = glob.replace(/^\.\//, '').replace(/\/$/, '');
  let pattern = '';
  for (let i = 0; i < clean.length; i++) {
    const c = clean[i];
    if (c === '*' && clean[i + 1] === '*') {
      pattern += '.*';
      i++;
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`).test(relative);
}

/**
 * `--cfg` flags a build sets through `.cargo/config.toml` (or `.cargo/config`) in the project folders, from
 * `[build] rustflags` and `[target.<wasm target or cfg>] rustflags`: tokio_unstable switches tokio entries.
 * The environment's RUSTFLAGS belongs to whoever builds, not to the project, and is not read.
 */
export function configuredCfgFlags(dirs: string[], read: (file: string) => string | null): Set<string> {
  const flags = new Set<string>();
  for (const dir of dirs) {
    for (const name of ['config.toml', 'config']) {
      const text = read(path.join(dir, '.cargo', name));
      if (text === null) continue;
      let doc: Record<string, unknown>;
      try {
        doc = parseToml(text);
      } catch {
        continue;
      }
      const lists: unknown[] = [];
      const build = doc.build as Record<string, unknown> | undefined;
      if (build) lists.push(build.rustflags);
      const target = doc.target as Record<string, Record<string, unknown>> | undefined;
      if (target && typeof target === 'object') {
        for (const [spec, table] of Object.entries(target)) if (/wasm|wasi/.test(spec) && table && typeof table === 'object') lists.push(table.rustflags);
      }
      for (const list of lists) {
        const words = Array.isArray(list) ? list.filter((w): w is string => typeof w === 'string') : typeof list === 'string' ? list.split(/\s+/) : [];
        words.forEach((word, i) => {
          if (word === '--cfg' && words[i + 1]) flags.add(words[i + 1]);
          else if (word.startsWith('--cfg=')) flags.add(word.slice('--cfg='.length));
        });
      }
    }
  }
  return flags;
}
