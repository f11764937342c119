import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { inspect } from 'wasi-ready';
import { EXAMPLES } from '../support/paths';
import { clientModule } from './load';

type Html = typeof import('../../client/src/wasmView/html');
const { importGroups, exportGroups, wasmHtml } = clientModule<Html>('wasmView/html');

const CONTEXT = { nonce: 'N0nce0123456789abcdefABCDEF01234', cspSource: 'https://csp.example' };

/** What the server's wasiReady/inspect sends: inspect()'s result, as JSON. */
function inspected(file: string, targets?: string[]): Parameters<Html['wasmHtml']>[0] {
  return JSON.parse(JSON.stringify(inspect(file, { cwd: path.dirname(file), targets }))) as Parameters<Html['wasmHtml']>[0];
}

describe('client: .wasm view', () => {
  const component = path.join(EXAMPLES, 'rust-worker', 'rust-worker.component.wasm');
  const threads = path.join(EXAMPLES, 'wat', 'wasi-threads.wasm');

  it('groups a component\'s imports by interface, with the version and the functions its type names', () => {
    const groups = importGroups(inspected(component));
    assert.deepEqual(groups.map((g) => [g.title, g.version, g.kind, g.items.length]), [
      ['wasi:cli/environment', '0.2.12', 'instance', 2],
      ['wasi:cli/exit', '0.2.12', 'instance', 1],
      ['wasi:io/error', '0.2.12', 'instance', 0],
      ['wasi:io/streams', '0.2.12', 'instance', 6],
      ['wasi:cli/stdin', '0.2.12', 'instance', 1],
      ['wasi:cli/stdout', '0.2.12', 'instance', 1],
      ['wasi:cli/stderr', '0.2.12', 'instance', 1],
      ['wasi:clocks/monotonic-clock', '0.2.12', 'instance', 1],
      ['wasi:clocks/wall-clock', '0.2.12', 'instance', 1],
      ['wasi:filesystem/types', '0.2.12', 'instance', 15],
      ['wasi:filesystem/preopens', '0.2.12', 'instance', 1],
    ]);
    assert.deepEqual(groups[0].items, ['get-environment', 'get-arguments']);
    assert.deepEqual(groups[3].items, [
      '[method]input-stream.read', '[method]input-stream.blocking-read', '[method]output-stream.check-write',
      '[method]output-stream.write', '[method]output-stream.blocking-write-and-flush', '[method]output-stream.blocking-flush',
    ]);
    assert.deepEqual(exportGroups(inspected(component)).map((g) => [g.title, g.version, g.items]), [['wasi:cli/run', '0.2.12', []]]);
  });

  it('groups a core module\'s imports by module, naming non-function imports\' kind', () => {
    const view = inspected(threads);
    assert.deepEqual(importGroups(view), [
      { title: 'env', version: null, kind: 'module', items: ['memory (memory)'] },
      { title: 'wasi', version: null, kind: 'module', items: ['thread-spawn'] },
      { title: 'wasi_snapshot_preview1', version: null, kind: 'module', items: ['fd_write', 'sched_yield', 'proc_exit'] },
    ]);
    assert.deepEqual(exportGroups(view), [{ title: 'exports', version: null, kind: 'module', items: ['wasi_thread_start', '_start', 'memory (memory)'] }]);
  });

  it('shows the kind, size, the verdict per host and each finding\'s severity per host', () => {
    const html = wasmHtml(inspected(component, ['wasi-http', 'wasmtime-run']), CONTEXT);
    assert.ok(html.includes('<p>WebAssembly component · 265.6 KiB (271,983 bytes) · checked against <code>wasi-http</code>, <code>wasmtime-run</code></p>'));
    assert.match(html, /<code>wasi-http<\/code>: <span class="verdict-blocked">blocked<\/span><\/h4><p class="muted">2 errors, 1 warning, 0 info<\/p>/);
    assert.match(html, /<code>wasmtime-run<\/code>: <span class="verdict-ready">ready<\/span><\/h4><p class="muted">0 errors, 0 warnings, 0 info<\/p>/);
    const rows = [...html.matchAll(/<tr><td class="mono">([^<]*)<\/td><td>([^<]*)<\/td><td class="([a-z]+)">[^<]*<\/td><td class="([a-z]+)">/g)].map((m) => m.slice(1));
    assert.deepEqual(rows, [
      ['binary/missing-interface', 'interface-version', 'error', 'ok'],
      ['binary/missing-interface', 'interface-version', 'error', 'ok'],
      ['binary/entry-point', 'binary-kind', 'warning', 'ok'],
    ]);
    assert.match(html, /<h2>Nested core modules \(4\)<\/h2>/);
    assert.ok(html.includes('<summary>module 0 · 227.6 KiB (233,075 bytes) · 18 imports, 5 exports</summary>'));
    assert.match(html, /<code>wasi:filesystem\/types<\/code> <span class="muted">@0\.2\.12<\/span> <span class="muted">· 15<\/span>/);
  });

  it('shows a core module\'s memories', () => {
    const html = wasmHtml(inspected(threads), CONTEXT);
    assert.ok(html.includes('<p>WebAssembly core module · 468 bytes · checked against <code>wasi-http</code></p>'));
    assert.ok(html.includes('<tr><td>0</td><td class="n">17</td><td class="n">16384</td><td>imported, shared</td></tr>'));
  });

  it('has the strict content security policy and no script', () => {
    const html = wasmHtml(inspected(threads), CONTEXT);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.equal(
      csp?.[1].replace(/&#39;/g, "'"),
      `default-src 'none'; style-src https://csp.example 'nonce-${CONTEXT.nonce}'; script-src 'nonce-${CONTEXT.nonce}'; img-src https://csp.example data:`,
    );
    assert.doesNotMatch(html, /<script/);
    assert.doesNotMatch(html, /\ssrc=|\shref=/);
  });

  it('says why a file is not WebAssembly, escaped', () => {
    const notWasm = inspected(path.join(EXAMPLES, 'rust-worker', 'Cargo.toml'));
    assert.ok(notWasm.errors && notWasm.errors.length === 1);
    const html = wasmHtml({ ...notWasm, errors: [...notWasm.errors, { message: '<script>alert("x")</script>', offset: 8 }] }, CONTEXT);
    assert.match(html, /could not be read as WebAssembly/);
    assert.ok(html.includes(`<li>${escape(notWasm.errors[0].message)}`));
    assert.ok(html.includes('<li>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <span class="muted">(at byte 8)</span></li>'));
    assert.doesNotMatch(html, /<script/);
  });

  it('escapes names from the binary', () => {
    const view = inspected(component);
    const marked = {
      ...view,
      imports: [{ name: 'x', kind: 'instance', package: 'evil:<b>"pkg"', interface: 'i', version: '1<2', functions: ['<img src=x>'] }],
      producers: { '<lang>': ['"rustc"'] },
    };
    const html = wasmHtml(marked, CONTEXT);
    assert.ok(html.includes('<code>evil:&lt;b&gt;&quot;pkg&quot;/i</code> <span class="muted">@1&lt;2</span>'));
    assert.ok(html.includes('<li><code>&lt;img src=x&gt;</code></li>'));
    assert.ok(html.includes('<tr><td>&lt;lang&gt;</td><td>&quot;rustc&quot;</td></tr>'));
    assert.doesNotMatch(html, /<b>|<img|<lang>/);
  });
});

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
