import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityId } from '../../capabilities';
import { RULES_DIR } from '../../knowledge/load';
import { escapeRegExp } from '../source/prefilter';

/** rules/apis/javascript.json, as the detector reads it (the schema says more: api.schema.json). */
export type Access = 'call' | 'construct' | 'read' | 'import';

export type Condition =
  | { arg: number; property?: string; value?: string; text?: string; present?: boolean; literal?: boolean; absent?: 'holds' | 'fails'; unknown?: 'holds' | 'fails' }
  | { anyOf: Condition[] }
  | { allOf: Condition[] }
  | { not: Condition };

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
}

interface ApiModule {
  name: string;
  kind: 'builtin' | 'package' | 'global' | 'syntax';
  global?: string;
  reachableAs?: Array<{ module: string; path: string }>;
}

interface ApiFile {
  fileExtensions: string[];
  modules: ApiModule[];
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
 * Every way a file can reach an entry leaves one of these in its text: a module's specifier in quotes
 * (`'fs'`, `"node:fs"`, `'fs/promises'`), a global's name, or an entry's own tokens.
 */
function buildPrefilter(data: ApiFile): RegExp {
  const specifiers = data.modules.filter((m) => m.kind === 'builtin' || m.kind === 'package').map((m) => escapeRegExp(m.name));
  const words = [
    ...data.modules.filter((m) => m.kind === 'global').map((m) => m.name),
    ...data.modules.flatMap((m) => (m.global ? [m.global] : [])),
  ].map(escapeRegExp);
  const tokens = data.entries.flatMap((e) => e.tokens ?? []).map(escapeRegExp);
  const hasImportSyntax = data.modules.some((m) => m.kind === 'syntax' && m.name === 'import()');
  const parts = [
    `['"\`](?:node:)?(?:${specifiers.join('|')})['"\`/]`,
    `\\b(?:${words.join('|')})\\b`,
    ...tokens,
    ...(hasImportSyntax ? ['\\bimport\\s*\\('] : []),
  ];
  return new RegExp(parts.join('|'));
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
