import type { Node } from 'web-tree-sitter';
import type { RustDocument } from './document';
import { ABSOLUTE, pathSegments } from './paths';
import { isKnownPath, type RustRules } from './rules';

/** A name bound to the project's own code (`use crate::x`, `use super::y`): it shadows any crate path. */
export const OWN = null;
type Target = string[] | typeof OWN;

interface ScopeTable {
  bindings: Map<string, Target>;
  globs: string[][];
  /** `use super::*`: the parent module's names are visible too. */
  superGlob: boolean;
}

/** The `use` and `extern crate` declarations of one document, by the block or module body they sit in. */
export interface Imports {
  scopes: Map<number, ScopeTable>;
  /** Every name any declaration binds, and whether any glob exists: a cheap test before a scope walk. */
  names: Set<string>;
  hasGlob: boolean;
  /** Full paths imported anywhere in the document, and glob prefixes: for traits that must be in scope. */
  imported: Set<string>;
  globPrefixes: Set<string>;
  /** Functions the document defines: a bare `spawn()` then calls the project's own function. */
  localFunctions: Set<string>;
  /** Every path segment the declarations name: what a macro body inside can rely on without naming it. */
  tokens: Set<string>;
}

const OWN_ROOTS = new Set(['crate', 'self', 'super', '$crate', 'Self']);

export function emptyImports(): Imports {
  return { scopes: new Map(), names: new Set(), hasGlob: false, imported: new Set(), globPrefixes: new Set(), localFunctions: new Set(), tokens: new Set() };
}

/** Records a `use` declaration (or `extern crate x as y`) in the scope that holds it. */
export function addImport(imports: Imports, declaration: Node): void {
  const scopeNode = declaration.parent;
  if (!scopeNode) return;
  let table = imports.scopes.get(scopeNode.id);
  if (!table) {
    table = { bindings: new Map(), globs: [], superGlob: false };
    imports.scopes.set(scopeNode.id, table);
  }
  const bind = (name: string, target: string[]): void => {
    for (const segment of target) imports.tokens.add(segment);
    if (name === '_') return;
    const own = OWN_ROOTS.has(target[0]);
    table.bindings.set(name, own ? OWN : target);
    imports.names.add(name);
    if (!own) imports.imported.add(target.join('::'));
  };
  const glob = (prefix: string[]): void => {
    for (const segment of prefix) imports.tokens.add(segment);
    if (prefix.length === 1 && prefix[0] === 'super') table.superGlob = true;
    if (OWN_ROOTS.has(prefix[0])) return;
    table.globs.push(prefix);
    imports.hasGlob = true;
    imports.globPrefixes.add(prefix.join('::'));
  };
  if (declaration.type === 'extern_crate_declaration') {
    const name = declaration.childForFieldName('name')?.text;
    const alias = declaration.childForFieldName('alias')?.text;
    if (name && alias) bind(alias, [name]);
    return;
  }
  const argument = declaration.childForFieldName('argument');
  if (argument) collectUse(argument, [], bind, glob);
}

function collectUse(node: Node, prefix: string[], bind: (name: string, target: string[]) => void, glob: (prefix: string[]) => void): void {
  switch (node.type) {
    case 'identifier':
    case 'scoped_identifier':
    case 'crate':
    case 'super': {
      const segments = pathSegments(node);
      if (!segments) return;
      const full = [...prefix, ...segments.filter((s) => s !== ABSOLUTE)];
      bind(full[full.length - 1], full);
      return;
    }
    case 'self':
      if (prefix.length > 0) bind(prefix[prefix.length - 1], prefix);
      return;
    case 'use_as_clause': {
      const segments = pathSegments(node.childForFieldName('path'));
      const alias = node.childForFieldName('alias')?.text;
      if (!segments || !alias) return;
      const full = [...prefix, ...segments.filter((s) => s !== ABSOLUTE)];
      bind(alias, full[full.length - 1] === 'self' ? full.slice(0, -1) : full);
      return;
    }
    case 'use_wildcard': {
      const pathNode = node.namedChildren.find((c) => c && c.type !== 'use_wildcard');
      const segments = pathNode ? pathSegments(pathNode) : [];
      if (segments) glob([...prefix, ...segments.filter((s) => s !== ABSOLUTE)]);
      return;
    }
    case 'scoped_use_list': {
      const pathNode = node.childForFieldName('path');
      const segments = pathNode ? pathSegments(pathNode) : [];
      const list = node.childForFieldName('list');
      if (segments && list) collectUse(list, [...prefix, ...segments.filter((s) => s !== ABSOLUTE)], bind, glob);
      return;
    }
    case 'use_list':
      for (const child of node.namedChildren) if (child) collectUse(child, prefix, bind, glob);
      return;
    default:
      return;
  }
}

interface Lookup {
  target: Target | undefined;
  globs: string[][];
}

/** The binding of `name` seen from `at`: the innermost block or module first, then outwards, then the macro's surroundings. */
function lookup(doc: RustDocument, at: Node, name: string): Lookup {
  const globs: string[][] = [];
  let current: { doc: RustDocument; node: Node } | null = { doc, node: at };
  while (current) {
    for (let node: Node | null = current.node; node; node = node.parent) {
      const table = current.doc.imports.scopes.get(node.id);
      if (table) {
        const target = table.bindings.get(name);
        if (target !== undefined) return { target, globs };
        globs.push(...table.globs);
      }
      // A module body does not see its parent's imports unless it says `use super::*`.
      if (node.type === 'declaration_list' && node.parent?.type === 'mod_item' && !table?.superGlob) return { target: undefined, globs };
    }
    current = current.doc.outer;
  }
  return { target: undefined, globs };
}

/**
 * The full path a written path stands for, through `use` declarations, aliases, `extern crate … as …` and
 * globs; null when it is the project's own code or nothing the rules know of.
 */
export function resolvePath(rules: RustRules, doc: RustDocument, at: Node, written: string[]): string | null {
  let segments = written;
  if (segments[0] === ABSOLUTE) {
    segments = segments.slice(1);
    return rules.crateNames.has(segments[0]) ? segments.join('::') : null;
  }
  const first = segments[0];
  if (OWN_ROOTS.has(first)) return null;
  if (!imported(doc, first) && !rules.crateNames.has(first) && !anyGlob(doc)) return null;
  const found = lookup(doc, at, first);
  if (found.target === OWN) return null;
  if (found.target) {
    let target = found.target;
    // `use std::thread; use thread::Builder;` — a use path may start at a name already in scope.
    if (!rules.crateNames.has(target[0]) && target.length > 0) {
      const outer = lookup(doc, at, target[0]).target;
      if (outer) target = [...outer, ...target.slice(1)];
    }
    return [...target, ...segments.slice(1)].join('::');
  }
  if (rules.crateNames.has(first)) return segments.join('::');
  if (segments.length === 1 && definesFunction(doc, first)) return null;
  for (const prefix of found.globs) {
    const candidate = [...prefix, ...segments].join('::');
    if (isKnownPath(rules, candidate)) return candidate;
  }
  return null;
}

function imported(doc: RustDocument, name: string): boolean {
  for (let d: RustDocument | null = doc; d; d = d.outer?.doc ?? null) if (d.imports.names.has(name)) return true;
  return false;
}

function anyGlob(doc: RustDocument): boolean {
  for (let d: RustDocument | null = doc; d; d = d.outer?.doc ?? null) if (d.imports.hasGlob) return true;
  return false;
}

function definesFunction(doc: RustDocument, name: string): boolean {
  for (let d: RustDocument | null = doc; d; d = d.outer?.doc ?? null) if (d.imports.localFunctions.has(name)) return true;
  return false;
}

/** Whether the document (or the file around a fragment) imports one of these paths; `a::b::*` or a glob of an ancestor counts. */
export function importsAny(doc: RustDocument, paths: string[]): boolean {
  for (let d: RustDocument | null = doc; d; d = d.outer?.doc ?? null) {
    for (const wanted of paths) {
      const base = wanted.endsWith('::*') ? wanted.slice(0, -3) : wanted;
      if (!wanted.endsWith('::*') && d.imports.imported.has(base)) return true;
      for (const prefix of d.imports.globPrefixes) if (base === prefix || base.startsWith(`${prefix}::`)) return true;
      if (wanted.endsWith('::*')) for (const path of d.imports.imported) if (path.startsWith(`${base}::`)) return true;
    }
  }
  return false;
}
