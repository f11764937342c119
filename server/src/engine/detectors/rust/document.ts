import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../../model';
import type { CfgPredicate } from './cfg';
import type { FragmentRequest } from './macros';
import type { RustParser } from './parser';
import { emptyImports, type Imports } from './scope';

/**
 * One parsed piece of a Rust file: the file itself, or the token tree of a macro invocation parsed again as
 * code (`cfg_if! { … }`, tokio's `cfg_rt! { … }`). Positions map back to the file; a fragment sees the
 * `use` declarations and the guards around its macro.
 */
export interface RustDocument {
  tree: Tree;
  root: Node;
  /** Where the fragment's first character sits in the file (0-based row; column in UTF-16 code units). */
  row: number;
  column: number;
  /** The macro invocation this fragment was parsed from. */
  outer: { doc: RustDocument; node: Node } | null;
  /** cfg_if! branch conditions that must hold for this fragment to be compiled. */
  branchCfg: CfgPredicate[];
  imports: Imports;
}

/** 1-based range in the file, columns in UTF-16 code units (web-tree-sitter reads a JS string as UTF-16). */
export function fileRange(doc: RustDocument, start: Node, end: Node = start): Range {
  const from = start.startPosition;
  const to = end.endPosition;
  return {
    line: doc.row + from.row + 1,
    column: (from.row === 0 ? doc.column : 0) + from.column + 1,
    endLine: doc.row + to.row + 1,
    endColumn: (to.row === 0 ? doc.column : 0) + to.column + 1,
  };
}

/** A macro's token tree parsed as a file of its own, positioned where it sits; its tree joins `trees` to be deleted. */
export function fragmentDocument(parser: RustParser, trees: Array<{ delete(): void }>, doc: RustDocument, request: FragmentRequest): RustDocument {
  const tree = parser.parse(request.tokenTree.text.slice(1, -1));
  trees.push(tree);
  const start = request.tokenTree.startPosition;
  return {
    tree,
    root: tree.rootNode,
    row: doc.row + start.row,
    column: (start.row === 0 ? doc.column : 0) + start.column + 1,
    outer: { doc, node: request.invocation },
    branchCfg: request.branchCfg,
    imports: emptyImports(),
  };
}
