import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import type { Finding } from 'wasi-ready/engine/model';

/** jemalloc's C (vendored by librust-jemalloc-sys-dev) and googletest's C++ (googletest), as Debian installs them. */
const JEMALLOC = '/usr/share/cargo/registry/jemalloc-sys-0.3.2/jemalloc';
const GTEST = '/usr/src/googletest';

/** Locally a missing package skips; under CI=true (which installs them) it fails. */
function requireSources(context: Mocha.Context): void {
  const missing = [JEMALLOC, GTEST].filter((d) => !fs.existsSync(d));
  if (missing.length === 0) return;
  if (process.env.CI === 'true') throw new Error(`${missing.join(', ')} missing: apt-get install librust-jemalloc-sys-dev googletest`);
  context.skip();
}

const scans = new Map<string, Finding[]>();

async function scan(dir: string): Promise<Finding[]> {
  if (!scans.has(dir)) {
    const result = await check([dir], { targets: ['spin'] });
    assert.deepEqual(result.errors, []);
    scans.set(dir, result.findings.filter((f) => f.origin === 'source'));
  }
  return scans.get(dir)!;
}

async function at(dir: string, file: string, line: number): Promise<Array<[string, number, number, string, string]>> {
  return (await scan(dir))
    .filter((f) => f.file === file && f.line === line)
    .map((f) => [f.file, f.line, f.column, f.ruleId, f.guarded ? 'guarded' : f.test ? 'test' : '-']);
}

/** Lines read by hand in the installed sources; each expected finding is the call the line makes. */
describe('C/C++ sources: third-party code from Debian', function () {
  this.timeout(120_000);
  before(function () {
    requireSources(this);
  });

  it('jemalloc: dlsym(RTLD_NEXT, "pthread_create"), mmap in the #else of #ifdef _WIN32', async () => {
    assert.deepEqual(await at(JEMALLOC, 'src/background_thread.c', 815), [['src/background_thread.c', 815, 24, 'c/dynamic-loading', '-']]);
    assert.deepEqual(await at(JEMALLOC, 'src/pages.c', 79), [['src/pages.c', 79, 9, 'c/native-code', '-']]);
  });

  it('jemalloc: what is not a hit — its own pthread_create_wrapper, open(…, O_RDONLY) of /proc', async () => {
    // `pthread_create_wrapper(thread, attr, …)` is jemalloc's function (it calls pthread_create through a pointer).
    assert.deepEqual(await at(JEMALLOC, 'src/background_thread.c', 367), []);
    assert.deepEqual(await at(JEMALLOC, 'src/pages.c', 465), []);
  });

  it('googletest: pthread_create inside GTEST_CHECK_POSIX_SUCCESS_, fork() and execv in the death-test child', async () => {
    assert.deepEqual(await at(GTEST, 'googletest/include/gtest/internal/gtest-port.h', 1295), [
      ['googletest/include/gtest/internal/gtest-port.h', 1295, 9, 'c/threads', '-'],
    ]);
    assert.deepEqual(await at(GTEST, 'googletest/src/gtest-death-test.cc', 1125), [['googletest/src/gtest-death-test.cc', 1125, 27, 'c/process', '-']]);
    // The comment just above ends with "separator." : a member access it is not.
    assert.deepEqual(await at(GTEST, 'googletest/src/gtest-death-test.cc', 1238), [['googletest/src/gtest-death-test.cc', 1238, 3, 'c/process', '-']]);
    // "execv(" inside the string on the next line is not a call.
    assert.deepEqual(await at(GTEST, 'googletest/src/gtest-death-test.cc', 1239), []);
  });
});
