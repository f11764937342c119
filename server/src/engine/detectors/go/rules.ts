import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DIR } from '../../knowledge/load';
import type { GoApiFile, GoEntry, GoTarget, GoValue } from './types';

/** rules/apis/go.json indexed the ways the matchers ask. Entries with `finding: never` are documentation only. */
export interface GoRules {
  file: GoApiFile;
  targets: GoTarget[];
  /** `import/path.Name` → entries reached by calling it. */
  calls: Map<string, GoEntry[]>;
  /** Method name → entries acting on a tracked value kind. */
  methods: Map<string, GoEntry[]>;
  /** Import path → entries reached by importing it (`C`). */
  imports: Map<string, GoEntry[]>;
  /** Full type name (`net/http.Server`) → value kind. */
  valueByTypeName: Map<string, string>;
  /** How those types are written in code, by their last segment (`Server`). */
  typeWords: string[];
  /** Package-level variable (`net/http.DefaultClient`) → value kind. */
  valueByVariable: Map<string, string>;
  /** Package function returning the value (`github.com/gin-gonic/gin.Default`) → value kind. */
  valueByProducer: Map<string, string>;
  /** Value kind → its data. */
  values: Map<string, GoValue>;
}

let cached: GoRules | null = null;

export function goRules(): GoRules {
  cached ??= indexRules(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'apis', 'go.json'), 'utf8')) as GoApiFile);
  return cached;
}

export function entryNames(entry: GoEntry): string[] {
  return [entry.name, ...(entry.alsoNames ?? [])].filter((n) => n.length > 0);
}

function indexRules(file: GoApiFile): GoRules {
  const rules: GoRules = { file, targets: file.targets, calls: new Map(), methods: new Map(), imports: new Map(), valueByTypeName: new Map(), typeWords: [], valueByVariable: new Map(), valueByProducer: new Map(), values: new Map() };
  for (const value of file.values) {
    rules.values.set(value.id, value);
    for (const typeName of value.typeNames) rules.valueByTypeName.set(typeName, value.id);
    for (const variable of value.variables ?? []) rules.valueByVariable.set(variable, value.id);
    for (const producer of value.producers ?? []) rules.valueByProducer.set(producer, value.id);
  }
  rules.typeWords = [...new Set([...rules.valueByTypeName.keys()].map(lastSegment))];
  for (const entry of file.entries) {
    if (entry.finding === 'never') continue;
    const reach = entry.reach;
    if (reach.kind === 'call') for (const name of entryNames(entry)) push(rules.calls, `${entry.package}.${name}`, entry);
    else if (reach.kind === 'method') for (const name of reach.names) push(rules.methods, name, entry);
    else if (reach.kind === 'import') push(rules.imports, entry.package, entry);
  }
  return rules;
}

/** `Server` of `net/http.Server`. */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else list.push(value);
}
