import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';

/** CPython's own standard library (libpython3.11-stdlib), werkzeug and flask (python3-werkzeug, python3-flask), as Debian installs them. */
const STDLIB = '/usr/lib/python3.11';
const WERKZEUG = '/usr/lib/python3/dist-packages/werkzeug';
const FLASK = '/usr/lib/python3/dist-packages/flask';

function requirePackages(context: Mocha.Context): void {
  const missing = [path.join(STDLIB, 'subprocess.py'), path.join(WERKZEUG, '_reloader.py'), path.join(FLASK, 'cli.py')].filter((f) => !fs.existsSync(f));
  if (missing.length === 0) return;
  if (process.env.CI === 'true') throw new Error(`${missing.join(', ')} missing: apt-get install python3-flask python3-werkzeug`);
  context.skip();
}

async function at(file: string, line: number, targets = ['spin']): Promise<Array<[number, number, string, string]>> {
  const result = await check([file], { targets });
  assert.deepEqual(result.errors, []);
  return result.findings.filter((f) => f.origin === 'source' && f.line === line).map((f) => [f.line, f.column, f.ruleId, f.guarded ? 'guarded' : f.test ? 'test' : '-']);
}

/** Lines read by hand in Debian's copies. */
describe('Python sources: third-party code from Debian', function () {
  this.timeout(60_000);
  before(function () {
    requirePackages(this);
  });

  it('subprocess.py:1834 `self.pid = _fork_exec(..)`: guarded, its import sits under `if _can_fork_exec:` (:78 `sys.platform not in {"emscripten", "wasi"}`)', async () => {
    assert.deepEqual(await at(path.join(STDLIB, 'subprocess.py'), 1834), [[1834, 32, 'python/process', 'guarded']]);
  });

  it('multiprocessing/popen_fork.py:66 `os.fork()`, asyncio/unix_events.py:116 `signal.signal(..)`', async () => {
    assert.deepEqual(await at(path.join(STDLIB, 'multiprocessing', 'popen_fork.py'), 66), [[66, 20, 'python/process', '-']]);
    assert.deepEqual(await at(path.join(STDLIB, 'asyncio', 'unix_events.py'), 116), [[116, 13, 'python/signals', '-']]);
  });

  it('threading.py:957 `_start_new_thread(self._bootstrap, ())` through the module-level alias at :34 `_start_new_thread = _thread.start_new_thread`', async () => {
    assert.deepEqual(await at(path.join(STDLIB, 'threading.py'), 957), [[957, 13, 'python/threads', '-']]);
  });

  it('ctypes/__init__.py:376 `self._handle = _dlopen(self._name, mode)`: not guarded, `_dlopen` is `_ctypes.dlopen` under :137 `elif _os.name == "posix"` (WASI), not only `LoadLibrary` under :108 `if _os.name == "nt"`', async () => {
    assert.deepEqual(await at(path.join(STDLIB, 'ctypes', '__init__.py'), 376), [[376, 28, 'python/dynamic-loading', '-']]);
  });

  it('tempfile.py:1038 `_rmtree(name, onerror=onerror)` through :45 `_rmtree = _shutil.rmtree` (the fallback `def _rmtree` under `except ImportError` does not hide it)', async () => {
    assert.deepEqual(await at(path.join(STDLIB, 'tempfile.py'), 1038), [[1038, 9, 'python/fs-write', '-']]);
  });

  it('multiprocessing/forkserver.py:138 `listener.bind(address)` and :141 `listener.listen()` on `with socket.socket(socket.AF_UNIX) as listener` (:136)', async () => {
    const file = path.join(STDLIB, 'multiprocessing', 'forkserver.py');
    assert.deepEqual([...(await at(file, 138)), ...(await at(file, 141))], [[138, 17, 'python/sockets-listen', '-'], [141, 17, 'python/sockets-listen', '-']]);
  });

  it('werkzeug/serving.py:911 `s.bind(server_address)` and :932 `s.listen(LISTEN_QUEUE)` on `s = socket.socket(address_family, socket.SOCK_STREAM)`', async () => {
    const file = path.join(WERKZEUG, 'serving.py');
    assert.deepEqual([...(await at(file, 911)), ...(await at(file, 932))], [[911, 9, 'python/sockets-listen', '-'], [932, 5, 'python/sockets-listen', '-']]);
  });

  it('outbound connections (on fastly-compute: Spin allows outbound sockets): smtplib.py:312 `socket.create_connection((host, port), timeout, …)`, logging/handlers.py:578 `result.connect(self.address)` on `result = socket.socket(socket.AF_UNIX, …)` (:575)', async () => {
    assert.deepEqual(await at(path.join(STDLIB, 'smtplib.py'), 312, ['fastly-compute']), [[312, 16, 'python/sockets-outbound', '-']]);
    assert.deepEqual(await at(path.join(STDLIB, 'logging', 'handlers.py'), 578, ['fastly-compute']), [[578, 17, 'python/sockets-outbound', '-']]);
  });

  it('flask/cli.py:923 `run_simple(host, port, app, ..)` (`flask run`) through :16 `from werkzeug import run_simple`, the package\'s re-export of werkzeug.serving\'s', async () => {
    assert.deepEqual(await at(path.join(FLASK, 'cli.py'), 923), [[923, 5, 'python/sockets-listen', '-']]);
  });

  it('werkzeug/_reloader.py:266 `subprocess.call(args, ..)`', async () => {
    assert.deepEqual(await at(path.join(WERKZEUG, '_reloader.py'), 266), [[266, 25, 'python/process', '-']]);
  });
});
