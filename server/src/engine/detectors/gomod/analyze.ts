import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityId } from '../../capabilities';
import { RULES_DIR } from '../../knowledge/load';
import type { InputError, Requirement } from '../../model';
import { goModFiles } from './files';
import type { Analysis, Detector } from '../registry';
import { readSource } from '../source/readSource';

/** rules/packages/go.json: a module's needs, with the alternative and the fact's source. */
export interface GoPackage {
  name: string;
  capabilities: CapabilityId[];
  why: string;
  alternative: string | null;
  source: string;
}

interface Required {
  module: string;
  version: string;
  indirect: boolean;
  line: number;
  column: number;
}

let packages: Map<string, GoPackage> | null = null;

export function goPackages(): Map<string, GoPackage> {
  packages ??= new Map(
    (JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'packages', 'go.json'), 'utf8')) as { packages: GoPackage[] }).packages.map((p) => [p.name, p]),
  );
  return packages;
}

/**
 * go.mod: modules with known needs (rules/packages/go.json), on the `require` line that names them. Since Go
 * 1.17 go.mod lists every module the build needs (`// indirect` for those the code does not import itself), so
 * go.sum, which holds hashes and no graph, adds nothing here.
 */
export const goModDetector: Detector = {
  ...goModFiles,
  analyze(file, _kb, options) {
    const errors: InputError[] = [];
    const text = readSource(file, errors, undefined, options.text);
    if (text === null) return { requirements: [], errors };
    const requirements: Requirement[] = [];
    for (const req of requires(text)) {
      const known = goPackages().get(req.module);
      if (!known) continue;
      const chain = `${req.module} ← go.mod${req.indirect ? ' (indirect)' : ''}`;
      for (const capability of known.capabilities) {
        requirements.push({
          ruleId: `dependency/${capability}`,
          capability,
          origin: 'dependency',
          file,
          range: { line: req.line, column: req.column, endLine: req.line, endColumn: req.column + req.module.length },
          evidence: `${req.module} ${req.version} (${chain}): ${known.why}`,
          need: { kind: 'capability' },
          guarded: false,
          test: false,
          package: { ecosystem: 'go', name: req.module, version: req.version, via: [] },
          ...(known.alternative ? { instead: known.alternative } : {}),
        });
      }
    }
    return { requirements, errors } satisfies Analysis;
  },
};

/** `require m v` lines and `require ( … )` blocks; comments other than `// indirect` are ignored. */
export function requires(text: string): Required[] {
  const out: Required[] = [];
  let inBlock = false;
  text.split('\n').forEach((raw, index) => {
    const [code, ...comment] = raw.split('//');
    const line = code.trim();
    if (inBlock) {
      if (line.startsWith(')')) {
        inBlock = false;
        return;
      }
    } else if (/^require\s*\($/.test(line)) {
      inBlock = true;
      return;
    } else if (!/^require\s+/.test(line)) {
      return;
    }
    const spec = inBlock ? line : line.replace(/^require\s+/, '');
    const m = /^("?)([^\s"]+)\1\s+(v\S+)$/.exec(spec);
    if (!m) return;
    out.push({ module: m[2], version: m[3], indirect: comment.join('//').trim() === 'indirect', line: index + 1, column: raw.indexOf(m[2]) + 1 });
  });
  return out;
}
