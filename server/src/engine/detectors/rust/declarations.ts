import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { InputError } from '../../model';
import { isInside } from '../../workspace';
import { readSource } from '../source/readSource';
import { codeContext, type CodeContext } from './context';
import { fragmentDocument, type RustDocument } from './document';
import { cfgIfBranches } from './macros';
import type { RustParser } from './parser';
import { pathSegments } from './paths';
import { emptyImports } from './scope';
import type { RustTarget } from './types';

const NONE: CodeContext = { guarded: false, test: false };
/** By file: the context and the parent file it was read from, with that file's size and mtime then. */
const cache = new Map<string, { context: CodeContext; parent: string; stamp: string | null }>();

/**
 * The guards and test marks of the `mod name;` that brings a file into its crate (`#[cfg(test)] mod tests;`,
 * `#[cfg(unix)] mod unix;`, also inside `cfg_if!`), through every parent module up to the crate root. Only
 * parent files inside the scanned folder are read.
 */
export function declarationContext(file: string, root: string, parser: RustParser, targets: RustTarget[], depth = 0): CodeContext {
  const cached = cache.get(file);
  if (cached && stampOf(cached.parent) === cached.stamp) {
    const above = declarationContext(cached.parent, root, parser, targets, depth + 1);
    return { guarded: cached.context.guarded || above.guarded, test: cached.context.test || above.test };
  }
  const declaration = depth < 16 ? findDeclaration(file, root) : null;
  if (!declaration) return NONE; // not cached: a parent may declare it later (an editor session)
  const here = declarationIn(declaration.parent, declaration.name, parser, targets);
  cache.set(file, { context: here, parent: declaration.parent, stamp: stampOf(declaration.parent) });
  const above = declarationContext(declaration.parent, root, parser, targets, depth + 1);
  return { guarded: here.guarded || above.guarded, test: here.test || above.test };
}

function stampOf(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

/** `dir/name.rs` or `dir/name/mod.rs` is declared in `dir/mod.rs`, `dir.rs`, or the crate root `dir/lib.rs`/`dir/main.rs`. */
function findDeclaration(file: string, root: string): { parent: string; name: string } | null {
  const base = path.basename(file, '.rs');
  if (base === 'lib' || base === 'main') return null;
  const name = base === 'mod' ? path.basename(path.dirname(file)) : base;
  const dir = base === 'mod' ? path.dirname(path.dirname(file)) : path.dirname(file);
  const declares = new RegExp(String.raw`\bmod\s+(?:r#)?${name}\s*;`);
  for (const parent of [path.join(dir, 'mod.rs'), `${dir}.rs`, path.join(dir, 'lib.rs'), path.join(dir, 'main.rs')]) {
    if (parent === file || !isInside(parent, root) || !fs.existsSync(parent)) continue;
    const text = readSource(parent, [] as InputError[]);
    if (text !== null && declares.test(text)) return { parent, name };
  }
  return null;
}

/** Parses the parent and reads the context of its `mod name;` item (the first one found). */
function declarationIn(parent: string, name: string, parser: RustParser, targets: RustTarget[]): CodeContext {
  const text = readSource(parent, []);
  if (text === null) return NONE;
  const trees: Array<{ delete(): void }> = [];
  try {
    const tree = parser.parse(text);
    trees.push(tree);
    const doc: RustDocument = { tree, root: tree.rootNode, row: 0, column: 0, outer: null, branchCfg: [], imports: emptyImports() };
    const found = findModItem(doc, name, parser, trees, 0);
    return found ? codeContext(found.doc, found.node, targets) : NONE;
  } finally {
    for (const tree of trees) tree.delete();
  }
}

function findModItem(doc: RustDocument, name: string, parser: RustParser, trees: Array<{ delete(): void }>, depth: number): { doc: RustDocument; node: Node } | null {
  for (const item of doc.root.descendantsOfType('mod_item')) {
    if (item && item.childForFieldName('name')?.text === name && !item.childForFieldName('body')) return { doc, node: item };
  }
  if (depth > 3) return null;
  const declares = new RegExp(String.raw`\bmod\s+(?:r#)?${name}\s*;`);
  for (const invocation of doc.root.descendantsOfType('macro_invocation')) {
    const tokenTree = invocation?.namedChildren.find((c) => c?.type === 'token_tree');
    if (!invocation || !tokenTree || !declares.test(tokenTree.text)) continue;
    const segments = pathSegments(invocation.childForFieldName('macro'));
    const branches = segments?.[segments.length - 1] === 'cfg_if' ? cfgIfBranches(tokenTree) : [{ tokenTree, branchCfg: [] }];
    for (const branch of branches) {
      if (!declares.test(branch.tokenTree.text)) continue;
      const fragment = fragmentDocument(parser, trees, doc, { invocation, ...branch });
      const found = findModItem(fragment, name, parser, trees, depth + 1);
      if (found) return found;
    }
  }
  return null;
}
