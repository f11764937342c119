import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeCFile } from 'wasi-ready/engine/detectors/c/analyze';
import { evaluate, excludedLines } from 'wasi-ready/engine/detectors/c/preprocessor';
import { cRules } from 'wasi-ready/engine/detectors/c/rules';
import type { Finding } from 'wasi-ready/engine/model';
import { REPO } from '../support/paths';
import { row, sourceFindings as sourceFindingsOf } from '../support/findingRows';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'c');
const THUMBD = path.join(FIXTURES, 'thumbd');
/** Spin mounts files read-only and allows outbound sockets; wasmtime run grants files and listening; Fastly has neither. */
const TARGETS = ['spin', 'wasmtime-run', 'fastly-compute'];

const sourceFindings = (dir: string, targets = TARGETS): Promise<Finding[]> => sourceFindingsOf(dir, targets);

/** One throwaway file; returns the requirements as [line, column, rule, guarded/test]. */
async function scanText(name: string, text: string): Promise<Array<[number, number, string, string]>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-c-'));
  try {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const analysis = await analyzeCFile(file, dir);
    assert.deepEqual(analysis.errors, []);
    return analysis.requirements.map((r) => [r.range.line, r.range.column, r.ruleId, r.guarded ? 'guarded' : r.test ? 'test' : '-']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const all = { spin: 'error', 'wasmtime-run': 'error', 'fastly-compute': 'error' };
const allInfo = { spin: 'info', 'wasmtime-run': 'info', 'fastly-compute': 'info' };
const noSpinNoFastly = { spin: 'error', 'fastly-compute': 'error' }; // read-only files / no listening on Spin; Fastly has neither
const noSpinNoFastlyInfo = { spin: 'info', 'fastly-compute': 'info' };
const fastly = { 'fastly-compute': 'error' }; // outbound sockets: only Fastly has none
const fastlyInfo = { 'fastly-compute': 'info' };

/**
 * A thumbnail server written as C services are written (a pthread pool, a listening socket, popen of a
 * converter, a disk cache, dlopen'd filters, mmap, signal handling; a C++ batch module with std::thread,
 * std::async, OpenMP and ofstream): every c/* rule has a hit, a guarded use (src/platform.c) and a use in
 * test code (tests/test_server.c, the gtest file src/cache_test.cc); look-alikes sit beside the hits.
 */
describe('C/C++ sources: findings per rule (test/fixtures/c/thumbd)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    assert.deepEqual((await sourceFindings(THUMBD)).map(row), [
      ['src/batch.cc',13,17,28,'c/threads',all,'-'],
      ['src/batch.cc',19,14,24,'c/threads',all,'-'],
      ['src/batch.cc',24,1,12,'c/threads',all,'-'],
      ['src/batch.cc',29,5,18,'c/fs-write',noSpinNoFastly,'-'],
      ['src/cache_test.cc',7,15,21,'c/fs-write',noSpinNoFastlyInfo,'test'],
      ['src/platform.c',14,9,13,'c/process',allInfo,'guarded'],
      ['src/platform.c',15,5,11,'c/signals',allInfo,'guarded'],
      ['src/platform.c',18,43,47,'c/native-code',allInfo,'guarded'],
      ['src/platform.c',20,42,48,'c/dynamic-loading',allInfo,'guarded'],
      ['src/platform.c',23,14,20,'c/sockets-outbound',fastlyInfo,'guarded'],
      ['src/platform.c',24,5,9,'c/sockets-listen',noSpinNoFastlyInfo,'guarded'],
      ['src/platform.c',25,5,11,'c/sockets-listen',noSpinNoFastlyInfo,'guarded'],
      ['src/platform.c',31,12,26,'c/threads',allInfo,'guarded'],
      ['src/platform.c',36,38,43,'c/fs-write',noSpinNoFastlyInfo,'guarded'],
      ['src/platform.c',41,15,20,'c/fs-write',noSpinNoFastlyInfo,'guarded'],
      ['src/plugins.c',11,17,23,'c/dynamic-loading',all,'-'],
      ['src/plugins.c',13,23,28,'c/dynamic-loading',all,'-'],
      ['src/plugins.c',21,18,22,'c/native-code',all,'-'],
      ['src/plugins.c',27,14,20,'c/sockets-outbound',fastly,'-'],
      ['src/plugins.c',28,12,19,'c/sockets-outbound',fastly,'-'],
      ['src/plugins.c',32,17,21,'c/process',all,'-'],
      ['src/plugins.c',34,9,15,'c/process',all,'-'],
      ['src/plugins.c',37,12,18,'c/process',all,'-'],
      ['src/plugins.c',42,5,14,'c/signals',all,'-'],
      ['src/plugins.c',43,5,10,'c/signals',all,'-'],
      ['src/server.c',27,13,27,'c/threads',all,'-'],
      ['src/server.c',34,14,20,'c/sockets-outbound',fastly,'-'],
      ['src/server.c',38,9,13,'c/sockets-listen',noSpinNoFastly,'-'],
      ['src/server.c',39,9,15,'c/sockets-listen',noSpinNoFastly,'-'],
      ['src/server.c',46,15,20,'c/process',all,'-'],
      ['src/server.c',52,5,10,'c/fs-write',noSpinNoFastly,'-'],
      ['src/server.c',56,15,20,'c/fs-write',noSpinNoFastly,'-'],
      ['src/server.c',60,12,18,'c/fs-write',noSpinNoFastly,'-'],
      ['src/server.c',64,5,11,'c/signals',all,'-'],
      ['src/server.c',67,22,28,'c/sockets-listen',noSpinNoFastly,'-'],
      ['tests/test_server.c',15,5,19,'c/threads',allInfo,'test'],
      ['tests/test_server.c',16,14,20,'c/sockets-outbound',fastlyInfo,'test'],
      ['tests/test_server.c',17,5,9,'c/sockets-listen',noSpinNoFastlyInfo,'test'],
      ['tests/test_server.c',18,5,11,'c/signals',allInfo,'test'],
      ['tests/test_server.c',19,12,18,'c/process',allInfo,'test'],
      ['tests/test_server.c',20,15,20,'c/fs-write',noSpinNoFastlyInfo,'test'],
      ['tests/test_server.c',22,15,19,'c/native-code',allInfo,'test'],
      ['tests/test_server.c',23,15,21,'c/dynamic-loading',allInfo,'test'],
    ]);
  });

  it('every c/* rule has a hit, a guarded use and a test-code use', async () => {
    const findings = await sourceFindings(THUMBD);
    const rules = JSON.parse(fs.readFileSync(path.join(REPO, 'rules', 'rules.json'), 'utf8')) as { rules: Array<{ id: string }> };
    for (const id of rules.rules.map((r) => r.id).filter((r) => r.startsWith('c/'))) {
      const of = findings.filter((f) => f.ruleId === id);
      assert.ok(of.some((f) => !f.guarded && !f.test), `${id}: no hit`);
      assert.ok(of.some((f) => f.guarded), `${id}: no guarded use`);
      assert.ok(of.some((f) => f.test), `${id}: no test-code use`);
    }
  });

  it('says what wasi-libc does on each target, with the emulation flag where there is one', async () => {
    const findings = await sourceFindings(THUMBD, ['spin']);
    const message = (file: string, line: number): string => findings.find((f) => f.file === file && f.line === line)!.message;
    assert.equal(
      message('src/server.c', 27),
      "pthread_create starts a POSIX thread (compiles, then returns an error on wasm32-wasip1 and wasm32-wasip2: wasi-libc's single-threaded stub returns ENOTSUP): spin has no threads; run the work on the calling thread (a loop, or an event loop over wasi:io pollables); build for wasm32-wasip1-threads only where the host runs wasi-threads",
    );
    assert.match(message('src/server.c', 64), /^signal installs a signal handler \(does not compile on wasm32-wasip1 and wasm32-wasip2: <signal\.h> is an #error unless built with -D_WASI_EMULATED_SIGNAL and -lwasi-emulated-signal/);
    assert.match(message('src/plugins.c', 37), /^system runs a shell command \(fails to link on wasm32-wasip1 and wasm32-wasip2: declared in stdlib\.h but never defined/);
    assert.match(message('src/server.c', 38), /^bind binds a socket to a local address \(does not compile on wasm32-wasip1: not declared for wasip1; works only where the host grants it on wasm32-wasip2/);
    assert.match(message('src/plugins.c', 21), /-D_WASI_EMULATED_MMAN and -lwasi-emulated-mman/);
  });

  it('a plain WASI command written as the wasi-sdk examples are (stdio, getenv, a preopened file read) has no findings', async () => {
    assert.deepEqual(await sourceFindings(path.join(FIXTURES, 'wasi-cli')), []);
  });
});

describe('C/C++ sources: matching', function () {
  this.timeout(60_000);

  it('fopen modes and open flags decide a write; variables count; member calls and other namespaces do not', async () => {
    const text = [
      '#include <fcntl.h>',
      'void f(const char *m, int fl, struct s *o) {',
      '  fopen("a", "r"); fopen("a", "rb"); fopen("a", "r+"); fopen("a", "a"); fopen("a", m);',
      '  open("a", O_RDONLY); open("a", O_RDONLY | O_CLOEXEC); open("a", O_RDWR); open("a", fl);',
      '  o->open("a", O_WRONLY); o.fork(); posix::FOpen("a", "w"); std::bind(g, 1);',
      '}',
    ].join('\n');
    assert.deepEqual(await scanText('io.cc', text), [
      [3, 38, 'c/fs-write', '-'],
      [3, 56, 'c/fs-write', '-'],
      [3, 73, 'c/fs-write', '-'],
      [4, 57, 'c/fs-write', '-'],
      [4, 76, 'c/fs-write', '-'],
    ]);
  });

  it('a function the file defines itself, a prototype, comments and strings are not the C library', async () => {
    const text = ['int fork(void);', 'static int listen(int a) { return a; }', '/* fork() */', 'void g(void) { listen(1); puts("system(x)"); }', ''].join('\n');
    assert.deepEqual(await scanText('own.c', text), []);
  });

  it('where macros break the parse, a call-shaped name still counts, at lower confidence', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-c-'));
    try {
      const file = path.join(dir, 'macro.c');
      fs.writeFileSync(file, ['#define BEGIN {', 'void f(void) BEGIN', '  if (x) { fork( ; }', '}', ''].join('\n'));
      const { requirements } = await analyzeCFile(file, dir);
      assert.deepEqual(requirements.map((r) => [r.range.line, r.range.column, r.ruleId]), [[3, 12, 'c/process']]);
      assert.match(requirements[0].evidence, /matched by name in code the parser could not read \(macros\), lower confidence\)$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('#if regions are evaluated for wasm32-wasip1 and wasm32-wasip2', () => {
    const [p1, p2] = cRules().file.targets;
    assert.equal(evaluate('defined(__wasi__) && !defined(_WIN32)', p1), 1);
    assert.equal(evaluate('defined(__linux__) || defined(__APPLE__)', p2), 0);
    assert.equal(evaluate('defined(HAVE_PTHREAD)', p1), 'maybe');
    assert.equal(evaluate('__has_include(<pthread.h>) && defined(_WIN32)', p1), 0);
    assert.equal(evaluate('defined(__wasip1__)', p2), 0);
    const text = ['#ifdef __wasip1__', 'a', '#elif defined(__wasi__)', 'b', '#else', 'c', '#endif', '#if HAVE_X', 'd', '#endif', '#if 0', 'e', '#endif'].join('\n');
    const excluded = excludedLines(text, cRules().file.targets);
    // a: only p2 excludes it; b: only p1 excludes it; c: both; d: unknown macro; e: #if 0.
    assert.deepEqual([1, 3, 5, 8, 11].map(excluded), [false, false, true, false, true]);
  });

  it('binary content and files too large even for an amalgamation are located errors; a file without candidates is never parsed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-c-'));
    try {
      const binary = path.join(dir, 'blob.c');
      fs.writeFileSync(binary, Buffer.from([0x69, 0x6e, 0x74, 0x00, 0x01]));
      assert.match((await analyzeCFile(binary, dir)).errors[0].message, /binary content/);
      const broken = path.join(dir, 'broken.c');
      fs.writeFileSync(broken, 'int main( { return system("x"; }}}}\n#if\n#endif\n#endif\n');
      const result = await analyzeCFile(broken, dir);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.requirements.map((r) => r.ruleId), ['c/process']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
