import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { knowledge } from 'wasi-ready/engine/knowledge/load';
import { EXAMPLES, REPO } from '../../support/paths';
import { row, sourceRows as sourceRowsOf, type Row } from '../../support/findingRows';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'js');
/** Two hosts that run JavaScript on StarlingMonkey (no Node built-ins at all) and one that runs it natively in V8. */
const TARGETS = ['spin', 'fastly-compute', 'cloudflare-workers'];

const sourceRows = (dir: string, targets = TARGETS): Promise<Row[]> => sourceRowsOf(dir, targets);

const all = { spin: 'error', 'fastly-compute': 'error', 'cloudflare-workers': 'error' };
const allInfo = { spin: 'info', 'fastly-compute': 'info', 'cloudflare-workers': 'info' };
// Workers (nodejs_compat) has node:fs, node:dns and outbound TCP; StarlingMonkey has no Node module at all.
const wasmOnly = { spin: 'error', 'fastly-compute': 'error' };
const wasmOnlyInfo = { spin: 'info', 'fastly-compute': 'info' };

/**
 * A Node media service written as teams write one (TypeScript ESM, a CommonJS helper, node:test tests):
 * every js/* rule has a hit, a guarded use (runtime checks in src/desktop.ts, an early return on
 * process.platform) and a use in test code; src/misc.ts holds look-alikes that are not Node APIs.
 */
describe('JavaScript/TypeScript sources: findings per rule (test/fixtures/js/media-service)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    assert.deepEqual(await sourceRows(path.join(FIXTURES, 'media-service')), [
      ['src/__tests__/network.test.ts', 11, 40, 51, 'js/sockets-listen', allInfo, 'test'],
      ['src/__tests__/network.test.ts', 12, 18, 29, 'js/sockets-outbound', wasmOnlyInfo, 'test'],
      ['src/__tests__/network.test.ts', 14, 20, 32, 'js/fs-read', wasmOnlyInfo, 'test'],
      ['src/__tests__/network.test.ts', 15, 18, 28, 'js/threads', allInfo, 'test'],
      ['src/__tests__/network.test.ts', 16, 3, 13, 'js/signals', allInfo, 'test'],
      ['src/__tests__/network.test.ts', 17, 17, 24, 'js/dynamic-loading', allInfo, 'test'],
      ['src/__tests__/network.test.ts', 18, 25, 57, 'js/native-code', allInfo, 'test'],
      ['src/__tests__/network.test.ts', 20, 3, 17, 'js/native-code', allInfo, 'test'],
      ['src/__tests__/network.test.ts', 22, 3, 11, 'js/http-outbound', wasmOnlyInfo, 'test'],
      ['src/desktop.ts', 12, 29, 41, 'js/fs-read', wasmOnlyInfo, 'guarded'],
      ['src/desktop.ts', 13, 3, 13, 'js/threads', allInfo, 'guarded'],
      ['src/desktop.ts', 14, 3, 57, 'js/sockets-listen', allInfo, 'guarded'],
      ['src/desktop.ts', 15, 3, 14, 'js/sockets-outbound', wasmOnlyInfo, 'guarded'],
      ['src/desktop.ts', 16, 3, 8, 'js/process', allInfo, 'guarded'],
      ['src/desktop.ts', 17, 3, 13, 'js/signals', allInfo, 'guarded'],
      ['src/desktop.ts', 18, 18, 25, 'js/dynamic-loading', allInfo, 'guarded'],
      ['src/desktop.ts', 19, 26, 47, 'js/native-code', allInfo, 'guarded'],
      ['src/jobs.ts', 9, 20, 30, 'js/threads', all, '-'],
      ['src/jobs.ts', 16, 28, 31, 'js/process', all, '-'], // run = promisify(execFile)
      ['src/jobs.ts', 21, 18, 23, 'js/process', all, '-'],
      ['src/jobs.ts', 22, 34, 45, 'js/process', all, '-'], // ffmpeg.kill: the spawned child's handle
      ['src/lib/native.cjs', 8, 19, 51, 'js/native-code', all, '-'],
      ['src/lib/native.cjs', 15, 10, 28, 'js/dynamic-loading', all, '-'], // the require createRequire made
      ['src/lib/native.cjs', 19, 10, 17, 'js/dynamic-loading', all, '-'],
      ['src/lib/native.cjs', 24, 3, 17, 'js/native-code', all, '-'],
      ['src/network.ts', 7, 18, 29, 'js/sockets-outbound', wasmOnly, '-'],
      ['src/network.ts', 12, 29, 35, 'js/sockets-outbound', wasmOnly, '-'],
      ['src/network.ts', 17, 18, 36, 'js/sockets-outbound', wasmOnly, '-'],
      ['src/network.ts', 19, 3, 14, 'js/sockets-listen', all, '-'],
      ['src/server.ts', 31, 16, 26, 'js/sockets-listen', all, '-'],
      ['src/server.ts', 34, 1, 14, 'js/sockets-listen', all, '-'], // health.listen: createServer itself is not reported again
      ['src/shutdown.ts', 7, 3, 13, 'js/signals', all, '-'],
      ['src/shutdown.ts', 8, 3, 15, 'js/signals', all, '-'],
      ['src/shutdown.ts', 16, 3, 15, 'js/signals', allInfo, 'guarded'], // after `if (process.platform === 'win32') return;`
      ['src/shutdown.ts', 20, 3, 15, 'js/signals', all, '-'],
      ['src/storage.ts', 9, 9, 14, 'js/fs-write', wasmOnly, '-'],
      ['src/storage.ts', 11, 9, 18, 'js/fs-write', wasmOnly, '-'],
      ['src/storage.ts', 16, 22, 30, 'js/fs-read', wasmOnly, '-'],
      ['src/storage.ts', 21, 24, 28, 'js/fs-write', wasmOnly, '-'], // open(…, 'a')
      ['src/storage.ts', 23, 11, 23, 'js/fs-write', wasmOnly, '-'], // handle.write on the FileHandle open gave
      ['src/storage.ts', 31, 14, 25, 'js/fs-read', wasmOnly, '-'], // openSync(file, 'r'): a read, not a write
      ['src/storage.ts', 33, 3, 14, 'js/fs-read', wasmOnly, '-'],
      ['src/storage.ts', 59, 5, 21, 'js/fs-write', wasmOnlyInfo, 'guarded'],
      ['test/storage.test.ts', 10, 15, 26, 'js/fs-write', wasmOnlyInfo, 'test'],
      ['test/storage.test.ts', 12, 3, 16, 'js/fs-write', wasmOnlyInfo, 'test'],
      ['test/storage.test.ts', 14, 3, 15, 'js/process', allInfo, 'test'],
      ['test/storage.test.ts', 15, 3, 9, 'js/fs-write', wasmOnlyInfo, 'test'],
    ]);
  });

  it('look-alikes are not findings: own methods named writeFile/spawn/listen/connect/fetch, a web Worker, exit handlers, a literal require of a .js file', async () => {
    assert.deepEqual(await sourceRows(path.join(FIXTURES, 'media-service', 'src', 'misc.ts')), []);
  });

  it('every js/* rule has a hit, a guarded use and a test-code use in the table above, or below for http-outbound', async () => {
    const rows = await sourceRows(path.join(FIXTURES, 'media-service'));
    const rules = [...knowledge().rules.keys()].filter((id) => id.startsWith('js/') && id !== 'js/http-outbound');
    for (const rule of rules) {
      for (const kind of ['-', 'guarded', 'test'] as const) assert.ok(rows.some((r) => r[4] === rule && r[6] === kind), `${rule}: no ${kind} row`);
    }
  });

  it('js/http-outbound: fetch is a finding only on a host without outbound HTTP', async () => {
    const kb = knowledge();
    const noHttp = structuredClone(kb.hosts.find((h) => h.id === 'wasi-http')!);
    noHttp.id = 'no-http';
    noHttp.httpOutbound = { ...noHttp.httpOutbound, value: false, says: 'sends no outbound HTTP' };
    delete noHttp.languageRuntimes; // its JavaScript runs natively: only the capability decides
    const result = await check([path.join(FIXTURES, 'media-service')], { targets: ['no-http', 'spin'], knowledge: { ...kb, hosts: [...kb.hosts, noHttp] } });
    const fetches = result.findings.filter((f) => f.ruleId === 'js/http-outbound').map(row);
    assert.deepEqual(fetches, [
      ['src/__tests__/network.test.ts', 19, 26, 31, 'js/http-outbound', { 'no-http': 'info' }, 'test'],
      ['src/__tests__/network.test.ts', 22, 3, 11, 'js/http-outbound', { 'no-http': 'info', spin: 'info' }, 'test'], // http.get: no node:http on StarlingMonkey
      ['src/desktop.ts', 20, 8, 13, 'js/http-outbound', { 'no-http': 'info' }, 'guarded'],
      ['src/network.ts', 23, 26, 31, 'js/http-outbound', { 'no-http': 'warning' }, '-'],
    ]);
    assert.match(result.findings.find((f) => f.file === 'src/network.ts' && f.ruleId === 'js/http-outbound')!.message, /^fetch sends an HTTP request: no-http sends no outbound HTTP; /);
  });

  it('messages name the API as the rules know it, the argument that decided, and what to do instead', async () => {
    const result = await check([path.join(FIXTURES, 'media-service')], { targets: ['spin'] });
    const at = (file: string, line: number): string => result.findings.find((f) => f.file === file && f.line === line)!.message;
    assert.equal(at('src/shutdown.ts', 7), "process.on('SIGTERM') installs a signal handler: spin runs JavaScript on StarlingMonkey (StarlingMonkey has no process global or module: the bundle fails to build, or the component fails to initialise (\"Dynamic require of … is not supported\")); drop the handler: the host ends the instance after each request");
    assert.match(at('src/storage.ts', 11), /^fs\/promises\.writeFile writes a file: spin runs JavaScript on StarlingMonkey \(StarlingMonkey has no Node built-in modules: .*\); keep state in a key-value store /);
    assert.match(at('src/lib/native.cjs', 8), /^"\.\.\/\.\.\/build\/Release\/phash\.node" loads a compiled native addon \(\.node file\): spin runs JavaScript on StarlingMonkey \(a \.node file is native machine code: no Wasm runtime loads native \.node addons\)/);
    assert.match(at('src/server.ts', 31), /^express\.Application\.listen starts an HTTP server for the Express app: spin runs JavaScript on StarlingMonkey \(Express requires node:http, which StarlingMonkey lacks: .*\); export a fetch handler and let the host accept connections/);
    // A host that runs JavaScript natively is asked about the capability itself.
    const workers = await check([path.join(FIXTURES, 'media-service', 'src', 'storage.ts')], { targets: ['cloudflare-workers'], cwd: FIXTURES });
    assert.deepEqual(workers.findings, []);
  });
});

describe('JavaScript/TypeScript sources: code written for Wasm hosts comes out clean', function () {
  this.timeout(60_000);

  it('a Spin JS SDK HTTP component (itty-router, spin-kv, spin-variables, fetch)', async () => {
    assert.deepEqual(await check([path.join(FIXTURES, 'spin-handler')], { targets: ['spin', 'akamai-functions'] }).then((r) => r.findings), []);
  });

  it('a Fastly Compute JS service (fastly:kv-store, fastly:config-store, fetch to a backend)', async () => {
    assert.deepEqual(await check([path.join(FIXTURES, 'fastly-edge')], { targets: ['fastly-compute'] }).then((r) => r.findings), []);
  });

  it('the componentize-js handler in examples/js-handler', async () => {
    assert.deepEqual(await check([path.join(EXAMPLES, 'js-handler', 'handler.js')], { targets: ['spin', 'wasmtime-serve'] }).then((r) => r.findings), []);
  });
});

describe('JavaScript/TypeScript sources: bad input', function () {
  this.timeout(60_000);

  it('a binary file named .js, a file cut mid-statement and an empty file: a located error or nothing, never a crash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-js-bad-'));
    try {
      fs.writeFileSync(path.join(dir, 'blob.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0x66, 0x73]));
      fs.writeFileSync(path.join(dir, 'cut.ts'), "import { writeFileSync } from 'node:fs';\nwriteFileSync('/tmp/x', 'y'\nexport function (");
      fs.writeFileSync(path.join(dir, 'empty.mjs'), '');
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.errors, [{ file: 'blob.js', message: 'skipped: binary content (a NUL byte) in a source file', offset: 4 }]);
      // The parser recovers: the call before the syntax error is still found.
      assert.deepEqual(result.findings.map(row), [['cut.ts', 2, 1, 14, 'js/fs-write', { spin: 'error' }, '-']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
