import type { Node } from 'web-tree-sitter';
import { defaultName, type Imports } from './imports';
import type { GoRules } from './rules';
import type { ArgCondition, GoEntry } from './types';
import { valueKind } from './values';

/** A use found in the tree: the entry, what the message calls it, and the nodes it spans. */
export interface Hit {
  entry: GoEntry;
  subject: string;
  node: Node;
}

/** `pkg.Name(…)` through the file's imports, `Name(…)` through a dot import, `x.Method(…)` on a tracked value. */
export function matchCall(rules: GoRules, imports: Imports, call: Node, hits: Hit[]): void {
  const fn = call.childForFieldName('function');
  if (!fn) return;
  let argNodes: Node[] | null = null;
  const args = (): Node[] => (argNodes ??= call.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment') ?? []);
  if (fn.type === 'selector_expression') {
    const operand = fn.childForFieldName('operand');
    const field = fn.childForFieldName('field');
    if (!operand || !field) return;
    const importPath = operand.type === 'identifier' ? imports.byName.get(operand.text) : undefined;
    if (importPath !== undefined) {
      for (const entry of rules.calls.get(`${importPath}.${field.text}`) ?? []) {
        if (conditionsHold(entry, args, imports)) hits.push({ entry, subject: `${shortName(importPath)}.${field.text}`, node: fn });
      }
      return;
    }
    const methods = rules.methods.get(field.text);
    if (!methods) return;
    const kind = valueKind(rules, imports, operand);
    if (!kind) return;
    for (const entry of methods) {
      if (entry.reach.kind === 'method' && entry.reach.on === kind && conditionsHold(entry, args, imports)) {
        hits.push({ entry, subject: `(*${shortType(kind)}).${field.text}`, node: fn });
      }
    }
    return;
  }
  if (fn.type === 'identifier' && imports.dot.length > 0 && !imports.localFunctions.has(fn.text)) {
    for (const importPath of imports.dot) {
      for (const entry of rules.calls.get(`${importPath}.${fn.text}`) ?? []) {
        if (conditionsHold(entry, args, imports)) hits.push({ entry, subject: `${shortName(importPath)}.${fn.text}`, node: fn });
      }
    }
  }
}

/**
 * `import "C"` and other entries reached by importing a package: one hit per import spec, unless the entry's
 * `okWhen` says the import binds Wasm host functions (a preamble of `import_module` declarations, a vendored
 * guest SDK). `relative` is the file's path below the scanned folder, with `/` separators.
 */
export function matchImports(rules: GoRules, imports: Imports, relative: string, hits: Hit[]): void {
  for (const [importPath, entries] of rules.imports) {
    for (const spec of imports.specs.get(importPath) ?? []) {
      for (const entry of entries) {
        const ok = entry.reach.kind === 'import' ? entry.reach.okWhen : undefined;
        if (ok?.vendoredModules?.some((m) => relative.includes(`vendor/${m}/`))) continue;
        if (ok?.preambleContains && ok.preambleContains.some((t) => preamble(spec).includes(t))) continue;
        hits.push({ entry, subject: `import "${importPath}"`, node: spec });
      }
    }
  }
}

/** The comments right above the import declaration that holds `spec` (cgo's preamble). */
function preamble(spec: Node): string {
  let decl: Node | null = spec;
  while (decl && decl.type !== 'import_declaration') decl = decl.parent;
  const parts: string[] = [];
  for (let prev = decl?.previousSibling ?? null; prev && prev.type === 'comment'; prev = prev.previousSibling) parts.unshift(prev.text);
  return parts.join('\n');
}

function conditionsHold(entry: GoEntry, args: () => Node[], imports: Imports): boolean {
  const reach = entry.reach;
  // A package whose init makes the use work (wasi-http-go replaces net/http's default transport)
  if ((reach.kind === 'call' || reach.kind === 'method') && reach.okWhen?.fileImports?.some((p) => imports.specs.has(p))) return false;
  const when: ArgCondition[] | undefined = entry.reach.kind === 'call' || entry.reach.kind === 'method' ? entry.reach.when : undefined;
  return (when ?? []).every((c) => conditionHolds(c, args()[c.arg]));
}

/**
 * Flags as written: any identifier of `anyOf` (bare or qualified, `os.O_CREATE`) is a match; an argument
 * naming only `readOnly` identifiers, or the literal 0, is not; anything else (a variable) counts as a match.
 */
function conditionHolds(condition: ArgCondition, arg: Node | undefined): boolean {
  if (!arg) return false;
  const names = new Set([...arg.text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => m[0]));
  if ((condition.anyOf ?? []).some((n) => names.has(n))) return true;
  if ((condition.readOnly ?? []).some((n) => names.has(n))) return false;
  if (arg.text.trim() === '0') return false;
  return true;
}

const shortName = (importPath: string): string => importPath.slice(importPath.lastIndexOf('/') + 1);
/** `net/http.Server` → `http.Server`, `github.com/labstack/echo/v4.Echo` → `echo.Echo` (the name a file calls the package by). */
const shortType = (kind: string): string => `${defaultName(kind.slice(0, kind.lastIndexOf('.')))}${kind.slice(kind.lastIndexOf('.'))}`;
