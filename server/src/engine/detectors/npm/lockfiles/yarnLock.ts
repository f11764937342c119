import { parseSyml } from '@yarnpkg/parsers';
import { isObject, LockfileError, splitNameAt, type LockedPackage, type LockGraph } from './types';

/**
 * yarn.lock, classic (v1, "# yarn lockfile v1") and Berry (yarn 2+, `__metadata`), read with yarn's own
 * parser. Both key entries by the descriptors that resolve to them ("a@^1.0.0, a@^1.1.0"; Berry adds the
 * protocol: "a@npm:^1.0.0"), so a dependency `a: ^1.0.0` resolves to the entry listing `a@^1.0.0`.
 *
 * - Classic lists optional dependencies apart (`optionalDependencies`); Berry marks them in
 *   `dependenciesMeta.<name>.optional`, and records platform restrictions as `conditions: os=linux & cpu=x64`.
 * - Classic records no os/cpu at all. Its platform packages are recognised by name: an optional dependency
 *   whose name carries a Node platform or architecture token (@img/sharp-linux-x64, fsevents is not one).
 * - Berry lists each workspace as `name@workspace:<folder>` with its direct dependencies; classic lists none
 *   (members' dependencies are keyed by the ranges their package.json files give, like the root's).
 * - Neither records install scripts: native code is shown by the build helpers in the graph and by what an
 *   installed node_modules holds.
 */
export function readYarnLock(text: string): LockGraph {
  let lock: unknown;
  try {
    lock = parseSyml(text);
  } catch (error) {
    const at = errorLocation(error);
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/ \(\d+:\d+\)$/, '');
    throw new LockfileError(`cannot parse yarn.lock: ${message}`, at?.line, at?.column);
  }
  if (!isObject(lock)) throw new LockfileError('not a yarn lockfile: the document is not a mapping');
  const berry = isObject(lock.__metadata);

  // Every descriptor ("a@^1.0.0", "a@npm:^1.0.0") → the entry it resolves to.
  const byDescriptor = new Map<string, string>();
  const entries = new Map<string, Record<string, unknown>>();
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '__metadata' || !isObject(entry)) continue;
    const descriptors = key.split(/,\s*/).map((d) => unquote(d.trim()));
    const id = berry ? (typeof entry.resolution === 'string' ? entry.resolution : key) : classicId(descriptors[0], entry);
    entries.set(id, entry);
    for (const descriptor of descriptors) byDescriptor.set(descriptor, id);
  }
  const lookup = (name: string, range: unknown): string | null => {
    if (typeof range !== 'string') return null;
    return byDescriptor.get(`${name}@${range}`) ?? (berry && !/^[a-z]+:/.test(range) ? byDescriptor.get(`${name}@npm:${range}`) ?? null : null);
  };

  const packages = new Map<string, LockedPackage>();
  const workspaces = new Map<string, string>();
  for (const [id, entry] of entries) {
    const split = splitNameAt(id);
    if (!split) continue;
    const [alias, reference] = split;
    if (berry && reference.startsWith('workspace:')) {
      workspaces.set(reference.slice('workspace:'.length).replace(/^\.\/?/, '').replace(/\/$/, ''), id);
      continue;
    }
    const name = realName(alias, reference);
    const version = typeof entry.version === 'string' ? entry.version : null;
    const deps = isObject(entry.dependencies) ? entry.dependencies : {};
    const meta = isObject(entry.dependenciesMeta) ? entry.dependenciesMeta : {};
    const isOptional = (dep: string): boolean => isObject(meta[dep]) && String((meta[dep] as Record<string, unknown>).optional) === 'true';
    const required = new Map<string, string | null>();
    const optional = new Map<string, string | null>();
    for (const [dep, range] of Object.entries(deps)) (isOptional(dep) ? optional : required).set(dep, lookup(dep, range));
    if (isObject(entry.optionalDependencies)) for (const [dep, range] of Object.entries(entry.optionalDependencies)) optional.set(dep, lookup(dep, range));
    packages.set(id, {
      id, name, version,
      dependencies: required,
      optionalDependencies: optional,
      hasInstallScript: false,
      platforms: berry ? conditions(entry.conditions) : null,
      // Hoisted to the top when installed with node_modules (Berry's default is Plug'n'Play: no folder).
      installDirs: [`node_modules/${name}`],
    });
  }
  if (!berry) {
    // Classic: platform packages by name, among optional dependencies only.
    for (const pkg of packages.values()) {
      for (const id of pkg.optionalDependencies.values()) {
        const dep = id === null ? undefined : packages.get(id);
        if (dep && dep.platforms === null) dep.platforms = platformTokens(dep.name);
      }
    }
  }
  return {
    format: berry ? 'yarn-berry' : 'yarn-classic',
    packages,
    direct: (importer, name, spec) => {
      if (berry && workspaces.size > 0) {
        const workspace = workspaces.has(importer) ? entries.get(workspaces.get(importer) as string) : undefined;
        const id = lookup(name, isObject(workspace?.dependencies) ? workspace.dependencies[name] : undefined);
        return id === null ? undefined : packages.get(id);
      }
      const id = lookup(name, spec);
      return id === null ? undefined : packages.get(id);
    },
    covers: (importer) => !berry || workspaces.size === 0 || workspaces.has(importer),
  };
}

/**
 * Classic's parser repeats an entry under each of its descriptors ("a@^1, a@^1.2" → two keys): one package
 * is its name and version.
 */
function classicId(descriptor: string, entry: Record<string, unknown>): string {
  const split = splitNameAt(descriptor);
  if (!split || typeof entry.version !== 'string') return descriptor;
  return `${realName(split[0], split[1])}@${entry.version}`;
}

/** "npm:string-width@^4.2.0" (an alias) → string-width; otherwise the key's own name. */
function realName(alias: string, reference: string): string {
  const target = reference.match(/^npm:((?:@[^/@]+\/)?[^@]+)@/);
  return target ? target[1] : alias;
}

/** Berry `conditions: os=linux & cpu=x64 & libc=glibc` → ["linux", "x64", "glibc"]. */
function conditions(value: unknown): string[] | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const values = value.split(/[&|()]/).map((part) => part.split('=')[1]?.trim()).filter((v): v is string => !!v);
  return values.length > 0 ? values : null;
}

/** process.platform and process.arch values (Node's documentation for both). */
const PLATFORM_TOKENS = new Set([
  'aix', 'android', 'darwin', 'freebsd', 'linux', 'linuxmusl', 'openbsd', 'netbsd', 'sunos', 'win32', 'windows',
  'arm', 'arm64', 'ia32', 'loong64', 'mips', 'mipsel', 'ppc', 'ppc64', 'riscv64', 's390', 's390x', 'x64', 'wasm32',
]);

function platformTokens(name: string): string[] | null {
  const found = name.split(/[-/@_.]/).filter((token) => PLATFORM_TOKENS.has(token));
  return found.length > 0 ? found : null;
}

function unquote(text: string): string {
  return text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

function errorLocation(error: unknown): { line: number; column: number } | undefined {
  if (!isObject(error)) return undefined;
  const location = error.location;
  if (isObject(location) && isObject(location.start) && typeof location.start.line === 'number') {
    return { line: location.start.line, column: Number(location.start.column) };
  }
  const mark = error.mark; // js-yaml: 0-based
  if (isObject(mark) && typeof mark.line === 'number') return { line: mark.line + 1, column: Number(mark.column) + 1 };
  return undefined;
}
