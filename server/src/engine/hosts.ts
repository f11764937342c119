// Single semver functions: the whole package costs ~10 ms of start-up in a CLI run.
import coerce = require('semver/functions/coerce');
import lt = require('semver/functions/lt');
import type { FactMeta, HostProfile } from './knowledge/types';

/** A host profile evaluated at one version of the host. */
export interface Target {
  /** How the target is named in output: the profile id, with @version when not the profile's default. */
  label: string;
  profile: HostProfile;
  version: string;
}

/**
 * Resolves "spin", "spin@3.4", a spin.toml target such as "spin-up:3.4" / "spin-up@3.4", or "akamai-functions"
 * to a profile.
 * A name ending in "@" in a profile's targetNames is a prefix whose suffix is the host version.
 */
export function resolveTarget(given: string, hosts: HostProfile[]): Target | null {
  // spin.toml writes environment references as package:version ("spin-up:3.4"); both forms are accepted.
  const name = given.replace(/^([a-z][a-z0-9-]*):(\d)/, '$1@$2');
  for (const profile of hosts) {
    if (name === profile.id) return target(profile, profile.versions.default);
    if (name.startsWith(`${profile.id}@`)) return target(profile, name.slice(profile.id.length + 1));
  }
  for (const profile of hosts) {
    for (const known of profile.targetNames) {
      if (known === name) return target(profile, profile.versions.default);
      if (known.endsWith('@') && name.startsWith(known)) return target(profile, name.slice(known.length));
    }
  }
  return null;
}

function target(profile: HostProfile, version: string): Target {
  const label = version === profile.versions.default ? profile.id : `${profile.id}@${version}`;
  return { label, profile, version };
}

/** Whether a fact with since/until holds at this host version. */
export function holdsAt(fact: FactMeta, version: string): boolean {
  const at = coerce(version);
  if (!at) return true;
  if (fact.since) {
    const since = coerce(fact.since);
    if (since && lt(at, since)) return false;
  }
  if (fact.until) {
    const until = coerce(fact.until);
    if (until && !lt(at, until)) return false;
  }
  return true;
}
