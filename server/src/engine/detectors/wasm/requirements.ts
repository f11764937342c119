import type { CapabilityId } from '../../capabilities';
import type { Knowledge } from '../../knowledge/load';
import { preview1Key } from '../../knowledge/load';
import type { GlueFamily, InterfaceEntry } from '../../knowledge/types';
import { WHOLE_FILE, type Need, type Requirement } from '../../model';
import { formatBytes, joinAnd, listed, matches } from '../../text';
import { releaseLine } from '../../interfaceVersions';
import type { ComponentInfo } from './component';
import { unversioned, parseInterfaceName } from './componentNames';
import type { CoreImport, CoreModuleInfo, MemoryInfo } from './coreModule';
import type { WasmInfo } from './readWasm';

const THREAD_SPAWN = { module: 'wasi', name: 'thread-spawn' };
const OLD_MODULE_INSTEAD = 'rebuild with a current toolchain for wasm32-wasip1 (wasi_snapshot_preview1), or for wasm32-wasip2';
const FOREIGN_INSTEAD = 'these are another platform\'s host functions: build with the target host\'s own SDK, or keep this binary for the platform it was built for';

/** What a binary needs from a host, read from its imports, exports, memories and size. */
export function requirementsFromWasm(file: string, info: WasmInfo, size: number, kb: Knowledge): Requirement[] {
  const make = (ruleId: string, capability: CapabilityId, evidence: string, need: Need, instead?: string): Requirement => ({
    ruleId, capability, origin: 'binary', file, range: WHOLE_FILE, evidence, need, guarded: false, test: false, package: null,
    ...(instead ? { instead } : {}),
  });
  const out: Requirement[] = [];
  const kindPhrase = info.kind === 'core' ? describeCoreModule(info, kb) : 'is a component';
  out.push(make('binary/kind', 'binary-kind', kindPhrase, { kind: 'binary-kind', binaryKind: info.kind }));
  out.push(make('binary/size-limit', 'size-limit', `is ${formatBytes(size)}`, { kind: 'size', bytes: size }));

  const threads = threadEvidence(info);
  if (threads.length > 0) out.push(make('binary/threads', 'threads', `${joinAnd(threads)} (wasi-threads)`, { kind: 'capability' }));

  const imports = info.kind === 'core' ? coreImportRequirements(info, kb, make) : componentImportRequirements(info, kb, make);
  out.push(...imports);
  // What a JavaScript-hosted module exports is for its glue to call, not a host: no entry-point finding then.
  if (!imports.some((r) => r.ruleId === 'binary/host-glue')) {
    const exportNames = info.exports.map((e) => e.name);
    out.push(make('binary/entry-point', 'binary-kind', describeExports(exportNames), { kind: 'entry-point', binaryKind: info.kind, exports: exportNames }));
  }
  return out;
}

type Make = (ruleId: string, capability: CapabilityId, evidence: string, need: Need, instead?: string) => Requirement;

function describeCoreModule(info: CoreModuleInfo, kb: Knowledge): string {
  if (info.imports.some((i) => parseInterfaceName(i.module)?.package.startsWith('wasi:'))) {
    return 'is a core module with WASI 0.2 imports (the input to component creation, not a runnable binary)';
  }
  if (info.imports.some((i) => kb.preview1Modules.has(i.module))) return 'is a WASI Preview 1 core module';
  return 'is a core module';
}

function describeExports(names: string[]): string {
  const entryPoints = names.filter((n) => n !== 'memory' && !n.startsWith('cabi_'));
  return entryPoints.length === 0 ? 'exports no function a host could call' : `exports ${listed(entryPoints)}`;
}

function threadEvidence(info: WasmInfo): string[] {
  const evidence: string[] = [];
  const memories: MemoryInfo[] = info.kind === 'core' ? info.memories : info.modules.flatMap((m) => m.memories);
  const imports: CoreImport[] = info.kind === 'core' ? info.imports : info.modules.flatMap((m) => m.imports);
  const exports = info.kind === 'core' ? info.exports : info.modules.flatMap((m) => m.exports);
  if (memories.some((m) => m.shared)) evidence.push('declares a shared memory');
  if (imports.some((i) => i.module === THREAD_SPAWN.module && i.name === THREAD_SPAWN.name)) evidence.push('imports wasi.thread-spawn');
  if (exports.some((e) => e.name === 'wasi_thread_start')) evidence.push('exports wasi_thread_start');
  return evidence;
}

function coreImportRequirements(info: CoreModuleInfo, kb: Knowledge, make: Make): Requirement[] {
  const out: Requirement[] = [];
  const byCapability = new Map<CapabilityId, Array<{ module: string; name: string; does?: string }>>();
  const unknownByModule = new Map<string, Array<{ module: string; name: string }>>();
  const extensions = new Map<string, { imports: Array<{ module: string; name: string }>; capability: CapabilityId }>();
  const glue = new Map<GlueFamily, Array<{ module: string; name: string }>>();
  const standard = new Map<string, Array<{ module: string; name: string }>>();

  for (const imported of info.imports) {
    const { module, name } = imported;
    if (module === THREAD_SPAWN.module && name === THREAD_SPAWN.name) continue; // reported with the threads evidence
    if (imported.kind === 'memory') continue; // an imported memory is how Preview 1 and glue modules share memory
    if (parseInterfaceName(module)?.package.startsWith('wasi:') || module === '__main_module__' || module.startsWith('[export]')) continue;
    if (kb.preview1Modules.has(module)) {
      const fn = kb.preview1.get(preview1Key(module, name));
      if (fn && !fn.extension) push(standard, module, { module, name });
      if (!fn) {
        push(unknownByModule, module, { module, name });
      } else if (fn.extension) {
        const entry = extensions.get(fn.extension) ?? { imports: [], capability: fn.capability ?? 'interface-version' };
        entry.imports.push({ module, name });
        extensions.set(fn.extension, entry);
      } else if (fn.adapter === 'trap' || fn.adapter === 'notsup') {
        out.push(make('binary/adapter-trap', fn.capability ?? 'interface-version', `imports ${module}.${name}${fn.does ? ` (${fn.does})` : ''}`, { kind: 'adapter', behaviour: fn.adapter }));
      } else if (fn.capability) {
        push(byCapability, fn.capability, { module, name, does: fn.does });
      }
      continue;
    }
    const family = kb.glue.find((f) => f.match.some((m) => matches(m.module, module) && (!m.names || m.names.some((p) => matches(p, name)))));
    if (family) push(glue, family, { module, name });
    else push(unknownByModule, module, { module, name });
  }

  for (const [capability, functions] of byCapability) {
    const module = functions[0].module;
    const evidence = `imports ${module} ${listed(functions.map((f) => (f.does ? `${f.name} (${f.does})` : f.name)))}`;
    out.push(make(`binary/${capability}`, capability, evidence, { kind: 'capability' }));
  }
  for (const [extension, { imports, capability }] of extensions) {
    out.push(make('binary/unknown-import', capability, `imports ${imports[0].module} ${listed(imports.map((i) => i.name))}, functions of the ${extension} extension`,
      { kind: 'core-import', imports, extension, jsGlue: false }));
  }
  mergeBareEnvIntoFamily(glue);
  for (const [family, imports] of glue) {
    out.push(make('binary/host-glue', 'host-glue', `imports ${family.producer}: ${listed(imports.map((i) => `${i.module}.${i.name}`))}`,
      { kind: 'core-import', imports, extension: null, jsGlue: true }, family.instead));
  }
  // The module itself must be one the host resolves: wasi_unstable is not, behind Spin's adapter.
  for (const [module, imports] of standard) {
    const label = kb.preview1ModuleNames.get(module) ?? module;
    out.push(make('binary/unknown-import', 'interface-version', `imports ${label} (${module}) ${listed(imports.map((i) => i.name))}`,
      { kind: 'core-import', imports, extension: null, jsGlue: false }, OLD_MODULE_INSTEAD));
  }
  const unknownStandard = [...unknownByModule].filter(([module]) => kb.preview1Modules.has(module));
  for (const [module, imports] of unknownStandard) {
    const evidence = `imports ${module} ${listed(imports.map((i) => i.name))}, which ${imports.length === 1 ? 'is not a standard function' : 'are not standard functions'} of ${module}`;
    out.push(make('binary/unknown-import', 'interface-version', evidence, { kind: 'core-import', imports, extension: null, jsGlue: false }));
  }
  // Other hosts' hostcalls (fastly_*, a plugin's namespace): one finding for all of them.
  const foreign = [...unknownByModule].filter(([module]) => !kb.preview1Modules.has(module));
  if (foreign.length > 0) {
    const imports = foreign.flatMap(([, list]) => list);
    const modules = foreign.map(([module]) => module);
    const evidence = `imports functions from ${modules.length === 1 ? 'module' : 'modules'} ${listed(modules)} (${listed(imports.map((i) => `${i.module}.${i.name}`))})`;
    out.push(make('binary/unknown-import', 'interface-version', evidence, { kind: 'core-import', imports, extension: null, jsGlue: false }, FOREIGN_INSTEAD));
  }
  return out;
}

/**
 * A toolchain that imports from `env` (Emscripten, Node-API, AssemblyScript) owns every other `env` import of
 * the module too: its glue provides them. Only a module with no such toolchain has "bare" env imports.
 */
function mergeBareEnvIntoFamily(glue: Map<GlueFamily, Array<{ module: string; name: string }>>): void {
  const bare = [...glue.keys()].find((f) => f.id === 'env');
  const owner = [...glue.keys()].find((f) => f.id !== 'env' && f.match.some((m) => m.module === 'env'));
  if (!bare || !owner) return;
  glue.get(owner)!.push(...glue.get(bare)!);
  glue.delete(bare);
}

function componentImportRequirements(info: ComponentInfo, kb: Knowledge, make: Make): Requirement[] {
  const out: Requirement[] = [];
  const usedByCode = capabilitiesLinkedByCode(info, kb);
  // Interfaces a host lacks usually go together (all of wasi:filesystem, all of wasi:cli's terminals):
  // one finding per package and version, naming each interface a host lacks.
  const byPackage = new Map<string, Array<{ name: string; version: string | null; full: string }>>();
  for (const imported of info.imports) {
    if (imported.kind !== 'instance') {
      out.push(make('binary/missing-interface', 'interface-version', `imports the ${imported.kind} "${imported.name}"`,
        { kind: 'interfaces', interfaces: [{ name: imported.name, version: null }] }));
      continue;
    }
    const parsed = parseInterfaceName(imported.name);
    const name = parsed ? unversioned(parsed) : imported.name;
    const version = parsed?.version ?? null;
    push(byPackage, `${parsed?.package ?? imported.name}@${version ?? ''}`, { name, version, full: imported.name });
    if (version && imported.functions) {
      out.push(make('binary/interface-version', 'interface-version', `imports ${imported.name}`, { kind: 'interface-functions', name, version, functions: imported.functions }));
    }
    const line = version ? releaseLine(version) : null;
    const data = line ? kb.interfaces.get(`${name}@${line}`) : undefined;
    if (data) out.push(...interfaceCapabilities(imported.name, name, data, imported.functions, usedByCode, make));
  }
  for (const group of byPackage.values()) {
    out.unshift(make('binary/missing-interface', 'interface-version', `imports ${listed(group.map((g) => g.full))}`,
      { kind: 'interfaces', interfaces: group.map(({ name, version }) => ({ name, version })) }));
  }
  return out;
}

/**
 * The capabilities an import shows: the interface's own (linking it at all) and its named functions'.
 * A component's import list is the union of what its modules need, and the Preview 1 adapter links every
 * filesystem call it might forward; so a capability counts fully only when the component's own code links a
 * function that needs it, and is info at most when only the adapter does.
 */
function interfaceCapabilities(
  fullName: string, name: string, data: InterfaceEntry, functions: string[] | null, usedByCode: Map<CapabilityId, string[]>, make: Make,
): Requirement[] {
  const byCapability = new Map<CapabilityId, string[]>();
  for (const fn of functions ?? []) {
    const entry = data.functions.find((f) => f.name === fn);
    if (entry?.capability && entry.capability !== data.capability) push(byCapability, entry.capability, fn);
  }
  const requirement = (capability: CapabilityId, evidence: string): Requirement => {
    const calls = usedByCode.get(capability);
    if (calls) return make(`binary/${capability}`, capability, `${evidence}, and the component's code links ${listed(calls)}`, { kind: 'capability', viaInterface: name });
    return { ...make(`binary/${capability}`, capability, `${evidence} through the Preview 1 adapter only (no code in the component links such a call)`, { kind: 'capability', viaInterface: name }), maxSeverity: 'info' };
  };
  const out: Requirement[] = [];
  if (data.capability) out.push(requirement(data.capability, `imports ${fullName}`));
  for (const [capability, names] of byCapability) out.push(requirement(capability, `imports ${fullName} ${listed(names)}`));
  return out;
}

/**
 * Capabilities that the component's own modules link, from their core imports (Preview 1 functions, or
 * WASI 0.2 functions imported directly). The adapter module, which imports from __main_module__, is left out:
 * it links every call it might forward. Linkers drop unreferenced imports, so these are calls in the code.
 */
function capabilitiesLinkedByCode(info: ComponentInfo, kb: Knowledge): Map<CapabilityId, string[]> {
  const linked = new Map<CapabilityId, string[]>();
  for (const module of info.modules) {
    if (module.imports.some((i) => i.module === '__main_module__')) continue;
    for (const { module: from, name, kind } of module.imports) {
      if (kind !== 'func') continue;
      let capability: CapabilityId | null | undefined;
      if (kb.preview1Modules.has(from)) {
        capability = kb.preview1.get(preview1Key(from, name))?.capability;
      } else {
        const parsed = parseInterfaceName(from);
        const line = parsed?.version ? releaseLine(parsed.version) : null;
        const data = parsed && line ? kb.interfaces.get(`${unversioned(parsed)}@${line}`) : undefined;
        capability = data ? (data.functions.find((f) => f.name === name)?.capability ?? data.capability) : null;
      }
      if (capability) push(linked, capability, kb.preview1Modules.has(from) ? `${from}.${name}` : `${from} ${name}`);
    }
  }
  return linked;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
