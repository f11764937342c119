import parse = require('semver/functions/parse');
import gt = require('semver/functions/gt');

/**
 * Component-model version matching (design/mvp/Explainer.md, "canonical interface name"): releases agree
 * when they share the leading non-zero part — 0.2.6 and 0.2.12 match on "0.2", 1.3 and 1.9 on "1" — and a
 * prerelease (0.3.0-rc-2026-03-15) matches only itself.
 */
export function compatibleVersions(a: string, b: string): boolean {
  if (a === b) return true;
  const x = parse(a);
  const y = parse(b);
  if (!x || !y || x.prerelease.length > 0 || y.prerelease.length > 0) return false;
  if (x.major !== y.major) return false;
  if (x.major > 0) return true;
  if (x.minor !== y.minor) return false;
  return x.minor > 0 || x.patch === y.patch;
}

/** The WASI release line a version belongs to: "0.2.6" → "0.2", "0.3.0-rc-2026-03-15" → "0.3". */
export function releaseLine(version: string): string | null {
  const parsed = parse(version);
  return parsed ? `${parsed.major}.${parsed.minor}` : null;
}

export function newer(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  return !!x && !!y && gt(x, y);
}
