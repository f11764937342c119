import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DIR } from '../../knowledge/load';
import type { BuildEntry, CBuildFile, ReachKind } from './types';

/** rules/apis/c-build.json indexed by how each entry is reached. */
export interface CBuildRules {
  file: CBuildFile;
  /** `${kind}\u0000${name}` → entry; names of packages are matched as CMake spells them (case-sensitive). */
  byName: Map<string, BuildEntry>;
}

let cached: CBuildRules | null = null;

export function cBuildRules(): CBuildRules {
  cached ??= indexBuildRules(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'apis', 'c-build.json'), 'utf8')) as CBuildFile);
  return cached;
}

export function indexBuildRules(file: CBuildFile): CBuildRules {
  const byName = new Map<string, BuildEntry>();
  for (const entry of file.entries) for (const name of entry.reach.names) byName.set(key(entry.reach.kind, name), entry);
  return { file, byName };
}

export function lookup(rules: CBuildRules, kind: ReachKind, name: string): BuildEntry | undefined {
  return rules.byName.get(key(kind, name));
}

function key(kind: ReachKind, name: string): string {
  return `${kind}\u0000${name}`;
}

/** A compiler or linker word that one of the entries names: `-pthread`, `-fopenmp`, `-lpthread`, `-ldl`. */
export function flagEntry(rules: CBuildRules, word: string): BuildEntry | undefined {
  const flag = lookup(rules, 'flag', word);
  if (flag) return flag;
  const lib = /^-l(\S+)$/.exec(word);
  return lib ? lookup(rules, 'library', lib[1]) : undefined;
}
