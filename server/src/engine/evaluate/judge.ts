import type { Target } from '../hosts';
import { holdsAt } from '../hosts';
import { compatibleVersions, newer } from '../interfaceVersions';
import type { Knowledge } from '../knowledge/load';
import type { HostProfile } from '../knowledge/types';
import type { HostVerdict, Requirement } from '../model';
import { joinAnd, listed, matches } from '../text';

/** One host's answer to one requirement: its verdict and, when not ok, the phrase that says why. */
export interface Judgement {
  verdict: HostVerdict;
  /** Reads after the host's name: "mounts files read-only". */
  says?: string;
  /** What to do on this host, when the judgement itself knows better than the profile ("start it with -S http"). */
  instead?: string;
}

const OK: Judgement = { verdict: 'ok' };

/** Asks one host (at its version) about one requirement. Severity when not provided comes from the rule. */
export function judge(requirement: Requirement, target: Target, kb: Knowledge): Judgement {
  const severity = kb.rules.get(requirement.ruleId)?.severity ?? 'warning';
  const host = target.profile;
  const need = requirement.need;
  switch (need.kind) {
    case 'capability': {
      if (need.viaInterface && !linksInterface(host, target.version, need.viaInterface)) return OK; // binary/missing-interface says it
      const provided = judgeRuntime(requirement, target, severity) ?? judgeCapability(requirement, target, kb, severity);
      if (!failsEveryBuildHere(requirement, target)) return provided;
      // No build of it works here: an error, with the host's own reason when it also lacks the capability.
      return provided.verdict === 'ok' ? { verdict: 'error', says: 'can run no build of it' } : { ...provided, verdict: 'error' };
    }
    case 'adapter': {
      const core = host.binaryKinds.core;
      if (core.value && core.via === 'p1-adapter' && holdsAt(core, target.version)) {
        const does = need.behaviour === 'trap' ? 'traps when it is called' : 'returns ENOTSUP';
        return { verdict: severity, says: `runs Preview 1 modules through the component adapter, where this function ${does}` };
      }
      return judgeCapability(requirement, target, kb, severity);
    }
    case 'interfaces':
      return judgeInterfaces(need.interfaces, target, severity);
    case 'interface-functions':
      return judgeInterfaceFunctions(need.name, need.version, need.functions, target, kb, severity);
    case 'core-import': {
      if (!host.binaryKinds.core.value) return OK; // binary/kind says it
      const missing = need.imports.filter((i) => !resolvesCoreImport(host, target.version, i.module, i.name, need.extension));
      if (missing.length === 0) return OK;
      if (need.jsGlue && host.jsGlue.value) return OK;
      const all = missing.length === need.imports.length;
      return { verdict: severity, says: all ? `resolves none of ${missing.length === 1 ? 'it' : 'them'}` : `does not resolve ${listed(missing.map((i) => `${i.module}.${i.name}`))}` };
    }
    case 'binary-kind': {
      const kind = host.binaryKinds[need.binaryKind];
      if (kind.value && holdsAt(kind, target.version)) return OK;
      return { verdict: severity, says: kind.says };
    }
    case 'entry-point': {
      const kind = host.binaryKinds[need.binaryKind];
      if (!kind.value) return OK;
      const entries = host.entryPoints.filter((e) => e.kind === need.binaryKind && holdsAt(e, target.version));
      if (entries.length === 0 || entries.some((e) => need.exports.some((x) => exportMatches(e.export, x)))) return OK;
      const kinds = unique(entries.map((e) => e.describes));
      return { verdict: severity, says: `calls ${kinds[0]}${kinds.length > 1 ? ` (or ${kinds.length - 1} other entry point${kinds.length > 2 ? 's' : ''})` : ''}` };
    }
    case 'size': {
      const limit = host.limits.binarySize;
      if (!limit || !holdsAt(limit, target.version) || need.bytes <= limit.bytes) return OK;
      return { verdict: severity, says: limit.says };
    }
  }
}

function judgeCapability(requirement: Requirement, target: Target, kb: Knowledge, severity: HostVerdict): Judgement {
  const capability = kb.capabilities.get(requirement.capability);
  if (!capability) return OK;
  if (!capability.hostFact) {
    return capability.neverProvided ? { verdict: severity, says: capability.neverProvided } : OK;
  }
  const fact = target.profile[capability.hostFact];
  // Provided, even where a deployment must grant it (--dir, files = [...]): not a finding.
  return capability.providedWhen.includes(fact.value) ? OK : { verdict: severity, says: fact.says };
}

/**
 * Compiled code whose build fails for every binary kind the host runs (a Rust use that does not compile for
 * wasm32-wasip1 nor wasip2, or panics on both): an error on that host whatever it provides. False when a kind
 * the host runs builds and works, so the host's capabilities decide.
 */
function failsEveryBuildHere(requirement: Requirement, target: Target): boolean {
  const builds = requirement.builds;
  if (!builds) return false;
  const kinds = (['core', 'component'] as const).filter((kind) => {
    const fact = target.profile.binaryKinds[kind];
    return fact.value && holdsAt(fact, target.version);
  });
  return kinds.length > 0 && kinds.every((kind) => builds[kind].fails);
}

/**
 * Source in a language whose runtime is compiled into the module (JavaScript on StarlingMonkey): a use the
 * runtime does not have fails on that host, whatever the host provides. Null: the runtime has it or passes
 * it to WASI, so the host's capabilities decide (fetch works on StarlingMonkey where the host sends HTTP),
 * or the host runs the language natively.
 */
function judgeRuntime(requirement: Requirement, target: Target, severity: HostVerdict): Judgement | null {
  if (!requirement.runtime) return null;
  const fact = target.profile.languageRuntimes?.[requirement.runtime.language];
  const runtime = fact?.value;
  const outcome = runtime ? requirement.runtime.outcomes[runtime] : undefined;
  if (!fact || !outcome) return null;
  if (outcome.outcome === 'unavailable' || outcome.outcome === 'throws' || outcome.outcome === 'host-import') {
    return { verdict: severity, says: `${fact.says} (${outcome.detail})` };
  }
  return null;
}

function linksInterface(host: HostProfile, version: string, name: string): boolean {
  return host.interfaces.some((i) => i.name === name && holdsAt(i, version));
}

/**
 * Each interface must be linked on a compatible release line; the phrase names what is absent or elsewhere.
 * An interface the host links only behind a flag (wasmtime's -S http, -S cli) is info, naming the flag.
 */
function judgeInterfaces(interfaces: Array<{ name: string; version: string | null }>, target: Target, severity: HostVerdict): Judgement {
  const host = target.profile;
  if (!host.binaryKinds.component.value) return OK; // binary/kind says it
  const absent: string[] = [];
  const elsewhere = new Map<string, string[]>();
  const behindFlag = new Map<string, string[]>();
  for (const { name, version } of interfaces) {
    const entries = host.interfaces.filter((i) => i.name === name && holdsAt(i, target.version));
    const fits = (e: (typeof entries)[number]) => version === null || e.versions.some((v) => compatibleVersions(v, version));
    if (entries.some((e) => !e.grant && fits(e))) continue;
    const gated = entries.find((e) => e.grant && fits(e));
    if (gated) behindFlag.set(gated.grant!, [...(behindFlag.get(gated.grant!) ?? []), name]);
    else if (entries.length === 0) absent.push(name);
    else {
      const key = unique(entries.filter((e) => !e.grant).flatMap((e) => e.versions)).join(', ');
      elsewhere.set(key, [...(elsewhere.get(key) ?? []), name]);
    }
  }
  const blocking = [
    ...(absent.length ? [`does not link ${listed(absent)}`] : []),
    ...[...elsewhere].map(([versions, names]) => `links ${listed(names)} only at ${versions}`),
  ];
  const flagged = [...behindFlag].map(([grant, names]) => `links ${listed(names)} only when started with ${grant}`);
  if (blocking.length > 0) return { verdict: severity, says: [...blocking, ...flagged].join(' and ') };
  if (flagged.length === 0) return OK;
  return { verdict: 'info', says: flagged.join(' and '), instead: `start it with ${joinAnd([...behindFlag.keys()])}` };
}

function judgeInterfaceFunctions(name: string, version: string, functions: string[], target: Target, kb: Knowledge, severity: HostVerdict): Judgement {
  const host = target.profile;
  const entries = host.interfaces.filter((i) => i.name === name && holdsAt(i, target.version));
  const compatible = entries.flatMap((e) => e.versions.map((v) => ({ v, features: e.unstableFeatures ?? [] }))).filter((x) => compatibleVersions(x.v, version));
  if (compatible.length === 0) return OK; // binary/missing-interface says it
  const best = compatible.reduce((a, b) => (newer(b.v, a.v) ? b : a));
  if (!newer(version, best.v)) return OK;
  const line = best.v.split('.').slice(0, 2).join('.');
  const data = kb.interfaces.get(`${name}@${line}`);
  if (!data) return OK;
  const lacking = functions.filter((fn) => {
    const entry = data.functions.find((f) => f.name === fn);
    if (!entry) return false;
    if (entry.since && newer(entry.since, best.v)) return true;
    if (entry.unstable && !best.features.includes(entry.unstable)) {
      return !entry.stableSince || newer(entry.stableSince, best.v);
    }
    return false;
  });
  if (lacking.length === 0) return OK;
  return { verdict: severity, says: `ships ${name}@${best.v}, which lacks ${listed(lacking)}` };
}

/** Host-side matching for core imports: module patterns, optional name patterns, and named extensions. */
function resolvesCoreImport(host: HostProfile, version: string, module: string, name: string, extension: string | null): boolean {
  return host.coreImports.some((entry) => {
    if (!holdsAt(entry, version) || !matches(entry.module, module)) return false;
    if (extension) return entry.extensions?.includes(extension) ?? false;
    return !entry.names || matches(entry.names, name);
  });
}

/** "wasi:http/incoming-handler@0.2.0" matches an export of any compatible version; a trailing * is a prefix. */
function exportMatches(expected: string, actual: string): boolean {
  if (expected.includes('*')) return matches(expected, actual);
  const [name, version] = expected.split('@');
  const [actualName, actualVersion] = actual.split('@');
  if (name !== actualName) return false;
  return !version || !actualVersion || compatibleVersions(version, actualVersion);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
