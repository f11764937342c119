import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DIR } from '../../knowledge/load';
import type { PythonApiFile, PythonEntry, PythonValue } from './types';

/** rules/apis/python.json indexed the ways the matchers ask: by full dotted name, by method name, by value kind. */
export interface PythonRules {
  file: PythonApiFile;
  /** Full dotted name → call entries (`subprocess.run`, `builtins.open`). */
  byPath: Map<string, PythonEntry[]>;
  /** Method name → method entries. */
  methods: Map<string, PythonEntry[]>;
  values: Map<string, PythonValue>;
  /** Producer call or annotation name → value id. */
  producers: Map<string, string>;
  typeNames: Map<string, string>;
}

let cached: PythonRules | null = null;

export function pythonRules(): PythonRules {
  cached ??= indexRules(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'apis', 'python.json'), 'utf8')) as PythonApiFile);
  return cached;
}

export function indexRules(file: PythonApiFile): PythonRules {
  const rules: PythonRules = { file, byPath: new Map(), methods: new Map(), values: new Map(), producers: new Map(), typeNames: new Map() };
  for (const value of file.values) {
    rules.values.set(value.id, value);
    for (const p of value.producers) rules.producers.set(p, value.id);
    for (const t of value.typeNames) rules.typeNames.set(t, value.id);
  }
  for (const entry of file.entries) {
    if (entry.reach.kind === 'call') for (const p of entryPaths(entry)) push(rules.byPath, p, entry);
    else for (const name of entry.reach.names) push(rules.methods, name, entry);
  }
  return rules;
}

export function entryPaths(entry: PythonEntry): string[] {
  return [entry.path, ...(entry.alsoPaths ?? [])];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
