import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckResult } from '../../engine/check';
import type { Finding, HostVerdict, Severity } from '../../engine/model';

/**
 * What the CI formats (sarif, github, markdown) need beyond the `CheckResult`. The formatters stay pure
 * functions: everything that touches the file system comes in here, made by `ciContext` in the CLI.
 */
export interface CiContext {
  /**
   * POSIX path from the source root (the current directory: a CI job's checkout) to the directory the result's
   * paths are relative to; '' when they are the same. Code scanning and annotations resolve paths from the
   * repository root, so the formats prefix it.
   */
  base: string;
  /** Absolute path of the source root, for SARIF's `originalUriBaseIds`; null leaves it out. */
  srcRoot: string | null;
  /** A file's bytes by its path relative to the source root; undefined when it cannot be read. */
  readFile(file: string): Buffer | undefined;
  /** The rule's documentation page (`docs/rules/<ruleId>.md`, markdown); undefined when there is none. */
  rulePage(ruleId: string): string | undefined;
  /** Absolute URL of a rule's page: the base the pages live under, `<base><ruleId>.md`. */
  docsBase: string;
}

/** Where rule pages are published when package.json names no repository: see docs/output.md. */
export const DEFAULT_REPOSITORY = 'https://github.com/wasi-ready/wasi-ready';

/**
 * The URL under which `<ruleId>.md` is the rule's page, at the tag of this version: from package.json
 * `repository` (or a `homepage` on a known forge), else DEFAULT_REPOSITORY.
 */
export function docsBaseUrl(pkg: { version: string; repository?: string | { url?: string }; homepage?: string }): string {
  const declared = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  const candidates = [declared, pkg.homepage].filter((u): u is string => typeof u === 'string' && u.length > 0);
  let repository = DEFAULT_REPOSITORY;
  for (const candidate of candidates) {
    const shorthand = /^(?:github:)?([\w.-]+)\/([\w.-]+)$/.exec(candidate);
    const url = shorthand ? `https://github.com/${shorthand[1]}/${shorthand[2]}` : candidate.replace(/^git\+/, '').replace(/^git:\/\//, 'https://').replace(/#.*$/, '');
    const forge = /^https:\/\/(github\.com|gitlab\.com|codeberg\.org)\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url);
    if (forge) {
      repository = `https://${forge[1]}/${forge[2]}/${forge[3]}`;
      break;
    }
  }
  const blob = repository.startsWith('https://gitlab.com/') ? '-/blob' : repository.startsWith('https://codeberg.org/') ? 'src/tag' : 'blob';
  return `${repository}/${blob}/v${pkg.version}/docs/rules/`;
}

/**
 * The context for a `check` of `paths` run from `cwd`: the source root is `cwd` when the result's base (the one
 * directory given, else `cwd`, as `check` decides) lies inside it, else the base itself.
 */
export function ciContext(paths: string[], cwd: string, packageRoot: string): CiContext {
  const absolute = paths.map((p) => path.resolve(cwd, p));
  const base = absolute.length === 1 && isDirectory(absolute[0]) ? absolute[0] : cwd;
  const inside = base === cwd || base.startsWith(cwd.endsWith(path.sep) ? cwd : cwd + path.sep);
  const root = inside ? cwd : base;
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as Parameters<typeof docsBaseUrl>[0];
  return {
    base: inside ? path.relative(cwd, base).split(path.sep).join('/') : '',
    srcRoot: root,
    readFile: (file) => {
      try {
        return fs.readFileSync(path.join(root, file));
      } catch {
        return undefined;
      }
    },
    rulePage: (ruleId) => {
      try {
        return fs.readFileSync(path.join(packageRoot, 'docs', 'rules', `${ruleId}.md`), 'utf8');
      } catch {
        return undefined;
      }
    },
    docsBase: docsBaseUrl(pkg),
  };
}

/** A result path as seen from the source root. */
export function fromRoot(context: Pick<CiContext, 'base'>, file: string): string {
  if (context.base === '' || context.base === '.') return file;
  return file === '.' ? context.base : `${context.base}/${file}`;
}

/**
 * What was found, without the hosts: a message is "<evidence>: <hosts and why>; <what to do instead>" and the
 * host clause starts with a host the finding is not ok on.
 */
export function evidenceOf(finding: Finding): string {
  const hosts = Object.entries(finding.hosts).filter(([, v]) => v !== 'ok').map(([h]) => h);
  let from = 0;
  for (;;) {
    const at = finding.message.indexOf(': ', from);
    if (at < 0) return finding.message;
    const rest = finding.message.slice(at + 2);
    if (hosts.some((h) => rest.startsWith(h))) return finding.message.slice(0, at);
    from = at + 2;
  }
}

export interface HostTally {
  host: string;
  counts: Record<Severity, number>;
  blocked: boolean;
}

/** Each target's counts of findings by its own verdict; blocked when one is an error there. */
export function hostTallies(result: CheckResult): HostTally[] {
  return result.targets.map((host) => {
    const counts: Record<HostVerdict, number> = { error: 0, warning: 0, info: 0, ok: 0 };
    for (const finding of result.findings) {
      const verdict = finding.hosts[host];
      if (verdict) counts[verdict]++;
    }
    return { host, counts: { error: counts.error, warning: counts.warning, info: counts.info }, blocked: counts.error > 0 };
  });
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
