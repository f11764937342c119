import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DIR } from '../../knowledge/load';
import type { CApiFile, CEntry } from './types';

/** rules/apis/c.json indexed by the last segment of each name, the way the scanner finds them. */
export interface CRules {
  file: CApiFile;
  /** Last name segment (`thread` for `std::thread`) → the full names and their entries. */
  byLastSegment: Map<string, Array<{ full: string; entry: CEntry }>>;
  /** Pragma namespaces (`omp`) → entry. */
  pragmas: Map<string, CEntry>;
}

let cached: CRules | null = null;

export function cRules(): CRules {
  cached ??= indexRules(JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'apis', 'c.json'), 'utf8')) as CApiFile);
  return cached;
}

export function indexRules(file: CApiFile): CRules {
  const rules: CRules = { file, byLastSegment: new Map(), pragmas: new Map() };
  for (const entry of file.entries) {
    for (const full of entry.reach.names) {
      if (entry.reach.kind === 'pragma') {
        rules.pragmas.set(full, entry);
        continue;
      }
      const last = full.slice(full.lastIndexOf(':') + 1);
      const list = rules.byLastSegment.get(last) ?? [];
      list.push({ full, entry });
      rules.byLastSegment.set(last, list);
    }
  }
  return rules;
}
