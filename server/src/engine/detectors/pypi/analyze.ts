import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityId } from '../../capabilities';
import type { InputError, Range, Requirement } from '../../model';
import { isInside } from '../../workspace';
import { TomlSyntaxError } from '../cargo/toml';
import { isPythonManifest, pypiFiles } from './files';
import type { AnalyzeOptions, Detector } from '../registry';
import { pypiPackages } from './knowledge';
import { LOCKFILES, LockfileError, reachable, readLockGraph, type LockedPackage, type LockGraph, type Reached } from './lockfiles';
import { markerOnWasi, normalizeName, type Pep508 } from './pep508';
import { isDevName, readPyproject, type Pyproject } from './pyproject';
import { readRequirementsFile, type RequirementLine } from './requirementsTxt';
import { wheelEvidence } from './wheels';
import { readManifestText } from '../source/readManifest';
/** What to do about a compiled extension the knowledge base has no entry for. */
const NATIVE_INSTEAD = 'a pure-Python package, or the extension built for WASI and linked into the component by componentize-py (few projects publish WASI wheels)';
/** `-r` chains deeper than this are a loop or a generator's output, not a project. */
const MAX_INCLUDE_DEPTH = 8;

/**
 * Python dependency manifests — pip requirements files (`requirements*.txt`, `requirements/*.txt`) and
 * `pyproject.toml` (PEP 621, PEP 735, Poetry) with the uv.lock or poetry.lock beside it: native code from the
 * wheels the lockfile lists, other needs from rules/packages/pypi.json, on the line that declares the direct
 * dependency, with the inclusion path. A marker that keeps a package out of a WASI install
 * (`; sys_platform != "wasi"`) makes its findings guarded (info). Development dependencies (dependency groups,
 * Poetry groups other than main, dev/test extras, requirements-dev.txt) only with --dev, as test-only info.
 */
export const pypiDetector: Detector = {
  ...pypiFiles,
  analyze(file, _kb, options) {
    const errors: InputError[] = [];
    try {
      const text = options.text ?? readText(file, errors);
      if (text === null) return { requirements: [], errors };
      const declared = path.basename(file) === 'pyproject.toml' ? pyprojectDependencies(file, text, options, errors) : requirementsFileDependencies(file, text, options, errors);
      return { requirements: declared ? requirementsOf(file, declared.list, declared.lock, declared.compiled) : [], errors };
    } catch (error) {
      errors.push({ file, message: `cannot analyse Python dependencies: ${error instanceof Error ? error.message : String(error)}` });
      return { requirements: [], errors };
    }
  },
};

/** A dependency as the analysis uses it, whichever manifest declared it. */
interface Declared {
  requirement: Pep508;
  range: Range;
  dev: boolean;
  /** pip-compile annotations: the path from a direct requirement down to this one's parent; null when direct. */
  via: string[] | null;
  /** Said after the package in the message: where it really comes from (`from base.in, included with -r`). */
  note: string;
  /** A version a constraints file pins, when the requirement does not. */
  constrained: string | null;
}

interface DeclaredSet {
  list: Declared[];
  lock: LockGraph | null;
  compiled: boolean;
}

function pyprojectDependencies(file: string, text: string, options: AnalyzeOptions, errors: InputError[]): DeclaredSet | null {
  let manifest: Pyproject;
  try {
    manifest = readPyproject(text);
  } catch (error) {
    if (!(error instanceof TomlSyntaxError)) throw error;
    errors.push({ file, message: `cannot parse pyproject.toml${at(error)}: ${error.message}` });
    return null;
  }
  const list = firstDeclarations(manifest.declared
    .filter((d) => !d.dev || options.devDependencies)
    .map((d) => ({ requirement: d.requirement, range: d.range, dev: d.dev, via: null, note: '', constrained: null })));
  if (list.length === 0) return null;
  return { list, lock: lockBeside(file, manifest.poetry, errors) ?? workspaceLock(file, manifest.name, options.root, errors), compiled: false };
}

/** The first declaration of each package wins (a package in `[project]` and in a group is production). */
function firstDeclarations(list: Declared[]): Declared[] {
  const seen = new Set<string>();
  return [...list.filter((d) => !d.dev), ...list.filter((d) => d.dev)].filter((d) => {
    if (seen.has(d.requirement.key)) return false;
    seen.add(d.requirement.key);
    return true;
  }).sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
}

/** uv.lock or poetry.lock beside pyproject.toml (poetry.lock first for a Poetry project); a broken one is an error and no graph. */
function lockBeside(file: string, poetry: boolean, errors: InputError[]): LockGraph | null {
  const dir = path.dirname(file);
  const order = poetry ? [...LOCKFILES].reverse() : [...LOCKFILES];
  const lockFile = order.map((name) => path.join(dir, name)).find(isFile);
  return lockFile ? readLock(lockFile, errors) : null;
}

/**
 * A uv workspace member has no lockfile of its own: the workspace root's uv.lock, in a folder above it inside the
 * scan, holds it when it lists the member by name.
 */
function workspaceLock(file: string, name: string | null, root: string, errors: InputError[]): LockGraph | null {
  if (!name) return null;
  for (let dir = path.dirname(path.dirname(file)); isInside(dir, root); dir = path.dirname(dir)) {
    const lockFile = path.join(dir, 'uv.lock');
    if (isFile(lockFile)) {
      const lock = readLock(lockFile, errors);
      return lock && lock.packages.has(normalizeName(name)) ? lock : null;
    }
    if (dir === path.dirname(dir) || path.resolve(dir) === path.resolve(root)) break;
  }
  return null;
}

function readLock(lockFile: string, errors: InputError[]): LockGraph | null {
  const text = readText(lockFile, errors);
  if (text === null) return null;
  try {
    return readLockGraph(lockFile, text);
  } catch (error) {
    if (!(error instanceof LockfileError) && !(error instanceof TomlSyntaxError)) throw error;
    errors.push({ file: lockFile, message: `cannot read ${path.basename(lockFile)}${error instanceof TomlSyntaxError ? at(error) : ''}: ${error.message}` });
    return null;
  }
}

function requirementsFileDependencies(file: string, text: string, options: AnalyzeOptions, errors: InputError[]): DeclaredSet | null {
  const dev = isDevRequirementsFile(file);
  if (dev && !options.devDependencies) return null;
  const parsed = readRequirementsFile(text);
  const pins = new Map<string, string>();
  const list: Declared[] = [];
  const compiledVia = parsed.compiled ? viaFromAnnotations(parsed.requirements) : null;
  for (const line of parsed.requirements) {
    list.push({ requirement: line.requirement, range: line.range, dev, via: compiledVia?.get(line) ?? null, note: '', constrained: null });
  }
  // -r and -c: relative to this file, read only inside the scanned folder.
  const visited = new Set<string>([path.resolve(file)]);
  const include = (from: string, includes: ReturnType<typeof readRequirementsFile>['includes'], origin: Range | null, depth: number) => {
    for (const inc of includes) {
      const target = path.resolve(path.dirname(from), inc.path);
      const where = origin ?? inc.range;
      if (visited.has(target) || depth > MAX_INCLUDE_DEPTH) continue;
      visited.add(target);
      // A requirements file the scan reads on its own reports its own findings.
      if (inc.kind === 'requirement' && isPythonManifest(target) && isInside(target, options.root)) continue;
      if (!isInside(target, options.root) || !isInside(realPath(target), realPath(options.root))) {
        errors.push({ file, message: `${where.line}:${where.column}: ${inc.path} is outside the scanned folder: not read` });
        continue;
      }
      if (!isFile(target)) {
        errors.push({ file, message: `${where.line}:${where.column}: ${inc.path}: no such file` });
        continue;
      }
      const included = readText(target, errors);
      if (included === null) continue;
      const sub = readRequirementsFile(included);
      if (inc.kind === 'constraint') {
        for (const line of sub.requirements) if (line.requirement.pinned) pins.set(line.requirement.key, line.requirement.pinned);
      } else {
        for (const line of sub.requirements) {
          list.push({ requirement: line.requirement, range: where, dev, via: null, note: ` (from ${inc.path}, included with -r)`, constrained: null });
        }
      }
      include(target, sub.includes, where, depth + 1);
    }
  };
  include(file, parsed.includes, null, 0);
  for (const d of list) d.constrained = d.requirement.pinned ? null : pins.get(d.requirement.key) ?? null;
  return list.length > 0 ? { list, lock: null, compiled: parsed.compiled } : null;
}

/** `requirements-dev.txt`, `test-requirements.txt`, `requirements/docs.txt`: tools for working on the project. */
function isDevRequirementsFile(file: string): boolean {
  const base = path.basename(file).replace(/\.txt$/i, '');
  return base.split(/[-_.]/).filter((part) => part.toLowerCase() !== 'requirements').some(isDevName);
}

/**
 * pip-compile output lists every package the inputs pull in, each annotated with its parents: a package whose
 * annotations name no input file came in through them, and its path runs from the nearest requirement the
 * input asked for down to its parent.
 */
function viaFromAnnotations(lines: RequirementLine[]): Map<RequirementLine, string[] | null> {
  const byKey = new Map(lines.map((l) => [l.requirement.key, l]));
  const direct = new Set(lines.filter((l) => l.viaInput || l.via.length === 0).map((l) => l.requirement.key));
  const nameOf = (key: string) => byKey.get(key)?.requirement.name ?? key;
  const out = new Map<RequirementLine, string[] | null>();
  for (const line of lines) {
    if (direct.has(line.requirement.key)) {
      out.set(line, null);
      continue;
    }
    const start = line.requirement.key;
    const childOf = new Map<string, string>();
    const queue = [start];
    let found: string[] | null = null;
    for (let i = 0; i < queue.length && !found; i++) {
      for (const parent of (byKey.get(queue[i])?.via ?? []).map(normalizeName)) {
        if (parent === start || childOf.has(parent)) continue;
        childOf.set(parent, queue[i]);
        if (direct.has(parent)) {
          const chain = [parent];
          for (let n = parent; childOf.get(n) !== start; n = childOf.get(n)!) chain.push(childOf.get(n)!);
          found = chain.map(nameOf);
          break;
        }
        queue.push(parent);
      }
    }
    out.set(line, found ?? line.via.slice(0, 1));
  }
  return out;
}

/**
 * For each declared dependency, what it and everything it pulls in needs: native code from the lockfile's
 * wheels, the rest from rules/packages/pypi.json, each on the declaring line with the path to it.
 */
function requirementsOf(file: string, declared: Declared[], lock: LockGraph | null, compiled: boolean): Requirement[] {
  const kb = pypiPackages();
  const manifest = path.basename(file);
  const directKeys = new Set(declared.map((d) => d.requirement.key));
  const out: Requirement[] = [];
  for (const dependency of declared) {
    const { requirement } = dependency;
    const guarded = requirement.marker !== null && markerOnWasi(requirement.marker) === false;
    const locked = lock && !compiled ? reachable(lock, requirement.key, requirement.extras, directKeys) : [];
    const tree: Reached[] = locked.length > 0 ? locked : [{ pkg: unlocked(dependency), via: dependency.via ?? [] }];
    const notes = [
      dependency.note,
      guarded ? ` (marker \`${shortened(requirement.marker!)}\`: a wasm build does not install it)` : '',
      dependency.dev ? ' (a development dependency: not part of the deployed function)' : '',
    ].join('');
    const inTree = new Set(tree.map((r) => r.pkg.key));
    for (const { pkg, via } of tree) {
      const entry = kb.get(pkg.key);
      const label = pkg.version ? `${pkg.name}@${pkg.version}` : `${pkg.name}${requirement.specifier && pkg.key === requirement.key ? ` ${requirement.specifier}` : ''}`;
      const chain = [pkg.name, ...[...via].reverse(), manifest].join(' ← ');
      const make = (capability: CapabilityId, evidence: string, instead = entry?.alternative): Requirement => ({
        ruleId: `dependency/${capability}`, capability, origin: 'dependency', file, range: dependency.range, evidence: `${evidence}${notes}`,
        need: { kind: 'capability' }, guarded, test: dependency.dev,
        package: { ecosystem: 'pypi', name: pkg.name, version: pkg.version, via },
        ...(instead ? { instead } : {}), ...(dependency.dev ? { maxSeverity: 'info' as const } : {}),
      });
      const native = lock && !entry?.optionalNative ? wheelEvidence(pkg, lock.kind) : null;
      if (native) out.push(make('native-code', `${label} is a compiled extension (${chain}): ${native}`, entry?.alternative ?? NATIVE_INSTEAD));
      if (!entry || entry.scope === 'feature' || (entry.through ?? []).some((name) => inTree.has(normalizeName(name)))) continue;
      for (const capability of entry.capabilities) {
        if (capability === 'native-code' && native) continue; // the wheels said it, with more detail
        out.push(make(capability, `${label} (${chain}) ${entry.why}`));
      }
    }
  }
  return out;
}

/** A dependency no lockfile describes: its name and the version its requirement pins, if any. */
function unlocked(dependency: Declared): LockedPackage {
  const { requirement } = dependency;
  return { name: requirement.name, key: requirement.key, version: requirement.pinned ?? dependency.constrained, dependencies: [], extras: new Map(), wheels: [], sdist: false };
}

/** Markers from `uv pip compile --universal` run to hundreds of characters: the start says enough. */
function shortened(marker: string): string {
  return marker.length <= 60 ? marker : `${marker.slice(0, 57)}…`;
}

function at(error: TomlSyntaxError): string {
  return error.line !== null && error.column !== null ? ` at ${error.line}:${error.column}` : '';
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function readText(file: string, errors: InputError[]): string | null {
  return readManifestText(file, errors, 'a Python manifest or lockfile');
}
