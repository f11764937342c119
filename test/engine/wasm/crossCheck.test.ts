import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decode } from '@webassemblyjs/wasm-parser';
import { BufferSource } from 'wasi-ready/engine/detectors/wasm/byteSource';
import { readWasm } from 'wasi-ready/engine/detectors/wasm/readWasm';
import { EXAMPLES } from '../../support/paths';
import { jcoWitImports, npmPackage, objdumpImports, requireTool, wasmToolsImportFunctions } from '../../support/tools';

/** Every binary the repo builds from its own sources (examples/build-binaries.sh). */
function exampleBinaries(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.wasm')) found.push(full);
    }
  };
  walk(EXAMPLES);
  return found.sort();
}

function read(file: string) {
  return readWasm(new BufferSource(fs.readFileSync(file)));
}

describe('binary readers agree with independent tools', () => {
  const binaries = exampleBinaries();

  it('the examples hold core modules and components to check', () => {
    const kinds = binaries.map((f) => read(f).kind);
    assert.ok(kinds.filter((k) => k === 'core').length >= 5, `core modules: ${kinds.join(',')}`);
    assert.ok(kinds.filter((k) => k === 'component').length >= 2, `components: ${kinds.join(',')}`);
  });

  for (const file of binaries) {
    const name = path.relative(EXAMPLES, file);
    it(`${name}: imports match ${fs.readFileSync(file)[4] === 1 ? 'wasm-objdump' : 'jco wit and wasm-tools print'}`, function () {
      const info = read(file);
      if (info.kind === 'core') {
        requireTool(this, 'wasm-objdump', 'apt-get install wabt');
        assert.deepEqual(info.imports.map(({ module, name }) => `${module}.${name}`), objdumpImports(file));
      } else {
        const interfaces = info.imports.filter((i) => i.kind === 'instance').map((i) => i.name);
        assert.deepEqual(interfaces, jcoWitImports(file));
        const functions = info.imports.flatMap((i) => (i.functions ?? []).map((f) => `${i.name}\t${f}`));
        assert.deepEqual(functions.sort(), wasmToolsImportFunctions(file).sort());
      }
    });
  }

  it('core-module imports match @webassemblyjs/wasm-parser where it can decode them', () => {
    let compared = 0;
    for (const file of binaries) {
      const bytes = fs.readFileSync(file);
      if (bytes[4] !== 1) continue;
      let ast: { body: Array<{ fields: Array<{ type: string; module?: string; name?: string }> }> };
      try {
        ast = decode(bytes, { ignoreCodeSection: true, ignoreDataSection: true, ignoreCustomNameSection: true }) as typeof ast;
      } catch {
        continue; // it throws on memory64 and some proposals: the reason our own walker exists
      }
      const theirs = ast.body[0].fields.filter((f) => f.type === 'ModuleImport').map((f) => `${f.module}.${f.name}`);
      const info = read(file);
      assert.equal(info.kind, 'core');
      assert.deepEqual(info.imports.map((i) => `${i.module}.${i.name}`), theirs, file);
      compared++;
    }
    assert.ok(compared >= 5, `compared ${compared} modules`);
  });
});

describe('third-party binaries from npm', function () {
  this.timeout(180_000);

  const cases: Array<{ pkg: string; version: string; file: string; imports: number; shared: boolean }> = [
    { pkg: 'esbuild-wasm', version: '0.28.2', file: 'esbuild.wasm', imports: 22, shared: false },
    { pkg: 'sql.js', version: '1.16.0', file: 'dist/sql-wasm-browser.wasm', imports: 40, shared: false },
    { pkg: '@oxc-parser/binding-wasm32-wasi', version: '0.154.0', file: 'parser.wasm32-wasi.wasm', imports: 79, shared: true },
  ];
  for (const c of cases) {
    it(`${c.pkg}@${c.version} ${c.file}: imports match wasm-objdump`, function () {
      requireTool(this, 'wasm-objdump', 'apt-get install wabt');
      const file = path.join(npmPackage(c.pkg, c.version), c.file);
      const info = read(file);
      assert.equal(info.kind, 'core');
      assert.equal(info.imports.length, c.imports);
      assert.deepEqual(info.imports.map(({ module, name }) => `${module}.${name}`), objdumpImports(file));
      assert.equal(info.memories.some((m) => m.shared), c.shared);
    });
  }
});
