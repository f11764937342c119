import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver/node';
import { PACKAGE_ROOT } from '../engine/knowledge/load';
import type { Finding, InputError, PackageRef, Severity } from '../engine/model';
import type { SuppressionProblem } from '../engine/policy';
import { isInside } from '../engine/workspace';

export const SOURCE = 'wasi-ready';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a code action needs to know of the finding behind a diagnostic (clients hand `data` back unchanged). */
export interface FindingData {
  ruleId: string;
  capability: string;
  origin: Finding['origin'];
  package: PackageRef | null;
  guarded: boolean;
  test: boolean;
}

export function docsUri(ruleId: string): string {
  return pathToFileURL(path.join(PACKAGE_ROOT, 'docs', 'rules', `${ruleId}.md`)).toString();
}

export function findingRange(finding: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>): Range {
  return {
    start: { line: finding.line - 1, character: finding.column - 1 },
    end: { line: finding.endLine - 1, character: finding.endColumn - 1 },
  };
}

/**
 * One finding as the editor shows it; `file` is the finding's absolute path. `lockfiles` is shared by the
 * findings of one check, so a manifest's lockfile is read once however many dependencies come through it.
 */
export function toDiagnostic(finding: Finding, file: string, lockfiles: LockfileCache): Diagnostic {
  const data: FindingData = {
    ruleId: finding.ruleId, capability: finding.capability, origin: finding.origin, package: finding.package, guarded: finding.guarded, test: finding.test,
  };
  const diagnostic: Diagnostic = {
    range: findingRange(finding),
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUri(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
    data,
  };
  const related = finding.package ? inclusionPath(file, finding, lockfiles) : [];
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** A file the engine could not read or parse: one error at its start (or at the offset's line when it has one). */
export function inputErrorDiagnostic(error: InputError): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    message: `wasi-ready could not check this file: ${error.message}`,
  };
}

/** An unused or incomplete suppression, as `check` reports it beside the findings. */
export function suppressionDiagnostic(problem: SuppressionProblem): Diagnostic {
  return {
    range: { start: { line: problem.line - 1, character: problem.column - 1 }, end: { line: problem.line - 1, character: Number.MAX_SAFE_INTEGER } },
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    code: problem.kind,
    message: problem.message,
    ...(problem.kind === 'unused-directive' || problem.kind === 'unused-allow' ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}

/** The lockfiles each ecosystem's detector reads, in the order it prefers them: a chain is placed only in its own. */
const LOCKFILES: Record<string, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock'],
  cargo: ['Cargo.lock'],
  go: ['go.sum'],
  pypi: ['uv.lock', 'poetry.lock'],
};

/**
 * The dependency's inclusion path, one entry per package from the direct dependency down to the one that
 * needs the capability, each placed on its entry in the nearest lockfile at or above the manifest inside the
 * workspace folder when one is found there (else on the manifest line), so the editor can walk the chain.
 */
function inclusionPath(manifest: string, finding: Finding, lockfiles: LockfileCache): DiagnosticRelatedInformation[] {
  const pkg = finding.package!;
  const chain = [...pkg.via, pkg.name];
  if (chain.length < 2) return [];
  const lock = lockfiles.near(path.dirname(manifest), pkg.ecosystem);
  const manifestLocation = { uri: pathToFileURL(manifest).toString(), range: findingRange(finding) };
  return chain.map((name, i) => {
    const at = lock ? locate(lock, name) : null;
    const parent = i === 0 ? path.basename(manifest) : chain[i - 1];
    return {
      location: at ? { uri: pathToFileURL(lock!.file).toString(), range: at } : manifestLocation,
      message: `${name}${i === chain.length - 1 && pkg.version ? `@${pkg.version}` : ''} ← ${parent}`,
    };
  });
}

interface Lockfile {
  file: string;
  lines: string[];
}

/**
 * The lockfile nearest above each folder, read once. The search stops at `top` (the checked workspace folder),
 * as the engine's own lockfile searches do: the server reads nothing outside the folders it was given.
 */
export class LockfileCache {
  /** By ecosystem and folder. */
  private readonly byDir = new Map<string, Lockfile | null>();
  private readonly top: string;

  constructor(top: string) {
    this.top = path.resolve(top);
  }

  near(dir: string, ecosystem: string): Lockfile | null {
    const key = `${ecosystem}\0${dir}`;
    let lock = this.byDir.get(key);
    if (lock === undefined) this.byDir.set(key, (lock = findLockfile(dir, isInside(dir, this.top) ? this.top : dir, LOCKFILES[ecosystem] ?? [])));
    return lock;
  }
}

function findLockfile(dir: string, top: string, names: string[]): Lockfile | null {
  if (names.length === 0) return null;
  for (let current = dir; ; current = path.dirname(current)) {
    for (const name of names) {
      const file = path.join(current, name);
      try {
        const stat = fs.statSync(file);
        if (stat.isFile() && stat.size < 32 * 1024 * 1024) return { file, lines: fs.readFileSync(file, 'utf8').split(/\r?\n/) };
      } catch {
        // not here
      }
    }
    if (current === top || current === path.dirname(current)) return null;
  }
}

/** Where a lockfile records the package: npm's "node_modules/x" key, Cargo's, uv's and Poetry's name = "x", pnpm/yarn's x@ entries, go.sum's module path. */
function locate(lock: Lockfile, name: string): Range | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`"node_modules/${escaped}"\\s*:`),
    new RegExp(`^name = "${escaped}"$`),
    new RegExp(`^\\s{0,2}['"]?/?${escaped}@`),
    new RegExp(`^${escaped} v`),
  ];
  for (let i = 0; i < lock.lines.length; i++) {
    const line = lock.lines[i];
    if (!line.includes(name)) continue;
    for (const pattern of patterns) {
      const match = pattern.exec(line);
      if (match) {
        const start = line.indexOf(name, match.index);
        return { start: { line: i, character: start }, end: { line: i, character: start + name.length } };
      }
    }
  }
  return null;
}
