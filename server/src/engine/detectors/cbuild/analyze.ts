import * as path from 'node:path';
import type { InputError, Requirement, Severity } from '../../model';
import { LineIndex } from '../../textPositions';
import { cBuildFiles, kindOf } from './files';
import type { Analysis, AnalyzeOptions, Detector } from '../registry';
import { buildFates, failsEveryBuild } from '../source/builds';
import { readSource } from '../source/readSource';
import { sourceRequirement } from '../source/requirement';
import { targetClauses } from '../source/targetClauses';
import { isTestFile } from '../source/testCode';
import { scanCMake } from './cmake';
import { CMakeSyntaxError } from './cmakeLexer';
import { readConanfilePy, readConanfileTxt } from './conan';
import { scanMakefile } from './makefile';
import { cppPackage, type CppEcosystem } from './packages';
import { cBuildRules } from './rules';
import type { BuildHit, BuildOutcome } from './types';
import { ManifestSyntaxError, readVcpkgManifest, type DeclaredPackage } from './vcpkg';

const OUTCOME_PHRASES: Record<BuildOutcome, string> = {
  'build-error': 'stops CMake',
  'compile-error': 'does not compile',
  'link-error': 'fails to link',
  'runtime-error': 'builds, then fails at run time',
  degraded: 'builds without it',
  works: 'works',
  unknown: 'is untested',
};
const SEVERITY_CAPS: Record<string, Severity | undefined> = { info: 'info', warning: 'warning' };

/**
 * C/C++ build files: CMake (CMakeLists.txt, *.cmake) and Makefiles (Makefile, makefile, GNUmakefile, *.mk) —
 * thread, OpenMP and dynamic-loader libraries and flags, as c/<capability> findings with what a wasi-sdk build does
 * (rules/apis/c-build.json) — and the C/C++ package manifests vcpkg.json, conanfile.txt and conanfile.py, whose
 * packages with known needs (rules/packages/cpp.json) are dependency findings on the line that names them.
 */
export const cBuildDetector: Detector = {
  ...cBuildFiles,
  analyze: (file, _kb, options) => analyzeBuildFile(file, options),
};

export function analyzeBuildFile(file: string, options: Pick<AnalyzeOptions, 'root' | 'text'>): Analysis {
  const errors: InputError[] = [];
  const kind = kindOf(file);
  if (kind === null) return { requirements: [], errors };
  const text = readSource(file, errors, undefined, options.text);
  if (text === null) return { requirements: [], errors };
  const test = isTestFile(file, options.root, 'c');
  try {
    if (kind === 'cmake' || kind === 'make') {
      const rules = cBuildRules();
      const hits = kind === 'cmake' ? scanCMake(text, rules) : scanMakefile(text, rules);
      const lines = new LineIndex(text);
      return { requirements: hits.map((hit) => buildRequirement(file, hit, lines, test)), errors };
    }
    const declared = kind === 'vcpkg' ? readVcpkgManifest(text) : path.basename(file) === 'conanfile.py' ? readConanfilePy(text) : readConanfileTxt(text);
    const lines = new LineIndex(text);
    return { requirements: declared.flatMap((d) => packageRequirements(file, kind, d, lines, test)), errors };
  } catch (error) {
    if (error instanceof CMakeSyntaxError || error instanceof ManifestSyntaxError) {
      const at = new LineIndex(text).position(error.offset);
      errors.push({ file, message: `cannot parse ${path.basename(file)} at ${at.line}:${at.column}: ${error.message}`, offset: error.offset });
    } else {
      errors.push({ file, message: `cannot analyse ${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}` });
    }
    return { requirements: [], errors };
  }
}

function buildRequirement(file: string, hit: BuildHit, lines: LineIndex, testFile: boolean): Requirement {
  const rules = cBuildRules().file;
  const { entry } = hit;
  const behaviour = (field: 'wasip1' | 'wasip2') => (hit.required && entry.required ? entry.required : entry[field]);
  const builds = buildFates(rules.targets, (field) => behaviour(field).outcome) ?? undefined;
  const clauses = targetClauses(rules.targets, (target) => ({ phrase: OUTCOME_PHRASES[behaviour(target.field).outcome], detail: behaviour(target.field).detail }));
  const requirement = sourceRequirement({
    language: 'c',
    capability: entry.capability,
    file,
    range: lines.range(hit.start, hit.end - hit.start),
    evidence: `${hit.subject} ${entry.does} (${clauses})`,
    instead: entry.instead,
    guarded: hit.guarded,
    test: hit.test || testFile,
    builds,
  });
  const cap = failsEveryBuild(builds) ? undefined : SEVERITY_CAPS[entry.severityHint];
  return cap && !requirement.maxSeverity ? { ...requirement, maxSeverity: cap } : requirement;
}

function packageRequirements(file: string, ecosystem: CppEcosystem, declared: DeclaredPackage, lines: LineIndex, testFile: boolean): Requirement[] {
  const known = cppPackage(ecosystem, declared.name);
  if (!known) return [];
  const test = declared.test || testFile;
  const chain = `${declared.name} ← ${path.basename(file)}`;
  return known.capabilities.map((capability) => ({
    ruleId: `dependency/${capability}`,
    capability,
    origin: 'dependency' as const,
    file,
    range: lines.range(declared.start, declared.end - declared.start),
    evidence: `${declared.label} (${chain})${declared.note}${test ? ' (a test requirement: not part of the deployed function)' : ''}: ${known.why}`,
    need: { kind: 'capability' as const },
    guarded: declared.guarded,
    test,
    package: { ecosystem, name: declared.name, version: declared.version, via: [] },
    ...(known.alternative ? { instead: known.alternative } : {}),
    ...(test ? { maxSeverity: 'info' as const } : {}),
  }));
}
