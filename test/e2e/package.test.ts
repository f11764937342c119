import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { CLI, REPO } from '../support/paths';
import { megabytes, packageExtension } from '../support/vsix';

/**
 * The .vsix `npm run package` builds: what it holds, and that its bundled server, unpacked where there is no
 * node_modules, reports exactly what the tsc build does (rules/, docs/ and the grammars all found).
 */
const PROJECTS = [
  'examples/spin-app', // .wasm core modules and components, C sources, spin.toml
  'examples/rust-worker',
  'test/fixtures/editor', // Cargo.toml + Cargo.lock, Rust with tokio
  'test/fixtures/js', // TypeScript, loaded lazily
  'test/fixtures/python',
  'test/fixtures/go',
  'test/fixtures/c',
  'test/fixtures/npm',
  'test/fixtures/cargo',
];

describe('npm run package: the .vsix', function () {
  this.timeout(300_000);
  let entries: Map<string, Buffer>;
  let unpacked: string;

  before(() => {
    const { vsix } = packageExtension();
    console.log(`      ${path.basename(vsix)}: ${megabytes(vsix)}`);
    entries = unzip(fs.readFileSync(vsix));
    unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-vsix-'));
    for (const [entry, data] of entries) {
      if (!entry.startsWith('extension/') || entry.endsWith('/')) continue;
      const file = path.join(unpacked, entry);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, data);
    }
  });

  after(() => {
    if (unpacked) fs.rmSync(unpacked, { recursive: true, force: true });
  });

  it('holds the bundles, rules/, docs/ and the grammar, and no tests, fixtures, benchmarks, sources or node_modules', () => {
    const names = [...entries.keys()];
    for (const needed of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/ts-morph.js', 'extension/dist/tree-sitter.wasm',
      'extension/dist/tree-sitter-rust.wasm', 'extension/rules/rules.json', 'extension/docs/rules/rust/threads.md', 'extension/docs/schema/config.schema.json', 'extension/syntaxes/wit.tmLanguage.json']) {
      assert.ok(names.includes(needed), `${needed} is missing`);
    }
    const unwanted = names.filter((n) => /(^|\/)(test|tests|fixtures|bench|node_modules|examples|\.work)\//.test(n) || /\.(ts|map|tsbuildinfo)$/.test(n));
    assert.deepEqual(unwanted, []);
    const manifest = JSON.parse(entries.get('extension/package.json')!.toString('utf8')) as Record<string, unknown>;
    assert.equal(manifest.main, './dist/extension.js');
    assert.ok(!('files' in manifest) && !('dependencies' in manifest));
  });

  it('its server reports what the tsc build reports, on every language\'s projects, outside the repository', () => {
    const server = path.join(unpacked, 'extension', 'dist', 'server.js');
    for (const project of PROJECTS) {
      const dir = path.join(REPO, project);
      const expected = check(CLI, dir);
      const actual = check(server, dir);
      assert.deepEqual(actual, expected, project);
      for (const finding of actual.findings as { docs: string }[]) {
        assert.ok(fs.existsSync(path.join(unpacked, 'extension', finding.docs)), `${finding.docs} is not in the .vsix`);
      }
    }
  });
});

/** `check --format json` without its timing, which differs run to run. */
function check(cli: string, dir: string): Record<string, unknown> {
  const result = spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json'], { encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, `${cli} check ${dir}: exit ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout, (key, value: unknown) => (key === 'ms' ? undefined : value)) as Record<string, unknown>;
}

/** The entries of a zip archive (stored or deflated), read from its central directory. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(data, data + size);
    entries.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}
