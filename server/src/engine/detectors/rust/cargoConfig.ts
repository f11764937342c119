import * as path from 'node:path';
import type { ScanMemo } from '../../scanMemo';
import { isInside } from '../../workspace';
import { targetApplies } from '../cargo/cfg';
import { parseToml } from '../cargo/toml';
import { readSource } from '../source/readSource';
import type { RustTarget } from './types';

/** `--cfg` names a build passes to rustc, per target field. */
export type CfgFlags = Record<RustTarget['field'], Set<string>>;

/** By folder, while the config files that apply to it are unchanged. */
const cache = new Map<string, { key: string; flags: CfgFlags }>();

/**
 * The `--cfg` flags a wasm build of this file gets from `.cargo/config.toml` (or `.cargo/config`) in its folder and
 * the folders above it, inside the scanned folder: as Cargo takes them, all `[target.<triple>]` and
 * `[target.'cfg(…)']` `rustflags` that match the target joined, or else `[build] rustflags`
 * (cargo · core/compiler/build_context/target_info.rs, `extra_args`). RUSTFLAGS belongs to whoever builds and is
 * not read.
 */
export function cfgFlagsFor(file: string, root: string, targets: RustTarget[], memo: ScanMemo): CfgFlags {
  const configs: string[] = [];
  for (let dir = path.dirname(file); isInside(dir, root); dir = path.dirname(dir)) {
    for (const name of ['config.toml', 'config']) {
      const config = path.join(dir, '.cargo', name);
      if (memo.stamp(config) !== null) configs.push(config);
    }
    if (dir === path.dirname(dir) || path.resolve(dir) === path.resolve(root)) break;
  }
  const key = configs.map((c) => `${c}@${memo.stamp(c)}`).join('|');
  const folder = path.dirname(file);
  const cached = cache.get(folder);
  if (cached && cached.key === key) return cached.flags;
  const flags = readFlags(configs, targets);
  cache.set(folder, { key, flags });
  return flags;
}

function readFlags(configs: string[], targets: RustTarget[]): CfgFlags {
  const docs: Array<Record<string, unknown>> = [];
  for (const config of configs) {
    const text = readSource(config, []);
    if (text === null) continue;
    try {
      docs.push(parseToml(text));
    } catch {
      // a config Cargo itself would reject sets nothing
    }
  }
  const flags: CfgFlags = { wasip1: new Set(), wasip2: new Set() };
  for (const target of targets) {
    const cfgTarget = { names: [target.id, ...(target.alsoKnownAs ?? [])], cfg: target.cfg };
    const fromTarget: string[] = [];
    const fromBuild: string[] = [];
    let targetSet = false;
    for (const doc of docs) {
      const build = doc.build as Record<string, unknown> | undefined;
      if (build && typeof build === 'object' && build.rustflags !== undefined) fromBuild.push(...words(build.rustflags));
      const tables = doc.target as Record<string, unknown> | undefined;
      if (!tables || typeof tables !== 'object') continue;
      for (const [spec, table] of Object.entries(tables)) {
        if (!table || typeof table !== 'object' || (table as Record<string, unknown>).rustflags === undefined) continue;
        if (!targetApplies(spec, cfgTarget)) continue;
        targetSet = true;
        fromTarget.push(...words((table as Record<string, unknown>).rustflags));
      }
    }
    const used = targetSet ? fromTarget : fromBuild;
    used.forEach((word, i) => {
      if (word === '--cfg' && used[i + 1]) flags[target.field].add(used[i + 1]);
      else if (word.startsWith('--cfg=')) flags[target.field].add(word.slice('--cfg='.length));
    });
  }
  return flags;
}

/** `rustflags` is an array of arguments or one string split on whitespace. */
function words(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((w): w is string => typeof w === 'string');
  return typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : [];
}
