import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import type { Finding } from 'wasi-ready/engine/model';
import { REPO, WORK } from '../support/paths';
import { npmPackage } from '../support/tools';

async function findings(file: string, targets: string[]): Promise<Array<[string, string, Record<string, string>]>> {
  return (await check([file], { targets })).findings.map((f: Finding) => [f.ruleId, f.capability, Object.fromEntries(Object.entries(f.hosts).filter(([, v]) => v !== 'ok'))]);
}

/** Real binaries other people built, taken from npm at test time: what a correct tool must say of each. */
describe('third-party binaries: findings', function () {
  this.timeout(300_000);
  const TARGETS = ['spin', 'wasmtime-run', 'cloudflare-workers'];

  it('esbuild-wasm (Go js/wasm) needs a JavaScript host', async () => {
    const file = path.join(npmPackage('esbuild-wasm', '0.28.2'), 'esbuild.wasm');
    assert.deepEqual(await findings(file, TARGETS), [['binary/host-glue', 'host-glue', { spin: 'error', 'wasmtime-run': 'error' }]]);
    assert.match((await check([file], { targets: ['spin'] })).findings[0].message, /^imports Go js\/wasm runtime \(wasm_exec\.js\): gojs\.runtime\.scheduleTimeoutEvent, gojs\.runtime\.clearTimeoutEvent, .+ and 16 more: spin resolves none of them; build with GOOS=wasip1 GOARCH=wasm/);
  });

  it('sql.js (Emscripten, minified module "a") needs its JavaScript glue', async () => {
    const file = path.join(npmPackage('sql.js', '1.16.0'), 'dist', 'sql-wasm-browser.wasm');
    const rows = await findings(file, TARGETS);
    assert.deepEqual(rows.find((r) => r[0] === 'binary/host-glue'), ['binary/host-glue', 'host-glue', { spin: 'error', 'wasmtime-run': 'error' }]);
    assert.match((await check([file], { targets: ['spin'] })).findings.find((f) => f.ruleId === 'binary/host-glue')!.message, /^imports Emscripten JS glue: a\.a, a\.b, /);
  });

  it('oxc-parser wasm32-wasi binding (napi-rs, wasi-threads) needs threads everywhere and Node-API off Node', async () => {
    const file = path.join(npmPackage('@oxc-parser/binding-wasm32-wasi', '0.154.0'), 'parser.wasm32-wasi.wasm');
    const rows = await findings(file, TARGETS);
    assert.deepEqual(rows.find((r) => r[0] === 'binary/threads'), ['binary/threads', 'threads', { spin: 'error', 'wasmtime-run': 'error', 'cloudflare-workers': 'error' }]);
    assert.deepEqual(rows.filter((r) => r[0] === 'binary/host-glue').map((r) => r[2]), [{ spin: 'error', 'wasmtime-run': 'error' }]);
    assert.match((await check([file], { targets: ['spin'] })).findings.find((f) => f.ruleId === 'binary/threads')!.message,
      /^declares a shared memory, imports wasi\.thread-spawn and exports wasi_thread_start \(wasi-threads\): spin has no threads; /);
  });

  it('a JavaScript HTTP handler built with componentize-js (StarlingMonkey, ~14 MB)', async () => {
    const out = path.join(WORK, 'js-component');
    const file = path.join(out, 'js-handler.component.wasm');
    if (!fs.existsSync(file)) execFileSync('bash', [path.join(REPO, 'examples', 'build-js-component.sh'), out], { stdio: 'pipe' });
    assert.ok(fs.statSync(file).size > 10_000_000);
    // The engine links no filesystem call (only the adapter does): info on Spin, not a warning.
    assert.deepEqual(await findings(file, ['spin', 'wasmcloud', 'fastly-compute', 'wasi-http']), [
      ['binary/entry-point', 'binary-kind', { 'fastly-compute': 'warning' }],
      ['binary/fs-write', 'fs-write', { spin: 'info' }],
      ['binary/missing-interface', 'interface-version', { 'fastly-compute': 'error', 'wasi-http': 'error' }],
      ['binary/missing-interface', 'interface-version', { 'wasi-http': 'error' }],
      ['binary/missing-interface', 'interface-version', { 'fastly-compute': 'error' }],
    ]);
  });
});
