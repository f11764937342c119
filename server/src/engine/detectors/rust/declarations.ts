import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { InputError } from '../../model';
import { isInside } from '../../workspace';
import { readSource } from '../source/readSource';
import { predicatesOf, stringValue, type CfgPredicate } from './cfg';
import { codeContext, type CodeContext } from './context';
import { fragmentDocument, type RustDocument } from './document';
import { cfgIfBranches } from './macros';
import type { RustParser } from './parser';
import { pathSegments } from './paths';
import { emptyImports } from './scope';
import { DECLARES_MODULE, moduleDeclarationRanges } from './skippedCode';
import type { RustTarget } from './types';
import type { ScanMemo } from '../../scanMemo';
import { crateTargets, isTestTarget, type CrateTargets } from './cargoTargets';

const NONE: CodeContext = { guarded: false, test: false };

interface ParentFile {
  stamp: string;
  text: string;
  /** Names of the `mod name;` declarations (from the text: no parse yet). */
  names: Set<string>;
  /** Base names of the files `#[path = "…"]` / `#[cfg_attr(…, path = "…")]` attributes name (from the text). */
  pathTargets: Set<string>;
  /** Once parsed: the context of each module found by its name, and of each file a path attribute names. */
  contexts: Map<string, CodeContext> | null;
  pathContexts: Map<string, CodeContext> | null;
}

/** By parent file, while its size and mtime are unchanged: the modules it declares, and their contexts once read. */
const parents = new Map<string, ParentFile>();

/**
 * The guards and test marks of the `mod name;` that brings a file into its crate (`#[cfg(test)] mod tests;`,
 * `#[cfg(unix)] mod unix;`, also inside `cfg_if!`, or a `#[path = "unix/mod.rs"] #[cfg(unix)] mod imp;` that names
 * the file, where a `#[cfg_attr(unix, path = "…")]` adds its own condition), through every parent module up to
 * the crate root. Only parent files inside the scanned folder are read, each parsed once while it is unchanged.
 */
export function declarationContext(file: string, root: string, parser: RustParser, targets: RustTarget[], memo: ScanMemo, depth = 0): CodeContext {
  const crate = crateTargets(file, root, memo);
  // A `[[test]]`/`[[bench]]`/`[[example]]` root (and every module under it) is test code.
  const testTarget = isTestTarget(file, crate);
  const declaration = depth < 16 ? findDeclaration(file, root, parser, targets, crate, memo) : null;
  if (!declaration) return testTarget ? { guarded: false, test: true } : NONE;
  const here = declaration.context;
  const above = declarationContext(declaration.parent, root, parser, targets, memo, depth + 1);
  return { guarded: here.guarded || above.guarded, test: testTarget || here.test || above.test };
}

/**
 * `dir/name.rs` or `dir/name/mod.rs` is declared in `dir/mod.rs`, `dir.rs`, or the crate root `dir/lib.rs`/`dir/main.rs`;
 * failing that, a `#[path]` attribute in a file of its own folder or a folder above it (up to the crate root) may name it.
 */
function findDeclaration(file: string, root: string, parser: RustParser, targets: RustTarget[], crate: CrateTargets | null, memo: ScanMemo): { parent: string; context: CodeContext } | null {
  const base = path.basename(file, '.rs');
  if (base === 'lib' || base === 'main' || crate?.roots.has(file)) return null;
  const name = base === 'mod' ? path.basename(path.dirname(file)) : base;
  const dir = base === 'mod' ? path.dirname(path.dirname(file)) : path.dirname(file);
  // Crate roots Cargo.toml names by path (`[lib] path = "lib/core.rs"`) declare modules beside them, as lib.rs does.
  const roots = [...(crate?.roots ?? [])].filter((r) => path.dirname(r) === dir).sort();
  for (const parent of [path.join(dir, 'mod.rs'), `${dir}.rs`, path.join(dir, 'lib.rs'), path.join(dir, 'main.rs'), ...roots]) {
    if (parent === file || !isInside(parent, root)) continue;
    const entry = parentFile(parent, memo);
    if (!entry?.names.has(name)) continue;
    const context = contextsIn(entry, parent, parser, targets).contexts.get(name);
    if (context) return { parent, context };
  }
  return findPathDeclaration(file, root, parser, targets, memo);
}

/** How many folders above a file a `#[path]` parent is looked for (`#[path = "sys/unix/mod.rs"]` is two). */
const PATH_PARENT_LEVELS = 4;

function findPathDeclaration(file: string, root: string, parser: RustParser, targets: RustTarget[], memo: ScanMemo): { parent: string; context: CodeContext } | null {
  const wanted = path.basename(file);
  const inFolder = (dir: string): { parent: string; context: CodeContext } | null => {
    const names = memo.entries(dir)?.filter((e) => e.endsWith('.rs')).sort() ?? [];
    for (const name of names) {
      const parent = path.join(dir, name);
      if (parent === file) continue;
      const entry = parentFile(parent, memo);
      if (!entry?.pathTargets.has(wanted)) continue;
      const context = contextsIn(entry, parent, parser, targets).pathContexts.get(file);
      if (context) return { parent, context };
    }
    return null;
  };
  let dir = path.dirname(file);
  for (let level = 0; level <= PATH_PARENT_LEVELS && isInside(dir, root); level++) {
    const found = inFolder(dir);
    if (found) return found;
    if (memo.stamp(path.join(dir, 'Cargo.toml')) !== null) {
      // The crate root's folder: its src/ holds lib.rs and main.rs, which reach beside it (`#[path = "../testing/x.rs"]`).
      const src = path.join(dir, 'src');
      return path.dirname(file) !== src && isInside(src, root) ? inFolder(src) : null;
    }
    if (dir === path.resolve(root) || dir === path.dirname(dir)) break;
    dir = path.dirname(dir);
  }
  return null;
}

/** Every `mod name;` of a text, its name captured: the pattern skippedCode.ts tests for. */
const MOD_DECLARATION = new RegExp(DECLARES_MODULE.source, 'g');
const PATH_ATTRIBUTE = /\bpath\s*=\s*"([^"\\]+)"/g;

/** A parent file's text and the names of the modules it declares (from the text: no parse yet). */
function parentFile(parent: string, memo: ScanMemo): ParentFile | null {
  const stamp = memo.stamp(parent);
  if (stamp === null) return null; // no such file, or not a regular one
  const cached = parents.get(parent);
  if (cached && cached.stamp === stamp) return cached;
  const text = readSource(parent, [] as InputError[]);
  if (text === null) return null;
  const names = new Set([...text.matchAll(MOD_DECLARATION)].map((m) => m[1]));
  const pathTargets = new Set(names.size > 0 && text.includes('path') ? [...text.matchAll(PATH_ATTRIBUTE)].map((m) => path.posix.basename(m[1].replace(/\\/g, '/'))) : []);
  const entry: ParentFile = { stamp, text, names, pathTargets, contexts: null, pathContexts: null };
  parents.set(parent, entry);
  return entry;
}

/** The context of every `mod name;` in a parent file, by name and by the file a path attribute names; parsed once. */
function contextsIn(entry: ParentFile, parent: string, parser: RustParser, targets: RustTarget[]): { contexts: Map<string, CodeContext>; pathContexts: Map<string, CodeContext> } {
  if (entry.contexts && entry.pathContexts) return { contexts: entry.contexts, pathContexts: entry.pathContexts };
  const contexts = new Map<string, CodeContext>();
  const pathContexts = new Map<string, CodeContext>();
  const trees: Array<{ delete(): void }> = [];
  try {
    // Only the items and blocks that say `mod` are parsed: on the bench corpus 0.29 of 6.3 MB (2.7 MB keeping every item).
    const tree = parser.parse(entry.text, undefined, moduleDeclarationRanges(entry.text));
    trees.push(tree);
    const doc: RustDocument = { tree, root: tree.rootNode, row: 0, column: 0, outer: null, branchCfg: [], imports: emptyImports() };
    collectModItems(doc, parser, trees, 0, (found, item) => {
      const name = item.childForFieldName('name')?.text;
      if (!name) return;
      const paths = pathAttributes(item);
      const base = pathBase(parent, found, item);
      for (const { value, condition } of paths) {
        const target = path.resolve(base, value);
        // Several `mod imp;` may name one file; it is guarded only if every one of them is.
        const context = codeContext(found, item, targets, condition ? [condition] : []);
        const known = pathContexts.get(target);
        pathContexts.set(target, known ? { guarded: known.guarded && context.guarded, test: known.test && context.test } : context);
      }
      if (paths.some((p) => p.condition === null)) return; // the module's file is the one its path names
      // Without an unconditional path: `name.rs`/`name/mod.rs`, where no `cfg_attr` path applies.
      const otherwise: CfgPredicate[] = paths.map((p): CfgPredicate => ({ kind: 'not', item: p.condition! }));
      if (!contexts.has(name)) contexts.set(name, codeContext(found, item, targets, otherwise));
    });
  } finally {
    for (const tree of trees) tree.delete();
  }
  entry.contexts = contexts;
  entry.pathContexts = pathContexts;
  entry.text = ''; // the text is no longer needed
  return { contexts, pathContexts };
}

/**
 * `#[path = "unix.rs"]` (condition null) and `#[cfg_attr(unix, path = "unix.rs")]` (condition `unix`) on a
 * `mod name;` item, read from the attributes before it.
 */
function pathAttributes(item: Node): Array<{ value: string; condition: CfgPredicate | null }> {
  const out: Array<{ value: string; condition: CfgPredicate | null }> = [];
  for (let sibling = item.previousSibling; sibling && (sibling.type === 'attribute_item' || sibling.type.endsWith('comment')); sibling = sibling.previousSibling) {
    const attribute = sibling.namedChildren.find((c) => c?.type === 'attribute');
    const segments = attribute ? pathSegments(attribute.namedChild(0)) : null;
    if (!attribute || !segments || segments.length !== 1) continue;
    if (segments[0] === 'path') {
      const value = attribute.childForFieldName('value');
      if (value?.type === 'string_literal') out.push({ value: stringValue(value), condition: null });
    } else if (segments[0] === 'cfg_attr') {
      const args = attribute.childForFieldName('arguments');
      const [condition, ...attributes] = args ? predicatesOf(args) : [];
      const target = attributes.find((a) => a.kind === 'option' && a.name === 'path' && a.value !== null);
      if (condition && target?.kind === 'option') out.push({ value: target.value!, condition });
    }
  }
  return out;
}

/**
 * The folder a path attribute is relative to (the Reference, "The path attribute"): the parent file's folder;
 * inside inline `mod a { … }` blocks, plus `a/` for each, after the parent module's own name for a non-mod-rs file.
 */
function pathBase(parent: string, doc: RustDocument, item: Node): string {
  const inline: string[] = [];
  for (let d: RustDocument | null = doc, at: Node | null = item.parent; d; at = d.outer?.node.parent ?? null, d = d.outer?.doc ?? null) {
    for (; at; at = at.parent) {
      if (at.type === 'declaration_list' && at.parent?.type === 'mod_item') {
        const name = at.parent.childForFieldName('name')?.text;
        if (name) inline.unshift(name);
      }
    }
  }
  const base = path.basename(parent, '.rs');
  const modRs = base === 'mod' || base === 'lib' || base === 'main';
  if (inline.length === 0) return path.dirname(parent);
  return path.join(path.dirname(parent), ...(modRs ? [] : [base]), ...inline);
}

/** `mod name;` items of the document and of macro bodies that declare modules (`cfg_if!` branches). */
function collectModItems(doc: RustDocument, parser: RustParser, trees: Array<{ delete(): void }>, depth: number, found: (doc: RustDocument, item: Node) => void): void {
  for (const item of doc.root.descendantsOfType('mod_item')) {
    if (item && !item.childForFieldName('body')) found(doc, item);
  }
  if (depth > 3) return;
  for (const invocation of doc.root.descendantsOfType('macro_invocation')) {
    const tokenTree = invocation?.namedChildren.find((c) => c?.type === 'token_tree');
    // Two children: the parse left the arguments out, as they declare no module (skippedCode.ts).
    if (!invocation || !tokenTree || tokenTree.childCount === 2 || !DECLARES_MODULE.test(tokenTree.text)) continue;
    const segments = pathSegments(invocation.childForFieldName('macro'));
    const branches = segments?.[segments.length - 1] === 'cfg_if' ? cfgIfBranches(tokenTree) : [{ tokenTree, branchCfg: [] }];
    for (const branch of branches) {
      if (DECLARES_MODULE.test(branch.tokenTree.text)) collectModItems(fragmentDocument(parser, trees, doc, { invocation, ...branch }), parser, trees, depth + 1, found);
    }
  }
}
