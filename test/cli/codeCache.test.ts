import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, REPO } from '../support/paths';

/** The Node media service fixture: JavaScript with findings, so TypeScript's compiler (9 MB) is loaded. */
const PROJECT = path.join(REPO, 'test', 'fixtures', 'js', 'media-service');

function check(env: Record<string, string>): { findings: string; status: number | null } {
  const result = spawnSync(process.execPath, [CLI, 'check', PROJECT, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return { findings: JSON.stringify(JSON.parse(result.stdout).findings), status: result.status };
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

describe('code cache of the CLI (compiled code of its large dependencies, kept per user)', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-code-cache-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('is written on the first run and used on the next, with the same findings', () => {
    const env = { XDG_CACHE_HOME: home };
    const first = check(env);
    const written = filesUnder(path.join(home, 'wasi-ready'));
    assert.ok(written.length > 0, 'no cache file written');
    const sizes = written.map((f) => fs.statSync(f).size);
    assert.ok(Math.max(...sizes) > 1 << 20, `the largest cache file is ${Math.max(...sizes)} bytes: TypeScript's compiled code is missing`);
    const stamps = written.map((f) => fs.statSync(f).mtimeMs);
    const second = check(env);
    assert.equal(second.findings, first.findings);
    assert.equal(second.status, first.status);
    // Accepted by V8: a rejected cache would have been written again.
    assert.deepEqual(written.map((f) => fs.statSync(f).mtimeMs), stamps);
  });

  it('a corrupt cache file is rejected, rewritten, and changes nothing', () => {
    const env = { XDG_CACHE_HOME: home };
    const first = check(env);
    const written = filesUnder(path.join(home, 'wasi-ready'));
    for (const file of written) fs.writeFileSync(file, Buffer.alloc(4096, 0x5a));
    const afterCorruption = check(env);
    assert.equal(afterCorruption.findings, first.findings);
    if (typeof (Module as { enableCompileCache?: unknown }).enableCompileCache !== 'function') {
      // Our own hook (Node < 22): every rejected file is produced again.
      for (const file of written) assert.notDeepEqual(fs.readFileSync(file).subarray(0, 64), Buffer.alloc(64, 0x5a), `${file} was not rewritten`);
    }
  });

  it('WASI_READY_CODE_CACHE=0 writes nothing', () => {
    check({ XDG_CACHE_HOME: home, WASI_READY_CODE_CACHE: '0' });
    assert.deepEqual(filesUnder(path.join(home, 'wasi-ready')), []);
  });

  it('a cache folder others can write into is not used', () => {
    const dir = path.join(home, 'wasi-ready');
    fs.mkdirSync(dir);
    check({ XDG_CACHE_HOME: home }); // creates the version folder inside, mode 0700
    const [versionFolder] = fs.readdirSync(dir);
    const folder = path.join(dir, versionFolder);
    for (const file of filesUnder(folder)) fs.rmSync(file);
    fs.chmodSync(folder, 0o777);
    check({ XDG_CACHE_HOME: home });
    assert.deepEqual(filesUnder(folder), []);
  });
});
