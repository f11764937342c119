import type { InputError } from '../../model';
import { readSource } from '../source/readSource';

/**
 * C projects vendor amalgamations (sqlite3.c is 9 MB) that are real code, not bundles: up to this size a file
 * is still read, and the detector matches it from the text alone (see MAX_PARSED_CHARS in analyze.ts).
 */
export const MAX_C_SOURCE_BYTES = 16 * 1024 * 1024;

/** readSource with the larger limit above for C amalgamations; the same checks (regular file, no NUL byte). */
export function readCSource(file: string, errors: InputError[], unsaved?: string): string | null {
  return readSource(file, errors, MAX_C_SOURCE_BYTES, unsaved);
}
