import * as path from 'node:path';
import { analyzeBinaryFile } from './detectors/wasm/analyze';
import type { ComponentImport } from './detectors/wasm/component';
import { evaluate } from './evaluate/findings';
import { knowledge, type Knowledge } from './knowledge/load';
import type { Finding } from './model';
import { TargetResolver } from './targets';
import { SCHEMA_VERSION } from './version';
import { manifestBoundary, toPosix } from './scan';

export interface InspectResult {
  schemaVersion: number;
  file: string;
  size?: number;
  kind?: 'core' | 'component';
  targets?: string[];
  imports?: unknown[];
  exports?: unknown[];
  memories?: unknown[];
  modules?: unknown[];
  producers?: Record<string, string[]> | null;
  findings?: Finding[];
  errors?: Array<{ message: string; offset?: number }>;
}

/** `wasi-ready inspect`: one binary's kind, imports, exports, memories and findings. */
export function inspect(file: string, options: { targets?: string[] | null; cwd?: string; knowledge?: Knowledge } = {}): InspectResult {
  const kb = options.knowledge ?? knowledge();
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const shown = toPosix(path.relative(cwd, absolute)) || file;
  const analysis = analyzeBinaryFile(absolute, kb);
  if (!analysis.ok) {
    const { message, offset } = analysis.error;
    return { schemaVersion: SCHEMA_VERSION, file: shown, errors: [{ message, ...(offset !== undefined ? { offset } : {}) }] };
  }
  const resolver = new TargetResolver(kb.hosts, options.targets ?? null, (f) => toPosix(path.relative(cwd, f)));
  const choice = resolver.choose(absolute, manifestBoundary(absolute, cwd));
  const findings = evaluate(analysis.requirements, choice.targets, kb, () => shown);
  const { info } = analysis;
  const common = { schemaVersion: SCHEMA_VERSION, file: shown, size: analysis.size, kind: info.kind, targets: choice.targets.map((t) => t.label) };
  if (info.kind === 'core') {
    return {
      ...common,
      imports: info.imports.map(({ module, name, kind }) => ({ module, name, kind })),
      exports: info.exports,
      memories: info.memories,
      producers: info.producers,
      findings,
    };
  }
  return {
    ...common,
    imports: info.imports.map(componentEntry),
    exports: info.exports.map(componentEntry),
    modules: info.modules.map((m) => ({ index: m.index, size: m.size, imports: m.imports.map(({ module, name, kind }) => ({ module, name, kind })), exports: m.exports })),
    producers: info.producers,
    findings,
  };
}

function componentEntry(entry: ComponentImport): Record<string, unknown> {
  if (entry.kind !== 'instance') return { name: entry.name, kind: entry.kind };
  return { name: entry.name, kind: entry.kind, package: entry.package, interface: entry.interface, version: entry.version, functions: entry.functions };
}
