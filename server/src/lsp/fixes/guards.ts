import type { Position, TextEdit } from 'vscode-languageserver/node';
import type { Node, Tree } from 'web-tree-sitter';
import { cParser } from '../../engine/detectors/c/parser';
import { pythonParser } from '../../engine/detectors/python/parser';
import { rustParser } from '../../engine/detectors/rust/parser';

/**
 * Quick fixes that keep a use out of wasm builds, each in its language's own way. They change what the wasm
 * build does (the guarded code is simply not there), so they are offered one by one, never by "fix all".
 */
export interface Guard {
  title: string;
  /** Edits for the use at `at`, or null when the code around it has no shape to guard. */
  edits(text: string, at: Position): Promise<TextEdit[] | null> | TextEdit[] | null;
}

/** `#[cfg(not(target_os = "wasi"))]` on the innermost item holding the use (wasm32-wasip1 and wasip2 both say target_os = "wasi"). */
export const rustGuard: Guard = {
  title: 'Leave this item out of wasm builds: #[cfg(not(target_os = "wasi"))]',
  async edits(text, at) {
    const parser = await rustParser();
    return withTree(parser.parse(text), (tree) => {
      const item = enclosing(tree, at, (node) => RUST_ITEMS.has(node.type)) ?? attributedItem(tree, at);
      if (!item) return null;
      const row = item.startPosition.row;
      const indent = indentation(lineAt(text, row));
      return [insertLine(row, `${indent}#[cfg(not(target_os = "wasi"))]`)];
    });
  },
};

/** An outer attribute's item (`#[tokio::main]` → `async fn main`): the attribute's next sibling that is not an attribute. */
function attributedItem(tree: Tree, at: Position): Node | null {
  const attribute = enclosing(tree, at, (node) => node.type === 'attribute_item');
  let next = attribute?.nextNamedSibling ?? null;
  while (next && (next.type === 'attribute_item' || next.type === 'line_comment' || next.type === 'block_comment')) next = next.nextNamedSibling;
  return next && RUST_ITEMS.has(next.type) ? next : null;
}

const RUST_ITEMS = new Set([
  'function_item', 'use_declaration', 'struct_item', 'enum_item', 'impl_item', 'trait_item', 'mod_item', 'static_item',
  'const_item', 'foreign_mod_item', 'extern_crate_declaration', 'type_item', 'macro_definition',
]);

/** `//go:build !wasip1` on the file (GOOS=wasip1 is the wasm build), joined to a constraint the file already has. */
export const goGuard: Guard = {
  title: 'Leave this file out of wasip1 builds: //go:build !wasip1',
  edits(text) {
    const lines = text.split(/\r?\n/);
    for (let row = 0; row < lines.length; row++) {
      const line = lines[row];
      if (/^\s*package\s/.test(line)) break;
      const existing = /^\/\/go:build\s+(.*?)\s*$/.exec(line);
      if (existing) {
        if (/(^|[\s(&|])!wasip1\b/.test(existing[1])) return null;
        const expression = /\|\|/.test(existing[1]) ? `(${existing[1]})` : existing[1];
        return [{ range: { start: { line: row, character: 0 }, end: { line: row, character: line.length } }, newText: `//go:build ${expression} && !wasip1` }];
      }
    }
    return [insertLine(0, '//go:build !wasip1\n')];
  },
};

/** `if sys.platform != "wasi":` around the statement holding the use, and `import sys` when the module lacks it. */
export const pythonGuard: Guard = {
  title: 'Guard this statement with sys.platform != "wasi"',
  async edits(text, at) {
    const parser = await pythonParser();
    return withTree(parser.parse(text), (tree) => {
      const statement = enclosing(tree, at, (node) => node.parent?.type === 'block' || node.parent?.type === 'module');
      if (!statement) return null;
      const lines = text.split(/\r?\n/);
      const first = statement.startPosition.row;
      const last = statement.endPosition.row;
      const indent = indentation(lines[first]);
      const unit = indentUnit(lines);
      const body = lines.slice(first, last + 1).map((line) => (line.trim() === '' ? line : unit + line));
      const edits: TextEdit[] = [{
        range: { start: { line: first, character: 0 }, end: { line: last, character: lines[last].length } },
        newText: [`${indent}if sys.platform != "wasi":`, ...body].join('\n'),
      }];
      if (!importsSys(tree.rootNode)) edits.unshift(insertLine(afterImports(tree.rootNode, lines), 'import sys'));
      return edits;
    });
  },
};

/** `#ifndef __wasi__` … `#endif` around the statement or declaration holding the use. */
export const cGuard: Guard = {
  title: 'Guard this code with #ifndef __wasi__',
  async edits(text, at) {
    const parser = await cParser();
    return withTree(parser.parse(text), (tree) => {
      const statement = enclosing(tree, at, (node) => C_BLOCKS.has(node.parent?.type ?? ''));
      if (!statement) return null;
      return [insertLine(statement.startPosition.row, '#ifndef __wasi__'), insertLine(statement.endPosition.row + 1, '#endif')];
    });
  },
};

const C_BLOCKS = new Set(['compound_statement', 'translation_unit', 'declaration_list', 'linkage_specification']);

function withTree<T>(tree: Tree, use: (tree: Tree) => T): T {
  try {
    return use(tree);
  } finally {
    tree.delete();
  }
}

/** The innermost node at `at` (then its ancestors) that `accept` takes. */
function enclosing(tree: Tree, at: Position, accept: (node: Node) => boolean): Node | null {
  for (let node: Node | null = tree.rootNode.descendantForPosition({ row: at.line, column: at.character }); node; node = node.parent) {
    if (node.type !== 'module' && node.type !== 'translation_unit' && node.type !== 'source_file' && accept(node)) return node;
  }
  return null;
}

function importsSys(root: Node): boolean {
  for (const child of root.namedChildren) {
    if (!child) continue;
    if (child.type === 'import_statement' && /(^|[\s,])sys(\s|,|$)/.test(child.text.replace(/^import\s+/, ' '))) return true;
  }
  return false;
}

/** The row after the module's last top-level import, else after a leading docstring, shebang or comments. */
function afterImports(root: Node, lines: string[]): number {
  let row = -1;
  for (const child of root.namedChildren) {
    if (child && (child.type === 'import_statement' || child.type === 'import_from_statement' || child.type === 'future_import_statement')) row = child.endPosition.row;
  }
  if (row >= 0) return row + 1;
  const first = root.namedChildren[0];
  if (first?.type === 'expression_statement' && first.firstNamedChild?.type === 'string') return first.endPosition.row + 1;
  let top = 0;
  while (top < lines.length && lines[top].startsWith('#')) top++;
  return top;
}

function insertLine(row: number, text: string): TextEdit {
  return { range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: `${text}\n` };
}

function lineAt(text: string, row: number): string {
  return text.split(/\r?\n/)[row] ?? '';
}

function indentation(line: string): string {
  return /^\s*/.exec(line)![0];
}

/** The file's own indentation step (its smallest indentation), four spaces when nothing is indented. */
function indentUnit(lines: string[]): string {
  let unit: string | null = null;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = indentation(line);
    if (indent.startsWith('\t')) return '\t';
    if (indent.length > 0 && (unit === null || indent.length < unit.length)) unit = indent;
  }
  return unit ?? '    ';
}
