import type { Range } from '../../model';
import { LineIndex } from '../../textPositions';
import { locate, parseToml, spanKey, type Span } from '../cargo/toml';
import { normalizeName, parseRequirement, type Pep508 } from './pep508';

/** A dependency a pyproject.toml declares, and where. */
export interface DeclaredDependency {
  requirement: Pep508;
  /** The requirement string's text (PEP 621, PEP 735) or the package's key (Poetry). */
  range: Range;
  /** Where it is declared, as a reader would say it: `[project] dependencies`, `extra "postgres"`, `group "dev"`. */
  section: string;
  /** A development dependency (a dependency group, a Poetry group other than main, a dev/test extra). */
  dev: boolean;
}

export interface Pyproject {
  name: string | null;
  /** `[tool.poetry]` is present: poetry.lock is its lockfile. */
  poetry: boolean;
  declared: DeclaredDependency[];
}

/** Extras and groups that hold tools for working on the project, not what it runs with. */
const DEV_NAMES = /^(dev|devel|develop|development|test|tests|testing|lint|linting|docs|doc|typing|types|mypy|style|format|check|checks|qa|ci|coverage|bench|benchmark)$/;

export function isDevName(name: string): boolean {
  return DEV_NAMES.test(normalizeName(name));
}

/**
 * PEP 621 `[project] dependencies` and `optional-dependencies`, PEP 735 `[dependency-groups]` (never part of
 * the built package: development dependencies), and Poetry's `[tool.poetry.dependencies]`,
 * `[tool.poetry.group.<name>.dependencies]` (main is production, other groups development) and the older
 * `[tool.poetry.dev-dependencies]`. Throws TomlSyntaxError when the file does not parse.
 */
export function readPyproject(text: string): Pyproject {
  const doc = parseToml(text);
  const spans = locate(text);
  const lines = new LineIndex(text);
  const declared: DeclaredDependency[] = [];
  const innerRange = (span: Span | undefined): Range | null => (span ? lines.range(span.offset + 1, Math.max(span.length - 2, 0)) : null);
  const keyRange = (span: Span | undefined): Range | null => (span ? lines.range(span.offset, span.length) : null);

  const fromArray = (value: unknown, path: string[], section: string, dev: boolean) => {
    if (!Array.isArray(value)) return;
    value.forEach((item, index) => {
      if (typeof item !== 'string') return; // {include-group = "test"}: that group is read on its own
      const requirement = parseRequirement(item);
      const range = innerRange(spans.get(spanKey(...path, String(index))));
      if (requirement && range) declared.push({ requirement, range, section, dev });
    });
  };

  const project = table(doc.project);
  fromArray(project?.dependencies, ['project', 'dependencies'], '[project] dependencies', false);
  for (const [extra, list] of Object.entries(table(project?.['optional-dependencies']) ?? {})) {
    fromArray(list, ['project', 'optional-dependencies', extra], `extra "${extra}"`, isDevName(extra));
  }
  for (const [group, list] of Object.entries(table(doc['dependency-groups']) ?? {})) {
    fromArray(list, ['dependency-groups', group], `group "${group}"`, true);
  }

  const poetry = table(table(doc.tool)?.poetry);
  const fromPoetry = (value: unknown, path: string[], section: string, dev: boolean) => {
    for (const [name, spec] of Object.entries(table(value) ?? {})) {
      if (normalizeName(name) === 'python') continue;
      const requirement = poetryRequirement(name, spec);
      const range = keyRange(spans.get(spanKey(...path, name)));
      if (requirement && range) declared.push({ requirement, range, section, dev });
    }
  };
  if (poetry) {
    fromPoetry(poetry.dependencies, ['tool', 'poetry', 'dependencies'], '[tool.poetry.dependencies]', false);
    fromPoetry(poetry['dev-dependencies'], ['tool', 'poetry', 'dev-dependencies'], '[tool.poetry.dev-dependencies]', true);
    for (const [group, body] of Object.entries(table(poetry.group) ?? {})) {
      fromPoetry(table(body)?.dependencies, ['tool', 'poetry', 'group', group, 'dependencies'], `Poetry group "${group}"`, group !== 'main');
    }
  }
  const name = typeof project?.name === 'string' ? project.name : typeof poetry?.name === 'string' ? poetry.name : null;
  return { name, poetry: poetry !== null, declared };
}

/**
 * A Poetry dependency (`redis = "^5.0"`, `uvloop = { version = "*", markers = "sys_platform != 'win32'" }`,
 * `psutil = { version = "^5", platform = "linux" }`) as a PEP 508 requirement. Several constraints for one
 * package (an array) keep the marker only when there is one.
 */
function poetryRequirement(name: string, spec: unknown): Pep508 | null {
  const entries = Array.isArray(spec) ? spec : [spec];
  const first = entries[0];
  const base = { name, key: normalizeName(name), extras: [] as string[], specifier: '' as string | null, pinned: null as string | null, marker: null as string | null };
  if (typeof first === 'string') return { ...base, specifier: first, pinned: exact(first) };
  const t = table(first);
  if (!t) return null;
  const version = typeof t.version === 'string' ? t.version : null;
  const markers: string[] = [];
  if (typeof t.markers === 'string') markers.push(t.markers);
  if (typeof t.platform === 'string') markers.push(`sys_platform == "${t.platform}"`);
  return {
    ...base,
    extras: Array.isArray(t.extras) ? t.extras.filter((e): e is string => typeof e === 'string') : [],
    specifier: version ?? (t.git || t.path || t.url ? null : ''),
    pinned: version ? exact(version) : null,
    marker: entries.length === 1 && markers.length > 0 ? markers.map((m) => `(${m})`).join(' and ') : null,
  };
}

/** Poetry reads a bare version (`2.9.9`) as exact, like `==2.9.9`. */
function exact(spec: string): string | null {
  const m = /^\s*(?:===?)?\s*(\d[A-Za-z0-9.+!_-]*)\s*$/.exec(spec);
  return m && !m[1].includes('*') ? m[1] : null;
}

function table(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
