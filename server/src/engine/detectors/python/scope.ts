import type { Node } from 'web-tree-sitter';
import type { PythonRules } from './rules';

/** What a local name stands for: a full dotted name and the import statement that binds it. */
export interface Binding {
  full: string;
  /** Every statement binding the name to `full` (an `if`/`else` may import it in both branches). */
  statements: Node[];
}

/**
 * A file's imports (file-wide: Python code imports at the top or inside functions), module-level aliases of
 * imported names, and its own definitions. A name may be bound to different things in different branches
 * (`if os.name == "nt": from _ctypes import LoadLibrary as _dlopen` / `else: from _ctypes import dlopen as
 * _dlopen`): each binding is kept, with its own statements.
 */
export interface Imports {
  names: Map<string, Binding[]>;
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
  const bind = (local: string, full: string): void => bindName(imports, local, full, statement);
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

function bindName(imports: Imports, local: string, full: string, statement: Node): void {
  const known = imports.names.get(local);
  const same = known?.find((b) => b.full === full);
  if (same) same.statements.push(statement);
  else if (known) known.push({ full, statements: [statement] });
  else imports.names.set(local, [{ full, statements: [statement] }]);
}

const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/**
 * Module-level aliases, in document order: `_start_new_thread = _thread.start_new_thread` (CPython's
 * threading.py) binds the name to what its right side resolves to, when that is a listed API or came through
 * an import. The assignment is the binding statement (a guard around it guards the alias). Assignments inside
 * functions and classes are not aliases of the module.
 */
export function addModuleAliases(rules: PythonRules, imports: Imports, module: Node): void {
  const visit = (node: Node): void => {
    for (const child of node.namedChildren) {
      if (!child || NESTED_SCOPES.has(child.type) || child.type === 'decorated_definition') continue;
      if (child.type === 'expression_statement') {
        const assignment = child.namedChild(0);
        const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
        const right = assignment?.childForFieldName('right') ?? null;
        if (!left || left.type !== 'identifier' || !right || (right.type !== 'identifier' && right.type !== 'attribute')) continue;
        for (const target of resolveAll(rules, imports, right)) {
          if (target.via.length > 0 || isListed(rules, target.full)) bindName(imports, left.text, target.full, child);
        }
      } else if (!child.type.endsWith('statement') || BLOCK_STATEMENTS.has(child.type)) {
        visit(child);
      }
    }
  };
  visit(module);
}

/** Compound statements (and their clauses and blocks) whose bodies run at module level. */
const BLOCK_STATEMENTS = new Set(['if_statement', 'try_statement', 'with_statement', 'for_statement', 'while_statement']);

function isListed(rules: PythonRules, full: string): boolean {
  return rules.byPath.has(full) || rules.producers.has(full) || rules.typeNames.has(full);
}

/** A resolved expression: its full dotted name and the import statements that bind it (guarded only if all are). */
export interface Resolved {
  full: string;
  via: Node[];
}

/**
 * `sp.run` → `subprocess.run` after `import subprocess as sp`; a bare name the file neither imports nor
 * defines is a builtin (`open` → `builtins.open`); a glob import resolves a bare name only to a listed API.
 * One result per binding of the name (a listed one first), so a name bound differently in two branches
 * resolves to both.
 */
export function resolveAll(rules: PythonRules, imports: Imports, node: Node | null): Resolved[] {
  if (!node) return [];
  if (node.type === 'identifier') {
    const bindings = imports.names.get(node.text);
    if (bindings) return bindings.map((b) => ({ full: b.full, via: b.statements }));
    if (imports.defined.has(node.text)) return [];
    for (const glob of imports.globs) {
      const full = `${glob.full}.${node.text}`;
      if (rules.byPath.has(full) || rules.producers.has(full)) return [{ full, via: glob.statements }];
    }
    return [{ full: `builtins.${node.text}`, via: [] }];
  }
  if (node.type === 'attribute') {
    const attribute = node.childForFieldName('attribute')?.text;
    if (!attribute) return [];
    return resolveAll(rules, imports, node.childForFieldName('object'))
      .filter((object) => !object.full.startsWith('builtins.'))
      .map((object) => ({ full: `${object.full}.${attribute}`, via: object.via }));
  }
  return [];
}

/** The one meaning of an expression where only one is asked for (a producer, a platform check): a listed binding first. */
export function resolve(rules: PythonRules, imports: Imports, node: Node | null): Resolved | null {
  const all = resolveAll(rules, imports, node);
  return all.find((r) => isListed(rules, r.full)) ?? all[0] ?? null;
}
