import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { grants, inventory, type GrantsResult, type InventoryResult } from 'wasi-ready';
import { CLI, REPO } from '../support/paths';

function run(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const packageRows = (r: InventoryResult): unknown[] => r.packages.map((p) => [p.name, p.version, `${p.manifest}:${p.line}`, p.path, p.needs.map((n) => n.ruleId)]);
/** [where, rule, literal argument, test, guarded, the one target's verdict] */
const codeRows = (r: InventoryResult): unknown[] => r.code.map((c) => [`${c.file}:${c.line}:${c.column}`, c.ruleId, c.argument, c.test, c.guarded, Object.values(c.hosts)[0]]);

describe('wasi-ready inventory', () => {
  it('examples/node-api: every package that needs native code or files, with its inclusion path, and the listen', async () => {
    const r = await inventory([path.join(REPO, 'examples/node-api')], { capabilities: ['native-code', 'fs-read', 'fs-write', 'sockets-outbound', 'sockets-listen', 'threads'] });
    assert.deepEqual(r.targets, ['wasi-http']);
    assert.deepEqual(packageRows(r), [
      ['bcrypt', '5.1.1', 'package.json:12', 'bcrypt ← package.json', ['dependency/native-code']],
      ['better-sqlite3', '11.10.0', 'package.json:13', 'better-sqlite3 ← package.json', ['dependency/fs-write', 'dependency/native-code']],
      ['dotenv', '16.6.1', 'package.json:14', 'dotenv ← package.json', ['dependency/fs-read']],
      ['pg', '8.23.1', 'package.json:16', 'pg ← package.json', ['dependency/sockets-outbound']],
      ['sharp', '0.33.5', 'package.json:17', 'sharp ← package.json', ['dependency/native-code', 'dependency/threads']],
    ]);
    assert.deepEqual(codeRows(r), [['src/server.js:40:1', 'js/sockets-listen', null, false, false, 'error']]);
    // The alternative is the knowledge base's: the package entry's own, else the capability's.
    const pg = r.packages.find((p) => p.name === 'pg')!.needs[0];
    assert.match(pg.instead, /@neondatabase\/serverless/);
    assert.deepEqual(r.summary.packages, 5);
  });

  it('test/fixtures/js/media-service: outbound uses whether or not the host provides them (fetch is ok on wasi-http and still listed)', async () => {
    const r = await inventory([path.join(REPO, 'test/fixtures/js/media-service')], { capabilities: ['sockets-outbound', 'http-outbound'] });
    assert.deepEqual(packageRows(r), []);
    assert.deepEqual(codeRows(r), [
      ['src/__tests__/network.test.ts:12:18', 'js/sockets-outbound', null, true, false, 'info'],
      ['src/__tests__/network.test.ts:19:26', 'js/http-outbound', 'http://127.0.0.1:7070/health', true, false, 'ok'],
      ['src/__tests__/network.test.ts:22:3', 'js/http-outbound', 'http://127.0.0.1:7070', true, false, 'info'],
      ['src/desktop.ts:15:3', 'js/sockets-outbound', null, false, true, 'info'],
      ['src/desktop.ts:20:8', 'js/http-outbound', null, false, true, 'ok'],
      ['src/network.ts:7:18', 'js/sockets-outbound', null, false, false, 'error'],
      ['src/network.ts:12:29', 'js/sockets-outbound', null, false, false, 'error'],
      ['src/network.ts:17:18', 'js/sockets-outbound', 'udp4', false, false, 'error'],
      ['src/network.ts:23:26', 'js/http-outbound', null, false, false, 'ok'],
    ]);
    assert.equal(r.code.find((c) => c.line === 7)!.instead, 'use fetch against an HTTP API, or the host\'s own stores (Spin @spinframework/spin-postgres, -mysql, -redis, -kv)');
  });

  it('test/fixtures/cargo/orders-api: transitive crates with their path from Cargo.lock, and the call sites', async () => {
    const r = await inventory([path.join(REPO, 'test/fixtures/cargo/orders-api')], { capabilities: ['threads', 'native-code', 'sockets-listen'] });
    assert.deepEqual(packageRows(r), [
      ['socket2', '0.4.4', 'Cargo.toml:19', 'socket2 ← hyper ← Cargo.toml', ['dependency/sockets-listen']],
      ['tokio', '1.24.2', 'Cargo.toml:20', 'tokio ← Cargo.toml', ['dependency/threads']],
      ['rayon', '1.6.1', 'Cargo.toml:21', 'rayon ← Cargo.toml', ['dependency/threads']],
      ['openssl-sys', '0.9.80', 'Cargo.toml:23', 'openssl-sys ← openssl ← Cargo.toml', ['dependency/native-code']],
    ]);
    assert.deepEqual(codeRows(r), [
      ['src/main.rs:9:1', 'rust/native-code', null, false, false, 'warning'],
      ['src/main.rs:32:5', 'rust/threads', null, false, false, 'error'],
      ['src/main.rs:47:1', 'rust/threads', null, false, false, 'error'],
    ]);
  });

  it('test/fixtures/rust/media-worker: threads in crates and code, test and guarded uses marked', async () => {
    const r = await inventory([path.join(REPO, 'test/fixtures/rust/media-worker')], { capabilities: ['threads'] });
    assert.deepEqual(packageRows(r), [
      ['crossbeam', null, 'Cargo.toml:8', 'crossbeam ← Cargo.toml', ['dependency/threads']],
      ['rayon', null, 'Cargo.toml:12', 'rayon ← Cargo.toml', ['dependency/threads']],
      ['tokio', null, 'Cargo.toml:16', 'tokio ← Cargo.toml', ['dependency/threads']],
    ]);
    assert.deepEqual(codeRows(r), [
      ['benches/encode.rs:5:20', 'rust/threads', null, true, false, 'info'],
      ['src/jobs.rs:31:18', 'rust/threads', null, false, false, 'error'],
      ['src/jobs.rs:36:20', 'rust/threads', null, false, false, 'error'],
      ['src/jobs.rs:40:16', 'rust/threads', null, false, false, 'error'],
      ['src/jobs.rs:42:20', 'rust/threads', null, false, false, 'error'],
      ['src/jobs.rs:55:5', 'rust/threads', null, false, false, 'info'],
      ['src/jobs.rs:60:5', 'rust/threads', null, false, false, 'error'],
      ['src/jobs.rs:78:22', 'rust/threads', null, true, false, 'info'],
      ['src/main.rs:14:1', 'rust/threads', null, false, false, 'error'],
      ['src/platform.rs:7:5', 'rust/threads', null, false, true, 'info'],
      ['src/platform.rs:72:13', 'rust/threads', null, false, true, 'info'],
      ['tests/integration.rs:10:18', 'rust/threads', null, true, false, 'info'],
    ]);
  });

  it('leaves out what the project\'s wasi-ready.config.json excludes, as check does; grants too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-inventory-'));
    try {
      fs.mkdirSync(path.join(dir, 'scripts'));
      fs.mkdirSync(path.join(dir, 'src'));
      fs.writeFileSync(path.join(dir, 'wasi-ready.config.json'), '{ "exclude": ["scripts/**"] }\n');
      // A release script run on a laptop, and the handler that is deployed.
      fs.writeFileSync(path.join(dir, 'scripts', 'release.js'), "const { execSync } = require('node:child_process');\nexecSync('git tag v1');\nrequire('node:fs').writeFileSync('VERSION', '1');\n");
      fs.writeFileSync(path.join(dir, 'src', 'handler.js'), "const { spawn } = require('node:child_process');\nspawn('convert', ['in.png', 'out.webp']);\n");
      const r = await inventory([dir], { capabilities: ['process', 'fs-write'], targets: ['spin'] });
      assert.deepEqual(codeRows(r), [['src/handler.js:2:1', 'js/process', 'convert', false, false, 'error']]);
      assert.equal(r.summary.files, 1);
      const g = await grants([dir], { target: 'wasmtime-run' });
      assert.deepEqual(g.ungrantable.map((u) => `${u.file}:${u.line} ${u.capability}`), ['src/handler.js:2 process']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CLI: text groups dependencies and code under the capability; json is the same result; bad usage exits 2', () => {
    const text = run(['inventory', 'test/fixtures/cargo/orders-api', '--capability', 'native-code', '--target', 'spin']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^native-code — native code\n {2}instead: /);
    assert.match(text.stdout, /\n {2}openssl-sys@0\.9\.80 {2}openssl-sys ← openssl ← Cargo\.toml {2}Cargo\.toml:23\n/);
    assert.match(text.stdout, /\n {2}src\/main\.rs:9:1 {2}extern "C" block without #\[link\]/);
    assert.match(text.stdout, /hosts: spin: error/);
    const json = JSON.parse(run(['inventory', 'test/fixtures/cargo/orders-api', '--capability', 'native-code', '--format', 'json']).stdout) as InventoryResult;
    assert.deepEqual(json.packages.map((p) => p.path), ['openssl-sys ← openssl ← Cargo.toml']);
    assert.deepEqual(json.capabilities.map((c) => c.id), ['native-code']);
    const bad = run(['inventory', '.', '--capability', 'thread']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown capability "thread"/);
    assert.equal(run(['inventory', '.']).code, 2);
  });
});

describe('wasi-ready grants', () => {
  const shop = path.join(REPO, 'test/fixtures/grants/shop');
  const rows = (r: GrantsResult): unknown[] => r.grants.map((g) => [g.setting, g.value, g.placeholder, g.uses.map((u) => `${u.file}:${u.line}`)]);

  it('spin: allowed_outbound_hosts, files and key_value_stores named from the literals in the code; what no grant helps listed apart', async () => {
    const r = await grants([shop], { target: 'spin' });
    assert.equal(r.model, 'spin-manifest');
    assert.deepEqual(rows(r), [
      ['allowed_outbound_hosts', 'https://catalog.example.com', false, ['storefront/src/index.ts:9']],
      ['allowed_outbound_hosts', 'https://fx.example.com', false, ['pricing/src/lib.rs:11']],
      ['allowed_outbound_hosts', 'https://reviews.example.com', false, ['storefront/src/index.ts:10']],
      ['allowed_outbound_hosts', 'tcp://fx.example.com:443', false, ['pricing/src/lib.rs:11']],
      ['allowed_outbound_hosts', 'tcp://pricing-db.internal:5432', false, ['pricing/src/lib.rs:12']],
      ['allowed_outbound_hosts', 'https://HOST', true, ['storefront/src/index.ts:11']],
      ['files', 'config/rates.toml', false, ['pricing/src/lib.rs:8']],
      ['files', '{ source = "LOCAL_DIR", destination = "/etc/pricing" }', true, ['pricing/src/lib.rs:10']],
      ['key_value_stores', 'default', false, ['storefront/src/index.ts:13']],
      ['key_value_stores', 'price-overrides', false, ['pricing/src/lib.rs:14']],
      ['key_value_stores', 'sessions', false, ['storefront/src/index.ts:12']],
    ]);
    // A write to Spin's read-only files and a thread: no grant meets them.
    assert.deepEqual(r.ungrantable.map((u) => [`${u.file}:${u.line}`, u.capability]), [['pricing/src/lib.rs:16', 'fs-write'], ['pricing/src/lib.rs:17', 'threads']]);
    assert.match(r.ungrantable[0].message, /spin mounts files read-only/);
    assert.match(r.snippet!, /^\[component\.YOUR-COMPONENT\]\nallowed_outbound_hosts = \[\n {2}"https:\/\/catalog\.example\.com", {2}# storefront\/src\/index\.ts:9\n/);
    assert.match(r.snippet!, /\n {2}"https:\/\/HOST", {2}# FILL IN: storefront\/src\/index\.ts:11\n/);
    assert.match(r.snippet!, /\nkey_value_stores = \[\n {2}"default",/);
  });

  it('wasmtime-serve: -S cli with --dir per literal directory and -S inherit-network; outbound HTTP needs no flag', async () => {
    const r = await grants([shop], { target: 'wasmtime-serve' });
    assert.equal(r.model, 'wasmtime-flags');
    assert.deepEqual(rows(r), [
      ['-S', '-S cli', false, ['pricing/src/lib.rs:8', 'pricing/src/lib.rs:10', 'pricing/src/lib.rs:11', 'pricing/src/lib.rs:12', 'pricing/src/lib.rs:16']],
      ['-S', '-S inherit-network', false, ['pricing/src/lib.rs:11', 'pricing/src/lib.rs:12']],
      ['--dir', '--dir ./cache::cache', false, ['pricing/src/lib.rs:16']],
      ['--dir', '--dir ./config::config', false, ['pricing/src/lib.rs:8']],
      ['--dir', '--dir HOST_DIR::/etc/pricing', true, ['pricing/src/lib.rs:10']],
    ]);
    assert.equal(r.snippet, 'wasmtime serve -S cli -S inherit-network --dir ./cache::cache --dir ./config::config --dir HOST_DIR::/etc/pricing COMPONENT.wasm\n');
    assert.deepEqual(r.ungrantable.map((u) => u.capability), ['threads']);
    assert.ok(r.notes.some((n) => /cannot limit connections/.test(n)));
  });

  it('wasmtime-run asks -S http for outbound HTTP; a host without a permission model says so', async () => {
    const run = await grants([shop], { target: 'wasmtime-run' });
    assert.deepEqual(run.grants.filter((g) => g.setting === '-S').map((g) => g.value), ['-S http', '-S inherit-network']);
    const portable = await grants([shop], { target: 'wasi-http' });
    assert.equal(portable.model, 'none');
    assert.deepEqual(portable.grants, []);
    assert.match(portable.notes[0], /^wasi-http has no permission model/);
  });

  it('CLI: text shows the spin.toml fragment first, json the same grants; one --target is required', () => {
    const text = run(['grants', 'test/fixtures/grants/shop', '--target', 'spin']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^spin: least-privilege grants \(Spin/);
    assert.match(text.stdout, /\n {2}\[component\.YOUR-COMPONENT\]\n {2}allowed_outbound_hosts = \[\n/);
    assert.match(text.stdout, /\n {4}storefront\/src\/index\.ts:9:26 {2}fetch sends an HTTP request \("https:\/\/catalog\.example\.com\/v2\/products"\)\n/);
    const json = JSON.parse(run(['grants', 'test/fixtures/grants/shop', '--target', 'wasmtime-serve', '--format', 'json']).stdout) as GrantsResult;
    assert.equal(json.target, 'wasmtime-serve');
    assert.equal(json.summary.grants, 5);
    assert.equal(run(['grants', 'test/fixtures/grants/shop']).code, 2);
    assert.equal(run(['grants', 'test/fixtures/grants/shop', '--target', 'spin,wasmtime-serve']).code, 2);
    const unknown = run(['grants', '.', '--target', 'nowhere']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown target "nowhere"/);
  });
});
