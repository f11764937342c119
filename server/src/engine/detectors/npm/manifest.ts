import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Range } from '../../model';
import { LineIndex } from '../../textPositions';

export type DependencyKind = 'dependencies' | 'optionalDependencies' | 'peerDependencies' | 'devDependencies';

export interface DeclaredDependency {
  name: string;
  spec: string;
  kind: DependencyKind;
  /** The dependency's key in package.json: where its findings sit. */
  range: Range;
}

export class ManifestError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

const KINDS: DependencyKind[] = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'];

export interface Manifest {
  declared: DeclaredDependency[];
  /** `packageManager` ("pnpm@9.15.0"): the package manager corepack runs for the project. */
  packageManager: string | null;
  /** `workspaces` (npm, yarn): member folder patterns, as an array or under `packages`. */
  workspaces: string[];
}

/** The dependencies package.json declares, each with the location of its key, and how it is installed. */
export function readManifest(text: string): Manifest {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lines = new LineIndex(text);
  if (errors.length > 0 || !root) {
    const first = errors[0];
    const at = lines.position(first?.offset ?? 0);
    throw new ManifestError(`invalid JSON: ${first ? printParseErrorCode(first.error) : 'empty document'}`, at.line, at.column);
  }
  if (root.type !== 'object') throw new ManifestError('package.json is not a JSON object', 1, 1);
  const declared: DeclaredDependency[] = [];
  for (const kind of KINDS) {
    const section = property(root, kind);
    if (!section || section.type !== 'object') continue;
    for (const entry of section.children ?? []) {
      const [key, value] = entry.children ?? [];
      if (!key || typeof key.value !== 'string') continue;
      declared.push({ name: key.value, spec: typeof value?.value === 'string' ? value.value : '', kind, range: lines.range(key.offset, key.length) });
    }
  }
  const packageManager = property(root, 'packageManager');
  const workspaceNode = property(root, 'workspaces');
  const patterns = workspaceNode?.type === 'object' ? property(workspaceNode, 'packages') : workspaceNode;
  return {
    declared,
    packageManager: typeof packageManager?.value === 'string' ? packageManager.value : null,
    workspaces: patterns?.type === 'array' ? (patterns.children ?? []).map((c) => c.value).filter((v): v is string => typeof v === 'string') : [],
  };
}

function property(object: Node, name: string): Node | undefined {
  return object.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];
}
