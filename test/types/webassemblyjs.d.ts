// @webassemblyjs/wasm-parser ships no types; the tests use only decode().
declare module '@webassemblyjs/wasm-parser' {
  export function decode(bytes: Uint8Array, options?: Record<string, boolean>): unknown;
}
