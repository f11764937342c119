import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { rustParser } from 'wasi-ready/engine/detectors/rust/parser';
import { EditorTrees } from 'wasi-ready/engine/detectors/source/editorTrees';
import { REPO } from '../support/paths';

const SOURCE = path.join(REPO, 'test', 'fixtures', 'lsp', 'orders', 'src', 'main.rs');
const TS_SOURCE = path.join(REPO, 'test', 'fixtures', 'js', 'media-service', 'src', 'storage.ts');

/** Keystrokes as an editor sends them: inserts, deletes and replacements anywhere, some with characters beyond ASCII. */
function edits(text: string, count: number, snippet = 'std::thread::spawn(|| ());'): string[] {
  const versions: string[] = [];
  let current = text;
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['x', ' ', '\n', '// é', '"ß"', '🦀', '{', '}', snippet, 'fs::write("a", b"b")'];
  for (let i = 0; i < count; i++) {
    const at = random(current.length + 1);
    const removed = random(4) === 0 ? random(6) : 0;
    const inserted = random(3) === 0 ? '' : pieces[random(pieces.length)];
    current = current.slice(0, at) + inserted + current.slice(at + removed);
    versions.push(current);
  }
  return versions;
}

describe('incremental parsing of an editor\'s unsaved text (tree-sitter for Rust, TypeScript\'s own for JS/TS)', function () {
  this.timeout(120_000);

  it('each edited tree is the tree a full parse gives, through 200 random keystrokes', async () => {
    const parser = await rustParser();
    const trees = new EditorTrees();
    for (const text of [fs.readFileSync(SOURCE, 'utf8'), ...edits(fs.readFileSync(SOURCE, 'utf8'), 200)]) {
      const incremental = trees.parse('main.rs', text, parser).rootNode.toString();
      const full = parser.parse(text);
      assert.equal(incremental, full.rootNode.toString());
      full.delete();
    }
  });

  for (const [language, source, name] of [['Rust', SOURCE, 'main.rs'], ['TypeScript', TS_SOURCE, 'storage.ts']]) {
  it(`${language}: findings on unsaved text equal the findings on the same text saved, keystroke after keystroke`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-trees-'));
    try {
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'Cargo.toml'), '[package]\nname = "orders"\nversion = "0.3.0"\nedition = "2021"\n');
      const open = path.join(dir, 'src', name);
      const saved = path.join(dir, 'src', `saved${path.extname(name)}`);
      const brief = (findings: Array<{ ruleId: string; line: number; column: number; endColumn: number; severity: string }>) => findings.map((f) => `${f.ruleId} ${f.line}:${f.column}-${f.endColumn} ${f.severity}`);
      let compared = 0;
      for (const text of edits(fs.readFileSync(source, 'utf8'), 60, language === 'Rust' ? undefined : 'fs.writeFileSync("a", "b");')) {
        fs.writeFileSync(saved, text);
        const fromEditor = await check([dir], { cwd: dir, only: [open], documents: new Map([[open, text]]) });
        const fromDisk = await check([dir], { cwd: dir, only: [saved] });
        assert.deepEqual(brief(fromEditor.findings), brief(fromDisk.findings));
        compared += fromDisk.findings.length;
      }
      assert.ok(compared > 60, `the edits keep findings to compare (${compared})`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  }
});
