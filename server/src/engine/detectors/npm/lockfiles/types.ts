/**
 * The dependency graph every lockfile format is read into (package-lock.json, pnpm-lock.yaml, yarn.lock):
 * the analysis walks it and never asks which format it came from.
 */
export interface LockedPackage {
  /** Unique within its lockfile: the install path (npm), the snapshot key (pnpm), the resolution (yarn). */
  id: string;
  /** The registry name (an alias's target, not the alias). */
  name: string;
  version: string | null;
  /** Each dependency's name → the id of the locked package it resolves to, or null when the lockfile lacks it. */
  dependencies: Map<string, string | null>;
  optionalDependencies: Map<string, string | null>;
  /** The lockfile records an install script (npm hasInstallScript, pnpm v6 requiresBuild); yarn.lock never does. */
  hasInstallScript: boolean;
  /** Set when the package is restricted to some platforms (os/cpu/libc): a prebuilt binary for those. */
  platforms: string[] | null;
  /** Where the package may be installed, relative to the lockfile's folder; the first holding this version wins. */
  installDirs: string[];
}

export type LockfileFormat = 'package-lock' | 'pnpm-lock' | 'yarn-classic' | 'yarn-berry';

export interface LockGraph {
  format: LockfileFormat;
  packages: Map<string, LockedPackage>;
  /**
   * The locked package a manifest's direct dependency resolves to. `importer` is the manifest's folder
   * relative to the lockfile's (POSIX, '' for the lockfile's own folder); `spec` is the range package.json gives.
   */
  direct(importer: string, name: string, spec: string): LockedPackage | undefined;
  /** Whether the lockfile covers the manifest in that folder (the root, or a workspace member it lists). */
  covers(importer: string): boolean;
}

/** A lockfile that cannot be read; line and column (1-based) where the parser says where. */
export class LockfileError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
  }
}

/** The edges of a graph entry, for walking: required dependencies first, then optional ones. */
export function edges(pkg: LockedPackage): Array<{ name: string; id: string | null; optional: boolean }> {
  return [
    ...[...pkg.dependencies].map(([name, id]) => ({ name, id, optional: false })),
    ...[...pkg.optionalDependencies].map(([name, id]) => ({ name, id, optional: true })),
  ];
}

/** "@scope/name@1.2.3(peer@1)" → ["@scope/name", "1.2.3(peer@1)"]: the first '@' after the scope's. */
export function splitNameAt(key: string): [string, string] | null {
  const at = key.indexOf('@', key.startsWith('@') ? 1 : 0);
  return at > 0 ? [key.slice(0, at), key.slice(at + 1)] : null;
}

export function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
