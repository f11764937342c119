import * as fs from 'node:fs';
import * as path from 'node:path';
import { modify, parseTree, findNodeAtLocation } from 'jsonc-parser';
import type { CreateFile, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { commentSyntax } from '../../engine/suppressions';
import { fileUri } from '../analyzer';
import type { FindingData } from '../diagnostics';
import { REASON_PLACEHOLDER } from '../protocol';

const CONFIG_NAME = 'wasi-ready.config.json';

/**
 * Suppressions in the file's own comment syntax (engine/suppressions.ts reads them back). The reason is
 * REASON_PLACEHOLDER: the VS Code client asks for the real one; other editors leave the placeholder for the
 * user to replace, and until then the directive is reported as one without a reason.
 */
export function suppressLineEdit(document: TextDocument, file: string, diagnostic: Diagnostic): TextEdit | null {
  const marker = commentMarker(file);
  if (!marker) return null;
  const row = diagnostic.range.start.line;
  const line = document.getText({ start: { line: row, character: 0 }, end: { line: row + 1, character: 0 } });
  const indent = /^\s*/.exec(line)![0];
  return { range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: `${indent}${marker} wasi-ready-ignore-next-line ${diagnostic.code} -- ${REASON_PLACEHOLDER}\n` };
}

export function suppressFileEdit(document: TextDocument, file: string, ruleId: string): TextEdit | null {
  const marker = commentMarker(file);
  if (!marker) return null;
  // After a shebang or a Python encoding line, which must stay first.
  let row = 0;
  while (row < 2 && /^(#!|#.*coding[:=])/.test(document.getText({ start: { line: row, character: 0 }, end: { line: row + 1, character: 0 } }))) row++;
  return { range: { start: { line: row, character: 0 }, end: { line: row, character: 0 } }, newText: `${marker} wasi-ready-ignore-file ${ruleId} -- ${REASON_PLACEHOLDER}\n` };
}

function commentMarker(file: string): string | null {
  const syntax = commentSyntax(file);
  return syntax === 'slash' ? '//' : syntax === 'hash' ? '#' : null;
}

/**
 * Where a file has no comments (package.json): an `allow` entry for the package and rule in the nearest
 * wasi-ready.config.json up to the workspace folder, or a new config beside the manifest.
 */
export function allowEntryEdit(file: string, folder: string, diagnostic: Diagnostic, openText: (file: string) => string | undefined): WorkspaceEdit | null {
  const data = diagnostic.data as FindingData | undefined;
  if (!data?.package) return null;
  const entry = { package: data.package.name, rule: data.ruleId, reason: REASON_PLACEHOLDER };
  const existing = nearestConfig(path.dirname(file), folder);
  if (!existing) {
    const config = path.join(path.dirname(file), CONFIG_NAME);
    const text = `${JSON.stringify({ allow: [entry] }, null, 2)}\n`;
    const create: CreateFile = { kind: 'create', uri: fileUri(config), options: { ignoreIfExists: true } };
    const edit: TextDocumentEdit = { textDocument: { uri: fileUri(config), version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] };
    return { documentChanges: [create, edit] };
  }
  const text = openText(existing) ?? readConfig(existing);
  if (text === null) return null;
  const root = parseTree(text);
  const allow = root ? findNodeAtLocation(root, ['allow']) : undefined;
  const at = allow?.type === 'array' ? ['allow', allow.children?.length ?? 0] : ['allow'];
  const value = allow?.type === 'array' ? entry : [entry];
  const edits = modify(text, at, value, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' }, isArrayInsertion: allow?.type === 'array' });
  const config = TextDocument.create(fileUri(existing), 'json', 0, text);
  return {
    changes: {
      [fileUri(existing)]: edits.map((e) => ({ range: { start: config.positionAt(e.offset), end: config.positionAt(e.offset + e.length) }, newText: e.content })),
    },
  };
}

function nearestConfig(dir: string, folder: string): string | null {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, CONFIG_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (path.relative(folder, current) === '' || current === path.dirname(current) || path.relative(folder, current).startsWith('..')) return null;
  }
}

function readConfig(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
