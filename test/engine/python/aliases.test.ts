import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import type { Finding } from 'wasi-ready/engine/model';
import { REPO } from '../../support/paths';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'python', 'codec-bridge');
const TARGETS = ['spin', 'wasmtime-run', 'fastly-compute'];

type Row = [string, number, number, number, string, Record<string, string>, '-' | 'guarded' | 'test'];

function row(f: Finding): Row {
  const hosts = Object.fromEntries(Object.entries(f.hosts).filter(([, v]) => v !== 'ok'));
  return [f.file, f.line, f.column, f.endColumn, f.ruleId, hosts, f.guarded ? 'guarded' : f.test ? 'test' : '-'];
}

const all = { spin: 'error', 'wasmtime-run': 'error', 'fastly-compute': 'error' };
const allInfo = { spin: 'info', 'wasmtime-run': 'info', 'fastly-compute': 'info' };

/**
 * Names bound to an API other than by a plain import, as CPython's own modules bind them: module-level aliases
 * (`_start_new_thread = _thread.start_new_thread`, threading.py) are hits where they are called; a name
 * imported differently in two branches (`_dlopen`, ctypes/__init__.py) is guarded only if every branch that
 * binds it is.
 */
describe('Python sources: module-level aliases and names bound in several branches (test/fixtures/python/codec-bridge)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    const result = await check([FIXTURE], { targets: TARGETS });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.findings.filter((f) => f.origin === 'source').map(row), [
      // `_dlopen` is LoadLibrary under os.name == "nt" (not WASI) and dlopen under os.name == "posix" (WASI): the posix one, unguarded
      ['bridge/loader.py', 17, 24, 31, 'python/dynamic-loading', all, '-'],
      // bound only under sys.platform == "win32": guarded; `_unused_loader` is never called: nothing
      ['bridge/loader.py', 21, 12, 30, 'python/dynamic-loading', allInfo, 'guarded'],
      ['bridge/workers.py', 19, 9, 26, 'python/threads', all, '-'], // _start_new_thread(…) inside a method; naming it at :34 is no call
      ['bridge/workers.py', 22, 9, 13, 'python/process', all, '-'], // _run(…); _getpid = os.getpid is not a listed API
      ['bridge/workers.py', 27, 11, 16, 'python/process', allInfo, 'guarded'], // _fork = os.fork only under sys.platform != "wasi"
      ['tests/test_workers.py', 7, 12, 18, 'python/process', allInfo, 'test'],
    ]);
  });

  it('names the API the alias stands for in the message', async () => {
    const result = await check([path.join(FIXTURE, 'bridge', 'workers.py')], { targets: ['spin'] });
    const message = result.findings.find((f) => f.line === 19)?.message ?? '';
    assert.match(message, /^_thread\.start_new_thread starts an OS thread \(raises an error on cpython-wasip1 and componentize-py\): spin/);
  });
});
