import type { LockedPackage } from './lockfiles';

/**
 * The compatibility tags of a wheel file name (PEP 427: `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`),
 * each of which may be a `.`-joined set (`manylinux_2_17_x86_64.manylinux2014_x86_64`).
 */
export function wheelTags(file: string): { python: string; abi: string; platform: string } | null {
  const parts = file.replace(/\.whl$/, '').split('-');
  if (parts.length < 5) return null;
  const [python, abi, platform] = parts.slice(-3);
  return { python, abi, platform };
}

/** `py3-none-any`: Python only, for every interpreter and platform. */
function isPure(tags: { abi: string; platform: string }): boolean {
  return tags.abi.split('.').includes('none') && tags.platform.split('.').includes('any');
}

/** A wheel built for WASI (`…-wasi_0_0_0_wasm32`): a build CPython on WASI can load at component-build time. */
function isWasi(tags: { platform: string }): boolean {
  return /wasi/.test(tags.platform);
}

/**
 * Why a locked package is native code, from its wheels: the lockfile lists wheels for platforms only (C, C++
 * or Rust compiled per interpreter and OS) and neither a pure-Python nor a WASI one. Null when there is no such
 * evidence: a pure wheel, a WASI wheel, or no wheels at all (an sdist only: unknown until it is built).
 */
export function wheelEvidence(pkg: LockedPackage, lockfile: string): string | null {
  const tags = pkg.wheels.map(wheelTags).filter((t) => t !== null);
  if (tags.length === 0 || tags.some((t) => isPure(t) || isWasi(t))) return null;
  const distinct = [...new Set(tags.map((t) => `${t.python}-${t.abi}-${t.platform.split('.')[0]}`))];
  const shown = distinct.length <= 3 ? distinct.join(', ') : `${distinct.slice(0, 3).join(', ')} and ${distinct.length - 3} more`;
  return `${lockfile} lists only platform-specific wheels (${shown}) and no pure-Python (py3-none-any) or WASI wheel`;
}
