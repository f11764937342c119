import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DetectorFiles } from '../registry';

/** The files the Cargo dependencies detector reads (its module loads on the first of them). */
export const cargoFiles: DetectorFiles = {
  name: 'Cargo dependencies',
  selfContained: false,
  wants: (file) => path.basename(file) === 'Cargo.toml' && !isCopiedManifest(file),
};

/**
 * Copies of manifests that are not projects: vendored or registry sources (`.cargo-checksum.json`),
 * `cargo package` output (`Cargo.toml.orig`), and anything inside a Cargo target directory.
 */
function isCopiedManifest(file: string): boolean {
  const dir = path.dirname(file);
  if (exists(path.join(dir, '.cargo-checksum.json')) || exists(path.join(dir, 'Cargo.toml.orig'))) return true;
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    if (path.basename(d) === 'target' && (exists(path.join(d, 'CACHEDIR.TAG')) || exists(path.join(path.dirname(d), 'Cargo.toml')))) return true;
  }
  return false;
}

export function exists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
