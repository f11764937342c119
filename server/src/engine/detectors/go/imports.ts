import type { Node } from 'web-tree-sitter';

/** A file's imports: the name each package is known by, dot imports, and where each import spec sits. */
export interface Imports {
  /** Local name → import path (`ex` → `os/exec`, `http` → `net/http`). */
  byName: Map<string, string>;
  /** Import paths imported with `.`: their names are used bare. */
  dot: string[];
  /** Import path → its import_spec nodes. */
  specs: Map<string, Node[]>;
  /** Top-level functions the file declares: a bare call to one is the project's own, even with a dot import. */
  localFunctions: Set<string>;
  /** Finds the functions, function literals and declarations under a node (values.ts asks on first use; none if absent). */
  values?: (under: Node) => ValueNodes;
  /** Finds the file's struct field declarations (values.ts, on first use; none if absent). */
  fields?: () => Node[];
  /** The file's text, for what a look at the text can rule out before a query. */
  source?: string;
}

export interface ValueNodes {
  scopes: Node[];
  declarations: Node[];
}

export function emptyImports(): Imports {
  return { byName: new Map(), dot: [], specs: new Map(), localFunctions: new Set() };
}

/** The package name an import path gives by default: its last element, without a `/vN` major-version suffix. */
export function defaultName(importPath: string): string {
  const parts = importPath.split('/');
  let last = parts.pop() ?? importPath;
  if (/^v\d+$/.test(last) && parts.length > 0) last = parts.pop() ?? last;
  return last.replace(/^go-/, '').replace(/[.-].*$/, '');
}

export function addImport(imports: Imports, spec: Node): void {
  const pathNode = spec.childForFieldName('path');
  if (!pathNode) return;
  const importPath = pathNode.text.slice(1, -1);
  const list = imports.specs.get(importPath) ?? [];
  list.push(spec);
  imports.specs.set(importPath, list);
  const name = spec.childForFieldName('name');
  if (!name) imports.byName.set(defaultName(importPath), importPath);
  else if (name.type === 'dot') imports.dot.push(importPath);
  else if (name.type === 'package_identifier') imports.byName.set(name.text, importPath);
  // `_` imports run init only: nothing to resolve
}
