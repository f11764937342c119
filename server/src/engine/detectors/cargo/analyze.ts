import * as fs from 'node:fs';
import * as path from 'node:path';
import satisfies = require('semver/functions/satisfies');
import type { CapabilityId } from '../../capabilities';
import { pluralVerb } from '../../evaluate/message';
import type { Knowledge } from '../../knowledge/load';
import type { InputError, Range, Requirement, Severity } from '../../model';
import { buildFates, failsEveryBuild } from '../source/builds';
import { isInside } from '../../workspace';
import { cargoFiles, exists } from './files';
import type { AnalyzeOptions, Detector } from '../registry';
import { targetApplies, type CfgTarget } from './cfg';
import { behaviourOn, capabilitiesOf, describeOutcome, matchingEntries, type CrateFacts } from './entries';
import { defaultFeatureEffects, enabledFeatures } from './features';
import { reachable, type Reached } from './graph';
import { findLocal, LockfileError, readLockfile, type CargoLock } from './lockfile';
import { readManifest, type CargoManifest, type DeclaredDependency, type WorkspaceDependency } from './manifest';
import { TomlSyntaxError } from './toml';
import { configuredCfgFlags, findWorkspaceRoot } from './workspace';
import { MAX_MANIFEST_BYTES, readManifestText } from '../source/readManifest';

/**
 * A Cargo.toml and its workspace's Cargo.lock: what the dependencies a wasm32-wasip1/wasip2 build compiles
 * need, from rules/packages/cargo.json and from `-sys`/`links =` evidence, reported on the line that declares
 * the direct dependency (on the feature string when a feature is the cause) with the inclusion path.
 */
export const cargoDetector: Detector = {
  ...cargoFiles,
  analyze(file, kb, options) {
    const errors: InputError[] = [];
    const text = options.text ?? readText(file, errors);
    if (text === null) return { requirements: [], errors };
    let manifest: CargoManifest;
    try {
      manifest = readManifest(text);
    } catch (error) {
      if (!(error instanceof TomlSyntaxError)) throw error;
      return { requirements: [], errors: [{ file, message: `cannot parse Cargo.toml${at(error)}: ${error.message}` }] };
    }
    return { requirements: analyzeManifest(file, manifest, kb, options, errors), errors };
  },
};

function analyzeManifest(file: string, manifest: CargoManifest, kb: Knowledge, options: AnalyzeOptions, errors: InputError[]): Requirement[] {
  const out: Requirement[] = [];
  const pkg = manifest.package;
  if (!pkg) return out; // a virtual workspace manifest declares, its members use
  if (pkg.links) out.push(linksRequirement(file, pkg.name, pkg.version, pkg.links));

  const targets: CfgTarget[] = kb.cargo.targets.map((t) => ({ names: [t.id, ...(t.alsoKnownAs ?? [])], cfg: t.cfg ?? {} }));
  const stopAt = isInside(file, options.root) ? options.root : path.dirname(file);
  const workspace = findWorkspaceRoot(file, manifest, stopAt, quietRead);
  const rootDir = workspace?.dir ?? path.dirname(file);
  const inherited = workspace?.manifest.workspace?.dependencies ?? new Map<string, WorkspaceDependency>();

  // What a wasm32-wasip1/wasip2 build with default features compiles.
  const { optionalOn, dependencyFeatures } = defaultFeatureEffects(manifest);
  const declared = manifest.dependencies
    .filter((d) => d.kind === 'normal' || (d.kind === 'dev' && options.devDependencies))
    .filter((d) => !d.target || targets.some((t) => targetApplies(d.target!, t)))
    .filter((d) => !d.optional || optionalOn.has(d.key))
    .map((d) => inherit(d, inherited.get(d.key)));
  if (declared.length === 0) return out;
  const featuresByName = new Map<string, Set<string>>();
  for (const name of new Set(declared.map((d) => d.name))) {
    featuresByName.set(name, enabledFeatures(declared.filter((d) => d.name === name), dependencyFeatures));
  }
  const directNames = new Set(declared.filter((d) => !d.path).map((d) => d.name));
  const cfgFlags = configuredCfgFlags(foldersUp(path.dirname(file), stopAt), quietRead);

  const lockFile = path.join(rootDir, 'Cargo.lock');
  let lock: CargoLock | null = null;
  if (exists(lockFile)) {
    const lockText = readText(lockFile, errors);
    if (lockText !== null) {
      try {
        lock = readLockfile(lockText);
      } catch (error) {
        if (!(error instanceof LockfileError) && !(error instanceof TomlSyntaxError)) throw error;
        errors.push({ file: lockFile, message: `cannot read Cargo.lock${error instanceof TomlSyntaxError ? at(error) : ''}: ${error.message}` });
      }
    }
  }
  const member = lock ? findLocal(lock, pkg.name, pkg.version) : undefined;

  for (const dependency of declared) {
    if (dependency.path) continue; // a path or workspace package: its own Cargo.toml is analysed by itself
    const graph = lock && member ? lockedGraph(dependency, member.dependencies, lock, kb, targets) : null;
    const reached: Reached[] = graph ?? [{ crate: { id: dependency.name, name: dependency.name, version: '', source: '', dependencies: [] }, via: [] }];
    const names = new Set(reached.map((r) => r.crate.name));
    const versionOf = (name: string) => reached.find((r) => r.crate.name === name)?.crate.version ?? [...(lock?.crates.values() ?? [])].find((c) => c.name === name)?.version ?? null;
    for (const { crate, via } of reached) {
      if (via.length > 0 && directNames.has(crate.name)) continue; // reported on its own line
      const facts: CrateFacts = {
        name: crate.name,
        version: graph ? crate.version : null,
        requirement: graph ? null : dependency.version,
        features: featuresByName.get(crate.name) ?? null,
        versionOf,
      };
      const entries = kb.cargo.crates.get(crate.name) ?? [];
      const matched = matchingEntries(entries, facts, cfgFlags).filter((e) => !(e.reportVia && e.reportVia !== crate.name && names.has(e.reportVia)));
      if (matched.some((e) => e.safe)) continue;
      const label = graph ? `${crate.name}@${crate.version}` : `${crate.name} ${dependency.version ?? '*'}`;
      const chain = [label, ...[...via].reverse(), 'Cargo.toml'].join(' ← ');
      const make = (capability: CapabilityId, evidence: string, range: Range, maxSeverity: Severity | undefined, instead?: string, builds?: Requirement['builds']): Requirement => {
        const ceiling = dependency.kind === 'dev' ? 'info' : maxSeverity;
        return {
          ruleId: `dependency/${capability}`, capability, origin: 'dependency', file, range, evidence,
          need: { kind: 'capability' }, guarded: false, test: dependency.kind === 'dev',
          package: { ecosystem: 'cargo', name: crate.name, version: graph ? crate.version : null, via },
          ...(instead ? { instead } : {}), ...(ceiling ? { maxSeverity: ceiling } : {}), ...(builds ? { builds } : {}),
        };
      };
      const said = new Set<CapabilityId>();
      for (const entry of matched) {
        const { clause, maxSeverity } = describeOutcome(entry, facts);
        const builds = buildFates(kb.cargo.targets, (field) => behaviourOn(entry[field], facts).outcome) ?? undefined;
        // A hint (num_cpus reports 1, crossbeam's channels work) is worth saying about a crate the project
        // chose, not about every crate that pulls it in: there the parent's own entry or the source scan speaks.
        if (maxSeverity === 'info' && via.length > 0) continue;
        const needs = capabilitiesOf(entry, facts.features);
        // A crate that breaks every build is one finding (tokio "full" does not compile), on its first need.
        for (const { capability, features } of failsEveryBuild(builds) ? needs.slice(0, 1) : needs) {
          if (said.has(capability)) continue;
          said.add(capability);
          const subject = features.length === 0 ? crate.name : `${crate.name} feature${features.length > 1 ? 's' : ''} ${features.map((f) => `"${f}"`).join(', ')}`;
          const verbClause = features.length > 1 ? pluralVerb(clause) : clause;
          const range = via.length === 0 ? featureRange(dependency, features) ?? dependency.range : dependency.range;
          out.push(make(capability, `${subject} (${chain}) ${verbClause}`, range, maxSeverity, entry.alternative, builds));
        }
      }
      if (entries.length === 0 && crate.name.endsWith('-sys')) {
        // Naming is the only evidence Cargo.lock gives: a -sys package binds a native library by convention,
        // which may also be compiled to Wasm with it; so a warning, not an error.
        out.push(make('native-code', `${crate.name} (${chain}) is a -sys package: by convention it binds a native library, which a wasm32-wasip1/wasip2 build links only if that library is itself compiled to Wasm`, dependency.range, 'warning'));
      }
    }
  }
  return out;
}

/** The dependency's entry in Cargo.lock (the version its requirement allows) and everything below it. */
function lockedGraph(dependency: DeclaredDependency, memberDependencies: string[], lock: CargoLock, kb: Knowledge, targets: CfgTarget[]): Reached[] | null {
  const candidates = memberDependencies.map((id) => lock.crates.get(id)).filter((c) => c !== undefined && c.name === dependency.name);
  const direct = candidates.find((c) => dependency.version && cargoSatisfies(c!.version, dependency.version)) ?? candidates[0];
  return direct ? reachable(direct, lock, kb.cargo.targetEdges, targets) : null;
}

function cargoSatisfies(version: string, requirement: string): boolean {
  const range = requirement.split(',').map((p) => p.trim()).map((p) => (/^\d/.test(p) ? `^${p}` : p)).join(' ');
  try {
    return satisfies(version, range, { includePrerelease: true });
  } catch {
    return false;
  }
}

/** `workspace = true`: the workspace's version, package and features, plus the member's own features. */
function inherit(d: DeclaredDependency, from: WorkspaceDependency | undefined): DeclaredDependency {
  if (!d.inherited || !from) return d;
  return {
    ...d,
    name: from.name,
    version: from.version,
    defaultFeatures: from.defaultFeatures,
    features: [...from.features.map((name) => ({ name, range: null })), ...d.features],
  };
}

/** The first feature string, among those that caused a finding, that this manifest line spells out. */
function featureRange(dependency: DeclaredDependency, features: string[]): Range | null {
  return dependency.features.find((f) => features.includes(f.name) && f.range)?.range ?? null;
}

function linksRequirement(file: string, name: string, version: string | null, links: { value: string; range: Range }): Requirement {
  return {
    ruleId: 'dependency/native-code', capability: 'native-code', origin: 'dependency', file, range: links.range,
    evidence: `${name} declares links = "${links.value}" (${name} ← Cargo.toml): its build script links the native library ${links.value}, which a wasm32-wasip1/wasip2 build links only if that library is itself compiled to Wasm`,
    need: { kind: 'capability' }, guarded: false, test: false,
    package: { ecosystem: 'cargo', name, version, via: [] }, maxSeverity: 'warning',
  };
}

/** From `dir` up to `stopAt`, both included. */
function foldersUp(dir: string, stopAt: string): string[] {
  const out: string[] = [];
  for (let d = dir; isInside(d, stopAt); d = path.dirname(d)) {
    out.push(d);
    if (d === path.dirname(d) || path.resolve(d) === path.resolve(stopAt)) break;
  }
  return out;
}

function at(error: TomlSyntaxError): string {
  return error.line !== null && error.column !== null ? ` at ${error.line}:${error.column}` : '';
}

function quietRead(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size <= MAX_MANIFEST_BYTES ? fs.readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}

function readText(file: string, errors: InputError[]): string | null {
  return readManifestText(file, errors, 'a Cargo manifest or lockfile');
}
