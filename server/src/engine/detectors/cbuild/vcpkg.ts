import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Truth } from './cmakeCondition';

/** A dependency a manifest declares, where its name is written. */
export interface DeclaredPackage {
  name: string;
  /** The exact version the manifest asks for, when it names one (a Conan reference `name/1.2.3`). */
  version: string | null;
  /** How the message names it: `grpc >= 1.51.1`, `hiredis 1.2.0`. */
  label: string;
  /** 0-based offsets of the name (without quotes). */
  start: number;
  end: number;
  /** A platform expression or condition keeps it out of a WASI build. */
  guarded: boolean;
  /** Said after the package in the message: `platform "!windows"`. */
  note: string;
  test: boolean;
}

export class ManifestSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/**
 * vcpkg platform identifiers for a WASI triplet (VCPKG_TARGET_ARCHITECTURE wasm32, a system name that is none of
 * vcpkg's named systems): wasm32 holds, other architectures and systems do not; static, staticcrt and native
 * depend on the triplet and are unknown. microsoft/vcpkg-tool · src/vcpkg/platform-expression.cpp (identifiers
 * and how each is evaluated).
 */
const IDENTIFIERS: Record<string, Truth> = {
  wasm32: true,
  x86: false, x64: false, arm: false, arm32: false, arm64: false,
  windows: false, mingw: false, linux: false, freebsd: false, openbsd: false, osx: false, uwp: false, android: false, emscripten: false, ios: false,
  static: null, staticcrt: null, native: null,
};

/**
 * vcpkg.json: `dependencies` as strings or objects (`name`, `version>=`, `platform`, `host`). Host dependencies are
 * build tools that run on the build machine: not read. A platform expression false for a wasm32 WASI triplet
 * (`"!wasm32"`, `"windows"`, `"linux | osx"`) makes the dependency guarded. The dependencies of the features the
 * manifest's `default-features` turns on are read too: a project's own manifest installs its default features
 * unless the build says otherwise (learn.microsoft.com/vcpkg/reference/vcpkg-json, `default-features`;
 * microsoft/vcpkg-tool#1331: the top-level manifest controls them). Other features are off unless the project
 * asks for them: not read. Throws ManifestSyntaxError on malformed JSON.
 */
export function readVcpkgManifest(text: string): DeclaredPackage[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    throw new ManifestSyntaxError(`invalid JSON: ${first ? printParseErrorCode(first.error) : 'empty document'}`, first?.offset ?? 0);
  }
  if (root.type !== 'object') throw new ManifestSyntaxError('a vcpkg manifest is a JSON object', root.offset);
  const out = dependencyList(property(root, 'dependencies'), '"dependencies"', '');
  const features = property(root, 'features');
  for (const name of defaultFeatures(property(root, 'default-features'))) {
    const feature = features?.type === 'object' ? property(features, name) : undefined;
    if (feature?.type !== 'object') continue;
    out.push(...dependencyList(property(feature, 'dependencies'), `the dependencies of feature "${name}"`, ` (default feature "${name}")`));
  }
  return out;
}

function dependencyList(list: Node | undefined, what: string, note: string): DeclaredPackage[] {
  if (!list) return [];
  if (list.type !== 'array') throw new ManifestSyntaxError(`${what} must be an array`, list.offset);
  const out: DeclaredPackage[] = [];
  for (const item of list.children ?? []) {
    if (item.type === 'string') {
      out.push(declared(item, null, null, note));
      continue;
    }
    if (item.type !== 'object') throw new ManifestSyntaxError('a dependency is a package name or an object with "name"', item.offset);
    const name = property(item, 'name');
    if (!name || name.type !== 'string') throw new ManifestSyntaxError('a dependency object needs a "name" string', item.offset);
    if (property(item, 'host')?.value === true) continue;
    const minimum = property(item, 'version>=');
    const platform = property(item, 'platform');
    out.push(declared(name, typeof minimum?.value === 'string' ? minimum.value : null, typeof platform?.value === 'string' ? platform.value : null, note));
  }
  return out;
}

/** `default-features`: names, or objects with a `name` and a `platform` (left out where false for a WASI triplet). */
function defaultFeatures(list: Node | undefined): string[] {
  if (list?.type !== 'array') return [];
  return (list.children ?? []).flatMap((item) => {
    if (item.type === 'string') return [String(item.value)];
    const name = item.type === 'object' ? property(item, 'name') : undefined;
    if (name?.type !== 'string') return [];
    const platform = property(item, 'platform');
    return typeof platform?.value === 'string' && platformOnWasi(platform.value) === false ? [] : [String(name.value)];
  });
}

/** `minimum` is `version>=`: a lower bound, not the version the build gets (the baseline decides), so no `version`. */
function declared(node: Node, minimum: string | null, platform: string | null, featureNote: string): DeclaredPackage {
  const name = String(node.value);
  const onWasi = platform === null ? true : platformOnWasi(platform);
  return {
    name,
    version: null,
    label: minimum ? `${name} >= ${minimum}` : name,
    start: node.offset + 1,
    end: node.offset + 1 + name.length,
    guarded: onWasi === false,
    note: `${featureNote}${platform !== null ? ` (platform "${platform}"${onWasi === false ? ': a wasm32 WASI triplet leaves it out' : ''})` : ''}`,
    test: false,
  };
}

function property(node: Node, key: string): Node | undefined {
  const pair = node.children?.find((p) => p.type === 'property' && p.children?.[0]?.value === key);
  return pair?.children?.[1];
}

/**
 * A platform expression for a wasm32 WASI triplet: identifiers, `!`/`not`, `&`/`and`, `|`, `,` (an or of lower
 * precedence) and parentheses, as vcpkg-tool's parser reads them. Null when it cannot be decided (an unknown
 * identifier, static linkage, a syntax vcpkg would reject).
 */
export function platformOnWasi(expression: string): Truth {
  const tokens = expression.match(/[a-z0-9]+|[!&|,()]/g) ?? [];
  let i = 0;
  let bad = false;
  const list = (): Truth => {
    let v = binary();
    while (tokens[i] === ',') {
      i++;
      const r = binary();
      v = v === true || r === true ? true : v === false && r === false ? false : null;
    }
    return v;
  };
  const binary = (): Truth => {
    let v = unary();
    const op = tokens[i] === '&' || tokens[i] === 'and' ? '&' : tokens[i] === '|' ? '|' : null;
    while (op && (tokens[i] === op || (op === '&' && tokens[i] === 'and'))) {
      i++;
      const r = unary();
      v = op === '&' ? (v === false || r === false ? false : v === true && r === true ? true : null) : v === true || r === true ? true : v === false && r === false ? false : null;
    }
    return v;
  };
  const unary = (): Truth => {
    if (tokens[i] === '!' || tokens[i] === 'not') {
      i++;
      const v = unary();
      return v === null ? null : !v;
    }
    if (tokens[i] === '(') {
      i++;
      const v = list();
      if (tokens[i] !== ')') bad = true;
      i++;
      return v;
    }
    const id = tokens[i++];
    if (id === undefined || !(id in IDENTIFIERS)) {
      bad = true;
      return null;
    }
    return IDENTIFIERS[id];
  };
  const value = list();
  return bad || i !== tokens.length ? null : value;
}
