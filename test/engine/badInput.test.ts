import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeBinaryFile } from 'wasi-ready/engine/detectors/wasm/analyze';
import { check } from 'wasi-ready/engine/check';
import { inspect } from 'wasi-ready/engine/inspect';
import { FileSource } from 'wasi-ready/engine/detectors/wasm/byteSource';
import { walkSections } from 'wasi-ready/engine/detectors/wasm/sections';
import { knowledge } from 'wasi-ready/engine/knowledge/load';
import { EXAMPLES } from '../support/paths';
import { wat2wasm } from '../support/wat';

/** Real binaries built from the examples' sources: a Rust core module (233 KB) and a C program's component. */
const REAL_MODULE = path.join(EXAMPLES, 'rust-worker', 'rust-worker.wasm');
const REAL_COMPONENT = path.join(EXAMPLES, 'spin-app', 'thumbnailer', 'thumbnailer.component.wasm');

function codeSection(bytes: Buffer): { headerOffset: number; payloadOffset: number; size: number } {
  const source = { size: bytes.length, read: (o: number, n: number) => bytes.subarray(o, o + n) };
  for (const s of walkSections(source, 0, bytes.length, 'core module')) if (s.id === 10) return s;
  throw new Error('no code section');
}

describe('bad input becomes a located error and the scan goes on', () => {
  let dir: string;
  let goodModule: Uint8Array;

  before(async () => {
    goodModule = await wat2wasm(`(module
      (import "wasi_snapshot_preview1" "path_unlink_file" (func (param i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (func (export "_start")))`);
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-bad-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, bytes: Uint8Array | string): string {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
    return file;
  }

  it('a module truncated inside its code section', async () => {
    const bytes = fs.readFileSync(REAL_MODULE);
    const code = codeSection(bytes);
    write('cut.wasm', bytes.subarray(0, code.payloadOffset + Math.floor(code.size / 2)));
    write('good.wasm', goodModule);
    const result = await check([dir], { targets: ['spin'] });
    assert.deepEqual(result.errors, [{
      file: 'cut.wasm',
      message: `malformed WebAssembly: core module: section 10 (code) declares ${code.size} bytes but only ${Math.floor(code.size / 2)} remain (the file is truncated)`,
      offset: code.headerOffset,
    }]);
    assert.ok(result.findings.some((f) => f.file === 'good.wasm' && f.ruleId === 'binary/fs-write'), 'the good module is still checked');
  });

  it('a module cut between sections, before its code section', async () => {
    const bytes = fs.readFileSync(REAL_MODULE);
    write('cut.wasm', bytes.subarray(0, codeSection(bytes).headerOffset));
    const [error] = (await check([dir])).errors;
    assert.equal(error.file, 'cut.wasm');
    assert.match(error.message, /functions are declared but the code section is missing/);
  });

  it('a bad magic number, an ELF file and an empty file', async () => {
    write('elf.wasm', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    write('empty.wasm', '');
    write('text.wasm', '(module)');
    const errors = (await check([dir])).errors;
    assert.deepEqual(errors, [
      { file: 'elf.wasm', message: 'malformed WebAssembly: not a WebAssembly binary: bad magic 7f 45 4c 46 (expected 00 61 73 6d)', offset: 0 },
      { file: 'empty.wasm', message: 'malformed WebAssembly: empty file', offset: 0 },
      { file: 'text.wasm', message: 'malformed WebAssembly: not a WebAssembly binary: bad magic 28 6d 6f 64 (expected 00 61 73 6d)', offset: 0 },
    ]);
  });

  it('a component cut in the middle of a section', async () => {
    const component = fs.readFileSync(REAL_COMPONENT);
    write('app.component.wasm', component.subarray(0, Math.floor(component.length * 0.6)));
    const [error] = (await check([dir])).errors;
    assert.equal(error.file, 'app.component.wasm');
    assert.match(error.message, /^malformed WebAssembly: (component|nested core module \d+): section \d+( \(\w+\))? declares \d+ bytes but only \d+ remain \(the file is truncated\)$/);
  });

  it('a 300 MB file is read in bounded memory', async () => {
    const size = 300 * 1024 * 1024;
    // A valid module whose only section is a 300 MB custom section, and one that is 300 MB of zeros.
    const header = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x00]);
    const sectionSize = size - header.length - 5;
    const leb = Buffer.from([(sectionSize & 0x7f) | 0x80, ((sectionSize >> 7) & 0x7f) | 0x80, ((sectionSize >> 14) & 0x7f) | 0x80, ((sectionSize >> 21) & 0x7f) | 0x80, (sectionSize >> 28) & 0x7f]);
    const big = write('big.wasm', Buffer.concat([header, leb, Buffer.from([3, 0x62, 0x69, 0x67])]));
    fs.truncateSync(big, size);
    const zeros = write('zeros.wasm', Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    fs.truncateSync(zeros, size);
    const before = process.memoryUsage().rss;
    const result = await check([dir], { targets: ['wasi-http'] });
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 64 * 1024 * 1024, `rss grew by ${grown} bytes`);
    assert.deepEqual(result.errors, [{ file: 'zeros.wasm', message: 'malformed WebAssembly: core module: custom section name is missing or empty', offset: 8 }]);
    assert.deepEqual(result.findings.filter((f) => f.file === 'big.wasm').map((f) => f.ruleId), ['binary/kind']);
  });

  it('a directory named x.wasm is walked by check and refused by inspect', async () => {
    write('x.wasm/inner.wasm', goodModule);
    const result = await check([dir], { targets: ['spin'] });
    assert.deepEqual(result.errors, []);
    assert.ok(result.findings.some((f) => f.file === 'x.wasm/inner.wasm'));
    assert.deepEqual(inspect(path.join(dir, 'x.wasm')).errors, [{ message: 'not a regular file (a directory)' }]);
  });

  it('a FIFO never blocks the scan, a binary\'s nor a source file\'s', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.wasm')]);
    execFileSync('mkfifo', [path.join(dir, 'pipe.js')]);
    write('good.wasm', goodModule);
    const result = await check([dir], { targets: ['spin'] });
    assert.deepEqual(result.errors, [{ file: 'pipe.js', message: 'not a regular file' }, { file: 'pipe.wasm', message: 'not a regular file (a FIFO)' }]);
    assert.ok(result.findings.some((f) => f.file === 'good.wasm'));
  });

  it('a dangling symlink, a symlink loop and a link out of the scanned folder', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.wasm'), goodModule);
      fs.symlinkSync(path.join(outside, 'secret.wasm'), path.join(dir, 'outside.wasm'));
      fs.symlinkSync(path.join(dir, 'missing.wasm'), path.join(dir, 'gone.wasm'));
      fs.symlinkSync(path.join(dir, 'b.wasm'), path.join(dir, 'a.wasm'));
      fs.symlinkSync(path.join(dir, 'a.wasm'), path.join(dir, 'b.wasm'));
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.symlinkSync(dir, path.join(dir, 'sub', 'up'));
      write('sub/good.wasm', goodModule);
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.errors, [
        { file: 'a.wasm', message: 'too many levels of symbolic links (a symlink loop)' },
        { file: 'b.wasm', message: 'too many levels of symbolic links (a symlink loop)' },
        { file: 'gone.wasm', message: 'dangling symbolic link: its target does not exist' },
      ]);
      assert.deepEqual([...new Set(result.findings.map((f) => f.file))], ['sub/good.wasm']);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a read error in the middle of a file', async () => {
    const file = write('flaky.wasm', goodModule);
    const failing = (p: string) => {
      const real = FileSource.open(p);
      return {
        size: real.size,
        read(offset: number, length: number): Uint8Array {
          if (offset > 8) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
          return real.read(offset, length);
        },
        close: () => real.close(),
      };
    };
    const analysis = analyzeBinaryFile(file, knowledge(), failing);
    assert.deepEqual(analysis, { ok: false, error: { file, message: 'input/output error while reading' } });
  });

  it('a path that does not exist', async () => {
    const result = await check([path.join(dir, 'nope')]);
    assert.deepEqual(result.errors.map((e) => e.message), ['no such file or directory']);
  });
});
