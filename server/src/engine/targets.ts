import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import { resolveTarget, type Target } from './hosts';
import type { HostProfile } from './knowledge/types';
import type { InputError } from './model';
import { isInside } from './workspace';

/** smol-toml is ESM-only (Node ≥ 20.19 loads it with require()); loaded only when a TOML manifest is found. */
function parseToml(text: string): Record<string, unknown> {
  return (require('smol-toml') as typeof SmolToml).parse(text);
}

export const DEFAULT_TARGET = 'wasi-http';
export const CONFIG_FILE = 'wasi-ready.config.json';

export interface TargetChoice {
  targets: Target[];
  /** Why these targets: "--target", "examples/spin-app/spin.toml application.targets", "default". */
  reason: string;
  /** The folder whose config or manifest chose them; null for --target and the default. */
  projectRoot: string | null;
}

/** A config file that cannot be used: bad usage, so the CLI exits 2. */
export class ConfigError extends Error {}

/** Host manifests that name the platform a project deploys to. */
const HOST_MANIFESTS: Array<{ file: string; targets: (file: string, errors: InputError[]) => string[] }> = [
  { file: 'spin.toml', targets: spinTargets },
  { file: 'fastly.toml', targets: () => ['fastly-compute'] },
  { file: 'wadm.yaml', targets: () => ['wasmcloud'] },
  { file: 'wasmcloud.toml', targets: () => ['wasmcloud'] },
  { file: 'wrangler.toml', targets: () => ['cloudflare-workers'] },
];

/**
 * Chooses the targets for each file: --target; else the nearest wasi-ready.config.json walking up; else the
 * nearest host manifest inside the scanned root; else the generic wasi-http profile. Cached per folder.
 */
export class TargetResolver {
  private readonly byDirectory = new Map<string, TargetChoice>();
  /** Each config file and manifest is read once, however many folders it applies to (and reports its errors once). */
  private readonly byFile = new Map<string, TargetChoice | null>();
  private readonly explicitChoice: TargetChoice | null;
  readonly errors: InputError[] = [];

  constructor(private readonly hosts: HostProfile[], explicit: string[] | null, private readonly display: (file: string) => string) {
    this.explicitChoice = explicit ? { targets: this.resolveAll(explicit, '--target', true), reason: '--target', projectRoot: null } : null;
  }

  /**
   * `boundary` is the highest folder whose host manifest may apply: the current directory when the scanned
   * path is inside it (a manifest is configuration, like the config file), else the scanned path itself.
   */
  choose(file: string, boundary: string): TargetChoice {
    if (this.explicitChoice) return this.explicitChoice;
    const dir = path.dirname(file);
    const cached = this.byDirectory.get(dir);
    if (cached) return cached;
    const choice = this.fromConfig(dir) ?? this.fromManifest(dir, boundary) ?? this.fallback();
    this.byDirectory.set(dir, choice);
    return choice;
  }

  private fromConfig(start: string): TargetChoice | null {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, CONFIG_FILE);
      const choice = this.once(candidate, () => {
        const targets = readConfigTargets(candidate);
        return targets ? { targets: this.resolveAll(targets, candidate, true), reason: `${this.display(candidate)} targets`, projectRoot: dir } : null;
      });
      if (choice) return choice;
      if (path.dirname(dir) === dir) return null;
    }
  }

  private fromManifest(start: string, top: string): TargetChoice | null {
    for (let dir = start; isInside(dir, top); dir = path.dirname(dir)) {
      for (const manifest of HOST_MANIFESTS) {
        const candidate = path.join(dir, manifest.file);
        const choice = this.once(candidate, () => {
          const names = manifest.targets(candidate, this.errors);
          const targets = this.resolveAll(names, candidate, false);
          if (targets.length === 0) return null;
          const what = manifest.file === 'spin.toml' && names.some((n) => n !== 'spin') ? ' application.targets' : '';
          return { targets, reason: `${this.display(candidate)}${what}`, projectRoot: dir };
        });
        if (choice) return choice;
      }
      if (dir === top || path.dirname(dir) === dir) break;
    }
    return null;
  }

  /** The choice a file makes, computed the first time it is asked for; null when the file is absent or chooses nothing. */
  private once(file: string, read: () => TargetChoice | null): TargetChoice | null {
    if (!this.byFile.has(file)) this.byFile.set(file, fs.existsSync(file) ? read() : null);
    return this.byFile.get(file) ?? null;
  }

  private fallback(): TargetChoice {
    return { targets: this.resolveAll([DEFAULT_TARGET], 'default', true), reason: 'default (no --target, config file or host manifest found)', projectRoot: null };
  }

  private resolveAll(names: string[], where: string, strict: boolean): Target[] {
    const targets: Target[] = [];
    for (const name of names) {
      const target = resolveTarget(name, this.hosts);
      if (target) {
        if (!targets.some((t) => t.label === target.label)) targets.push(target);
      } else if (strict) {
        throw new ConfigError(`unknown target "${name}" (${where}); run \`wasi-ready targets\` to list them`);
      } else {
        this.errors.push({ file: where, message: `unknown target "${name}": no host profile matches it, so it is not checked` });
      }
    }
    return targets;
  }
}

/** `targets` from a config file; other keys arrive with the configuration issue. */
function readConfigTargets(file: string): string[] | null {
  let config: unknown;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new ConfigError(`${file}: expected a JSON object`);
  const targets = (config as { targets?: unknown }).targets;
  if (targets === undefined) return null;
  if (!Array.isArray(targets) || !targets.every((t) => typeof t === 'string')) {
    throw new ConfigError(`${file}: "targets" must be an array of host ids (strings)`);
  }
  return targets;
}

/** spin.toml: `application.targets` (Spin ≥ 3.3 target environments), else plain Spin. */
function spinTargets(file: string, errors: InputError[]): string[] {
  try {
    const manifest = parseToml(fs.readFileSync(file, 'utf8')) as { application?: { targets?: unknown } };
    const targets = manifest.application?.targets;
    if (Array.isArray(targets) && targets.length > 0) return targets.filter((t): t is string => typeof t === 'string');
  } catch (error) {
    const where = (error as { line?: number; column?: number }).line;
    errors.push({ file, message: `cannot parse spin.toml${where ? ` at line ${where}` : ''}: ${firstLine(error)}; checking against spin` });
  }
  return ['spin'];
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
