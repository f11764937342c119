import * as path from 'node:path';

/**
 * Test-only files by the conventions of each language's tooling: a folder named for tests, fixtures or
 * benchmarks anywhere in the path (`test/`, `tests/`, `__tests__/`, `spec/`, `benches/`, `benchmark/`), or a
 * file name the test runner picks up. None of it is part of the deployed module.
 */
const TEST_FOLDERS = new Set([
  'test', 'tests', '__tests__', '__test__', 'spec', '__mocks__', 'testdata', 'fixtures', '__fixtures__', 'benches', 'bench', 'benchmarks', 'benchmark',
  '__typetests__', 'typetests',
]);

const TEST_FILE_NAMES: Record<string, RegExp> = {
  // Jest/Vitest/Mocha tests, Vitest benchmarks (benchmark.include: *.{bench,benchmark}.*, vitest.dev/config/benchmark)
  // and TSTyche type tests (testFileMatch: *.tst.*, tstyche.org/reference/config-file).
  js: /\.(test|spec|bench|benchmark|tst)\.[cm]?[jt]sx?$/,
  rust: /^$/, // Rust test files are told by folder (tests/, benches/) and by #[cfg(test)], not by name
  go: /_test\.go$/,
  python: /^(test_.*|.*_test|conftest)\.py$/,
  c: /^(test_.*|.*_test)\.(c|cc|cpp|cxx)$/,
};

/** `file` is absolute; `root` is the scanned folder, so a project that itself lives under `test/` is not all test code. */
export function isTestFile(file: string, root: string, language: string): boolean {
  const relative = path.relative(root, file);
  const parts = relative.split(path.sep);
  const name = parts.pop() ?? '';
  if (parts.some((part) => TEST_FOLDERS.has(part))) return true;
  return TEST_FILE_NAMES[language]?.test(name) ?? false;
}

/** Test code by any language's conventions: each language's file-name pattern matches only its own extensions. */
export function isTestPath(file: string, root: string): boolean {
  return Object.keys(TEST_FILE_NAMES).some((language) => isTestFile(file, root, language));
}
