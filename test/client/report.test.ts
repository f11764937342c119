import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check } from 'wasi-ready';
import type { ReportResult } from 'wasi-ready/lsp/protocol';
import { toReportResult } from 'wasi-ready/lsp/report';
import { EXAMPLES } from '../support/paths';
import { clientModule } from './load';

const { reportModel } = clientModule<typeof import('../../client/src/report/model')>('report/model');
const { reportHtml, parseReportMessage } = clientModule<typeof import('../../client/src/report/html')>('report/html');

const SPIN = path.join(EXAMPLES, 'spin-app');
const RUST = path.join(EXAMPLES, 'rust-worker');
const RUST_HOSTS = ['wasmtime-run', 'wasi-http', 'spin'];
const CONTEXT = { nonce: 'N0nce0123456789abcdefABCDEF01234', cspSource: 'https://csp.example' };

/** Two workspace folders scanned by the engine and mapped as the server maps them: the Spin sample with its own targets, the Rust worker against three hosts. */
async function scanExamples(): Promise<ReportResult> {
  const spin = await check([SPIN], { cwd: SPIN });
  const rust = await check([RUST], { cwd: RUST, targets: RUST_HOSTS });
  return toReportResult(
    [
      { folder: SPIN, name: 'spin-app', uri: pathToFileURL(SPIN).toString(), result: spin },
      { folder: RUST, name: 'rust-worker', uri: pathToFileURL(RUST).toString(), result: rust },
    ],
    { at: '2026-11-23T09:41:07.000Z', ms: 1234 },
  );
}

describe('client: readiness report model', () => {
  let result: ReportResult;
  before(async () => {
    result = await scanExamples();
  });

  it('is null before the first scan', () => {
    assert.equal(reportModel(null), null);
  });

  it('says ready per host where no finding is an error, with counts per capability at each severity on that host', () => {
    const [spin] = reportModel(result)!.folders;
    assert.deepEqual(spin.hosts, [
      { host: 'spin@3.4', verdict: 'ready', counts: { error: 0, warning: 2, info: 0 }, capabilities: [{ capability: 'fs-write', error: 0, warning: 2, info: 0 }] },
      {
        host: 'akamai-functions', verdict: 'ready', counts: { error: 0, warning: 3, info: 0 },
        capabilities: [{ capability: 'fs-write', error: 0, warning: 2, info: 0 }, { capability: 'binary-kind', error: 0, warning: 1, info: 0 }],
      },
    ]);
    assert.deepEqual(spin.blockers, []);
    assert.deepEqual(spin.notBlocking, { error: 0, warning: 3, info: 0 });
    assert.deepEqual(spin.chart.capabilities, []);
  });

  it('says blocked per host with the severity each finding has on that host (ok counts nowhere)', () => {
    const rust = reportModel(result)!.folders[1];
    assert.deepEqual(rust.hosts.map((h) => [h.host, h.verdict, h.counts]), [
      ['wasmtime-run', 'blocked', { error: 1, warning: 0, info: 0 }],
      ['wasi-http', 'blocked', { error: 9, warning: 3, info: 0 }],
      ['spin', 'blocked', { error: 4, warning: 2, info: 0 }],
    ]);
    assert.deepEqual(rust.hosts.map((h) => h.capabilities.map((c) => [c.capability, c.error, c.warning, c.info])), [
      [['threads', 1, 0, 0]],
      [['fs-write', 3, 1, 0], ['fs-read', 2, 1, 0], ['interface-version', 2, 0, 0], ['binary-kind', 1, 1, 0], ['threads', 1, 0, 0]],
      [['fs-write', 3, 2, 0], ['threads', 1, 0, 0]],
    ]);
  });

  it('lists the blockers by file and line with the hosts each blocks and a link to its code', () => {
    const rust = reportModel(result)!.folders[1];
    assert.deepEqual(rust.blockers.map((b) => [b.index, b.ruleId, b.capability, b.file, b.line, b.column, b.hosts]), [
      [0, 'binary/missing-interface', 'interface-version', 'rust-worker.component.wasm', 1, 1, ['wasi-http']],
      [1, 'binary/missing-interface', 'interface-version', 'rust-worker.component.wasm', 1, 1, ['wasi-http']],
      [2, 'binary/kind', 'binary-kind', 'rust-worker.wasm', 1, 1, ['wasi-http']],
      [3, 'rust/fs-read', 'fs-read', 'src/main.rs', 47, 33, ['wasi-http']],
      [4, 'rust/fs-read', 'fs-read', 'src/main.rs', 72, 35, ['wasi-http']],
      [5, 'rust/threads', 'threads', 'src/main.rs', 86, 22, ['wasmtime-run', 'wasi-http', 'spin']],
      [6, 'rust/fs-write', 'fs-write', 'src/main.rs', 152, 5, ['wasi-http', 'spin']],
      [7, 'rust/fs-write', 'fs-write', 'src/main.rs', 156, 21, ['wasi-http', 'spin']],
      [8, 'rust/fs-write', 'fs-write', 'src/main.rs', 160, 5, ['wasi-http', 'spin']],
    ]);
    assert.equal(rust.blockers[5].uri, pathToFileURL(path.join(RUST, 'src', 'main.rs')).toString());
    assert.match(rust.blockers[5].docsUri, /^file:\/\/.*\/docs\/rules\/rust\/threads\.md$/);
    assert.deepEqual(rust.notBlocking, { error: 0, warning: 4, info: 0 });
  });

  it('charts blockers per capability per host, most blockers first', () => {
    const { chart } = reportModel(result)!.folders[1];
    assert.deepEqual(chart, {
      hosts: RUST_HOSTS,
      capabilities: ['fs-write', 'threads', 'fs-read', 'interface-version', 'binary-kind'],
      values: [[0, 3, 3], [1, 1, 1], [0, 2, 0], [0, 2, 0], [0, 1, 0]],
      max: 3,
    });
  });

  it('totals the folders', () => {
    assert.deepEqual(reportModel(result)!.totals, { files: 13, findings: 16, blockers: 9, errors: 0, bySeverity: { error: 9, warning: 7, info: 0 } });
  });
});

describe('client: readiness report HTML', () => {
  let result: ReportResult;
  before(async () => {
    result = await scanExamples();
  });

  it('has the strict content security policy, one nonce\'d script and style, and no remote resource', () => {
    const html = reportHtml(reportModel(result), CONTEXT);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(csp);
    assert.equal(
      unescape(csp[1]),
      `default-src 'none'; style-src https://csp.example 'nonce-${CONTEXT.nonce}'; script-src 'nonce-${CONTEXT.nonce}'; img-src https://csp.example data:`,
    );
    assert.deepEqual(html.match(/<script[^>]*>/g), [`<script nonce="${CONTEXT.nonce}">`]);
    assert.deepEqual(html.match(/<style[^>]*>/g), [`<style nonce="${CONTEXT.nonce}">`]);
    assert.doesNotMatch(html, /\ssrc=/);
    assert.deepEqual([...new Set(html.match(/href="[^"]*"/g))], ['href="#"']);
    assert.doesNotMatch(html, /\sstyle="/, 'inline style attributes would need unsafe-inline');
  });

  it('shows each host\'s verdict, and blocker rows whose links name the blocker, not a URI', () => {
    const html = reportHtml(reportModel(result), CONTEXT);
    assert.match(html, /<code>spin@3\.4<\/code>: <span class="verdict-ready">ready<\/span>/);
    assert.match(html, /<code>wasmtime-run<\/code>: <span class="verdict-blocked">blocked<\/span>/);
    assert.ok(html.includes('<a href="#" data-action="open" data-folder="1" data-index="5">src/main.rs:86</a>'));
    assert.ok(html.includes('<a href="#" data-action="docs" data-folder="1" data-index="5">rust/threads</a>'));
    assert.equal(html.match(/data-action="open"/g)?.length, 9);
    assert.ok(html.includes('Scanned 2026-11-23 09:41:07 UTC in 1234 ms'));
  });

  it('draws one bar per capability and host, the longest for the most blockers', () => {
    const html = reportHtml(reportModel(result), CONTEXT);
    const bars = [...html.matchAll(/<rect class="bar host-(\d)" x="\d+" y="\d+" width="(\d+)"[^>]*><title>([^<]*)<\/title>/g)];
    assert.equal(bars.length, 5 * 3);
    const width = (title: string) => bars.find((b) => b[3] === title)?.[2];
    assert.equal(width('fs-write on wasi-http: 3 blockers'), '340');
    assert.equal(width('threads on wasmtime-run: 1 blocker'), '113');
    assert.equal(width('fs-write on wasmtime-run: 0 blockers'), '0');
  });

  it('escapes every string from the scan', () => {
    const poisoned = poison(result);
    const threads = poisoned.folders[1].findings.find((f) => f.ruleId.startsWith('rust/threads'))!;
    threads.message = '<script>alert("x")</script>';
    const html = reportHtml(reportModel(poisoned), CONTEXT);
    assert.deepEqual(html.match(/<script/g), ['<script'], 'only the page\'s own script');
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.ok(!html.includes(MARK), 'a raw marker means an unescaped string');
    assert.ok(html.includes(escapedMark), 'the marked strings are shown');
    for (const text of ['spin-app', 'rust-worker', 'wasi-http', 'fs-write', 'src/main.rs', 'rust/fs-read']) {
      assert.ok(html.includes(`${text}${escapedMark}`), `${text} shown, escaped`);
    }
  });

  it('offers a scan before the first one', () => {
    const html = reportHtml(null, CONTEXT);
    assert.match(html, /No workspace scan yet/);
    assert.match(html, /<button data-action="check">/);
  });

  it('accepts only well-formed messages from the page', () => {
    assert.deepEqual(parseReportMessage({ type: 'open', folder: 1, index: 5 }), { type: 'open', folder: 1, index: 5 });
    assert.deepEqual(parseReportMessage({ type: 'docs', folder: 0, index: 0 }), { type: 'docs', folder: 0, index: 0 });
    assert.deepEqual(parseReportMessage({ type: 'check', folder: 'x' }), { type: 'check' });
    for (const bad of [null, 'open', { type: 'open', folder: -1, index: 0 }, { type: 'open', folder: 0, index: 1.5 }, { type: 'open', folder: 0 }, { type: 'run', folder: 0, index: 0 }]) {
      assert.equal(parseReportMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});

const MARK = '<q>"\'&';
const escapedMark = '&lt;q&gt;&quot;&#39;&amp;';

/** Every string the report could show, host names included, with MARK appended; severities and per-host levels stay valid. */
function poison(result: ReportResult): ReportResult {
  const mark = (s: string) => `${s}${MARK}`;
  const hosts = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [mark(k), v]));
  return {
    ...result,
    folders: result.folders.map((folder) => ({
      ...folder,
      name: mark(folder.name),
      targets: folder.targets.map(mark),
      projects: folder.projects.map((p) => ({ root: p.root === null ? null : mark(p.root), targets: p.targets.map(mark), reason: mark(p.reason) })),
      findings: folder.findings.map((f) => ({
        ...f, ruleId: mark(f.ruleId), capability: mark(f.capability), file: mark(f.file), message: mark(f.message), hosts: hosts(f.hosts) as typeof f.hosts,
      })),
      errors: [{ uri: 'file:///x', file: mark('broken.wasm'), message: mark('malformed') }],
    })),
  };
}

function unescape(attribute: string): string {
  return attribute.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
