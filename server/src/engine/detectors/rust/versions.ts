import * as fs from 'node:fs';
import * as path from 'node:path';
import satisfies = require('semver/functions/satisfies');
import { isInside } from '../../workspace';
import { readSource } from '../source/readSource';
import type { CfgFlags } from './cargoConfig';
import type { Behaviour, RustEntry, RustTarget } from './types';
import type { ScanMemo } from '../../scanMemo';

/** Cargo.lock by path, while its size and mtime are unchanged: package name → locked versions. */
const locks = new Map<string, { stamp: string; versions: Map<string, string[]> }>();

/**
 * The versions locked for the project a file belongs to: the nearest Cargo.lock above it, inside the scanned
 * folder. Empty when there is none (a library without a lockfile): entries then describe the newest releases.
 */
export function lockedVersions(file: string, root: string, memo: ScanMemo): Map<string, string[]> {
  for (let dir = path.dirname(file); isInside(dir, root); dir = path.dirname(dir)) {
    const lock = path.join(dir, 'Cargo.lock');
    const stamp = memo.stamp(lock);
    if (stamp !== null) {
      const cached = locks.get(lock);
      if (cached && cached.stamp === stamp) return cached.versions;
      const versions = readLock(lock);
      locks.set(lock, { stamp, versions });
      return versions;
    }
    if (dir === path.dirname(dir)) break;
  }
  return new Map();
}

/** `[[package]]` tables: name and version are the first two keys Cargo writes. */
function readLock(lock: string): Map<string, string[]> {
  const versions = new Map<string, string[]>();
  const text = readSource(lock, []);
  if (text === null) return versions;
  for (const m of text.matchAll(/\[\[package\]\]\s*\nname\s*=\s*"([^"]+)"\s*\nversion\s*=\s*"([^"]+)"/g)) {
    versions.set(m[1], [...(versions.get(m[1]) ?? []), m[2]]);
  }
  return versions;
}

/**
 * What the entry does on one target for the locked versions: a `byVersion` override of a package the lockfile
 * pins (`rayon-core <1.11.0` panics where newer falls back). Toolchain overrides (`of: rustc`) are left to the
 * entry's default, which describes the current stable toolchain.
 */
export function lockedBehaviour(behaviour: Behaviour, locked: Map<string, string[]>): Behaviour {
  for (const override of behaviour.byVersion ?? []) {
    if (override.of === 'rustc') continue;
    const versions = locked.get(override.of);
    if (versions && versions.length > 0 && versions.every((v) => satisfies(v, override.versions))) return override;
  }
  return behaviour;
}

/**
 * What the entry does for this build: a `byCfg` behaviour where the build sets that `--cfg` for the target
 * (`tokio_unstable` in `.cargo/config.toml`), then the locked versions' overrides of the behaviour taken.
 */
export function withLockedBehaviour(entry: RustEntry, locked: Map<string, string[]>, cfgFlags?: CfgFlags): RustEntry {
  const configured = (behaviour: Behaviour, field: RustTarget['field']): Behaviour =>
    behaviour.byCfg?.find((b) => cfgFlags?.[field].has(b.cfg)) ?? behaviour;
  const p1 = configured(entry.wasip1, 'wasip1');
  const p2 = configured(entry.wasip2, 'wasip2');
  if (locked.size === 0 && p1 === entry.wasip1 && p2 === entry.wasip2) return entry;
  const wasip1 = lockedBehaviour(p1, locked);
  const wasip2 = lockedBehaviour(p2, locked);
  return wasip1 === entry.wasip1 && wasip2 === entry.wasip2 ? entry : { ...entry, wasip1, wasip2 };
}

