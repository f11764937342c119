import satisfies = require('semver/functions/satisfies');
import type { CargoTargetEdge } from '../../knowledge/types';
import { targetApplies, type CfgTarget } from './cfg';
import type { CargoLock, LockedCrate } from './lockfile';

/** A package in a direct dependency's tree, with the shortest path to it. */
export interface Reached {
  crate: LockedCrate;
  /** From the direct dependency down to the package's parent; empty for the direct dependency. */
  via: string[];
}

/**
 * Breadth-first from a direct dependency over Cargo.lock: each package once, with its shortest path. Edges a
 * wasm build never compiles are dropped where cargo.json knows the parent's `[target.'cfg(…)'.dependencies]`
 * (tokio's `cfg(unix)` → signal-hook-registry); other edges are kept, so a dependency that may not be compiled
 * is reported with its path rather than silently left out. Path and workspace packages are not walked into:
 * their own Cargo.toml is analysed by itself.
 */
export function reachable(root: LockedCrate, lock: CargoLock, edges: CargoTargetEdge[], targets: CfgTarget[]): Reached[] {
  const seen = new Set<string>([root.id]);
  const queue: Reached[] = [{ crate: root, via: [] }];
  for (let i = 0; i < queue.length; i++) {
    const { crate, via } = queue[i];
    for (const id of crate.dependencies) {
      const child = lock.crates.get(id);
      if (!child || seen.has(id) || child.source === null) continue;
      if (neverCompiled(crate, child.name, edges, targets)) continue;
      seen.add(id);
      queue.push({ crate: child, via: [...via, crate.name] });
    }
  }
  return queue;
}

function neverCompiled(parent: LockedCrate, child: string, edges: CargoTargetEdge[], targets: CfgTarget[]): boolean {
  return edges.some((e) =>
    e.from === parent.name && e.dependencies.includes(child) &&
    (!e.versions || satisfies(parent.version, e.versions, { includePrerelease: true })) &&
    !targets.some((t) => targetApplies(e.cfg, t)));
}
