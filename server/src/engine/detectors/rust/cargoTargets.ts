import * as path from 'node:path';
import type { ScanMemo } from '../../scanMemo';
import { isInside } from '../../workspace';
import { parseToml } from '../cargo/toml';
import { readSource } from '../source/readSource';

/**
 * The targets a crate's Cargo.toml declares, as files: crate roots (`[lib] path`, `[[bin]] path`, and the test,
 * bench and example roots) and which of them are not shipped (`[[test]]`, `[[bench]]`, `[[example]]`).
 */
export interface CrateTargets {
  /** The folder of the Cargo.toml. */
  dir: string;
  /** Every target root the manifest names by path, absolute. */
  roots: Set<string>;
  /** `[[test]]`, `[[bench]]` and `[[example]]` roots named by path, absolute. */
  testRoots: Set<string>;
}

/** By Cargo.toml, while its size and mtime are unchanged. */
const manifests = new Map<string, { stamp: string; targets: CrateTargets }>();

/** The nearest Cargo.toml above a file, inside the scanned folder; null when there is none (or it does not parse). */
export function crateTargets(file: string, root: string, memo: ScanMemo): CrateTargets | null {
  for (let dir = path.dirname(file); isInside(dir, root); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'Cargo.toml');
    const stamp = memo.stamp(manifest);
    if (stamp !== null) {
      const cached = manifests.get(manifest);
      if (cached && cached.stamp === stamp) return cached.targets;
      const targets = readTargets(manifest, dir);
      manifests.set(manifest, { stamp, targets });
      return targets;
    }
    if (dir === path.dirname(dir) || path.resolve(dir) === path.resolve(root)) break;
  }
  return null;
}

function readTargets(manifest: string, dir: string): CrateTargets {
  const targets: CrateTargets = { dir, roots: new Set(), testRoots: new Set() };
  const text = readSource(manifest, []);
  if (text === null) return targets;
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text);
  } catch {
    return targets; // the Cargo detector reports a broken manifest
  }
  const pathOf = (table: unknown): string | null => {
    const value = table && typeof table === 'object' ? (table as Record<string, unknown>).path : undefined;
    // A path anywhere (outside the crate, absolute, missing) is only compared with file names, never read.
    return typeof value === 'string' && value.length > 0 ? path.resolve(dir, value) : null;
  };
  const tables = (key: string): unknown[] => {
    const value = doc[key];
    return Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
  };
  for (const key of ['lib', 'bin', 'test', 'bench', 'example']) {
    for (const table of tables(key)) {
      const file = pathOf(table);
      if (!file) continue;
      targets.roots.add(file);
      if (key === 'test' || key === 'bench' || key === 'example') targets.testRoots.add(file);
    }
  }
  return targets;
}

/**
 * Code a crate does not ship: a `[[test]]`, `[[bench]]` or `[[example]]` root named by path, or a file under the
 * crate's `examples/` folder (Cargo builds each `examples/*.rs` and `examples/*\/main.rs` as an example). `tests/`
 * and `benches/` are test folders for every language (source/testCode.ts).
 */
export function isTestTarget(file: string, targets: CrateTargets | null): boolean {
  if (!targets) return false;
  if (targets.testRoots.has(file)) return true;
  const relative = path.relative(targets.dir, file).split(path.sep);
  return relative.length > 1 && relative[0] === 'examples';
}
