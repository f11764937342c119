import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { loadKnowledge } from 'wasi-ready/engine/knowledge/load';
import { hover } from 'wasi-ready/lsp/hover';
import { analyzeBuildFile } from 'wasi-ready/engine/detectors/cbuild/analyze';
import { kindOf } from 'wasi-ready/engine/detectors/cbuild/files';
import { platformOnWasi } from 'wasi-ready/engine/detectors/cbuild/vcpkg';
import type { Finding } from 'wasi-ready/engine/model';
import { REPO } from '../support/paths';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cbuild');
/** Spin allows outbound sockets but never listens; wasmtime run grants listening; Fastly has no sockets; none has threads. */
const TARGETS = ['spin', 'wasmtime-run', 'fastly-compute'];

/** [file, line, column, endColumn, rule, verdicts other than ok, '-' | 'guarded' | 'test', package] */
type Row = [string, number, number, number, string, Record<string, string>, '-' | 'guarded' | 'test', string];

function row(f: Finding): Row {
  const hosts = Object.fromEntries(Object.entries(f.hosts).filter(([, v]) => v !== 'ok'));
  return [f.file, f.line, f.column, f.endColumn, f.ruleId, hosts, f.guarded ? 'guarded' : f.test ? 'test' : '-', f.package?.name ?? ''];
}

async function findings(dir: string, targets = TARGETS): Promise<Finding[]> {
  const result = await check([dir], { targets });
  assert.deepEqual(result.errors, []);
  return result.findings;
}

/** One throwaway build file; returns its requirements as [line, column, rule, '-' | 'guarded' | 'test']. */
function scanText(name: string, text: string): Array<[number, number, string, string]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-cbuild-'));
  try {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const analysis = analyzeBuildFile(file, { root: dir });
    assert.deepEqual(analysis.errors, []);
    return analysis.requirements.map((r) => [r.range.line, r.range.column, r.ruleId, r.guarded ? 'guarded' : r.test ? 'test' : '-']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const all = { spin: 'error', 'wasmtime-run': 'error', 'fastly-compute': 'error' };
const allWarn = { spin: 'warning', 'wasmtime-run': 'warning', 'fastly-compute': 'warning' };
const allInfo = { spin: 'info', 'wasmtime-run': 'info', 'fastly-compute': 'info' };
const fastlyWarn = { 'fastly-compute': 'warning' }; // outbound sockets: only Fastly has none
const fastlyInfo = { 'fastly-compute': 'info' };
const listenWarn = { spin: 'warning', 'fastly-compute': 'warning' }; // listening: wasmtime run grants it
const listenInfo = { spin: 'info', 'fastly-compute': 'info' };

/**
 * A C++ render service built the way such services are: CMake with find_package(Threads REQUIRED), OpenMP,
 * ${CMAKE_DL_LIBS}, -pthread in CMAKE_CXX_FLAGS, platform branches and a BUILD_TESTING block, a tests/ folder, a
 * cmake/ module with $<PLATFORM_ID> generator expressions, a legacy Makefile, vcpkg.json and conanfile.txt.
 */
describe('C/C++ build files: findings per rule (test/fixtures/cbuild/render-service)', function () {
  this.timeout(60_000);
  const DIR = path.join(FIXTURES, 'render-service');

  it('finds exactly these, at these positions, with these verdicts per host', async () => {
    assert.deepEqual((await findings(DIR)).map(row), [
      // $<$<PLATFORM_ID:Linux>:-fopenmp>: PLATFORM_ID is WASI under wasi-sdk
      ['cmake/Warnings.cmake', 4, 44, 52, 'c/threads', allInfo, 'guarded', ''],
      ['cmake/Warnings.cmake', 5, 41, 49, 'c/threads', allInfo, 'guarded', ''],
      ['CMakeLists.txt', 14, 14, 21, 'c/threads', allWarn, '-', ''], // find_package(Threads REQUIRED)
      ['CMakeLists.txt', 15, 14, 20, 'c/threads', allWarn, '-', ''], // find_package(OpenMP): not found, builds without it
      ['CMakeLists.txt', 22, 38, 54, 'c/threads', allWarn, '-', ''], // Threads::Threads
      ['CMakeLists.txt', 22, 55, 71, 'c/dynamic-loading', allWarn, '-', ''], // ${CMAKE_DL_LIBS}
      ['CMakeLists.txt', 24, 40, 58, 'c/threads', allInfo, 'guarded', ''], // inside if(OpenMP_CXX_FOUND)
      ['CMakeLists.txt', 27, 41, 49, 'c/threads', all, '-', ''], // -pthread: fails to link every build
      ['CMakeLists.txt', 31, 38, 46, 'c/threads', allInfo, 'guarded', ''], // if(APPLE)
      ['CMakeLists.txt', 33, 40, 42, 'c/dynamic-loading', allInfo, 'guarded', ''], // elseif(NOT CMAKE_SYSTEM_NAME STREQUAL "WASI")
      ['CMakeLists.txt', 38, 46, 62, 'c/threads', allInfo, 'test', ''], // if(BUILD_TESTING)
      ['conanfile.txt', 2, 1, 8, 'dependency/sockets-outbound', fastlyWarn, '-', 'hiredis'],
      ['conanfile.txt', 8, 1, 7, 'dependency/threads', allInfo, 'test', 'onetbb'], // [test_requires]
      ['Makefile', 3, 23, 31, 'c/threads', all, '-', ''],
      ['Makefile', 4, 13, 22, 'c/threads', allWarn, '-', ''],
      ['Makefile', 4, 23, 27, 'c/dynamic-loading', allWarn, '-', ''],
      ['Makefile', 7, 13, 21, 'c/threads', allInfo, 'guarded', ''], // ifneq ($(TARGET),wasm32-wasi)
      ['Makefile', 13, 18, 22, 'c/dynamic-loading', allWarn, '-', ''], // ifeq ($(UNAME_S),Linux) is the build machine: no guard
      ['Makefile', 22, 66, 75, 'c/threads', allInfo, 'test', ''], // the test: recipe
      ['Makefile', 22, 76, 80, 'c/dynamic-loading', allInfo, 'test', ''],
      ['tests/CMakeLists.txt', 2, 14, 21, 'c/threads', allInfo, 'test', ''],
      ['tests/CMakeLists.txt', 5, 73, 89, 'c/threads', allInfo, 'test', ''],
      ['vcpkg.json', 7, 6, 11, 'dependency/sockets-outbound', fastlyWarn, '-', 'libpq'],
      ['vcpkg.json', 9, 16, 20, 'dependency/sockets-outbound', fastlyInfo, 'guarded', 'curl'], // "platform": "!wasm32"
      ['vcpkg.json', 14, 16, 19, 'dependency/threads', allInfo, 'guarded', 'tbb'], // "platform": "linux | osx"
      ['vcpkg.json', 18, 16, 20, 'dependency/sockets-listen', listenWarn, '-', 'grpc'],
      ['vcpkg.json', 18, 16, 20, 'dependency/sockets-outbound', fastlyWarn, '-', 'grpc'],
      ['vcpkg.json', 30, 25, 32, 'dependency/sockets-outbound', fastlyWarn, '-', 'hiredis'], // default feature "tile-cache"
    ]);
  });

  it('misses: comments, bracket comments, message(), option names, tool and host requirements, packages with no known needs', async () => {
    const lines = (file: string) => new Set((fs.readFileSync(path.join(DIR, file), 'utf8')).split('\n').map((l, i) => [l, i + 1] as const).filter(([l]) => l).map(([, i]) => i));
    const found = (await findings(DIR)).map((f) => `${f.file}:${f.line}`);
    for (const [file, line, why] of [
      ['CMakeLists.txt', 12, 'pthread inside a #[[ ]] bracket comment'],
      ['CMakeLists.txt', 13, 'find_package(Threads) inside the bracket comment'],
      ['CMakeLists.txt', 6, 'THREADS_PREFER_PTHREAD_FLAG only changes how FindThreads links'],
      ['CMakeLists.txt', 28, 'message() text naming -pthread and ${CMAKE_THREAD_LIBS_INIT}'],
      ['Makefile', 1, 'a comment'],
      ['conanfile.txt', 4, 'a commented-out requirement'],
      ['conanfile.txt', 11, '[tool_requires] cmake runs on the build machine'],
      ['vcpkg.json', 6, 'fmt has no known needs'],
      ['vcpkg.json', 22, 'a "host": true dependency is a build tool'],
      ['vcpkg.json', 34, 'libuv belongs to feature "standalone", which is not a default feature'],
    ] as const) {
      assert.ok(lines(file).has(line), `${file}:${line} exists`);
      assert.ok(!found.includes(`${file}:${line}`), `${file}:${line}: ${why}`);
    }
  });

  it('says what a wasi-sdk build does with each, on which hosts it fails, and what to do instead', async () => {
    const onSpin = await findings(DIR, ['spin']);
    const onFastly = await findings(DIR, ['fastly-compute']); // sockets: Spin grants outbound ones, so they are no finding there
    const message = (file: string, line: number, column: number) =>
      [...onSpin, ...onFastly].find((f) => f.file === file && f.line === line && f.column === column)?.message;
    assert.equal(message('CMakeLists.txt', 27, 41),
      "-pthread compiles and links with POSIX threads (shared memory and atomics on wasm) (fails to link on wasm32-wasip1 and wasm32-wasip2: clang's driver turns -pthread into atomics plus wasm-ld --shared-memory, which wasi-libc's single-threaded build refuses (\"--shared-memory is disallowed by errno.o because it was not compiled with 'atomics' or 'bulk-memory' features\"); only wasm32-wasip1-threads links with it): spin has no threads; drop -pthread from the Wasm build (if(NOT WASI) / a non-wasm branch); build for wasm32-wasip1-threads only where the host runs wasi-threads");
    assert.match(message('CMakeLists.txt', 14, 14) ?? '', /^find_package\(Threads REQUIRED\) asks CMake for the system thread library \(builds, then fails at run time on wasm32-wasip1 and wasm32-wasip2: current wasi-sdk's FindThreads settles on wasi-libc's empty libpthread\.a, .* and pthread_create returns ENOTSUP \(Debian's 2022 wasi-libc has no pthread\.h: .*\)\): spin has no threads; leave the thread library out of the Wasm build \(if\(NOT WASI\) around find_package\(Threads\)/);
    assert.match(message('CMakeLists.txt', 22, 55) ?? '', /^\$\{CMAKE_DL_LIBS\} links the dynamic loader library \(builds, then fails at run time on wasm32-wasip1 and wasm32-wasip2: CMake sets it to dl for a WASI system too, and wasi-libc's dlopen returns NULL \("Dynamic loading not supported"\)\): spin cannot load code at run time; /);
    assert.match(message('CMakeLists.txt', 33, 40) ?? '', /^dl \(a library linked by name\) links the dynamic loader library/);
    assert.match(message('vcpkg.json', 9, 16) ?? '', /^curl \(curl ← vcpkg\.json\) \(platform "!wasm32": a wasm32 WASI triplet leaves it out\): /);
    assert.match(message('vcpkg.json', 30, 25) ?? '', /^hiredis \(hiredis ← vcpkg\.json\) \(default feature "tile-cache"\): /);
    assert.match(message('vcpkg.json', 18, 16) ?? '', /^grpc >= 1\.51\.1 \(grpc ← vcpkg\.json\): RPC over HTTP\/2 .*: spin allows outbound connections only to allowed_outbound_hosts and never listens; the host's outbound HTTP: wasi:http\/outgoing-handler/);
    assert.match(message('conanfile.txt', 2, 1) ?? '', /^hiredis 1\.2\.0 \(hiredis ← conanfile\.txt\): a Redis client: .*; the host's Redis or key-value interface/);
  });

  it('dependency findings carry the package: ecosystem, name, version (an exact Conan reference; vcpkg "version>=" is only a bound) and an empty via', async () => {
    const packages = (await findings(DIR)).filter((f) => f.package).map((f) => f.package);
    assert.deepEqual(packages.find((p) => p?.name === 'hiredis'), { ecosystem: 'conan', name: 'hiredis', version: '1.2.0', via: [] });
    assert.deepEqual(packages.find((p) => p?.name === 'grpc'), { ecosystem: 'vcpkg', name: 'grpc', version: null, via: [] });
  });
});

describe('C/C++ build files: hover on a vcpkg.json or conanfile line shows the rules/packages/cpp.json fact', () => {
  it('why, the alternative and the source, under the name the package manager gives the library', () => {
    const kb = loadKnowledge(path.join(REPO, 'rules'));
    const diagnostic = (ecosystem: string, name: string, capability: string) => ({
      range: { start: { line: 6, character: 5 }, end: { line: 6, character: 10 } },
      message: 'fallback',
      code: `dependency/${capability}`,
      data: { ruleId: `dependency/${capability}`, capability, origin: 'dependency' as const, package: { ecosystem, name, version: null, via: [] }, guarded: false, test: false },
    });
    const vcpkg = hover(kb, [diagnostic('vcpkg', 'curl', 'sockets-outbound')], { line: 6, character: 0 });
    assert.match(String((vcpkg?.contents as { value: string }).value), /^\*\*curl\*\* needs `sockets-outbound`\n\nWhy: HTTP\(S\), FTP .*\n\nInstead: the host's outbound HTTP: wasi:http\/outgoing-handler .*\n\nSource: microsoft\/vcpkg · ports\/curl\/vcpkg\.json; conan-io\/conan-center-index · recipes\/libcurl\/config\.yml/);
    const conan = hover(kb, [diagnostic('conan', 'libcurl', 'sockets-outbound')], { line: 6, character: 0 });
    assert.match(String((conan?.contents as { value: string }).value), /Why: HTTP\(S\), FTP/);
  });
});

describe('C/C++ build files: a conanfile.py read as text (test/fixtures/cbuild/ingest-worker)', function () {
  this.timeout(60_000);

  it('requires tuples and self.requires(…) are hits, self.test_requires(…) is test code; docstrings, comments and tool_requires are not read', async () => {
    assert.deepEqual((await findings(path.join(FIXTURES, 'ingest-worker'))).map(row), [
      ['conanfile.py', 17, 10, 20, 'dependency/sockets-outbound', fastlyWarn, '-', 'librdkafka'],
      ['conanfile.py', 17, 10, 20, 'dependency/threads', allWarn, '-', 'librdkafka'],
      ['conanfile.py', 23, 24, 29, 'dependency/sockets-outbound', fastlyWarn, '-', 'libpq'],
      ['conanfile.py', 24, 24, 31, 'dependency/sockets-outbound', fastlyWarn, '-', 'libcurl'],
      ['conanfile.py', 28, 29, 40, 'dependency/sockets-listen', listenInfo, 'test', 'cpp-httplib'],
      ['conanfile.py', 28, 29, 40, 'dependency/sockets-outbound', fastlyInfo, 'test', 'cpp-httplib'],
    ]);
    const libcurl = (await findings(path.join(FIXTURES, 'ingest-worker'))).find((f) => f.package?.name === 'libcurl');
    assert.equal(libcurl?.package?.version, null, 'a version range is no version');
    assert.match(libcurl?.message ?? '', /^libcurl \[>=8\.0 <9\] \(libcurl ← conanfile\.py\)/);
  });
});

/** A CMake project written for wasi-sdk: every native-only piece sits behind if(NOT WASI), if(WASI) … else(), return() or a $<PLATFORM_ID> guard. */
describe('C/C++ build files: a Wasm-ready project comes out clean (test/fixtures/cbuild/thumbcache-wasi)', function () {
  this.timeout(60_000);

  it('every finding is guarded, so nothing is above info on any host', async () => {
    const found = await findings(path.join(FIXTURES, 'thumbcache-wasi'));
    assert.deepEqual(found.map(row), [
      ['CMakeLists.txt', 16, 16, 23, 'c/threads', allInfo, 'guarded', ''], // else() of if(WASI)
      ['CMakeLists.txt', 17, 44, 60, 'c/threads', allInfo, 'guarded', ''],
      ['CMakeLists.txt', 17, 61, 77, 'c/dynamic-loading', allInfo, 'guarded', ''],
      ['CMakeLists.txt', 18, 45, 53, 'c/threads', allInfo, 'guarded', ''],
      ['CMakeLists.txt', 22, 16, 22, 'c/threads', allInfo, 'guarded', ''], // if(NOT CMAKE_SYSTEM_NAME STREQUAL "WASI")
      ['CMakeLists.txt', 24, 46, 62, 'c/threads', allInfo, 'guarded', ''],
      ['CMakeLists.txt', 30, 32, 39, 'c/threads', allInfo, 'guarded', ''], // $<$<NOT:$<PLATFORM_ID:WASI>>:pthread>
      ['CMakeLists.txt', 35, 55, 71, 'c/threads', allInfo, 'guarded', ''], // if(THUMBCACHE_BUILD_TESTS AND NOT WASI): guarded (and test)
      ['CMakeLists.txt', 45, 49, 56, 'c/threads', allInfo, 'guarded', ''], // after if(WASI) return() endif()
      ['CMakeLists.txt', 45, 57, 59, 'c/dynamic-loading', allInfo, 'guarded', ''],
      ['vcpkg.json', 8, 16, 21, 'dependency/sockets-listen', listenInfo, 'guarded', 'libuv'],
      ['vcpkg.json', 8, 16, 21, 'dependency/sockets-outbound', fastlyInfo, 'guarded', 'libuv'],
      ['vcpkg.json', 8, 16, 21, 'dependency/threads', allInfo, 'guarded', 'libuv'],
      ['vcpkg.json', 12, 16, 20, 'dependency/sockets-outbound', fastlyInfo, 'guarded', 'curl'],
    ]);
    assert.ok(found.every((f) => f.severity === 'info'));
    assert.ok(found.find((f) => f.line === 35)?.test, 'the tests block is test code too');
  });
});

describe('C/C++ build files: CMake conditions as a wasi-sdk build evaluates them', () => {
  const flag = (condition: string) => scanText('CMakeLists.txt', `if(${condition})\n  add_compile_options(-pthread)\nendif()\n`)[0]?.[3];

  it('platform variables wasi-sdk leaves unset are false; WASI and CMAKE_SYSTEM_NAME are known', () => {
    for (const c of ['UNIX', 'WIN32', 'APPLE', 'EMSCRIPTEN', 'MSVC', 'ANDROID', 'NOT WASI', 'WIN32 OR APPLE', 'UNIX AND NOT APPLE', 'CMAKE_SYSTEM_NAME STREQUAL "Linux"',
      'NOT CMAKE_SYSTEM_NAME STREQUAL "WASI"', 'CMAKE_SYSTEM_NAME MATCHES "Linux|Darwin"', 'DEFINED EMSCRIPTEN', 'NOT DEFINED WASI', '(UNIX OR WIN32) AND NOT WASI', 'TARGET OpenMP::OpenMP_CXX',
      'OpenMP_FOUND', '${UNIX}', 'CMAKE_SYSTEM_PROCESSOR STREQUAL "x86_64"']) {
      assert.equal(flag(c), 'guarded', c);
    }
  });

  it('conditions a WASI build takes or cannot decide are no guard', () => {
    for (const c of ['WASI', 'NOT UNIX', 'CMAKE_SYSTEM_NAME STREQUAL "WASI"', 'ENABLE_THREADS', 'NOT MYLIB_NO_THREADS', 'CMAKE_CXX_COMPILER_ID STREQUAL "GNU"', 'UNIX OR ENABLE_THREADS', 'Threads_FOUND', 'TARGET Threads::Threads']) {
      assert.equal(flag(c), '-', c);
    }
  });

  it('an unquoted WASI in STREQUAL names the variable (value 1), as CMake reads it: the comparison is false, so its else() is configured', () => {
    assert.equal(flag('CMAKE_SYSTEM_NAME STREQUAL WASI'), 'guarded');
    assert.deepEqual(scanText('CMakeLists.txt', 'if(CMAKE_SYSTEM_NAME STREQUAL WASI)\n  set(X 1)\nelse()\n  add_compile_options(-pthread)\nendif()\n'), [[4, 23, 'c/threads', '-']]);
  });

  it('elseif/else chains: a branch after one a WASI build takes is guarded; return() in a taken branch guards the rest of the file, not inside a function', () => {
    assert.deepEqual(scanText('CMakeLists.txt', [
      'if(WASI)', '  set(A 1)', 'elseif(ENABLE_OMP)', '  add_compile_options(-fopenmp)', 'else()', '  link_libraries(dl)', 'endif()',
      'if(UNIX)', '  set(B 1)', 'elseif(ENABLE_OMP)', '  add_compile_options(-fopenmp)', 'else()', '  link_libraries(pthread)', 'endif()',
      'function(link_native t)', '  if(WASI)', '    return()', '  endif()', '  target_link_libraries(${t} PRIVATE pthread)', 'endfunction()',
      'if(WASI)', '  return()', 'endif()', 'target_link_libraries(app PRIVATE Threads::Threads)', '',
    ].join('\n')), [
      [4, 23, 'c/threads', 'guarded'],
      [6, 18, 'c/dynamic-loading', 'guarded'],
      [11, 23, 'c/threads', '-'],
      [13, 18, 'c/threads', '-'],
      [19, 38, 'c/threads', '-'],
      [24, 35, 'c/threads', 'guarded'],
    ]);
  });

  it('where names count: libraries by name only in link commands and *LIB* lists; flags in option commands and CMAKE_*_FLAGS; never in message() or conditions', () => {
    assert.deepEqual(scanText('cmake/deps.cmake', [
      'set(EXTRA_LIBS pthread dl)',
      'set(WORKER_NAME pthread)',
      'list(APPEND PLATFORM_LIBRARIES m dl)',
      'string(APPEND CMAKE_EXE_LINKER_FLAGS " -Wl,--as-needed -lpthread")',
      'message(WARNING "link with -pthread")',
      'if(CMAKE_DL_LIBS)',
      'endif()',
      'target_link_libraries(app PRIVATE ${CMAKE_THREAD_LIBS_INIT} /usr/lib/libdl.so mylib::pthread_pool)',
      'find_library(PTHREAD_LIB NAMES pthread)',
      'target_compile_options(app PRIVATE "$<$<CXX_COMPILER_ID:GNU>:-fopenmp>")',
      '',
    ].join('\n')), [
      [1, 16, 'c/threads', '-'],
      [1, 24, 'c/dynamic-loading', '-'],
      [3, 34, 'c/dynamic-loading', '-'],
      [4, 56, 'c/threads', '-'],
      [8, 35, 'c/threads', '-'],
      [9, 32, 'c/threads', '-'],
      [10, 62, 'c/threads', '-'],
    ]);
  });

  it('test code: if(BUILD_TESTING) and <PROJECT>_BUILD_TESTS blocks, files under tests/ — but not their else() or an OR', () => {
    assert.deepEqual(scanText('CMakeLists.txt', 'if(BUILD_TESTING)\n  link_libraries(pthread)\nelse()\n  link_libraries(dl)\nendif()\nif(FOO_BUILD_TESTS OR FOO_BENCH)\n  link_libraries(dl)\nendif()\n'), [
      [2, 18, 'c/threads', 'test'],
      [4, 18, 'c/dynamic-loading', '-'],
      [7, 18, 'c/dynamic-loading', '-'],
    ]);
    assert.deepEqual(scanText('tests/CMakeLists.txt', 'find_package(Threads)\n'), [[1, 14, 'c/threads', 'test']]);
  });
});

describe('C/C++ build files: a use that breaks every wasi-sdk build is an error on every host; a linked library is a warning at most', () => {
  it('find_package(OpenMP REQUIRED) stops the configure (error), find_package(OpenMP) builds without it (warning at most), -lpthread links (warning at most), -pthread fails to link (error)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-cbuild-fate-'));
    try {
      const file = path.join(dir, 'CMakeLists.txt');
      fs.writeFileSync(file, 'find_package(OpenMP REQUIRED)\nfind_package(OpenMP)\nlink_libraries(-lpthread)\nadd_link_options(-pthread)\n');
      const fates = analyzeBuildFile(file, { root: dir }).requirements.map((r) => [r.range.line, r.builds?.core.fails, r.builds?.component.fails, r.maxSeverity ?? null]);
      assert.deepEqual(fates, [[1, true, true, null], [2, false, false, 'warning'], [3, false, false, 'warning'], [4, true, true, null]]);
      assert.match(analyzeBuildFile(file, { root: dir }).requirements[0].evidence, /^find_package\(OpenMP REQUIRED\) asks CMake for OpenMP \(stops CMake on wasm32-wasip1 and wasm32-wasip2: wasi-sdk builds no OpenMP runtime: FindOpenMP finds none and find_package\(OpenMP REQUIRED\) stops the configure\)$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('C/C++ build files: Makefile conditionals read for sure, and nothing else', () => {
  const make = (text: string) => scanText('Makefile', text);

  it('ifndef WASI, ifneq ($(TARGET),wasm32-wasi), ifeq ($(findstring wasm32,$(CC)),) guard their branch; their opposites guard the else', () => {
    assert.deepEqual(make([
      'ifndef WASI', 'LDLIBS += -lpthread', 'endif',
      'ifeq ($(TARGET),wasm32-wasip1)', 'CFLAGS += -O2', 'else', 'CFLAGS += -pthread', 'endif',
      'ifeq ($(findstring wasm32,$(CC)),)', 'LDLIBS += -ldl', 'endif',
      'ifdef WASI_SDK_PATH', 'CC = $(WASI_SDK_PATH)/bin/clang', 'else ifeq ($(OS),Windows_NT)', 'LDLIBS += -lws2_32', 'else', 'LDLIBS += -fopenmp', 'endif',
      '',
    ].join('\n')), [
      [2, 11, 'c/threads', 'guarded'],
      [7, 11, 'c/threads', 'guarded'],
      [10, 11, 'c/dynamic-loading', 'guarded'],
      [17, 11, 'c/threads', 'guarded'],
    ]);
  });

  it('host-machine conditionals (uname, OS) are never guards; comments and escaped # are handled; continuation lines keep their kind', () => {
    assert.deepEqual(make([
      'UNAME_S := $(shell uname -s)', 'ifeq ($(UNAME_S),Linux)', 'LDLIBS += -ldl', 'endif',
      '# LDLIBS += -lpthread', 'CFLAGS = -O2 \\#-pthread', 'OBJS = a.o \\', '  b.o -lpthread',
      'unit-tests: app', '\t$(CC) -o $@ t.c \\', '\t  -pthread',
      '',
    ].join('\n')), [
      [3, 11, 'c/dynamic-loading', '-'],
      [8, 7, 'c/threads', '-'],
      [11, 4, 'c/threads', 'test'],
    ]);
  });
});

describe('C/C++ build files: vcpkg platform expressions for a wasm32 WASI triplet', () => {
  it('evaluates as vcpkg-tool does: wasm32 holds, other systems and architectures do not, static/native are unknown', () => {
    const cases: Array<[string, boolean | null]> = [
      ['!wasm32', false], ['wasm32', true], ['windows', false], ['linux | osx', false], ['!windows', true], ['!(windows | osx)', true],
      ['!emscripten & wasm32', true], ['x64 & linux', false], ['static', null], ['!static', null], ['linux, wasm32', true], ['not windows', true],
      ['wasm32 and !uwp', true], ['wasi', null], ['(linux', null],
    ];
    for (const [expression, expected] of cases) assert.equal(platformOnWasi(expression), expected, expression);
  });
});

describe('C/C++ build files: which files are read', () => {
  it('CMakeLists.txt, *.cmake, Makefile/makefile/GNUmakefile, *.mk, vcpkg.json, conanfile.txt/.py — not CMake build trees or vcpkg installs', () => {
    assert.deepEqual(
      ['CMakeLists.txt', 'cmake/Deps.cmake', 'Makefile', 'makefile', 'GNUmakefile', 'rules.mk', 'vcpkg.json', 'conanfile.txt', 'conanfile.py', 'Makefile.am', 'CMakeCache.txt',
        'build/CMakeFiles/3.25.1/CMakeCCompiler.cmake', 'build/cmake_install.cmake', 'build/vcpkg_installed/x64-linux/share/zlib/vcpkg.json', 'build/_deps/fmt-src/CMakeLists.txt']
        .map((f) => kindOf(path.join('/p', f))),
      ['cmake', 'cmake', 'make', 'make', 'make', 'make', 'vcpkg', 'conan', 'conan', null, null, null, null, null, null],
    );
  });
});

describe('C/C++ build files: bad input is a located error, never a throw', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-cbuild-bad-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a binary file named CMakeLists.txt', async () => {
    fs.writeFileSync(path.join(dir, 'CMakeLists.txt'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]));
    const result = await check([dir], { targets: ['spin'] });
    assert.deepEqual(result.errors, [{ file: 'CMakeLists.txt', message: 'skipped: binary content (a NUL byte) in a source file', offset: 7 }]);
    assert.deepEqual(result.findings, []);
  });

  it('a malformed vcpkg.json, a dependency without a name, an unclosed quoted argument in CMake', async () => {
    fs.writeFileSync(path.join(dir, 'vcpkg.json'), '{\n  "name": "svc",\n  "dependencies": [\n    "libpq",\n    "curl"\n    "grpc"\n  ]\n}\n');
    fs.mkdirSync(path.join(dir, 'a'));
    fs.writeFileSync(path.join(dir, 'a', 'vcpkg.json'), '{ "dependencies": [ { "platform": "linux" } ] }');
    fs.mkdirSync(path.join(dir, 'b'));
    fs.writeFileSync(path.join(dir, 'b', 'CMakeLists.txt'), 'project(x)\nfind_package(Threads\nadd_executable(x "main.c)\n');
    const result = await check([dir], { targets: ['spin'] });
    assert.deepEqual(result.errors, [
      { file: 'vcpkg.json', message: 'cannot parse vcpkg.json at 6:5: invalid JSON: CommaExpected', offset: 67 },
      { file: 'a/vcpkg.json', message: 'cannot parse vcpkg.json at 1:21: a dependency object needs a "name" string', offset: 20 },
      { file: 'b/CMakeLists.txt', message: 'cannot parse CMakeLists.txt at 3:18: a quoted argument is not closed before the end of the file', offset: 49 },
    ]);
    assert.deepEqual(result.findings, []);
  });
});

describe('C/C++ build files: inline directives in their # comments', () => {
  it('wasi-ready-ignore-next-line in CMakeLists.txt and a Makefile, wasi-ready-ignore-file in a *.cmake module', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-cbuild-ignore-'));
    try {
      fs.writeFileSync(path.join(dir, 'CMakeLists.txt'), [
        'project(svc C)',
        '# wasi-ready-ignore-next-line c/threads -- the native build only; the Wasm build uses wasi-sdk-p2.cmake without it',
        'find_package(Threads REQUIRED)',
        'target_link_libraries(svc PRIVATE Threads::Threads)',
        '',
      ].join('\n'));
      fs.writeFileSync(path.join(dir, 'Makefile'), '# wasi-ready-ignore-next-line c/threads -- native packaging only\nLDLIBS += -lpthread\nLDLIBS += -ldl\n');
      fs.writeFileSync(path.join(dir, 'deps.cmake'), '# wasi-ready-ignore-file c/dynamic-loading -- plugins are linked statically in the Wasm build\nlink_libraries(${CMAKE_DL_LIBS})\n');
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.ruleId]), [['CMakeLists.txt', 4, 'c/threads'], ['Makefile', 3, 'c/dynamic-loading']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** googletest's own CMake, as Debian's googletest package installs it under /usr/src/googletest (lines read by hand). */
describe('C/C++ build files: googletest 1.12.1 from Debian', function () {
  this.timeout(120_000);
  const GTEST = '/usr/src/googletest';
  before(function () {
    if (fs.existsSync(path.join(GTEST, 'googletest', 'cmake', 'internal_utils.cmake'))) return;
    if (process.env.CI === 'true') throw new Error(`${GTEST} missing: apt-get install googletest`);
    this.skip();
  });

  it('internal_utils.cmake: find_package(Threads) under if (NOT gtest_disable_pthreads AND NOT MINGW), then ${CMAKE_THREAD_LIBS_INIT} or Threads::Threads in cxx_library_with_type', async () => {
    const result = await check([GTEST], { targets: ['spin'] });
    assert.deepEqual(result.errors, []);
    const build = result.findings.filter((f) => /(^|\/)(CMakeLists\.txt|[^/]+\.cmake)$/.test(f.file)).map((f) => [f.file, f.line, f.column, f.ruleId, f.severity, f.guarded ? 'guarded' : f.test ? 'test' : '-']);
    // Line 68 `if (NOT gtest_disable_pthreads AND NOT MINGW)`: an option (unknown) and MINGW (unset for WASI): not a guard.
    // Line 189 `if ("${CMAKE_VERSION}" VERSION_LESS "3.1.0")`: the CMake version is not known here, so neither branch is guarded.
    assert.deepEqual(build, [
      ['googletest/cmake/internal_utils.cmake', 70, 18, 'c/threads', 'warning', '-'],
      ['googletest/cmake/internal_utils.cmake', 190, 24, 'c/threads', 'warning', '-'],
      ['googletest/cmake/internal_utils.cmake', 192, 24, 'c/threads', 'warning', '-'],
    ]);
  });
});
