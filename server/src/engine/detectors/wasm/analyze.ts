import type { Knowledge } from '../../knowledge/load';
import type { InputError, Requirement } from '../../model';
import { describeFsError } from '../../workspace';
import { wasmFiles } from './files';
import type { Detector } from '../registry';
import { WasmFormatError } from './byteReader';
import { FileSource, NotARegularFileError, type ByteSource } from './byteSource';
import { readWasm, type WasmInfo } from './readWasm';
import { requirementsFromWasm } from './requirements';

export type BinaryAnalysis =
  | { ok: true; info: WasmInfo; size: number; requirements: Requirement[] }
  | { ok: false; error: InputError };

/** Reads one .wasm file and says what it needs; any failure is a located error, never a throw. */
export function analyzeBinaryFile(file: string, kb: Knowledge, open: (file: string) => ByteSource & { close?(): void } = FileSource.open): BinaryAnalysis {
  let source: (ByteSource & { close?(): void }) | null = null;
  try {
    source = open(file);
    const info = readWasm(source);
    return { ok: true, info, size: source.size, requirements: requirementsFromWasm(file, info, source.size, kb) };
  } catch (error) {
    return { ok: false, error: toInputError(file, error) };
  } finally {
    source?.close?.();
  }
}

export function toInputError(file: string, error: unknown): InputError {
  if (error instanceof WasmFormatError) return { file, message: `malformed WebAssembly: ${error.message}`, offset: error.offset };
  if (error instanceof NotARegularFileError) return { file, message: error.message };
  return { file, message: describeFsError(error, file) };
}

/** Every `.wasm` file: core modules and components. */
export const wasmDetector: Detector = {
  ...wasmFiles,
  analyze(file, kb) {
    const analysis = analyzeBinaryFile(file, kb);
    return analysis.ok ? { requirements: analysis.requirements, errors: [] } : { requirements: [], errors: [analysis.error] };
  },
};
