import wabtFactory = require('wabt');

let wabt: Awaited<ReturnType<typeof wabtFactory>> | null = null;

/** Assembles WebAssembly text with npm's wabt (wat2wasm compiled to Wasm): small fixtures written inline. */
export async function wat2wasm(text: string, features: Record<string, boolean> = {}): Promise<Uint8Array> {
  wabt ??= await wabtFactory();
  const module = wabt.parseWat('fixture.wat', text, { threads: true, memory64: true, ...features });
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
