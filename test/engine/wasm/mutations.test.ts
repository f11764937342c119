import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WasmFormatError } from 'wasi-ready/engine/detectors/wasm/byteReader';
import { BufferSource } from 'wasi-ready/engine/detectors/wasm/byteSource';
import { readWasm } from 'wasi-ready/engine/detectors/wasm/readWasm';
import { requirementsFromWasm } from 'wasi-ready/engine/detectors/wasm/requirements';
import { knowledge } from 'wasi-ready/engine/knowledge/load';
import { EXAMPLES } from '../../support/paths';

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Damaged binaries: every cut and every byte flip of a real module or component either reads (the damage
 * hit data we step over) or fails with a located WasmFormatError — never another exception, never a hang.
 */
describe('damaged binaries never crash the readers', () => {
  const files = [
    'spin-app/api/api.wasm',
    'spin-app/thumbnailer/thumbnailer.component.wasm',
    'wat/wasi-threads.wasm',
    'wat/component-p3.component.wasm',
    'fastly-app/bin/main.wasm',
  ];
  for (const name of files) {
    it(name, () => {
      const original = fs.readFileSync(path.join(EXAMPLES, name));
      const next = random(0x5eed + original.length);
      let located = 0;
      for (let i = 0; i < 400; i++) {
        const bytes = Buffer.from(original);
        const cut = i % 2 === 0;
        const damaged = cut ? bytes.subarray(0, Math.floor(next() * bytes.length)) : bytes;
        if (!cut) for (let flips = 1 + Math.floor(next() * 3); flips > 0; flips--) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        try {
          const info = readWasm(new BufferSource(damaged));
          requirementsFromWasm(name, info, damaged.length, knowledge());
        } catch (error) {
          assert.ok(error instanceof WasmFormatError, `${name} mutation ${i}: ${error instanceof Error ? error.stack : String(error)}`);
          assert.ok(error.offset >= 0 && error.offset <= original.length, `offset ${error.offset}`);
          located++;
        }
      }
      assert.ok(located > 100, `only ${located} of 400 damaged copies were rejected`);
    });
  }
});
