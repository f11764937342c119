import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { EXAMPLES, REPO } from '../support/paths';

const PROJECT = path.join(EXAMPLES, 'node-api');
const FIXTURES_NPM = path.join(REPO, 'test', 'fixtures', 'npm');

async function rows(dir: string, targets = ['spin', 'cloudflare-workers']) {
  const result = await check([dir], { targets });
  // The project's own source has findings too (src/server.js listens): these tests are about its dependencies.
  result.findings = result.findings.filter((f) => f.origin === 'dependency');
  return {
    errors: result.errors,
    rows: result.findings.map((f) => [f.file, f.line, f.column, f.ruleId, f.package?.name, f.package?.via, f.hosts]),
    findings: result.findings,
  };
}

/** Native addons among npm dependencies, found from lockfile evidence, on the line that declares them. */
describe('npm dependencies: native code', function () {
  this.timeout(120_000);
  const error = { spin: 'error', 'cloudflare-workers': 'error' };

  it('hits: bcrypt (node-pre-gyp, node-addon-api), better-sqlite3 (bindings, prebuild-install), sharp (per-platform prebuilt packages)', async () => {
    const { rows: found, errors } = await rows(PROJECT);
    assert.deepEqual(errors, []);
    assert.deepEqual(found.filter((r) => r[3] === 'dependency/native-code'), [
      ['package.json', 12, 5, 'dependency/native-code', 'bcrypt', [], error],
      ['package.json', 13, 5, 'dependency/native-code', 'better-sqlite3', [], error],
      ['package.json', 17, 5, 'dependency/native-code', 'sharp', [], error],
    ]);
  });

  it('says why, from the evidence', async () => {
    const messages = (await rows(PROJECT, ['spin'])).findings.filter((f) => f.ruleId === 'dependency/native-code').map((f) => f.message);
    assert.equal(messages[0], 'bcrypt@5.1.1 is a native addon (bcrypt ← package.json): it installs a prebuilt native addon with node-pre-gyp; is a C++ addon built on node-addon-api: spin runs only WebAssembly, no native code; use a pure-Rust/pure-language dependency or a Spin host API instead');
    assert.match(messages[2], /^sharp@0\.33\.5 is a native addon \(sharp ← package\.json\): it ships prebuilt native binaries per platform \(@img\/sharp-darwin-arm64, .+ and \d+ more\): spin runs only WebAssembly/);
  });

  it('misses: pure-JavaScript dependencies, build tools and dev dependencies are not native-code findings', async () => {
    const names = (await rows(PROJECT)).findings.filter((f) => f.ruleId === 'dependency/native-code').map((f) => f.package?.name);
    for (const clean of ['express', 'pg', 'zod', 'dotenv', 'prebuild-install', 'nodemon', 'fsevents']) assert.ok(!names.includes(clean), clean);
  });

  it('needs from the knowledge base: a wire-protocol client, a file reader, a threaded library, a local database', async () => {
    const { rows: found } = await rows(PROJECT, ['spin', 'fastly-compute']);
    assert.deepEqual(found.filter((r) => r[3] !== 'dependency/native-code'), [
      ['package.json', 13, 5, 'dependency/fs-write', 'better-sqlite3', [], { spin: 'warning', 'fastly-compute': 'warning' }],
      ['package.json', 14, 5, 'dependency/fs-read', 'dotenv', [], { spin: 'ok', 'fastly-compute': 'warning' }],
      ['package.json', 16, 5, 'dependency/sockets-outbound', 'pg', [], { spin: 'ok', 'fastly-compute': 'warning' }],
      ['package.json', 17, 5, 'dependency/threads', 'sharp', [], { spin: 'warning', 'fastly-compute': 'warning' }],
    ]);
    const pg = (await check([PROJECT], { targets: ['fastly-compute'] })).findings.find((f) => f.package?.name === 'pg');
    assert.equal(pg?.message, 'pg@8.23.1 (pg ← package.json) PostgreSQL client speaking the Postgres wire protocol over TCP: fastly-compute has no sockets (network access goes through backends); @neondatabase/serverless (queries over fetch) or Spin @spinframework/spin-postgres');
  });

  it('left to the source scan: express listens only when the code calls listen (a feature-scoped entry); install-time helpers are not walked', async () => {
    const names = (await rows(PROJECT, ['fastly-compute'])).findings.map((f) => f.package?.name);
    assert.ok(!names.includes('express'), 'express');
    assert.ok(!names.includes('rimraf'), 'rimraf comes in through @mapbox/node-pre-gyp, an install-time tool');
    assert.ok(!names.includes('@mapbox/node-pre-gyp'));
  });

  it('a dependency pulled in through another is reported on the direct dependency with its path', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-npm-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { 'image-cache': '^1.0.0' } }, null, 2));
      fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({
        name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true,
        packages: {
          '': { name: 'app', version: '1.0.0', dependencies: { 'image-cache': '^1.0.0' } },
          'node_modules/image-cache': { version: '1.2.0', dependencies: { 'better-sqlite3': '^11.0.0' } },
          'node_modules/better-sqlite3': { version: '11.10.0', hasInstallScript: true, dependencies: { bindings: '^1.5.0', 'prebuild-install': '^7.1.1' } },
          'node_modules/bindings': { version: '1.5.0' },
          'node_modules/prebuild-install': { version: '7.1.3' },
        },
      }, null, 2));
      const { rows: found } = await rows(dir, ['spin']);
      assert.deepEqual(found, [
        ['package.json', 5, 5, 'dependency/fs-write', 'better-sqlite3', ['image-cache'], { spin: 'warning' }],
        ['package.json', 5, 5, 'dependency/native-code', 'better-sqlite3', ['image-cache'], { spin: 'error' }],
      ]);
      assert.match((await check([dir], { targets: ['spin'] })).findings[1].message, /^better-sqlite3@11\.10\.0 is a native addon \(better-sqlite3 ← image-cache ← package\.json\): /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a native addon reached only through an optional dependency is info: npm installs its parent without it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-npm-optional-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'jobs', version: '1.0.0', dependencies: { msgpackr: '^1.11.0' } }, null, 2));
      fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({
        name: 'jobs', version: '1.0.0', lockfileVersion: 3, requires: true,
        packages: {
          '': { name: 'jobs', version: '1.0.0', dependencies: { msgpackr: '^1.11.0' } },
          'node_modules/msgpackr': { version: '1.11.5', optionalDependencies: { 'msgpackr-extract': '^3.0.2' } },
          'node_modules/msgpackr-extract': { version: '3.0.3', hasInstallScript: true, optional: true, dependencies: { 'node-gyp-build-optional-packages': '5.2.2' }, optionalDependencies: { '@msgpackr-extract/msgpackr-extract-linux-x64': '3.0.3' } },
          'node_modules/@msgpackr-extract/msgpackr-extract-linux-x64': { version: '3.0.3', optional: true, os: ['linux'], cpu: ['x64'] },
          'node_modules/node-gyp-build-optional-packages': { version: '5.2.2', optional: true },
        },
      }, null, 2));
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.findings.map((f) => [f.line, f.ruleId, f.package?.name, f.package?.via, f.severity, f.hosts]), [
        [5, 'dependency/native-code', 'msgpackr-extract', ['msgpackr'], 'info', { spin: 'info' }],
      ]);
      assert.match(result.findings[0].message, /^msgpackr-extract@3\.0\.3 is a native addon \(msgpackr-extract ← msgpackr ← package\.json\): it ships prebuilt native binaries per platform \(@msgpackr-extract\/msgpackr-extract-linux-x64\) \(an optional dependency: npm installs msgpackr without it\): spin runs only WebAssembly/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an installed node_modules adds what is on disk (binding.gyp, compiled .node files)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-npm-installed-'));
    try {
      fs.cpSync(PROJECT, dir, { recursive: true });
      execFileSync('npm', ['ci', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'pipe' });
      const bcrypt = (await check([dir], { targets: ['spin'] })).findings.find((f) => f.package?.name === 'bcrypt');
      assert.match(bcrypt?.message ?? '', /; has a binding\.gyp: spin runs only WebAssembly/);
      assert.equal((await check([dir], { targets: ['spin'] })).summary.files, 2, 'package.json and src/server.js: files inside node_modules are neither projects nor sources');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a job worker (test/fixtures/npm/ops-worker): wrappers report the driver they reach (pg, ssh2), a mail listener, a LevelDB binding; a dev-only runner is left out', async () => {
    const { rows: found, errors } = await rows(path.join(FIXTURES_NPM, 'ops-worker'), ['spin', 'fastly-compute']);
    assert.deepEqual(errors, []);
    const both = { spin: 'warning', 'fastly-compute': 'warning' };
    const wire = { spin: 'ok', 'fastly-compute': 'warning' };
    assert.deepEqual(found, [
      ['package.json', 12, 5, 'dependency/fs-write', 'leveldown', [], both],
      ['package.json', 12, 5, 'dependency/native-code', 'leveldown', [], { spin: 'error', 'fastly-compute': 'error' }],
      ['package.json', 13, 5, 'dependency/sockets-outbound', 'pg', ['pg-promise'], wire],
      ['package.json', 14, 5, 'dependency/sockets-listen', 'smtp-server', [], both],
      // smtp-server depends on nodemailer (it shares its helpers); the graph cannot tell that no mail is sent
      ['package.json', 14, 5, 'dependency/sockets-outbound', 'nodemailer', ['smtp-server'], wire],
      ['package.json', 15, 5, 'dependency/native-code', 'cpu-features', ['ssh2-sftp-client', 'ssh2'], { spin: 'info', 'fastly-compute': 'info' }],
      ['package.json', 15, 5, 'dependency/sockets-outbound', 'ssh2', ['ssh2-sftp-client'], wire],
    ]);
    const smtp = (await check([path.join(FIXTURES_NPM, 'ops-worker')], { targets: ['spin'] })).findings.find((f) => f.package?.name === 'smtp-server');
    assert.match(smtp?.message ?? '', /^smtp-server@3\.13\.4 \(smtp-server ← package\.json\) SMTP\/LMTP server: server\.listen\(port\) accepts mail connections/);
  });

  it('a broken package.json or lockfile is a located error and the scan goes on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-npm-broken-'));
    try {
      fs.mkdirSync(path.join(dir, 'a'));
      fs.writeFileSync(path.join(dir, 'a', 'package.json'), '{\n  "name": "a",\n  "dependencies": { "x": "1" ,, }\n}\n');
      fs.mkdirSync(path.join(dir, 'b'));
      fs.writeFileSync(path.join(dir, 'b', 'package.json'), '{ "name": "b", "dependencies": { "x": "1" } }');
      fs.writeFileSync(path.join(dir, 'b', 'package-lock.json'), '{ "lockfileVersion": 1, "dependencies": {} }');
      fs.cpSync(PROJECT, path.join(dir, 'c'), { recursive: true });
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.errors, [
        { file: 'a/package.json', message: 'cannot parse package.json at 3:31: invalid JSON: PropertyNameExpected' },
        { file: 'b/package-lock.json', message: 'cannot read package-lock.json: lockfileVersion 1 has no "packages" map; regenerate it with npm 7 or later' },
      ]);
      assert.equal(result.findings.filter((f) => f.ruleId === 'dependency/native-code').length, 3);
      // A re-scan in the same process (the language server's) finds the parsed files unchanged and says the same.
      const again = await check([dir], { targets: ['spin'] });
      assert.deepEqual([again.errors, again.findings], [result.errors, result.findings]);
      fs.writeFileSync(path.join(dir, 'a', 'package.json'), '{ "name": "a" }\n');
      assert.deepEqual((await check([dir], { targets: ['spin'] })).errors.map((e) => e.file), ['b/package-lock.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
