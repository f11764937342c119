import type { Node } from 'web-tree-sitter';
import type { PythonRules } from './rules';

/** What a local name stands for: a full dotted name and the import statement that binds it. */
export interface Binding {
  full: string;
  /** Every statement binding the name to `full` (an `if`/`else` may import it in both branches). */
  statements: Node[];
}

/** A file's imports (file-wide: Python code imports at the top or inside functions) and its own definitions. */
export interface Imports {
  names: Map<string, Binding>;
  /** Modules imported with `from m import *`. */
  globs: Binding[];
  /** Functions and classes the file defines: a bare name among them is not a builtin. */
  defined: Set<string>;
}

export function emptyImports(): Imports {
  return { names: new Map(), globs: [], defined: new Set() };
}

/** `import a.b`, `import a.b as c`, `from a import b as c`, `from a import *` (relative imports name the project's own modules). */
export function addImport(imports: Imports, statement: Node): void {
  const bind = (local: string, full: string): void => {
    const known = imports.names.get(local);
    if (!known) imports.names.set(local, { full, statements: [statement] });
    else if (known.full === full) known.statements.push(statement);
  };
  if (statement.type === 'import_statement') {
    for (const child of statement.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text;
        const alias = child.childForFieldName('alias')?.text;
        if (name && alias) bind(alias, name);
      } else if (child.type === 'dotted_name') {
        const first = child.text.split('.')[0];
        bind(first, first);
      }
    }
    return;
  }
  const module = statement.childForFieldName('module_name');
  if (!module || module.type !== 'dotted_name') return;
  if (statement.namedChildren.some((c) => c?.type === 'wildcard_import')) {
    imports.globs.push({ full: module.text, statements: [statement] });
    return;
  }
  for (const child of statement.childrenForFieldName('name')) {
    if (!child) continue;
    if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name')?.text;
      const alias = child.childForFieldName('alias')?.text;
      if (name && alias) bind(alias, `${module.text}.${name}`);
    } else if (child.type === 'dotted_name') {
      bind(child.text, `${module.text}.${child.text}`);
    }
  }
}

/** A resolved expression: its full dotted name and the import statements that bind it (guarded only if all are). */
export interface Resolved {
  full: string;
  via: Node[];
}

/**
 * `sp.run` → `subprocess.run` after `import subprocess as sp`; a bare name the file neither imports nor
 * defines is a builtin (`open` → `builtins.open`); a glob import resolves a bare name only to a listed API.
 */
export function resolve(rules: PythonRules, imports: Imports, node: Node | null): Resolved | null {
  if (!node) return null;
  if (node.type === 'identifier') {
    const binding = imports.names.get(node.text);
    if (binding) return { full: binding.full, via: binding.statements };
    if (imports.defined.has(node.text)) return null;
    for (const glob of imports.globs) {
      const full = `${glob.full}.${node.text}`;
      if (rules.byPath.has(full) || rules.producers.has(full)) return { full, via: glob.statements };
    }
    return { full: `builtins.${node.text}`, via: [] };
  }
  if (node.type === 'attribute') {
    const object = resolve(rules, imports, node.childForFieldName('object'));
    const attribute = node.childForFieldName('attribute')?.text;
    if (!object || !attribute || object.full.startsWith('builtins.')) return null;
    return { full: `${object.full}.${attribute}`, via: object.via };
  }
  return null;
}
