import type { Range } from '../../model';
import { LineIndex } from '../../textPositions';
import { locate, parseToml, spanKey, type Span } from './toml';

export type DependencyKind = 'normal' | 'dev' | 'build';

/** One dependency a Cargo.toml declares, with where its key and its feature strings sit. */
export interface DeclaredDependency {
  /** The key in the manifest (a rename when `package = "…"` is set). */
  key: string;
  /** The package name, as Cargo.lock has it. */
  name: string;
  kind: DependencyKind;
  /** The `[target.<spec>]` it sits under, or null. */
  target: string | null;
  optional: boolean;
  /** `workspace = true`: version, package and features come from `[workspace.dependencies]` too. */
  inherited: boolean;
  defaultFeatures: boolean;
  features: Array<{ name: string; range: Range | null }>;
  version: string | null;
  path: string | null;
  range: Range;
}

/** An entry of `[workspace.dependencies]`: what members inherit with `workspace = true`. */
export interface WorkspaceDependency {
  name: string;
  version: string | null;
  defaultFeatures: boolean;
  features: string[];
  optional: boolean;
}

export interface CargoManifest {
  /** `[package]`; null for a virtual workspace manifest. */
  package: { name: string; version: string | null; links: { value: string; range: Range } | null; workspace: string | null } | null;
  /** `[features]`. */
  features: Record<string, string[]>;
  dependencies: DeclaredDependency[];
  workspace: { members: string[]; exclude: string[]; dependencies: Map<string, WorkspaceDependency> } | null;
}


const KINDS: Array<[string, DependencyKind]> = [
  ['dependencies', 'normal'],
  ['dev-dependencies', 'dev'],
  ['dev_dependencies', 'dev'],
  ['build-dependencies', 'build'],
  ['build_dependencies', 'build'],
];

/** Reads a Cargo.toml: throws a ManifestError (located when the parser says where) when it is not TOML. */
export function readManifest(text: string, parse: (text: string) => Record<string, unknown> = parseToml): CargoManifest {
  const doc = parse(text);
  const spans = locate(text);
  const lines = new LineIndex(text);
  const rangeOf = (...path: string[]): Range | null => {
    const span: Span | undefined = spans.get(spanKey(...path));
    return span ? lines.range(span.offset, span.length) : null;
  };
  const dependencies: DeclaredDependency[] = [];
  const readTable = (table: unknown, prefix: string[], kind: DependencyKind, target: string | null) => {
    if (!isTable(table)) return;
    for (const [key, spec] of Object.entries(table)) {
      const declared = declaredFrom(key, spec);
      const range = rangeOf(...prefix, key) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
      dependencies.push({
        key, kind, target, range, ...declared,
        features: declared.features.map((name, index) => ({ name, range: rangeOf(...prefix, key, 'features', String(index)) })),
      });
    }
  };
  for (const [table, kind] of KINDS) readTable(doc[table], [table], kind, null);
  if (isTable(doc.target)) {
    for (const [spec, tables] of Object.entries(doc.target)) {
      if (!isTable(tables)) continue;
      for (const [table, kind] of KINDS) readTable(tables[table], ['target', spec, table], kind, spec);
    }
  }

  const pkg = isTable(doc.package) ? doc.package : null;
  const links = pkg && typeof pkg.links === 'string' ? { value: pkg.links, range: rangeOf('package', 'links')! } : null;
  const features: Record<string, string[]> = {};
  if (isTable(doc.features)) {
    for (const [name, list] of Object.entries(doc.features)) features[name] = strings(list);
  }
  let workspace: CargoManifest['workspace'] = null;
  if (isTable(doc.workspace)) {
    const ws = doc.workspace;
    const inherited = new Map<string, WorkspaceDependency>();
    if (isTable(ws.dependencies)) {
      for (const [key, spec] of Object.entries(ws.dependencies)) {
        const d = declaredFrom(key, spec);
        inherited.set(key, { name: d.name, version: d.version, defaultFeatures: d.defaultFeatures, features: d.features, optional: d.optional });
      }
    }
    workspace = { members: strings(ws.members), exclude: strings(ws.exclude), dependencies: inherited };
  }
  return {
    package: pkg
      ? {
        name: typeof pkg.name === 'string' ? pkg.name : '',
        version: typeof pkg.version === 'string' ? pkg.version : null,
        links,
        workspace: typeof pkg.workspace === 'string' ? pkg.workspace : null,
      }
      : null,
    features,
    dependencies,
    workspace,
  };
}

/** `tokio = "1"`, `tokio = { version = "1", features = [...] }`, `tokio.workspace = true`. */
function declaredFrom(key: string, spec: unknown): Omit<DeclaredDependency, 'key' | 'kind' | 'target' | 'range' | 'features'> & { features: string[] } {
  if (typeof spec === 'string') {
    return { name: key, optional: false, inherited: false, defaultFeatures: true, features: [], version: spec, path: null };
  }
  const t = isTable(spec) ? spec : {};
  const defaultFeatures = t['default-features'] ?? t.default_features;
  return {
    name: typeof t.package === 'string' ? t.package : key,
    optional: t.optional === true,
    inherited: t.workspace === true,
    defaultFeatures: defaultFeatures !== false,
    features: strings(t.features),
    version: typeof t.version === 'string' ? t.version : null,
    path: typeof t.path === 'string' ? t.path : null,
  };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
