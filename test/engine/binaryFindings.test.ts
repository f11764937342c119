import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { knowledge } from 'wasi-ready/engine/knowledge/load';
import type { Finding, HostVerdict } from 'wasi-ready/engine/model';
import { EXAMPLES } from '../support/paths';

/**
 * Every finding on every example binary, against seven hosts: rule id, capability, and the verdict of each
 * host that does not provide what the rule finds (every other host is `ok`). Binary findings sit at 1:1.
 * Read it as a rule table: a row is a finding, a missing row is a host that runs the binary as it is.
 */
const TARGETS = ['spin', 'fastly-compute', 'wasmtime-serve', 'wasmtime-run', 'envoy-proxy-wasm', 'cloudflare-workers', 'wasmedge'];

type Row = [ruleId: string, capability: string, notOk: Record<string, HostVerdict>];

const TABLE: Array<[file: string, rows: Row[]]> = [
  ['fastly-app/bin/main.wasm', [
    ['binary/entry-point', 'binary-kind', { 'envoy-proxy-wasm': 'warning' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
    ['binary/unknown-import', 'interface-version', { spin: 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
  ]],
  ['rust-worker/rust-worker.component.wasm', [
    ['binary/entry-point', 'binary-kind', { 'fastly-compute': 'warning', 'wasmtime-serve': 'warning' }],
    ['binary/fs-write', 'fs-write', { spin: 'warning' }],
    ['binary/kind', 'binary-kind', { 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
    ['binary/missing-interface', 'interface-version', { 'fastly-compute': 'error', 'wasmtime-serve': 'info' }],
    ['binary/missing-interface', 'interface-version', { 'wasmtime-serve': 'info' }],
  ]],
  ['rust-worker/rust-worker.wasm', [
    ['binary/entry-point', 'binary-kind', { 'envoy-proxy-wasm': 'warning' }],
    ['binary/fs-read', 'fs-read', { 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/fs-write', 'fs-write', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['spin-app/api/api.wasm', [
    ['binary/entry-point', 'binary-kind', { 'fastly-compute': 'warning', 'wasmtime-run': 'warning' }],
    ['binary/kind', 'binary-kind', { 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
    ['binary/missing-interface', 'interface-version', { 'fastly-compute': 'error', 'wasmtime-run': 'info' }],
  ]],
  ['spin-app/thumbnailer/thumbnailer.component.wasm', [
    ['binary/entry-point', 'binary-kind', { 'fastly-compute': 'warning', 'wasmtime-serve': 'warning' }],
    ['binary/fs-write', 'fs-write', { spin: 'warning' }],
    ['binary/kind', 'binary-kind', { 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
    ['binary/missing-interface', 'interface-version', { 'fastly-compute': 'error', 'wasmtime-serve': 'info' }],
    ['binary/missing-interface', 'interface-version', { 'wasmtime-serve': 'info' }],
  ]],
  ['spin-app/thumbnailer/thumbnailer.wasm', [
    ['binary/entry-point', 'binary-kind', { 'envoy-proxy-wasm': 'warning' }],
    ['binary/fs-read', 'fs-read', { 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/fs-write', 'fs-write', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/assemblyscript-abort.wasm', [
    ['binary/host-glue', 'host-glue', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', wasmedge: 'error' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/component-newer-wasi.component.wasm', [
    ['binary/entry-point', 'binary-kind', { 'fastly-compute': 'warning', 'wasmtime-serve': 'warning' }],
    ['binary/fs-write', 'fs-write', { spin: 'warning' }],
    ['binary/interface-version', 'interface-version', { spin: 'error', 'fastly-compute': 'error' }],
    ['binary/kind', 'binary-kind', { 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
    ['binary/missing-interface', 'interface-version', { 'fastly-compute': 'error', 'wasmtime-serve': 'info' }],
    ['binary/missing-interface', 'interface-version', { 'fastly-compute': 'error', 'wasmtime-serve': 'info' }],
    ['binary/missing-interface', 'interface-version', { 'wasmtime-serve': 'info' }],
    ['binary/sockets-listen', 'sockets-listen', { spin: 'warning' }],
  ]],
  ['wat/component-p3.component.wasm', [
    ['binary/entry-point', 'binary-kind', { spin: 'warning', 'fastly-compute': 'warning', 'wasmtime-run': 'warning' }],
    ['binary/kind', 'binary-kind', { 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
    ['binary/missing-interface', 'interface-version', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'info' }],
    ['binary/missing-interface', 'interface-version', { spin: 'error', 'fastly-compute': 'error' }],
    ['binary/missing-interface', 'interface-version', { spin: 'error', 'fastly-compute': 'error' }],
  ]],
  ['wat/emscripten-glue.wasm', [
    ['binary/host-glue', 'host-glue', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', wasmedge: 'error' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/go-js.wasm', [
    ['binary/host-glue', 'host-glue', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', wasmedge: 'error' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/memory64.wasm', [
    ['binary/host-glue', 'host-glue', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', wasmedge: 'error' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/napi-wasi-threads.wasm', [
    ['binary/host-glue', 'host-glue', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', wasmedge: 'error' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
    ['binary/threads', 'threads', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-serve': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
  ]],
  ['wat/p1-sockets-signals.wasm', [
    ['binary/adapter-trap', 'sockets-listen', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning', 'cloudflare-workers': 'warning' }],
    ['binary/adapter-trap', 'sockets-outbound', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/adapter-trap', 'sockets-outbound', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/adapter-trap', 'signals', { spin: 'warning', 'fastly-compute': 'warning', 'wasmtime-serve': 'warning', 'wasmtime-run': 'warning', 'envoy-proxy-wasm': 'warning', 'cloudflare-workers': 'warning', wasmedge: 'warning' }],
    ['binary/entry-point', 'binary-kind', { 'envoy-proxy-wasm': 'warning' }],
    ['binary/fs-read', 'fs-read', { 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/fs-write', 'fs-write', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/proxy-wasm-filter.wasm', [
    ['binary/host-glue', 'host-glue', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', wasmedge: 'error' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/wasi-threads.wasm', [
    ['binary/entry-point', 'binary-kind', { 'envoy-proxy-wasm': 'warning' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
    ['binary/threads', 'threads', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-serve': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
  ]],
  ['wat/wasi-unstable.wasm', [
    ['binary/entry-point', 'binary-kind', { 'envoy-proxy-wasm': 'warning' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
    ['binary/unknown-import', 'interface-version', { spin: 'error', 'fastly-compute': 'error', 'cloudflare-workers': 'error', wasmedge: 'error' }],
  ]],
  ['wat/wasm-bindgen-web.wasm', [
    ['binary/host-glue', 'host-glue', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', wasmedge: 'error' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/wasm-bindgen.wasm', [
    ['binary/host-glue', 'host-glue', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', wasmedge: 'error' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
  ]],
  ['wat/wasmedge-server.wasm', [
    ['binary/adapter-trap', 'sockets-listen', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning', 'cloudflare-workers': 'warning' }],
    ['binary/adapter-trap', 'sockets-outbound', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/adapter-trap', 'sockets-outbound', { spin: 'warning', 'fastly-compute': 'warning', 'envoy-proxy-wasm': 'warning' }],
    ['binary/entry-point', 'binary-kind', { 'envoy-proxy-wasm': 'warning' }],
    ['binary/kind', 'binary-kind', { 'wasmtime-serve': 'error' }],
    ['binary/unknown-import', 'sockets-outbound', { spin: 'error', 'fastly-compute': 'error', 'wasmtime-run': 'error', 'envoy-proxy-wasm': 'error', 'cloudflare-workers': 'error' }],
  ]],
];

function rows(findings: Finding[]): Row[] {
  return findings.map((f) => [f.ruleId, f.capability, Object.fromEntries(Object.entries(f.hosts).filter(([, v]) => v !== 'ok'))]);
}

describe('binary findings per host (examples/)', () => {
  for (const [file, expected] of TABLE) {
    it(file, async () => {
      const result = await check([path.join(EXAMPLES, file)], { targets: TARGETS, cwd: EXAMPLES });
      assert.deepEqual(result.errors, []);
      assert.deepEqual(rows(result.findings), expected);
      for (const finding of result.findings) {
        assert.deepEqual([finding.line, finding.column, finding.endLine, finding.endColumn], [1, 1, 1, 1]);
        assert.deepEqual(Object.keys(finding.hosts), TARGETS);
        const worst = Object.values(finding.hosts).includes('error') ? 'error' : Object.values(finding.hosts).includes('warning') ? 'warning' : 'info';
        assert.equal(finding.severity, worst);
        assert.equal(finding.origin, 'binary');
        assert.equal(finding.docs, `docs/rules/${finding.ruleId}.md`);
      }
    });
  }

  it('the fastly app and the Spin API component are clean on their own hosts', async () => {
    assert.deepEqual((await check([path.join(EXAMPLES, 'fastly-app')], { targets: ['fastly-compute'] })).findings, []);
    assert.deepEqual((await check([path.join(EXAMPLES, 'spin-app/api')], { targets: ['spin', 'akamai-functions', 'spinkube', 'wasmtime-serve', 'wasi-http', 'wasmcloud'] })).findings, []);
    assert.deepEqual((await check([path.join(EXAMPLES, 'wat/proxy-wasm-filter.wasm')], { targets: ['envoy-proxy-wasm'] })).findings, []);
    assert.deepEqual((await check([path.join(EXAMPLES, 'wat/wasmedge-server.wasm')], { targets: ['wasmedge'] })).findings, []);
  });
});

describe('size limits', () => {
  it('a binary over a host\'s documented limit is an error there and nowhere else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-size-'));
    try {
      // A valid core module that is 60 MiB: one custom section of zeros (a sparse file).
      const size = 60 * 1024 * 1024;
      const file = path.join(dir, 'big.wasm');
      const payload = size - 14;
      const leb = [0, 7, 14, 21, 28].map((shift, i) => ((payload >> shift) & 0x7f) | (i < 4 ? 0x80 : 0));
      fs.writeFileSync(file, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, ...leb, 3, 0x62, 0x69, 0x67]));
      fs.truncateSync(file, size);
      const limit = (await check([file], { targets: ['akamai-functions', 'cloudflare-workers', 'fastly-compute'] })).findings.filter((f) => f.ruleId === 'binary/size-limit');
      assert.deepEqual(limit.map((f) => [f.severity, f.hosts]), [['error', { 'akamai-functions': 'error', 'cloudflare-workers': 'ok', 'fastly-compute': 'ok' }]]);
      assert.equal(limit[0].message, 'is 60.0 MiB: akamai-functions limits an application to 50 MiB; keep the app under 50 MiB: move large assets to object storage and fetch them over HTTP');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('capabilities come from host facts, not from code', () => {
  it('a host without outbound HTTP makes the same import a finding', async () => {
    const kb = knowledge();
    const noHttp = structuredClone(kb.hosts.find((h) => h.id === 'wasi-http')!);
    noHttp.id = 'no-http';
    noHttp.httpOutbound = { ...noHttp.httpOutbound, value: false, says: 'sends no outbound HTTP' };
    const result = await check([path.join(EXAMPLES, 'spin-app/api/api.wasm')], { targets: ['no-http', 'wasi-http'], knowledge: { ...kb, hosts: [...kb.hosts, noHttp] } });
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.hosts]), [['binary/http-outbound', { 'no-http': 'warning', 'wasi-http': 'ok' }]]);
    assert.match(result.findings[0].message, /^imports wasi:http\/outgoing-handler@0\.2\.0, and the component's code links wasi:http\/outgoing-handler@0\.2\.0 handle: no-http sends no outbound HTTP; /);
  });
});

describe('messages say what fails, on which host, and what to do instead', () => {
  const message = async (file: string, ruleId: string, targets: string[]): Promise<string> => {
    const found = (await check([path.join(EXAMPLES, file)], { targets })).findings.filter((f) => f.ruleId === ruleId);
    assert.equal(found.length, 1, `${ruleId} on ${file}: ${JSON.stringify(found.map((f) => f.message))}`);
    return found[0].message;
  };

  it('a filesystem write on a read-only and a no-filesystem host', async () => {
    assert.equal(
      await message('spin-app/thumbnailer/thumbnailer.wasm', 'binary/fs-write', ['spin', 'fastly-compute']),
      'imports wasi_snapshot_preview1 path_create_directory (creates a directory), path_rename (renames or moves a file or directory), path_unlink_file (deletes a file): ' +
        'spin mounts files read-only and fastly-compute has no filesystem; ' +
        'spin: keep state in a key-value store (spin.toml key_value_stores) or SQLite (sqlite_databases); fastly-compute: use a KV Store or Config Store ' +
        '(an import shows linking, not necessarily use)',
    );
  });

  it('a function newer than the host ships', async () => {
    assert.equal(
      await message('wat/component-newer-wasi.component.wasm', 'binary/interface-version', ['spin']),
      'imports wasi:cli/exit@0.2.12: spin ships wasi:cli/exit@0.2.6, which lacks exit-with-code; ' +
        'upgrade Spin or build against the WIT of the target environment (spin-up@X.Y)',
    );
  });

  it('threads on three hosts, grouped by what each says', async () => {
    assert.match(
      await message('wat/wasi-threads.wasm', 'binary/threads', ['spin', 'akamai-functions', 'wasmtime-run']),
      /^declares a shared memory, imports wasi\.thread-spawn and exports wasi_thread_start \(wasi-threads\): spin and akamai-functions have no threads and wasmtime-run has no threads \(wasi-threads was removed in 47\.0\.0\); /,
    );
  });

  it('a host version chosen from spin.toml selects the facts of that version', async () => {
    const result = await check([path.join(EXAMPLES, 'wat/component-p3.component.wasm')], { targets: ['spin@3.4', 'spin@4.0', 'wasmtime-serve'] });
    const missing = result.findings.filter((f) => f.ruleId === 'binary/missing-interface');
    assert.ok(missing.length > 0);
    for (const finding of missing) assert.equal(finding.hosts['wasmtime-serve'], 'ok');
    const http = missing.find((f) => f.message.startsWith('imports wasi:http/types@0.3.0'));
    assert.equal(
      http?.message,
      'imports wasi:http/types@0.3.0: spin@3.4 links wasi:http/types only at 0.2.6, 0.2.0-rc-2023-10-18, 0.2.0-rc-2023-11-10 ' +
        'and spin@4.0 links wasi:http/types only at 0.2.6, 0.2.0-rc-2023-10-18, 0.2.0-rc-2023-11-10, 0.3.0-rc-2026-03-15; ' +
        'upgrade Spin or build against the WIT of the target environment (spin-up@X.Y)',
    );
  });
});
