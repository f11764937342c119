import * as fs from 'node:fs';
import type { InputError } from '../../model';
import { MAX_SOURCE_BYTES, readSource } from '../source/readSource';

/**
 * C projects vendor amalgamations (sqlite3.c is 9 MB) that are real code, not bundles: up to this size a file
 * is still read, and the detector matches it from the text alone (see MAX_PARSED_CHARS in analyze.ts).
 */
export const MAX_C_SOURCE_BYTES = 16 * 1024 * 1024;

/** readSource, with the larger limit above for C amalgamations; the same checks (regular file, no NUL byte). */
export function readCSource(file: string, errors: InputError[]): string | null {
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    return readSource(file, errors);
  }
  if (size <= MAX_SOURCE_BYTES || size > MAX_C_SOURCE_BYTES) return readSource(file, errors);
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    if (!fs.fstatSync(fd).isFile()) return readSource(file, errors);
    const bytes = fs.readFileSync(fd);
    const head = bytes.subarray(0, 8192);
    if (head.includes(0)) {
      errors.push({ file, message: 'skipped: binary content (a NUL byte) in a source file', offset: head.indexOf(0) });
      return null;
    }
    return bytes.toString('utf8');
  } catch {
    return readSource(file, errors);
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
