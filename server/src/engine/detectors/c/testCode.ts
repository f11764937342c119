import { isTestFile } from '../source/testCode';

/**
 * Test code: the shared conventions (`test/`, `tests/`, `test_*.c`, `*_test.cc`) and googletest files, which
 * include gtest or gmock and define tests (`TEST(`, `TEST_F(`, `TEST_P(`, `TYPED_TEST(`).
 */
export function isCTestFile(file: string, root: string, text: string): boolean {
  if (isTestFile(file, root, 'c')) return true;
  if (/_(unit)?test\.(c|cc|cpp|cxx)$/.test(file)) return true;
  return /^\s*#\s*include\s*[<"](gtest|gmock)\/g(test|mock)\.h[>"]/m.test(text) && /^\s*(TYPED_)?TEST(_F|_P)?\s*\(/m.test(text);
}
