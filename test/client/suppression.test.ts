import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allowEntryEdit, suppressLineEdit } from 'wasi-ready/lsp/fixes/suppress';
import { REASON_PLACEHOLDER } from 'wasi-ready/lsp/protocol';
import { EXAMPLES } from '../support/paths';
import { clientModule } from './load';

type Reason = typeof import('../../client/src/suppression/reason');
const { hasPlaceholder, validateReason, withReason, fileEditsFrom } = clientModule<Reason>('suppression/reason');
type FileEdits = ReturnType<Reason['withReason']>;

/** The server's suppression edits (its own code), with the reason the user typed put in by the client. */
describe('client: suppression reason', () => {
  it('writes the reason into the server\'s line directive, in the file\'s comment syntax', () => {
    const file = path.join(EXAMPLES, 'rust-worker', 'src', 'main.rs');
    const text = fs.readFileSync(file, 'utf8');
    const document = TextDocument.create(pathToFileURL(file).toString(), 'rust', 1, text);
    const diagnostic: Diagnostic = { range: { start: { line: 85, character: 21 }, end: { line: 85, character: 39 } }, message: 'std::thread::spawn …', code: 'rust/threads' };
    const edit = suppressLineEdit(document, file, diagnostic);
    assert.ok(edit);
    const files: FileEdits = [{ uri: document.uri, edits: [edit] }];
    assert.equal(hasPlaceholder(files), true);

    const [filled] = withReason(files, '  the CLI build only; the component never spawns  ');
    const lines = TextDocument.applyEdits(document, filled.edits).split('\n');
    const original = text.split('\n');
    const indent = /^\s*/.exec(original[85])![0];
    assert.equal(lines[85], `${indent}// wasi-ready-ignore-next-line rust/threads -- the CLI build only; the component never spawns`);
    assert.equal(lines[86], original[85]);
    assert.equal(lines.length, original.length + 1);
  });

  it('JSON-escapes the reason in a new wasi-ready.config.json allow entry', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-client-'));
    try {
      const manifest = path.join(dir, 'package.json');
      fs.writeFileSync(manifest, '{ "dependencies": { "sharp": "^0.33.0" } }\n');
      const diagnostic: Diagnostic = {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'sharp …', code: 'npm/native-addon',
        data: { ruleId: 'npm/native-addon', capability: 'native-code', origin: 'dependency', package: { ecosystem: 'npm', name: 'sharp', version: '0.33.0', via: [] }, guarded: false, test: false },
      };
      const edit = allowEntryEdit(manifest, dir, diagnostic, () => undefined);
      assert.ok(edit);
      const files = textEdits(edit);
      assert.equal(files.length, 1);
      assert.match(files[0].uri, /\/wasi-ready\.config\.json$/);
      assert.equal(hasPlaceholder(files), true);

      const reason = 'only "build" scripts use it \\ never the handler';
      const [filled] = withReason(files, reason);
      const written = TextDocument.applyEdits(TextDocument.create(files[0].uri, 'json', 0, ''), filled.edits);
      assert.deepEqual(JSON.parse(written), { allow: [{ package: 'sharp', rule: 'npm/native-addon', reason }] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves edits without the placeholder as they are', () => {
    const files: FileEdits = [{ uri: 'file:///a.rs', edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '#[cfg(not(target_os = "wasi"))]\n' }] }];
    assert.equal(hasPlaceholder(files), false);
    assert.deepEqual(withReason(files, 'x'), files);
  });

  it('asks again for an empty reason or one that would leave the comment', () => {
    assert.match(validateReason('') ?? '', /Say why/);
    assert.match(validateReason('   ') ?? '', /Say why/);
    assert.match(validateReason('first line\nrm -rf /') ?? '', /one line/);
    assert.match(validateReason('a\u2028b') ?? '', /one line/);
    assert.equal(validateReason('the CLI build only'), undefined);
  });

  it('takes back only well-formed edits as the command\'s argument', () => {
    const good: FileEdits = [{ uri: 'file:///a.py', edits: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: `# wasi-ready-ignore-next-line python/threads -- ${REASON_PLACEHOLDER}\n` }] }];
    assert.deepEqual(fileEditsFrom(JSON.parse(JSON.stringify(good))), good);
    for (const bad of [undefined, {}, [{ uri: 1, edits: [] }], [{ uri: 'file:///a', edits: [{ newText: 'x' }] }], [{ uri: 'file:///a', edits: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, newText: 'x' }] }]]) {
      assert.equal(fileEditsFrom(bad), undefined, JSON.stringify(bad));
    }
  });
});

/** The text edits of a WorkspaceEdit per file, as VS Code's WorkspaceEdit.entries() gives them to the client. */
function textEdits(edit: WorkspaceEdit): FileEdits {
  const out: FileEdits = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change) out.push({ uri: change.textDocument.uri, edits: (change as TextDocumentEdit).edits.flatMap((e) => ('newText' in e ? [{ range: e.range, newText: e.newText }] : [])) });
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) out.push({ uri, edits });
  return out;
}
