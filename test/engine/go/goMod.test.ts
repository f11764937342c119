import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { requires } from 'wasi-ready/engine/detectors/gomod/analyze';
import { REPO } from '../../support/paths';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'go');

describe('Go modules: go.mod requirements with known needs (rules/packages/go.json)', function () {
  this.timeout(60_000);

  it('reads require lines and blocks, quoted paths and // indirect, and skips everything else', () => {
    const text = [
      'module example.com/x', '', 'go 1.22', '',
      'require github.com/a/b v1.0.0',
      'require (',
      '\t"github.com/c/d" v0.2.0 // indirect',
      '\t// a comment line',
      '\tgithub.com/e/f/v2 v2.1.0-rc.1 // pinned',
      ')',
      'replace github.com/a/b => ../b',
      'exclude github.com/g/h v1.0.0',
    ].join('\n');
    assert.deepEqual(requires(text), [
      { module: 'github.com/a/b', version: 'v1.0.0', indirect: false, line: 5, column: 9 },
      { module: 'github.com/c/d', version: 'v0.2.0', indirect: true, line: 7, column: 3 },
      { module: 'github.com/e/f/v2', version: 'v2.1.0-rc.1', indirect: false, line: 9, column: 2 },
    ]);
  });

  it('reports cgo drivers, wire-protocol clients and file watchers on their require line, with the path', async () => {
    const result = await check([path.join(FIXTURES, 'order-service')], { targets: ['spin', 'fastly-compute'] });
    const rows = result.findings
      .filter((f) => f.origin === 'dependency')
      .map((f) => [f.file, f.line, f.column, f.ruleId, Object.fromEntries(Object.entries(f.hosts).filter(([, v]) => v !== 'ok'))]);
    assert.deepEqual(rows, [
      ['go.mod', 7, 2, 'dependency/sockets-outbound', { 'fastly-compute': 'warning' }], // github.com/lib/pq
      ['go.mod', 8, 2, 'dependency/native-code', { spin: 'error', 'fastly-compute': 'error' }], // github.com/mattn/go-sqlite3
      ['go.mod', 12, 2, 'dependency/fs-read', { 'fastly-compute': 'warning' }], // github.com/fsnotify/fsnotify // indirect
    ]);
    const sqlite = result.findings.find((f) => f.line === 8 && f.file === 'go.mod');
    assert.equal(
      sqlite?.message,
      'github.com/mattn/go-sqlite3 v1.14.22 (github.com/mattn/go-sqlite3 ← go.mod): a cgo package: it compiles SQLite\'s C amalgamation through import "C", and cgo is off for GOOS=wasip1: spin and fastly-compute run only WebAssembly, no native code; the host\'s SQLite (Spin: github.com/spinframework/spin-go-sdk/v2/sqlite), or github.com/ncruces/go-sqlite3 (SQLite built to Wasm and run from Go; its CI builds wasip1/wasm with the sqlite3_dotlk tag); not modernc.org/sqlite, whose supported platforms have no wasip1',
    );
  });

  it('a media service: cgo image bindings, Kafka, MongoDB and gRPC clients, a log roller, systemd and D-Bus, host metrics', async () => {
    const result = await check([path.join(FIXTURES, 'media-ingest')], { targets: ['spin', 'fastly-compute', 'wasmcloud'] });
    const rows = result.findings
      .filter((f) => f.origin === 'dependency')
      .map((f) => [f.line, f.column, f.ruleId, Object.fromEntries(Object.entries(f.hosts).filter(([, v]) => v !== 'ok'))]);
    assert.deepEqual(rows, [
      [6, 2, 'dependency/sockets-listen', { spin: 'warning', 'fastly-compute': 'warning', wasmcloud: 'warning' }], // github.com/coreos/go-systemd/v22 (socket activation)
      [6, 2, 'dependency/sockets-outbound', { 'fastly-compute': 'warning' }], // github.com/coreos/go-systemd/v22 (D-Bus, journald)
      [7, 2, 'dependency/native-code', { spin: 'error', 'fastly-compute': 'error', wasmcloud: 'error' }], // github.com/davidbyttow/govips/v2
      [8, 2, 'dependency/sockets-outbound', { 'fastly-compute': 'warning' }], // github.com/segmentio/kafka-go
      [9, 2, 'dependency/fs-read', { 'fastly-compute': 'warning' }], // github.com/shirou/gopsutil/v4
      [9, 2, 'dependency/signals', { spin: 'warning', 'fastly-compute': 'warning', wasmcloud: 'warning' }], // github.com/shirou/gopsutil/v4
      [10, 2, 'dependency/sockets-outbound', { 'fastly-compute': 'warning' }], // go.mongodb.org/mongo-driver/v2
      [11, 2, 'dependency/sockets-outbound', { 'fastly-compute': 'warning' }], // google.golang.org/grpc
      [13, 2, 'dependency/fs-write', { spin: 'warning', 'fastly-compute': 'warning' }], // gopkg.in/natefinch/lumberjack.v2
      [17, 2, 'dependency/sockets-outbound', { 'fastly-compute': 'warning' }], // github.com/godbus/dbus/v5 // indirect
    ]);
    const kafka = result.findings.find((f) => f.file === 'go.mod' && f.line === 8);
    assert.equal(
      kafka?.message,
      'github.com/segmentio/kafka-go v0.4.47 (github.com/segmentio/kafka-go ← go.mod): pure Go Kafka client: its Conn wraps a raw network connection to the brokers (kafka.Dial/DialLeader over "tcp", Reader and Writer on top): fastly-compute has no sockets (network access goes through backends); publish through an HTTP gateway (Kafka REST proxy) with the host\'s outbound HTTP',
    );
    const dbus = result.findings.find((f) => f.file === 'go.mod' && f.line === 17);
    assert.match(dbus?.message ?? '', /^github\.com\/godbus\/dbus\/v5 v5\.1\.0 \(github\.com\/godbus\/dbus\/v5 ← go\.mod \(indirect\)\): D-Bus client/);
  });

  it('a guest SDK for the host (the Spin Go SDK) is no finding', async () => {
    const result = await check([path.join(FIXTURES, 'spin-component')], {});
    assert.deepEqual(result.findings.filter((f) => f.origin === 'dependency'), []);
  });
});
