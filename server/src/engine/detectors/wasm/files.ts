import type { DetectorFiles } from '../registry';

/** The files the WebAssembly binaries detector reads (its module loads on the first of them). */
export const wasmFiles: DetectorFiles = {
  name: 'WebAssembly binaries',
  selfContained: true,
  wants: (file) => file.endsWith('.wasm'),
};
