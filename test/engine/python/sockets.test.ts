import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import type { Finding } from 'wasi-ready/engine/model';
import { REPO } from '../../support/paths';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'python', 'control-socket');

type Row = [string, number, number, number, string, Record<string, string>, '-' | 'guarded' | 'test'];

function row(f: Finding): Row {
  const hosts = Object.fromEntries(Object.entries(f.hosts).filter(([, v]) => v !== 'ok'));
  return [f.file, f.line, f.column, f.endColumn, f.ruleId, hosts, f.guarded ? 'guarded' : f.test ? 'test' : '-'];
}

const noListen = { spin: 'error', 'fastly-compute': 'error' }; // wasmtime run grants listening
const noListenInfo = { spin: 'info', 'fastly-compute': 'info' };
const noSockets = { 'fastly-compute': 'error' }; // Spin allows outbound connections (allowed_outbound_hosts), Fastly has no sockets
const noSocketsInfo = { 'fastly-compute': 'info' };

/**
 * A socket is followed from `socket.socket(…)` (assigned, in `with … as`, or chained) to `.bind(` and `.listen(`
 * on it: both are python/sockets-listen. A socket handed in as a parameter is not followed; `.connect(` on a
 * client socket, `socket.create_connection` and `asyncio.open_connection` are python/sockets-outbound.
 */
describe('Python sources: listening and outbound sockets followed from socket.socket(…) (test/fixtures/python/control-socket)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    const result = await check([FIXTURE], { targets: ['spin', 'wasmtime-run', 'fastly-compute'] });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.findings.filter((f) => f.origin === 'source').map(row), [
      ['control.py', 9, 5, 16, 'python/sockets-listen', noListen, '-'], // server.bind(path)
      ['control.py', 10, 5, 18, 'python/sockets-listen', noListen, '-'], // server.listen(8)
      ['control.py', 20, 9, 18, 'python/sockets-listen', noListen, '-'], // with socket.socket(…) as sock: sock.bind(…)
      ['control.py', 21, 9, 20, 'python/sockets-listen', noListen, '-'], // sock.listen(); listener.listen(16) at :26 is a parameter
      ['control.py', 31, 9, 31, 'python/sockets-listen', noListenInfo, 'guarded'], // socket.socket().listen(1) under sys.platform != "wasi"
      ['control.py', 36, 5, 19, 'python/sockets-outbound', noSockets, '-'], // client.connect((host, port)): outbound, not listening
      ['control.py', 42, 28, 51, 'python/sockets-outbound', noSockets, '-'], // await asyncio.open_connection(host, port)
      ['control.py', 49, 9, 21, 'python/sockets-outbound', noSocketsInfo, 'guarded'], // sock.connect(…) under sys.platform == "linux"
      ['tests/test_control.py', 6, 5, 16, 'python/sockets-listen', noListenInfo, 'test'],
      ['tests/test_control.py', 7, 5, 18, 'python/sockets-listen', noListenInfo, 'test'],
      ['tests/test_control.py', 11, 5, 29, 'python/sockets-outbound', noSocketsInfo, 'test'], // socket.create_connection
    ]);
  });

  it('says what listen does on each target', async () => {
    const result = await check([path.join(FIXTURE, 'control.py')], { targets: ['spin'] });
    assert.match(
      result.findings.find((f) => f.line === 10)?.message ?? '',
      /^socket\.socket\.listen puts a socket in listening mode to accept connections \(raises an error on cpython-wasip1; works only where the host grants it on componentize-py\): spin/,
    );
  });
});
