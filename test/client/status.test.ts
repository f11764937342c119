import * as assert from 'node:assert/strict';
import { knowledge } from 'wasi-ready';
import type { HostChoice, ScanFinishedParams } from 'wasi-ready/lsp/protocol';
import { clientModule } from './load';

const { languageStatus, checkSummary, withFileStatus } = clientModule<typeof import('../../client/src/status/text')>('status/text');
const { targetItems, chosenTargets } = clientModule<typeof import('../../client/src/targets/items')>('targets/items');
const { reportModel } = clientModule<typeof import('../../client/src/report/model')>('report/model');
const { targetsFrom, traceFrom, runtimeFrom } = clientModule<typeof import('../../client/src/settings')>('settings');

const utc = (iso: string) => iso.slice(11, 19);

describe('client: language status and status-bar summary', () => {
  const scan: ScanFinishedParams = {
    scannedAt: '2026-11-23T09:41:07.000Z', ms: 812, files: 12, findings: 16, errors: 1, bySeverity: { error: 9, warning: 7, info: 0 }, targets: ['spin@3.4', 'wasi-http'],
  };

  it('names the setting\'s targets when it has some, else the last scan\'s, with the scan\'s time and counts', () => {
    assert.deepEqual(languageStatus(undefined, [], utc), { text: 'WASI: project targets', detail: 'no workspace scan yet' });
    assert.deepEqual(languageStatus(scan, [], utc), { text: 'WASI: spin@3.4, wasi-http', detail: 'scanned 09:41:07: 9 errors, 7 warnings, 0 info in 12 files, 1 file not analysed' });
    assert.equal(languageStatus(scan, ['fastly-compute'], utc).text, 'WASI: fastly-compute');
  });

  it('says first when the active file is not checked, or only in part, and why', () => {
    const workspace = languageStatus(scan, [], utc);
    assert.deepEqual(withFileStatus(workspace, { checked: true }), workspace);
    assert.deepEqual(withFileStatus(workspace, null), workspace, 'no answer from the server: the workspace\'s status');
    assert.deepEqual(withFileStatus(workspace, { checked: false, reason: 'excluded by "exclude" in orders/wasi-ready.config.json' }), {
      text: 'WASI: file not checked',
      detail: 'excluded by "exclude" in orders/wasi-ready.config.json · scanned 09:41:07: 9 errors, 7 warnings, 0 info in 12 files, 1 file not analysed',
    });
    assert.deepEqual(withFileStatus(workspace, { checked: true, reason: 'test code by its path: its source findings are left out (the wasiReady.includeTests setting is off)' }), {
      text: 'WASI: spin@3.4, wasi-http',
      detail: 'test code by its path: its source findings are left out (the wasiReady.includeTests setting is off) · scanned 09:41:07: 9 errors, 7 warnings, 0 info in 12 files, 1 file not analysed',
    });
  });

  it('sums up a check: blocked hosts, or ready, with blockers and warnings', () => {
    const folder = (targets: string[], hosts: Array<Record<string, 'error' | 'warning' | 'ok'>>) => ({
      uri: 'file:///w', name: 'w', targets, projects: [], errors: [], files: 1,
      findings: hosts.map((h, i) => ({
        ruleId: 'r', capability: 'threads', severity: Object.values(h).includes('error') ? ('error' as const) : ('warning' as const), origin: 'source' as const,
        uri: 'file:///w/a.rs', file: 'a.rs', line: i + 1, column: 1, message: 'm', hosts: h, guarded: false, test: false, package: null, docsUri: 'file:///d.md',
      })),
    });
    const blocked = reportModel({ scannedAt: scan.scannedAt, ms: 1, folders: [folder(['spin', 'wasmtime-run'], [{ spin: 'error', 'wasmtime-run': 'ok' }, { spin: 'warning', 'wasmtime-run': 'warning' }])] });
    assert.equal(checkSummary(blocked), '$(error) WASI: blocked on spin · 1 blocker, 1 warning');
    const ready = reportModel({ scannedAt: scan.scannedAt, ms: 1, folders: [folder(['spin'], [{ spin: 'warning' }])] });
    assert.equal(checkSummary(ready), '$(check) WASI: ready on spin · 0 blockers, 1 warning');
    assert.equal(checkSummary(null), 'WASI readiness: no scan result');
  });
});

describe('client: target hosts quick pick', () => {
  const hosts: HostChoice[] = knowledge().hosts.map((h) => ({ id: h.id, name: h.name, versions: h.id === 'spin' ? ['3.4', '4.0'] : [], summary: h.summary }));

  it('lists every host profile, each version as id@version, and keeps unknown current targets picked', () => {
    const items = targetItems(hosts, ['wasi-http', 'spin@3.4', 'my-own-host']);
    const labels = items.map((i) => i.label);
    for (const h of knowledge().hosts) assert.ok(labels.includes(h.id), h.id);
    assert.deepEqual(labels.slice(labels.indexOf('spin'), labels.indexOf('spin') + 3), ['spin', 'spin@3.4', 'spin@4.0']);
    assert.deepEqual(items.filter((i) => i.picked).map((i) => i.target), ['spin@3.4', 'wasi-http', 'my-own-host'].sort((a, b) => labels.indexOf(a) - labels.indexOf(b)));
    assert.equal(items.at(-1)?.description, 'not a known host profile');
  });

  it('saves the picked items in the list\'s order', () => {
    const items = targetItems(hosts, []);
    const picked = [items.find((i) => i.target === 'wasi-http')!, items.find((i) => i.target === 'spin@4.0')!];
    const expected = items.filter((i) => picked.includes(i)).map((i) => i.target);
    assert.deepEqual(chosenTargets(items, picked), expected);
    assert.equal(expected.length, 2);
  });
});

describe('client: settings normalisers', () => {
  it('never throw and keep only usable values', () => {
    assert.deepEqual(targetsFrom([' spin ', 'spin', '', 3, 'wasi-http']), ['spin', 'wasi-http']);
    assert.deepEqual(targetsFrom('spin'), []);
    assert.equal(traceFrom('verbose'), 'verbose');
    assert.equal(traceFrom('loud'), 'off');
    assert.equal(runtimeFrom('  /usr/bin/node '), '/usr/bin/node');
    assert.equal(runtimeFrom(''), undefined);
    assert.equal(runtimeFrom(42), undefined);
  });
});
