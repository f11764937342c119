import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { isTestFile } from 'wasi-ready/engine/detectors/source/testCode';

/** Which files count as test code, per language, by the conventions of its test runners. */
describe('test code by folder and file name', () => {
  const root = path.join(path.sep, 'work', 'service');
  const rows: Array<[string, string, boolean]> = [
    ['src/handler.ts', 'js', false],
    ['src/handler.test.ts', 'js', true],
    ['src/handler.spec.mjs', 'js', true],
    ['src/__tests__/handler.ts', 'js', true],
    ['src/parse.bench.ts', 'js', true], // Vitest benchmark
    ['src/parse.benchmark.cjs', 'js', true],
    ['types/index.tst.ts', 'js', true], // TSTyche type test
    ['benchmark/index.js', 'js', true], // fastify/proxy-addr's benchmark/ folder
    ['src/typetests/app.ts', 'js', true],
    ['src/benchmarking.ts', 'js', false],
    ['src/contest.ts', 'js', false],
    ['examples/server.js', 'js', false], // examples may be the apps a team deploys
    ['pkg/server_test.go', 'go', true],
    ['pkg/server.go', 'go', false],
    ['app/test_views.py', 'python', true],
    ['app/conftest.py', 'python', true],
    ['app/views.py', 'python', false],
    ['src/lib.rs', 'rust', false],
    ['benches/parse.rs', 'rust', true],
    ['src/queue_test.c', 'c', true],
  ];
  for (const [file, language, expected] of rows) {
    it(`${file} (${language}) is ${expected ? '' : 'not '}test code`, () => {
      assert.equal(isTestFile(path.join(root, file), root, language), expected);
    });
  }

  it('only folders below the scanned one count: a project that lives under test/ is not all test code', () => {
    const project = path.join(path.sep, 'work', 'test', 'service');
    assert.equal(isTestFile(path.join(project, 'src', 'handler.ts'), project, 'js'), false);
  });
});
