import type { Point, Tree } from 'web-tree-sitter';

/** How a parser takes an earlier tree of the same document: tree-sitter reuses the subtrees an edit left alone. */
export interface IncrementalParser {
  parse(text: string, previous?: Tree): Tree;
}

/** Documents an editor holds open at once, in practice; the least recently analysed one is dropped beyond it. */
const KEPT = 16;

/**
 * The last tree of each document analysed from an editor's unsaved text (AnalyzeOptions.text), so a keystroke
 * reparses only what it touched: a full parse of a 5,000-line Rust file is ~40 ms, an incremental one a few.
 * The edit is found by comparing texts (common prefix and suffix), so no editor event is needed. Trees handed
 * out stay owned here: callers must not delete them.
 */
export class EditorTrees {
  private readonly kept = new Map<string, { text: string; tree: Tree }>();

  parse(file: string, text: string, parser: IncrementalParser): Tree {
    const previous = this.kept.get(file);
    this.kept.delete(file);
    let tree: Tree;
    if (previous && previous.text === text) {
      tree = previous.tree;
    } else if (previous) {
      previous.tree.edit(editBetween(previous.text, text));
      tree = parser.parse(text, previous.tree);
      previous.tree.delete();
    } else {
      tree = parser.parse(text);
    }
    this.kept.set(file, { text, tree });
    if (this.kept.size > KEPT) {
      const [oldest] = this.kept.keys();
      this.kept.get(oldest)!.tree.delete();
      this.kept.delete(oldest);
    }
    return tree;
  }
}

/** The single replaced span that turns `before` into `after`, in tree-sitter's edit terms (UTF-16 indices, as web-tree-sitter counts). */
export function editBetween(before: string, after: string): {
  startIndex: number; oldEndIndex: number; newEndIndex: number; startPosition: Point; oldEndPosition: Point; newEndPosition: Point;
} {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < limit - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  return {
    startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd,
    startPosition: pointAt(before, start), oldEndPosition: pointAt(before, oldEnd), newEndPosition: pointAt(after, newEnd),
  };
}

function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}
