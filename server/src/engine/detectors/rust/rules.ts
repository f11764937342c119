import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DIR } from '../../knowledge/load';
import type { RustApiFile, RustEntry, RustTarget, RustValue } from './types';

/** A module entry (`tokio::fs`): any call under `path` except the paths more specific entries cover. */
export interface ModuleRule {
  path: string;
  entry: RustEntry;
  except: Set<string>;
}

/**
 * rules/apis/rust.json indexed the ways the matchers ask: by full path, by method name, by value kind.
 * Every path is indexed under its re-exported spellings too (`rayon::join` and `rayon_core::join`).
 */
export interface RustRules {
  file: RustApiFile;
  targets: RustTarget[];
  /** First path segments that name a crate the rules know (`std`, `tokio`, `libc`…). */
  crateNames: Set<string>;
  /** Full path → call, macro and attribute entries (value producers with `finding: never` included). */
  byPath: Map<string, RustEntry[]>;
  modules: ModuleRule[];
  /** Method name → method entries. */
  methods: Map<string, RustEntry[]>;
  values: Map<string, RustValue>;
  /** Full type path → value kind id (`std::process::Command` → `std::process::Command`). */
  valueByTypeName: Map<string, string>;
  externBlocks: RustEntry[];
}

let cached: RustRules | null = null;

/** Loads rules/apis/rust.json once per process. */
export function rustRules(): RustRules {
  cached ??= indexRules(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'apis', 'rust.json'), 'utf8')) as RustApiFile);
  return cached;
}

export function indexRules(file: RustApiFile): RustRules {
  const reexports = file.crates.flatMap((c) => c.reexports ?? []);
  const spellings = (full: string): string[] => {
    const out = new Set([full]);
    for (const { prefix, is } of reexports) {
      if (full === is || full.startsWith(`${is}::`)) out.add(prefix + full.slice(is.length));
      if (full === prefix || full.startsWith(`${prefix}::`)) out.add(is + full.slice(prefix.length));
    }
    return [...out];
  };
  const rules: RustRules = {
    file,
    targets: file.targets,
    crateNames: new Set(file.crates.map((c) => c.name)),
    byPath: new Map(),
    modules: [],
    methods: new Map(),
    values: new Map(file.values.map((v) => [v.id, v])),
    valueByTypeName: new Map(),
    externBlocks: [],
  };
  for (const value of file.values) {
    for (const typeName of value.typeNames) for (const spelled of spellings(typeName)) rules.valueByTypeName.set(spelled, value.id);
  }
  for (const entry of file.entries) {
    const reach = entry.reach;
    switch (reach.kind) {
      case 'call':
      case 'macro':
      case 'attribute':
        for (const full of entryPaths(entry).flatMap(spellings)) push(rules.byPath, full, entry);
        break;
      case 'module': {
        const except = new Set((reach.except ?? []).flatMap(spellings));
        for (const full of entryPaths(entry).flatMap(spellings)) rules.modules.push({ path: full, entry, except });
        break;
      }
      case 'method':
        for (const name of reach.names) push(rules.methods, name, entry);
        break;
      case 'extern-block':
        rules.externBlocks.push(entry);
        break;
    }
  }
  return rules;
}

export function entryPaths(entry: RustEntry): string[] {
  return [entry.path, ...(entry.alsoPaths ?? [])];
}

/** The module entry a resolved path falls under, if any (`tokio::fs::read` → `tokio::fs`). */
export function moduleRuleFor(rules: RustRules, full: string): ModuleRule | undefined {
  return rules.modules.find((m) => full.startsWith(`${m.path}::`) && !m.except.has(full));
}

/**
 * Whether a path names an item the rules list (an entry or a value type). A glob resolves a bare name only to
 * such items: `use nix::sys::signal::*` does not make every bare name a signal API.
 */
export function isKnownPath(rules: RustRules, full: string): boolean {
  return rules.byPath.has(full) || rules.valueByTypeName.has(full);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
