import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityId } from '../../capabilities';
import { RULES_DIR } from '../../knowledge/load';
import { normalizeName } from './pep508';

/** rules/packages/pypi.json (schema: pypi.schema.json): what a Python package needs that its wheels cannot show. */
export interface PypiEntry {
  name: string;
  capabilities: CapabilityId[];
  category: string;
  /** `feature`: only the API named in `feature` needs it, which the source scan finds: no dependency finding. */
  scope?: 'always' | 'feature';
  feature?: string;
  /** Packages the need comes through (requests → urllib3): when one is in the locked tree, its own entry speaks. */
  through?: string[];
  /** Its compiled extension is an optional speed-up with a pure-Python fallback: platform-only wheels are no blocker. */
  optionalNative?: boolean;
  why: string;
  alternative: string | null;
  source: string;
  unconfirmed?: boolean;
  note?: string;
}

let cached: Map<string, PypiEntry> | null = null;

/** By PEP 503 name; loaded once per process, like the other rules/ files. */
export function pypiPackages(): Map<string, PypiEntry> {
  cached ??= new Map(
    (JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'packages', 'pypi.json'), 'utf8')) as { packages: PypiEntry[] }).packages.map((p) => [normalizeName(p.name), p]),
  );
  return cached;
}
