import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Finding } from 'wasi-ready/engine/model';
import { REPO } from '../support/paths';
import { row, sourceFindings as sourceFindingsOf } from '../support/findingRows';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'python');
const TARGETS = ['spin', 'wasmtime-run', 'fastly-compute'];

const source = (dir: string, targets = TARGETS): Promise<Finding[]> => sourceFindingsOf(dir, targets);

/**
 * A report service written as Flask services are (threads, subprocess, files, a UDP socket, SQLite extensions,
 * cffi, a SIGTERM handler, app.run): every python/* rule has a hit (app/server.py, app/jobs.py), a guarded use
 * (app/platform_compat.py) and a use in test code (tests/); look-alikes (a read-only open, a method named run)
 * sit beside the hits and are not findings.
 */
describe('Python sources: findings per rule (test/fixtures/python/report-service)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    assert.deepEqual((await source(path.join(FIXTURES, 'report-service'))).map(row), [
      ['app/jobs.py',11,14,20,'python/threads',{'spin':'error','wasmtime-run':'error','fastly-compute':'error'},'-'],
      ['app/jobs.py',17,10,37,'python/fs-write',{'spin':'error','fastly-compute':'error'},'-'],
      ['app/jobs.py',18,9,16,'python/process',{'spin':'error','wasmtime-run':'error','fastly-compute':'error'},'-'],
      ['app/jobs.py',19,9,20,'python/fs-write',{'spin':'error','fastly-compute':'error'},'-'],
      ['app/jobs.py',20,12,27,'python/process',{'spin':'error','wasmtime-run':'error','fastly-compute':'error'},'-'],
      ['app/jobs.py',24,10,28,'python/threads',{'spin':'error','wasmtime-run':'error','fastly-compute':'error'},'-'],
      ['app/jobs.py',29,11,19,'python/native-code',{'spin':'error','wasmtime-run':'error','fastly-compute':'error'},'-'],
      ['app/platform_compat.py',13,16,27,'python/dynamic-loading',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'guarded'],
      ['app/platform_compat.py',20,5,21,'python/threads',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'guarded'],
      ['app/platform_compat.py',26,5,20,'python/process',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'guarded'],
      ['app/platform_compat.py',31,9,22,'python/signals',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'guarded'],
      ['app/platform_compat.py',36,9,19,'python/fs-write',{'spin':'info','fastly-compute':'info'},'guarded'],
      ['app/platform_compat.py',44,5,13,'python/native-code',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'guarded'],
      ['app/platform_compat.py',45,12,22,'python/sockets-listen',{'spin':'info','fastly-compute':'info'},'guarded'],
      ['app/server.py',21,5,19,'python/fs-write',{'spin':'error','fastly-compute':'error'},'-'],
      ['app/server.py',22,10,14,'python/fs-write',{'spin':'error','fastly-compute':'error'},'-'],
      ['app/server.py',31,5,14,'python/sockets-listen',{'spin':'error','fastly-compute':'error'},'-'],
      ['app/server.py',37,5,31,'python/dynamic-loading',{'spin':'error','wasmtime-run':'error','fastly-compute':'error'},'-'],
      ['app/server.py',38,5,24,'python/dynamic-loading',{'spin':'error','wasmtime-run':'error','fastly-compute':'error'},'-'],
      ['app/server.py',46,1,14,'python/signals',{'spin':'warning','wasmtime-run':'warning','fastly-compute':'warning'},'-'],
      ['app/server.py',49,5,12,'python/sockets-listen',{'spin':'error','fastly-compute':'error'},'-'],
      ['tests/conftest.py',9,5,18,'python/signals',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'test'],
      ['tests/conftest.py',11,5,16,'python/sockets-listen',{'spin':'info','fastly-compute':'info'},'test'],
      ['tests/conftest.py',12,5,16,'python/dynamic-loading',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'test'],
      ['tests/conftest.py',13,5,13,'python/native-code',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'test'],
      ['tests/test_jobs.py',9,9,25,'python/threads',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'test'],
      ['tests/test_jobs.py',13,5,16,'python/fs-write',{'spin':'info','fastly-compute':'info'},'test'],
      ['tests/test_jobs.py',14,12,26,'python/process',{'spin':'info','wasmtime-run':'info','fastly-compute':'info'},'test'],
    ]);
  });

  it('starts each message with what the API does on each target', async () => {
    const findings = await source(path.join(FIXTURES, 'report-service'), ['spin']);
    const at = (file: string, line: number): string => findings.find((f) => f.file === file && f.line === line)!.message;
    assert.equal(
      at('app/jobs.py', 18),
      'subprocess.run runs a child process (raises an error on cpython-wasip1 and componentize-py): spin cannot spawn processes; do the work in-process with a library, or call a service over HTTP',
    );
    assert.match(at('app/server.py', 49), /^flask\.Flask\.run starts a development web server that listens on a port \(raises an error on cpython-wasip1; works only where the host grants it on componentize-py\)/);
  });

  it('a Spin SDK handler and a componentize-py wasi:http handler written as their examples are: no findings', async () => {
    assert.deepEqual(await source(path.join(FIXTURES, 'spin-handler')), []);
  });
});
