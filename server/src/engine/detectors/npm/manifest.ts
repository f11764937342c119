import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Range } from '../../model';
import { LineIndex } from '../../textPositions';

export type DependencyKind = 'dependencies' | 'optionalDependencies' | 'devDependencies';

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

const KINDS: DependencyKind[] = ['dependencies', 'optionalDependencies', 'devDependencies'];

/** The dependencies package.json declares, each with the location of its key. */
export function readDeclaredDependencies(text: string): DeclaredDependency[] {
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
  return declared;
}

function property(object: Node, name: string): Node | undefined {
  return object.children?.find((p) => p.children?.[0]?.value === name)?.children?.[1];
}
