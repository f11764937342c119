import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityId } from '../../capabilities';
import type { RuntimeOutcome } from '../../model';
import { RULES_DIR } from '../../knowledge/load';
import { escapeRegExp } from '../source/prefilter';

/** rules/apis/javascript.json, as the detector reads it (the schema says more: javascript.schema.json). */
export type Access = 'call' | 'construct' | 'read' | 'import';

export type Condition =
  | { arg: number; property?: string; value?: string; text?: string; present?: boolean; literal?: boolean; absent?: 'holds' | 'fails'; unknown?: 'holds' | 'fails' }
  | { anyOf: Condition[] }
  | { allOf: Condition[] }
  | { not: Condition };

/** What one Wasm runtime of the language does with a use (rules/apis/javascript.schema.json, `wasmOutcome`). */
export type WasmOutcomes = Record<string, RuntimeOutcome>;

export interface ApiEntry {
  id: string;
  module?: string;
  on?: string;
  moduleMatches?: string;
  path: string;
  access: Access | Access[];
  capability: CapabilityId | null;
  when?: Condition;
  otherwise?: CapabilityId | null;
  returns?: { value: string; via?: 'result' | 'promise' };
  finding?: 'always' | 'unless-followed' | 'never';
  does?: string;
  instead?: string;
  tokens?: string[];
  wasm?: WasmOutcomes;
}

interface ApiModule {
  name: string;
  kind: 'builtin' | 'package' | 'global' | 'syntax';
  global?: string;
  reachableAs?: Array<{ module: string; path: string }>;
  wasm: WasmOutcomes;
}

interface ApiFile {
  fileExtensions: string[];
  modules: ApiModule[];
  values?: Array<{ id: string; wasm?: WasmOutcomes }>;
  entries: ApiEntry[];
}

/** The JavaScript API data indexed the way the reference tracker asks: by where an access starts and its path. */
export class JavaScriptApis {
  readonly extensions: Set<string>;
  /** `module\u0000path` → entries that start from that module (or global) at that member path. */
  private readonly byModulePath = new Map<string, ApiEntry[]>();
  /** `value\u0000path` → entries that start from a value kind at that member path. */
  private readonly byValuePath = new Map<string, ApiEntry[]>();
  /** Entries matching import specifiers by pattern (`\.node$`). */
  readonly specifierPatterns: Array<{ pattern: RegExp; entry: ApiEntry }>;
  /** `fs\u0000promises` → `fs/promises`: the same module object reached as a member of another. */
  private readonly reachable = new Map<string, string>();
  /** Free identifiers the runtime defines → the module they are (`process`, `require`, `fetch`). */
  readonly globals = new Map<string, string>();
  /** Module names the data knows, so that an unknown specifier resolves to nothing. */
  readonly modules = new Set<string>();
  /** Files without any of these tokens cannot hold a finding and are never parsed. */
  readonly prefilter: RegExp;
  private readonly outcomesByEntry = new Map<string, WasmOutcomes>();

  constructor(data: ApiFile) {
    this.extensions = new Set(data.fileExtensions);
    for (const module of data.modules) {
      this.modules.add(module.name);
      if (module.kind === 'global') this.globals.set(module.name, module.name);
      if (module.global) this.globals.set(module.global, module.name);
      for (const alias of module.reachableAs ?? []) this.reachable.set(`${alias.module}\u0000${alias.path}`, module.name);
    }
    this.specifierPatterns = [];
    for (const entry of data.entries) {
      if (entry.module !== undefined) push(this.byModulePath, `${entry.module}\u0000${entry.path}`, entry);
      else if (entry.on !== undefined) push(this.byValuePath, `${entry.on}\u0000${entry.path}`, entry);
      else if (entry.moduleMatches !== undefined) this.specifierPatterns.push({ pattern: new RegExp(entry.moduleMatches), entry });
    }
    this.prefilter = buildPrefilter(data);
    for (const entry of data.entries) this.outcomesByEntry.set(entry.id, { ...inheritedOutcomes(entry, data), ...entry.wasm });
  }

  /** What each Wasm runtime does with a use of this entry: its own `wasm`, over its value's or module's. */
  outcomes(entry: ApiEntry): WasmOutcomes {
    return this.outcomesByEntry.get(entry.id) ?? {};
  }

  /** The alternative a module's entries give for a capability: for a use whose arguments chose another need (`fs.open` without write flags). */
  insteadFor(entry: ApiEntry, capability: CapabilityId): string | undefined {
    const start = entry.module ?? entry.on;
    const sibling = [...this.byModulePath.values(), ...this.byValuePath.values()].flat().find((e) => (e.module ?? e.on) === start && e.capability === capability && e.instead);
    return sibling?.instead;
  }

  fromModule(module: string, memberPath: string[]): ApiEntry[] {
    return this.byModulePath.get(`${module}\u0000${memberPath.join('.')}`) ?? [];
  }

  fromValue(value: string, memberPath: string[]): ApiEntry[] {
    return this.byValuePath.get(`${value}\u0000${memberPath.join('.')}`) ?? [];
  }

  /** `fs` + `promises.writeFile` → `fs/promises` + `writeFile`. */
  normalize(module: string, memberPath: string[]): { module: string; path: string[] } {
    if (memberPath.length > 0) {
      const target = this.reachable.get(`${module}\u0000${memberPath[0]}`);
      if (target) return this.normalize(target, memberPath.slice(1));
    }
    return { module, path: memberPath };
  }
}

/**
 * Every way a file can reach an entry leaves one of these in its text: a module's specifier loaded
 * (`require('fs')`, `from "node:fs"`, `import('fs/promises')`), a global used the way an entry uses it (`process.kill`, a call of
 * `require` with a computed argument, `fetch(`), a global aliased (`const { kill } = process`), or an
 * entry's own tokens. `process` and `require` alone are in nearly every Node file: the bare names would
 * let every file through.
 */
function buildPrefilter(data: ApiFile): RegExp {
  const specifiers = data.modules.filter((m) => m.kind === 'builtin' || m.kind === 'package').map((m) => escapeRegExp(m.name));
  // A module is reached only by loading it: `require(`, `from`, `import(` or `import` right before the specifier
  // (a string such as `protocol === 'http'` is not a use).
  const parts = [`(?:\\brequire\\s*\\(\\s*|\\bfrom\\s*|\\bimport\\s*\\(?\\s*)['"\`](?:node:)?(?:${specifiers.join('|')})['"\`/]`];
  for (const module of data.modules) {
    const global = module.kind === 'global' ? module.name : module.global;
    if (!global) continue;
    const name = escapeRegExp(global);
    const entries = data.entries.filter((e) => e.module === module.name);
    const members = [...new Set(entries.filter((e) => e.path !== '').map((e) => escapeRegExp(e.path.split('.')[0])))];
    if (members.length > 0) parts.push(`\\b${name}\\s*\\??\\.\\s*(?:${members.join('|')})\\b`);
    const calls = entries.filter((e) => e.path === '');
    // Only computed arguments matter when every call entry asks for a non-literal first argument (`require(name)`;
    // a bundle's `require(4)` is a literal).
    const computedOnly = calls.length > 0 && calls.every(computedFirstArgument);
    if (calls.length > 0) parts.push(computedOnly ? `\\b${name}\\s*\\(\\s*[^'"\`\\s)\\d]` : `\\b${name}\\s*\\(`);
    parts.push(`[=:]\\s*${name}\\b(?!\\s*[.?[(])`);
  }
  parts.push(...data.entries.flatMap((e) => e.tokens ?? []).map(escapeRegExp));
  // `import('x')` with a literal is found by its specifier; only a computed one needs the syntax itself.
  const dynamicImports = data.entries.filter((e) => e.module === 'import()');
  if (dynamicImports.length > 0) parts.push(dynamicImports.every(computedFirstArgument) ? '\\bimport\\s*\\(\\s*[^\'"`\\s)\\d]' : '\\bimport\\s*\\(');
  return new RegExp(parts.join('|'));
}

/** A module's entries inherit its outcomes; a value's, the value's own or else those of the module that produces it. */
function inheritedOutcomes(entry: ApiEntry, data: ApiFile): WasmOutcomes {
  const moduleOutcomes = (name: string | undefined): WasmOutcomes => data.modules.find((m) => m.name === name)?.wasm ?? {};
  if (entry.module !== undefined) return moduleOutcomes(entry.module);
  if (entry.on === undefined) return {};
  const value = data.values?.find((v) => v.id === entry.on);
  if (value?.wasm) return value.wasm;
  const producer = data.entries.find((e) => e.returns?.value === entry.on && e.module !== undefined);
  return moduleOutcomes(producer?.module);
}

/** The entry only matches a call whose first argument is not a literal (`require(name)`). */
function computedFirstArgument(entry: ApiEntry): boolean {
  return entry.when !== undefined && 'arg' in entry.when && entry.when.arg === 0 && entry.when.literal === false;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let cached: JavaScriptApis | null = null;

/** Loaded on first use: a scan without JavaScript never reads the file. */
export function javascriptApis(): JavaScriptApis {
  cached ??= new JavaScriptApis(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'apis', 'javascript.json'), 'utf8')) as ApiFile);
  return cached;
}

export function accesses(entry: ApiEntry): Access[] {
  return Array.isArray(entry.access) ? entry.access : [entry.access];
}
