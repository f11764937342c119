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
import { fileStamp } from '../../fileStamp';

const NONE: CodeContext = { guarded: false, test: false };
/** By parent file, while its size and mtime are unchanged: the modules it declares, and their contexts once read. */
const parents = new Map<string, { stamp: string | null; text: string; names: Set<string>; contexts: Map<string, CodeContext> | null }>();

/**
 * The guards and test marks of the `mod name;` that brings a file into its crate (`#[cfg(test)] mod tests;`,
 * `#[cfg(unix)] mod unix;`, also inside `cfg_if!`), through every parent module up to the crate root. Only
 * parent files inside the scanned folder are read, each parsed once while it is unchanged.
 */
export function declarationContext(file: string, root: string, parser: RustParser, targets: RustTarget[], depth = 0): CodeContext {
  const declaration = depth < 16 ? findDeclaration(file, root) : null;
  if (!declaration) return NONE;
  const here = contextsIn(declaration.parent, parser, targets).get(declaration.name) ?? NONE;
  const above = declarationContext(declaration.parent, root, parser, targets, depth + 1);
  return { guarded: here.guarded || above.guarded, test: here.test || above.test };
}

/** `dir/name.rs` or `dir/name/mod.rs` is declared in `dir/mod.rs`, `dir.rs`, or the crate root `dir/lib.rs`/`dir/main.rs`. */
function findDeclaration(file: string, root: string): { parent: string; name: string } | null {
  const base = path.basename(file, '.rs');
  if (base === 'lib' || base === 'main') return null;
  const name = base === 'mod' ? path.basename(path.dirname(file)) : base;
  const dir = base === 'mod' ? path.dirname(path.dirname(file)) : path.dirname(file);
  for (const parent of [path.join(dir, 'mod.rs'), `${dir}.rs`, path.join(dir, 'lib.rs'), path.join(dir, 'main.rs')]) {
    if (parent === file || !isInside(parent, root) || !fs.existsSync(parent)) continue;
    if (parentFile(parent)?.names.has(name)) return { parent, name };
  }
  return null;
}

const MOD_DECLARATION = /\bmod\s+(?:r#)?([A-Za-z_][A-Za-z0-9_]*)\s*;/g;

/** A parent file's text and the names of the modules it declares (from the text: no parse yet). */
function parentFile(parent: string): { text: string; names: Set<string>; contexts: Map<string, CodeContext> | null } | null {
  const stamp = fileStamp(parent);
  const cached = parents.get(parent);
  if (cached && cached.stamp === stamp) return cached;
  const text = readSource(parent, [] as InputError[]);
  if (text === null) return null;
  const entry = { stamp, text, names: new Set([...text.matchAll(MOD_DECLARATION)].map((m) => m[1])), contexts: null };
  parents.set(parent, entry);
  return entry;
}

/** The context of every `mod name;` in a parent file, parsed once. */
function contextsIn(parent: string, parser: RustParser, targets: RustTarget[]): Map<string, CodeContext> {
  const entry = parentFile(parent);
  if (!entry) return new Map();
  if (entry.contexts) return entry.contexts;
  const contexts = new Map<string, CodeContext>();
  const trees: Array<{ delete(): void }> = [];
  try {
    const tree = parser.parse(entry.text);
    trees.push(tree);
    const doc: RustDocument = { tree, root: tree.rootNode, row: 0, column: 0, outer: null, branchCfg: [], imports: emptyImports() };
    collectModItems(doc, parser, trees, 0, (found, item) => {
      const name = item.childForFieldName('name')?.text;
      if (name && !contexts.has(name)) contexts.set(name, codeContext(found, item, targets));
    });
  } finally {
    for (const tree of trees) tree.delete();
  }
  entry.contexts = contexts;
  entry.text = ''; // the text is no longer needed
  return contexts;
}

/** `mod name;` items of the document and of macro bodies that declare modules (`cfg_if!` branches). */
function collectModItems(doc: RustDocument, parser: RustParser, trees: Array<{ delete(): void }>, depth: number, found: (doc: RustDocument, item: Node) => void): void {
  for (const item of doc.root.descendantsOfType('mod_item')) {
    if (item && !item.childForFieldName('body')) found(doc, item);
  }
  if (depth > 3) return;
  const declares = /\bmod\s+(?:r#)?[A-Za-z_][A-Za-z0-9_]*\s*;/;
  for (const invocation of doc.root.descendantsOfType('macro_invocation')) {
    const tokenTree = invocation?.namedChildren.find((c) => c?.type === 'token_tree');
    if (!invocation || !tokenTree || !declares.test(tokenTree.text)) continue;
    const segments = pathSegments(invocation.childForFieldName('macro'));
    const branches = segments?.[segments.length - 1] === 'cfg_if' ? cfgIfBranches(tokenTree) : [{ tokenTree, branchCfg: [] }];
    for (const branch of branches) {
      if (declares.test(branch.tokenTree.text)) collectModItems(fragmentDocument(parser, trees, doc, { invocation, ...branch }), parser, trees, depth + 1, found);
    }
  }
}

