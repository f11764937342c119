import * as fs from 'node:fs';
import { fileStamp } from './fileStamp';

/**
 * What one check learns of the file system while it runs: every Rust file of a crate looks for the same
 * Cargo.toml and Cargo.lock above it and lists the same folders for its parent module. Made per check and
 * dropped with it, so the language server's next check sees the files added or changed in between.
 */
export class ScanMemo {
  private readonly stamps = new Map<string, string | null>();
  private readonly listings = new Map<string, string[] | null>();

  /** The file's stamp (fileStamp.ts) as first seen in this check. */
  stamp(file: string): string | null {
    let stamp = this.stamps.get(file);
    if (stamp === undefined) this.stamps.set(file, (stamp = fileStamp(file)));
    return stamp;
  }

  /** The names in a folder as first listed in this check; null when it cannot be listed. */
  entries(dir: string): readonly string[] | null {
    let names = this.listings.get(dir);
    if (names === undefined) this.listings.set(dir, (names = listing(dir)));
    return names;
  }
}

function listing(dir: string): string[] | null {
  try {
    return fs.readdirSync(dir);
  } catch {
    return null;
  }
}
