import satisfies = require('semver/functions/satisfies');
import intersects = require('semver/ranges/intersects');
import validRange = require('semver/ranges/valid');
import type { CapabilityId } from '../../capabilities';
import type { CargoBehaviour, CargoCrateEntry } from '../../knowledge/types';
import type { Severity } from '../../model';
import { featureConditionHolds } from './features';

/** What is known of a package where it is matched: its version (locked, or the manifest's requirement) and features. */
export interface CrateFacts {
  name: string;
  /** The locked version, or null when only a version requirement is known. */
  version: string | null;
  /** The manifest's requirement when there is no lockfile ("1.24"). */
  requirement: string | null;
  /** Enabled features when the manifest declares the package; null when Cargo.lock alone brought it in. */
  features: Set<string> | null;
  /** Versions of other packages, for `byVersion` conditions (rayon's behaviour is rayon-core's). */
  versionOf: (name: string) => string | null;
}

/**
 * The cargo.json entries that apply. Left out: entries whose feature condition cannot be decided (a package
 * only Cargo.lock names: it records no features; the package that enables them has its own entry), and those
 * switched by `--cfg` flags the build does (not) set.
 */
export function matchingEntries(entries: CargoCrateEntry[], facts: CrateFacts, cfgFlags: Set<string>): CargoCrateEntry[] {
  return entries.filter((entry) => {
    if (entry.versions && !versionMatches(entry.versions, facts)) return false;
    if (entry.features) {
      if (!facts.features || !featureConditionHolds(entry.features, facts.features)) return false;
    }
    if (entry.unlessCfg && entry.unlessCfg.every((flag) => cfgFlags.has(flag))) return false;
    if (entry.onlyWithCfg && !entry.onlyWithCfg.every((flag) => cfgFlags.has(flag))) return false;
    return true;
  });
}

function versionMatches(range: string, facts: CrateFacts): boolean {
  if (facts.version) return satisfies(facts.version, range, { includePrerelease: true });
  const requirement = facts.requirement ? cargoRequirement(facts.requirement) : null;
  if (!requirement) return true; // nothing known: the entry may apply
  return intersects(requirement, range, { includePrerelease: true });
}

/** Cargo's default requirement is a caret: "1.24" means ^1.24; comma-separated parts are all required. */
function cargoRequirement(requirement: string): string | null {
  const parts = requirement.split(',').map((p) => p.trim()).filter(Boolean).map((p) => (/^\d/.test(p) ? `^${p}` : p));
  const range = parts.join(' ');
  return validRange(range) ? range : null;
}

/** The behaviour on one target, with a `byVersion` override applied where the condition holds. */
export function behaviourOn(behaviour: CargoBehaviour, facts: CrateFacts): { outcome: string; text: string; overridden: boolean } {
  for (const v of behaviour.byVersion ?? []) {
    const version = v.of === facts.name ? facts.version : v.of === 'rustc' ? null : facts.versionOf(v.of);
    if (version && satisfies(version, v.versions, { includePrerelease: true })) return { outcome: v.outcome, text: v.message ? `"${v.message}"` : v.detail, overridden: true };
  }
  return { outcome: behaviour.outcome, text: behaviour.message ? `"${behaviour.message}"` : behaviour.detail, overridden: false };
}

const VERBS: Record<string, string> = {
  'compile-error': 'does not compile for',
  'link-error': 'does not link for',
  'build-error': 'does not build for',
  'builds-with-wasi-sdk': 'builds for',
  'runtime-error': 'fails at run time on',
  panic: 'panics on',
  degraded: 'runs degraded on',
  'host-dependent': 'depends on the host on',
  works: 'builds for',
  unknown: 'is not known to build for',
};

const SEVERITY_OF_OUTCOME: Record<string, 'error' | 'warning' | 'info' | 'host'> = {
  'compile-error': 'error', 'link-error': 'error', 'build-error': 'error', 'runtime-error': 'error', panic: 'error',
  degraded: 'warning', unknown: 'warning', 'host-dependent': 'host', 'builds-with-wasi-sdk': 'info', works: 'info',
};

/**
 * "does not compile for wasm32-wasip1/wasip2 ("Only features …")" — one clause when both targets agree, else
 * one per target — and the most a host can make of it: the entry's severity hint (or, where a version
 * override changed the outcome, the outcome's).
 */
export function describeOutcome(entry: CargoCrateEntry, facts: CrateFacts): { clause: string; maxSeverity: Severity | undefined } {
  const p1 = behaviourOn(entry.wasip1, facts);
  const p2 = behaviourOn(entry.wasip2, facts);
  let clause: string;
  if (p1.outcome === p2.outcome) {
    const same = p1.text === p2.text || p1.text.replace(/wasip1/g, 'wasip2') === p2.text;
    clause = `${VERBS[p1.outcome] ?? 'behaves differently on'} wasm32-wasip1/wasip2 (${same ? p1.text.replace(/wasm32-wasip1/g, 'wasm32-wasip1/wasip2') : `${p1.text}; on wasip2: ${p2.text}`})`;
  } else {
    clause = `${VERBS[p1.outcome] ?? 'behaves differently on'} wasm32-wasip1 (${p1.text}) and ${VERBS[p2.outcome] ?? 'behaves differently on'} wasm32-wasip2 (${p2.text})`;
  }
  const hints = [p1, p2].map((b) => (b.overridden ? SEVERITY_OF_OUTCOME[b.outcome] ?? 'warning' : entry.severityHint));
  const hint = hints.includes('error') ? 'error' : hints.includes('host') ? 'host' : hints.includes('warning') ? 'warning' : 'info';
  return { clause, maxSeverity: hint === 'info' ? 'info' : hint === 'warning' ? 'warning' : undefined };
}

/**
 * The capabilities an entry reports, each with the enabled features that bring it (tokio `fs` → fs-read,
 * fs-write, threads) when the entry says which feature needs what; otherwise its capabilities, no feature.
 */
export function capabilitiesOf(entry: CargoCrateEntry, enabled: Set<string> | null): Array<{ capability: CapabilityId; features: string[] }> {
  const byFeature = entry.featureCapabilities;
  if (byFeature && enabled) {
    const out = new Map<CapabilityId, string[]>();
    for (const [feature, capabilities] of Object.entries(byFeature)) {
      if (!enabled.has(feature)) continue;
      for (const capability of capabilities) out.set(capability, [...(out.get(capability) ?? []), feature]);
    }
    if (out.size > 0) return [...out].map(([capability, features]) => ({ capability, features }));
  }
  return entry.capabilities.map((capability) => ({ capability, features: [] }));
}
