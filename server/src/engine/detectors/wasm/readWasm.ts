import { WasmFormatError } from './byteReader';
import type { ByteSource } from './byteSource';
import { readComponent, type ComponentInfo } from './component';
import { readCoreModule, type CoreModuleInfo } from './coreModule';

export type WasmInfo = CoreModuleInfo | ComponentInfo;

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Sniffs the 8-byte preamble and reads a core module or a component; anything else is a located error. */
export function readWasm(source: ByteSource): WasmInfo {
  if (source.size === 0) throw new WasmFormatError('empty file', 0);
  const preamble = source.read(0, 8);
  for (let i = 0; i < 4; i++) {
    if (preamble[i] !== MAGIC[i]) {
      throw new WasmFormatError(`not a WebAssembly binary: bad magic ${hex(preamble.subarray(0, 4))} (expected 00 61 73 6d)`, 0);
    }
  }
  if (preamble.length < 8) throw new WasmFormatError('truncated preamble: the version bytes are missing', preamble.length);
  const version = preamble[4] | (preamble[5] << 8);
  const layer = preamble[6] | (preamble[7] << 8);
  if (version === 1 && layer === 0) return readCoreModule(source, 0, source.size);
  if (layer === 1) {
    if (version !== 0x0d) {
      throw new WasmFormatError(`component binary version 0x${version.toString(16)} is not supported (expected 0x0d)`, 4);
    }
    return readComponent(source, 0, source.size);
  }
  throw new WasmFormatError(`unknown WebAssembly version/layer ${hex(preamble.subarray(4, 8))}`, 4);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
