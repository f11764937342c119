import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { knowledge } from 'wasi-ready/engine/knowledge/load';
import { EXAMPLES, REPO } from '../support/paths';
import { row, sourceRows as sourceRowsOf, type Row } from '../support/findingRows';
import { scratchProject } from '../support/projects';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'rust');
const WORKER = path.join(FIXTURES, 'media-worker');
/** Spin mounts files read-only and allows outbound sockets; wasmtime run grants files and listening; Fastly has neither. */
const TARGETS = ['spin', 'wasmtime-run', 'fastly-compute'];

const sourceRows = (dir: string, targets = TARGETS): Promise<Row[]> => sourceRowsOf(dir, targets);

/** A throwaway crate with the given files; returns its folder. */
function crate(files: Record<string, string>): string {
  return scratchProject({ 'Cargo.toml': '[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n', ...files }, 'wasi-ready-rust-');
}

async function rulesAt(files: Record<string, string>, targets = ['spin']): Promise<Array<[string, number, number, string]>> {
  const dir = crate(files);
  try {
    const result = await check([dir], { targets });
    assert.deepEqual(result.errors, []);
    return result.findings.filter((f) => f.origin === 'source').map((f) => [f.file, f.line, f.column, f.ruleId]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const all = { spin: 'error', 'wasmtime-run': 'error', 'fastly-compute': 'error' };
const allInfo = { spin: 'info', 'wasmtime-run': 'info', 'fastly-compute': 'info' };
const allWarning = { spin: 'warning', 'wasmtime-run': 'warning', 'fastly-compute': 'warning' };
const noWrite = { spin: 'error', 'fastly-compute': 'error' }; // spin mounts files read-only, Fastly has none
const noWriteInfo = { spin: 'info', 'fastly-compute': 'info' };
const noListen = { spin: 'error', 'fastly-compute': 'error' }; // wasmtime run grants wasi:sockets listening
const noListenInfo = { spin: 'info', 'fastly-compute': 'info' };
const fastly = { 'fastly-compute': 'error' }; // no filesystem and no sockets at all
const fastlyInfo = { 'fastly-compute': 'info' };

/**
 * A media worker written as Rust services are written (tokio main, a rayon pool, files, ffmpeg, sockets,
 * FFI, signal handling; integration tests, a bench, a build script): every rust/* rule has a hit, a
 * guarded use (src/platform.rs) and a use in test code; look-alikes sit beside the hits.
 */
describe('Rust sources: findings per rule (test/fixtures/rust/media-worker)', function () {
  this.timeout(60_000);

  it('finds exactly these uses, at these positions, with these verdicts per host', async () => {
    assert.deepEqual(await sourceRows(WORKER), [
      ['benches/encode.rs', 5, 20, 35, 'rust/threads', allInfo, 'test'],
      ['src/ffi.rs', 4, 1, 11, 'rust/native-code', all, '-'],
      ['src/ffi.rs', 8, 1, 11, 'rust/native-code', allWarning, '-'], // no #[link]: warning per the entry's severity hint
      ['src/ffi.rs', 32, 24, 48, 'rust/dynamic-loading', all, '-'],
      ['src/ffi.rs', 38, 14, 26, 'rust/dynamic-loading', all, '-'],
      // reqwest builds its native hyper + tokio client, which compiles for neither wasip1 nor wasip2: one finding, on
      // its main capability, an error on every host (before: sockets-outbound, on Fastly only).
      ['src/http.rs', 9, 5, 17, 'rust/http-outbound', all, '-'],
      ['src/http.rs', 13, 20, 30, 'rust/sockets-outbound', fastly, '-'],
      ['src/jobs.rs', 31, 18, 31, 'rust/threads', all, '-'],
      ['src/jobs.rs', 36, 20, 15, 'rust/threads', all, '-'], // thread::Builder::new() … .spawn, lines 36–39
      ['src/jobs.rs', 40, 16, 74, 'rust/threads', all, '-'],
      ['src/jobs.rs', 42, 20, 47, 'rust/threads', all, '-'],
      ['src/jobs.rs', 55, 5, 20, 'rust/threads', allInfo, '-'], // par_iter runs sequentially with rayon-core 1.11+
      ['src/jobs.rs', 60, 5, 10, 'rust/threads', all, '-'],
      ['src/jobs.rs', 78, 22, 35, 'rust/threads', allInfo, 'test'],
      ['src/main.rs', 14, 1, 15, 'rust/threads', all, '-'],
      ['src/net.rs', 5, 5, 34, 'rust/sockets-listen', all, '-'], // tokio::net does not compile for wasm: wasmtime run's listening does not help
      ['src/net.rs', 9, 5, 20, 'rust/sockets-listen', noListen, '-'],
      ['src/net.rs', 13, 22, 40, 'rust/sockets-outbound', fastly, '-'],
      ['src/net.rs', 18, 8, 28, 'rust/sockets-outbound', fastly, '-'], // to_socket_addrs with std::net::ToSocketAddrs in scope
      ['src/net.rs', 22, 5, 32, 'rust/sockets-listen', noListen, '-'],
      ['src/platform.rs', 7, 5, 18, 'rust/threads', allInfo, 'guarded'],
      ['src/platform.rs', 14, 9, 23, 'rust/fs-write', noWriteInfo, 'guarded'],
      ['src/platform.rs', 20, 5, 28, 'rust/fs-read', fastlyInfo, 'guarded'],
      ['src/platform.rs', 25, 5, 58, 'rust/process', allInfo, 'guarded'],
      ['src/platform.rs', 31, 9, 36, 'rust/sockets-listen', noListenInfo, 'guarded'],
      ['src/platform.rs', 35, 9, 37, 'rust/sockets-outbound', fastlyInfo, 'guarded'],
      ['src/platform.rs', 41, 8, 17, 'rust/sockets-outbound', fastlyInfo, 'guarded'],
      ['src/platform.rs', 46, 1, 11, 'rust/native-code', allInfo, 'guarded'],
      ['src/platform.rs', 58, 9, 21, 'rust/signals', allInfo, 'guarded'],
      ['src/platform.rs', 64, 14, 38, 'rust/dynamic-loading', allInfo, 'guarded'],
      ['src/platform.rs', 72, 13, 42, 'rust/threads', allInfo, 'guarded'], // the else branch of cfg_if!
      ['src/signals.rs', 6, 5, 32, 'rust/signals', all, '-'],
      ['src/signals.rs', 8, 5, 23, 'rust/signals', all, '-'], // ctrlc compiles for neither target: signals only, not also threads
      ['src/signals.rs', 10, 9, 21, 'rust/signals', all, '-'],
      ['src/signals.rs', 16, 5, 26, 'rust/signals', all, '-'],
      ['src/storage.rs', 12, 16, 34, 'rust/fs-read', fastly, '-'],
      ['src/storage.rs', 19, 5, 23, 'rust/fs-write', noWrite, '-'],
      ['src/storage.rs', 20, 30, 39, 'rust/fs-write', noWrite, '-'], // after "café ☕ 😀": columns count UTF-16 code units
      ['src/storage.rs', 21, 21, 46, 'rust/fs-write', noWrite, '-'], // .append(true).create(true) is one finding
      ['src/storage.rs', 23, 20, 29, 'rust/fs-write', noWrite, '-'],
      ['src/storage.rs', 29, 5, 15, 'rust/fs-write', noWrite, '-'],
      ['src/storage.rs', 30, 5, 20, 'rust/fs-write', noWrite, '-'],
      ['src/transcode.rs', 21, 18, 16, 'rust/process', all, '-'], // Command::new("ffmpeg") … .status(), lines 21–26
      ['src/transcode.rs', 31, 17, 49, 'rust/process', all, '-'], // cmd: &mut Command
      ['src/transcode.rs', 41, 14, 24, 'rust/process', all, '-'],
      ['tests/integration.rs', 8, 20, 37, 'rust/sockets-listen', noListenInfo, 'test'],
      ['tests/integration.rs', 10, 18, 31, 'rust/threads', allInfo, 'test'],
      ['tests/integration.rs', 11, 22, 40, 'rust/sockets-outbound', fastlyInfo, 'test'],
      ['tests/integration.rs', 18, 15, 33, 'rust/fs-write', allInfo, 'test'], // std::env::temp_dir panics on both targets, a writable filesystem or not
      ['tests/integration.rs', 19, 5, 28, 'rust/fs-write', noWriteInfo, 'test'],
      ['tests/integration.rs', 20, 5, 19, 'rust/fs-write', noWriteInfo, 'test'],
      ['tests/integration.rs', 21, 15, 69, 'rust/process', allInfo, 'test'],
      ['tests/integration.rs', 27, 16, 28, 'rust/http-outbound', allInfo, 'test'],
      ['tests/integration.rs', 33, 5, 15, 'rust/native-code', allInfo, 'test'], // an extern block inside a test function
      ['tests/integration.rs', 37, 24, 48, 'rust/dynamic-loading', allInfo, 'test'],
      ['tests/integration.rs', 39, 5, 23, 'rust/signals', allInfo, 'test'],
      ['tests/integration.rs', 44, 18, 31, 'rust/fs-read', fastlyInfo, 'test'],
    ]);
  });

  it('every rust/* rule has a hit, a guarded use and a use in test code', async () => {
    const kb = knowledge();
    const noHttp = structuredClone(kb.hosts.find((h) => h.id === 'wasi-http')!);
    noHttp.id = 'no-http';
    noHttp.httpOutbound = { ...noHttp.httpOutbound, value: false, says: 'sends no outbound HTTP' };
    const result = await check([WORKER], { targets: [...TARGETS, 'no-http'], knowledge: { ...kb, hosts: [...kb.hosts, noHttp] } });
    const rows = result.findings.map(row);
    const rules = [...kb.rules.keys()].filter((id) => id.startsWith('rust/'));
    assert.equal(rules.length, 10);
    for (const rule of rules) {
      for (const kind of ['-', 'guarded', 'test'] as const) assert.ok(rows.some((r) => r[4] === rule && r[6] === kind), `${rule}: no ${kind} row`);
    }
  });

  it('rust/http-outbound: an HTTP client that builds is a finding only on a host without outbound HTTP; one that compiles for neither target (reqwest) is an error on every host', async () => {
    const kb = knowledge();
    const noHttp = structuredClone(kb.hosts.find((h) => h.id === 'wasi-http')!);
    noHttp.id = 'no-http';
    noHttp.httpOutbound = { ...noHttp.httpOutbound, value: false, says: 'sends no outbound HTTP' };
    const result = await check([WORKER], { targets: ['no-http', 'spin'], knowledge: { ...kb, hosts: [...kb.hosts, noHttp] } });
    assert.deepEqual(result.findings.filter((f) => f.ruleId === 'rust/http-outbound').map(row), [
      ['src/http.rs', 9, 5, 17, 'rust/http-outbound', { 'no-http': 'error', spin: 'error' }, '-'],
      ['src/http.rs', 13, 20, 30, 'rust/http-outbound', { 'no-http': 'warning' }, '-'],
      ['src/platform.rs', 41, 8, 17, 'rust/http-outbound', { 'no-http': 'info' }, 'guarded'],
      ['tests/integration.rs', 27, 16, 28, 'rust/http-outbound', { 'no-http': 'info', spin: 'info' }, 'test'],
    ]);
    const message = (line: number) => result.findings.find((f) => f.file === 'src/http.rs' && f.line === line && f.ruleId === 'rust/http-outbound')!.message;
    assert.match(message(9), /^reqwest::get makes an outbound HTTP request with reqwest \(does not compile on wasm32-wasip1 and wasm32-wasip2\): no-http sends no outbound HTTP and spin can run no build of it; /);
    assert.match(message(13), /^ureq::post makes an outbound HTTP request over a raw TCP socket \(ureq\) \(compiles, then returns an error on wasm32-wasip1; works only where the host grants it on wasm32-wasip2\): no-http sends no outbound HTTP; /);
  });

  it('messages say what the API does on wasm32-wasip1 and wasm32-wasip2, why the host refuses it, and what to do instead', async () => {
    const result = await check([WORKER], { targets: ['spin'] });
    const at = (file: string, line: number, rule = ''): string => result.findings.find((f) => f.file === file && f.line === line && f.ruleId.includes(rule))!.message;
    assert.equal(at('src/jobs.rs', 31), 'std::thread::spawn spawns an OS thread (compiles, then panics on wasm32-wasip1 and wasm32-wasip2): spin has no threads; run the work on the request\'s own thread (a sequential loop, or futures joined on a current-thread executor such as wstd or tokio\'s current_thread runtime)');
    assert.match(at('src/main.rs', 14), /^#\[tokio::main\] starts a multi-threaded tokio runtime \(does not compile on wasm32-wasip1 and wasm32-wasip2\): spin has no threads; #\[tokio::main\(flavor = "current_thread"\)\]/);
    assert.match(at('src/net.rs', 22), /^std::net::TcpListener::bind listens on a TCP port \(compiles, then returns an error on wasm32-wasip1; works only where the host grants it on wasm32-wasip2\): spin /);
    assert.match(at('src/transcode.rs', 21), /^std::process::Command::status runs a child process \(compiles, then returns an error on wasm32-wasip1 and wasm32-wasip2\): spin cannot spawn processes; /);
    assert.match(at('src/ffi.rs', 4), /^extern "C" block with #\[link\(name = "z"\)\] links a native C library \(fails to link on wasm32-wasip1 and wasm32-wasip2\): spin runs only WebAssembly, no native code; /);
    // Where the host provides the capability, a use that breaks every build still fails there: no build of it runs.
    // wasmtime run grants listening sockets, but tokio::net does not compile for either target.
    assert.match((await check([WORKER], { targets: ['wasmtime-run'] })).findings.find((f) => f.file === 'src/net.rs' && f.line === 5)!.message, /^tokio::net::TcpListener::bind listens on a TCP port \(does not compile on wasm32-wasip1 and wasm32-wasip2\): wasmtime-run can run no build of it; /);
    // A use that builds for wasip2 is judged by what the host provides.
    assert.match(at('src/storage.rs', 21), /^std::fs::OpenOptions::append opens a file for writing \(works only where the host grants it on wasm32-wasip1 and wasm32-wasip2\): spin mounts files read-only; /);
    assert.match(at('src/jobs.rs', 55), /^\.par_iter\(\) \(rayon::iter::ParallelIterator\) runs an iterator on rayon's global thread pool \(runs degraded on wasm32-wasip1 and wasm32-wasip2\)/);
  });

  it('build.rs runs on the build machine: no findings there', async () => {
    const rows = await sourceRows(WORKER);
    assert.ok(!rows.some((r) => r[0] === 'build.rs'));
  });
});

describe('Rust sources: how paths are reached', function () {
  this.timeout(30_000);

  it('through use, groups with self, renames, globs, extern crate aliases and absolute paths', async () => {
    assert.deepEqual(await rulesAt({
      'src/lib.rs': [
        'use std::fs::{self, File as F};',
        'use std::thread::*;',
        'use std::process::Command as Cmd;',
        'extern crate libc as c;',
        'pub fn a() { spawn(|| ()); }',
        'pub fn b() { F::create("x").ok(); fs::remove_dir_all("d").ok(); }',
        'pub fn c() { Cmd::new("ls").output().ok(); }',
        'pub fn d() { unsafe { c::kill(1, 9); } ::std::thread::scope(|_| ()); }',
        'pub fn e() { use std::net; net::TcpListener::bind("0.0.0.0:1").ok(); }',
        '',
      ].join('\n'),
    }), [
      ['src/lib.rs', 5, 14, 'rust/threads'],
      ['src/lib.rs', 6, 14, 'rust/fs-write'],
      ['src/lib.rs', 6, 35, 'rust/fs-write'],
      ['src/lib.rs', 7, 14, 'rust/process'],
      ['src/lib.rs', 8, 23, 'rust/signals'],
      ['src/lib.rs', 8, 40, 'rust/threads'],
      ['src/lib.rs', 9, 28, 'rust/sockets-listen'],
    ]);
  });

  it('a name that merely looks like an API is not a hit', async () => {
    assert.deepEqual(await rulesAt({
      'src/lib.rs': [
        '// thread::spawn(|| ()) in a comment, std::fs::write in a doc comment below',
        '/// std::fs::write("a", "b")',
        'pub fn a(pool: &Pool) { pool.spawn(|| ()); }', // unknown receiver
        'pub fn b() { tokio::spawn(async {}); }', // a task, not a thread
        'pub fn c() { let s = "std::thread::spawn(|| ())"; drop(s); }',
        'pub fn d() { spawn(|| ()); }', // no import of std::thread::spawn
        'pub fn e() { thread::spawn(|| ()); }', // no `use std::thread`
        'pub fn f() { crate::process::Command::new("x").output(); }',
        'use crate::sys::fs;',
        'pub fn g() { fs::write("a", "b"); }', // the project's own module
        'pub fn h() { std::thread::sleep(std::time::Duration::from_millis(1)); }',
        'pub fn i() { let v: Vec<u8> = vec![1]; v.par_iter(); }', // no rayon trait in scope
        'pub struct Pool;',
        'impl Pool { pub fn spawn<F: FnOnce()>(&self, f: F) { f() } }',
        '',
      ].join('\n'),
    }), []);
  });

  it('a glob that names a module does not make every bare name an API of that module', async () => {
    assert.deepEqual(await rulesAt({
      'src/lib.rs': 'use nix::sys::signal::*;\nuse nix::sys::wait::*;\npub fn a(pid: nix::unistd::Pid) { WaitStatus::from_raw(pid, 0).ok(); kill(pid, SIGTERM).ok(); }\n',
    }), []);
  });

  it('a module body does not see its parent\'s imports without `use super::*`', async () => {
    assert.deepEqual(await rulesAt({
      'src/lib.rs': 'use std::thread;\nmod inner { pub fn a() { thread::spawn(|| ()); } }\nmod with_super { use super::*; pub fn b() { thread::spawn(|| ()); } }\n',
    }), [['src/lib.rs', 3, 45, 'rust/threads']]);
  });

  it('#[tokio::main] is a multi-thread runtime unless flavor = "current_thread"; #[main] after use tokio::main', async () => {
    assert.deepEqual(await rulesAt({
      'src/main.rs': '#[tokio::main(flavor = "current_thread")]\nasync fn main() {}\n',
      'src/bin/multi.rs': 'use tokio::main;\n#[main]\nasync fn main() {}\n',
      'src/bin/explicit.rs': '#[tokio::main(flavor = "multi_thread", worker_threads = 2)]\nasync fn main() {}\n',
      'src/bin/builder.rs': 'fn main() { let rt = tokio::runtime::Builder::new_current_thread().build().unwrap(); let _ = tokio::runtime::Builder::new_multi_thread().build(); drop(rt); }\n',
    }), [
      ['src/bin/builder.rs', 1, 94, 'rust/threads'],
      ['src/bin/explicit.rs', 1, 1, 'rust/threads'],
      ['src/bin/multi.rs', 2, 1, 'rust/threads'],
    ]);
  });

  it('tokio modules: fs, process, net and signal calls through use', async () => {
    assert.deepEqual(await rulesAt({
      'src/lib.rs': [
        'use tokio::fs;',
        'use tokio::process::Command;',
        'pub async fn a() { fs::read_to_string("x").await.ok(); fs::write("y", b"z").await.ok(); }',
        'pub async fn b() { Command::new("ls").output().await.ok(); }',
        '',
      ].join('\n'),
    }, ['wasmtime-run']), [
      // tokio::fs does not compile for wasm: one finding each, on the main capability, even on wasmtime run,
      // which grants files (before: threads only, for the blocking pool)
      ['src/lib.rs', 3, 20, 'rust/fs-read'],
      ['src/lib.rs', 3, 56, 'rust/fs-write'],
      ['src/lib.rs', 4, 20, 'rust/process'],
    ]);
  });
});

describe('Rust sources: tokio built with --cfg tokio_unstable (.cargo/config.toml)', function () {
  this.timeout(30_000);

  /** A TCP cache proxy on tokio, as written for a native server. */
  const PROXY = [
    'use tokio::io::{AsyncReadExt, AsyncWriteExt};',
    'use tokio::net::{TcpListener, TcpStream};',
    '',
    '#[tokio::main(flavor = "current_thread")]',
    'async fn main() -> std::io::Result<()> {',
    '    let listener = TcpListener::bind("0.0.0.0:8080").await?;', // 6
    '    loop {',
    '        let (mut client, _) = listener.accept().await?;',
    '        let mut upstream = TcpStream::connect("10.0.0.5:6379").await?;', // 9
    '        let mut buf = [0u8; 4096];',
    '        let n = client.read(&mut buf).await?;',
    '        upstream.write_all(&buf[..n]).await?;',
    '        tokio::fs::write("/var/cache/proxy/last", &buf[..n]).await?;', // 13
    '        for addr in tokio::net::lookup_host("replica.internal:6379").await? {', // 14
    '            let _ = addr;',
    '        }',
    '    }',
    '}',
    '',
  ].join('\n');
  const lock = (tokio: string) =>
    `# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n[[package]]\nname = "probe"\nversion = "0.1.0"\ndependencies = [\n "tokio",\n]\n\n[[package]]\nname = "tokio"\nversion = "${tokio}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n`;

  async function proxy(files: Record<string, string>): Promise<{ rows: Row[]; message: (line: number) => string }> {
    const dir = crate({ 'src/main.rs': PROXY, ...files });
    try {
      const result = await check([dir], { targets: TARGETS });
      assert.deepEqual(result.errors, []);
      const found = result.findings.filter((f) => f.origin === 'source');
      return { rows: found.map(row), message: (line) => found.find((f) => f.line === line)!.message };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('without it nothing of tokio::net or tokio::fs compiles: errors on every host', async () => {
    const { rows, message } = await proxy({ 'Cargo.lock': lock('1.52.1') });
    assert.deepEqual(rows, [
      ['src/main.rs', 6, 20, 37, 'rust/sockets-listen', all, '-'],
      ['src/main.rs', 9, 28, 46, 'rust/sockets-outbound', all, '-'],
      ['src/main.rs', 13, 9, 25, 'rust/fs-write', all, '-'],
      ['src/main.rs', 14, 21, 44, 'rust/sockets-outbound', all, '-'],
    ]);
    assert.match(message(9), /^tokio::net::TcpStream::connect opens an outbound TCP connection \(does not compile on wasm32-wasip1 and wasm32-wasip2\): /);
  });

  it('[target.wasm32-wasip2] rustflags with tokio 1.52: p2 sockets are the host\'s to grant, p1 still has no connect or bind; fs and lookup_host panic on the blocking pool', async () => {
    const { rows, message } = await proxy({
      'Cargo.lock': lock('1.52.1'),
      '.cargo/config.toml': '[target.wasm32-wasip2]\nrustflags = ["--cfg", "tokio_unstable"]\n',
    });
    assert.deepEqual(rows, [
      ['src/main.rs', 6, 20, 37, 'rust/sockets-listen', noListen, '-'], // wasmtime run grants listening to a component
      ['src/main.rs', 9, 28, 46, 'rust/sockets-outbound', fastly, '-'], // Spin allows outbound sockets
      ['src/main.rs', 13, 9, 25, 'rust/fs-write', all, '-'],
      ['src/main.rs', 14, 21, 44, 'rust/sockets-outbound', all, '-'],
    ]);
    assert.match(message(9), /^tokio::net::TcpStream::connect opens an outbound TCP connection \(does not compile on wasm32-wasip1; works only where the host grants it on wasm32-wasip2\): fastly-compute has no sockets/);
    assert.match(message(13), /^tokio::fs::write writes files through tokio's blocking pool \(does not compile on wasm32-wasip1; compiles, then panics on wasm32-wasip2\): /);
    assert.match(message(14), /^tokio::net::lookup_host resolves a host name \(does not compile on wasm32-wasip1; compiles, then panics on wasm32-wasip2\): /);
  });

  it('[build] rustflags with tokio 1.49: connect and bind exist on no WASI target before 1.51; fs (1.41+) panics on both', async () => {
    const { rows, message } = await proxy({
      'Cargo.lock': lock('1.49.0'),
      '.cargo/config.toml': '[build]\nrustflags = ["--cfg", "tokio_unstable"]\n',
    });
    assert.deepEqual(rows, [
      ['src/main.rs', 6, 20, 37, 'rust/sockets-listen', all, '-'],
      ['src/main.rs', 9, 28, 46, 'rust/sockets-outbound', all, '-'],
      ['src/main.rs', 13, 9, 25, 'rust/fs-write', all, '-'],
      ['src/main.rs', 14, 21, 44, 'rust/sockets-outbound', all, '-'],
    ]);
    assert.match(message(13), /^tokio::fs::write writes files through tokio's blocking pool \(compiles, then panics on wasm32-wasip1 and wasm32-wasip2\): /);
  });

  it('[target.\'cfg(target_os = "wasi")\'] rustflags set it for both targets; a cfg(unix) table for neither', async () => {
    const both = await proxy({
      'Cargo.lock': lock('1.52.1'),
      '.cargo/config.toml': '[target.\'cfg(target_os = "wasi")\']\nrustflags = ["--cfg", "tokio_unstable"]\n',
    });
    assert.deepEqual(both.rows[1], ['src/main.rs', 9, 28, 46, 'rust/sockets-outbound', fastly, '-']);
    assert.match(both.message(13), /\(compiles, then panics on wasm32-wasip1 and wasm32-wasip2\)/);
    const neither = await proxy({
      'Cargo.lock': lock('1.52.1'),
      '.cargo/config.toml': '[target.\'cfg(unix)\']\nrustflags = ["--cfg", "tokio_unstable"]\n',
    });
    assert.deepEqual(neither.rows[1], ['src/main.rs', 9, 28, 46, 'rust/sockets-outbound', all, '-']);
  });

  it('a [target] rustflags entry replaces [build] rustflags for that target, as Cargo takes them', async () => {
    const { rows, message } = await proxy({
      'Cargo.lock': lock('1.52.1'),
      '.cargo/config.toml': '[build]\nrustflags = ["--cfg", "tokio_unstable"]\n\n[target.wasm32-wasip2]\nrustflags = ["-C", "opt-level=s"]\n',
    });
    // p1 gets tokio_unstable (fs compiles, then panics); p2 does not (tokio's compile_error!).
    assert.deepEqual(rows.map((r) => r.slice(0, 6)), [
      ['src/main.rs', 6, 20, 37, 'rust/sockets-listen', all],
      ['src/main.rs', 9, 28, 46, 'rust/sockets-outbound', all],
      ['src/main.rs', 13, 9, 25, 'rust/fs-write', all],
      ['src/main.rs', 14, 21, 44, 'rust/sockets-outbound', all],
    ]);
    assert.match(message(13), /^tokio::fs::write writes files through tokio's blocking pool \(compiles, then panics on wasm32-wasip1; does not compile on wasm32-wasip2\): /);
  });
});

describe('Rust sources: what the locked versions do', function () {
  this.timeout(30_000);

  const lock = (rayonCore: string): string =>
    `# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n[[package]]\nname = "probe"\nversion = "0.1.0"\ndependencies = [\n "rayon",\n]\n\n[[package]]\nname = "rayon"\nversion = "1.6.1"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "rayon-core"\nversion = "${rayonCore}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n`;
  const source = 'use rayon::prelude::*;\npub fn total(v: &[u64]) -> u64 { v.par_iter().sum() }\n';

  async function parIter(rayonCore: string): Promise<[string, string, string]> {
    const dir = crate({ 'src/lib.rs': source, 'Cargo.lock': lock(rayonCore) });
    try {
      const [finding] = (await check([dir], { targets: ['spin'] })).findings.filter((f) => f.origin === 'source');
      return [finding.severity, finding.hosts.spin, finding.message.slice(0, finding.message.indexOf('): ') + 1)];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('rayon-core before 1.11 has no single-thread fallback: par_iter panics, an error', async () => {
    assert.deepEqual(await parIter('1.10.1'), ['error', 'error', '.par_iter() (rayon::iter::ParallelIterator) runs an iterator on rayon\'s global thread pool (compiles, then panics on wasm32-wasip1 and wasm32-wasip2)']);
  });

  it('rayon-core 1.11 and later run it on the calling thread: info', async () => {
    assert.deepEqual(await parIter('1.12.1'), ['info', 'info', '.par_iter() (rayon::iter::ParallelIterator) runs an iterator on rayon\'s global thread pool (runs degraded on wasm32-wasip1 and wasm32-wasip2)']);
  });
});

describe('Rust sources: guards and test code', function () {
  this.timeout(30_000);

  const guards = (source: string) => rulesAtWithFlags({ 'src/lib.rs': source });

  async function rulesAtWithFlags(files: Record<string, string>): Promise<Array<[number, string, '-' | 'guarded' | 'test']>> {
    const dir = crate(files);
    try {
      const result = await check([dir], { targets: ['spin'] });
      return result.findings.map((f) => [f.line, f.ruleId, f.guarded ? 'guarded' : f.test ? 'test' : '-']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('cfg predicates are evaluated for wasm32-wasip1 and wasm32-wasip2', async () => {
    assert.deepEqual(await guards([
      'use std::thread;',
      '#[cfg(not(target_arch = "wasm32"))] pub fn a() { thread::spawn(|| ()); }',
      '#[cfg(target_os = "linux")] pub fn b() { thread::spawn(|| ()); }',
      '#[cfg(any(windows, unix))] pub fn c() { thread::spawn(|| ()); }',
      '#[cfg(all(feature = "native", not(target_os = "wasi")))] pub fn d() { thread::spawn(|| ()); }',
      '#[cfg(feature = "native")] pub fn e() { thread::spawn(|| ()); }', // a feature may be on: not a guard
      '#[cfg(target_env = "p2")] pub fn f() { thread::spawn(|| ()); }', // compiled for wasip2
      '#[cfg_attr(unix, inline)] pub fn g() { thread::spawn(|| ()); }', // cfg_attr is no guard
      'pub fn h() { #[cfg(unix)] thread::spawn(|| ()); #[cfg(unix)] { thread::spawn(|| ()); } }',
      'pub fn i() { if !cfg!(target_family = "wasm") { thread::spawn(|| ()); } if cfg!(unix) { thread::spawn(|| ()); } else { thread::spawn(|| ()); } }',
      '#[cfg(not(test))] pub fn j() { thread::spawn(|| ()); }',
      '',
    ].join('\n')), [
      [2, 'rust/threads', 'guarded'],
      [3, 'rust/threads', 'guarded'],
      [4, 'rust/threads', 'guarded'],
      [5, 'rust/threads', 'guarded'],
      [6, 'rust/threads', '-'],
      [7, 'rust/threads', '-'],
      [8, 'rust/threads', '-'],
      [9, 'rust/threads', 'guarded'],
      [9, 'rust/threads', 'guarded'],
      [10, 'rust/threads', 'guarded'],
      [10, 'rust/threads', 'guarded'],
      [10, 'rust/threads', '-'],
      [11, 'rust/threads', '-'],
    ]);
  });

  it('a file-level #![cfg(unix)] guards the whole file; cfg_if! branches are evaluated', async () => {
    assert.deepEqual(await guards([
      '#![cfg(unix)]',
      'pub fn a() { std::thread::spawn(|| ()); }',
      '',
    ].join('\n')), [[2, 'rust/threads', 'guarded']]);
    assert.deepEqual(await guards([
      'cfg_if::cfg_if! {',
      '    if #[cfg(target_os = "wasi")] {',
      '        pub fn a() { std::thread::spawn(|| ()); }',
      '    } else if #[cfg(unix)] {',
      '        pub fn a() { std::thread::spawn(|| ()); }',
      '    } else {',
      '        pub fn a() { std::thread::spawn(|| ()); }',
      '    }',
      '}',
      '',
    ].join('\n')), [
      [3, 'rust/threads', '-'],
      [5, 'rust/threads', 'guarded'],
      [7, 'rust/threads', 'guarded'],
    ]);
  });

  it('a module file takes the guards of its `mod` declaration, through parent modules and cfg_if!', async () => {
    assert.deepEqual(await rulesAtWithFlags({
      'src/lib.rs': '#[cfg(test)]\nmod tests;\n#[cfg(unix)]\nmod native;\ncfg_if::cfg_if! {\n    if #[cfg(windows)] {\n        mod win;\n    } else {\n        mod portable;\n    }\n}\n',
      'src/tests.rs': 'pub fn a() { std::thread::spawn(|| ()); }\n',
      'src/native/mod.rs': 'mod pool;\n',
      'src/native/pool.rs': 'pub fn a() { std::thread::spawn(|| ()); }\n',
      'src/win.rs': 'pub fn a() { std::thread::spawn(|| ()); }\n',
      'src/portable.rs': 'pub fn a() { std::thread::spawn(|| ()); }\n',
    }), [
      [1, 'rust/threads', 'guarded'], // src/native/pool.rs, under #[cfg(unix)] mod native
      [1, 'rust/threads', '-'], // src/portable.rs, the cfg_if! branch a WASI build takes
      [1, 'rust/threads', 'test'], // src/tests.rs
      [1, 'rust/threads', 'guarded'], // src/win.rs
    ]);
  });

  it('a module file named by #[path = "…"] or #[cfg_attr(…, path = "…")] takes the guards and test mark of its `mod`', async () => {
    const dir = crate({
      'src/lib.rs': [
        '//! A blob cache with one backend per platform.',
        'pub mod store;',
        '#[path = "backend/posix.rs"]', // 3
        '#[cfg(unix)]',
        'mod backend;',
        '#[path = "backend/wasi.rs"]',
        '#[cfg(target_os = "wasi")]',
        'mod backend;',
        '#[cfg_attr(windows, path = "notify/win.rs")]', // 9
        '#[cfg_attr(target_os = "linux", path = "notify/inotify.rs")]',
        'mod notify;', // neither applies on WASI: src/notify.rs
        'cfg_if::cfg_if! {',
        '    if #[cfg(target_family = "wasm")] {',
        '        #[path = "clock_wasm.rs"] mod clock;',
        '    } else {',
        '        #[path = "clock_native.rs"] mod clock;',
        '    }',
        '}',
        '#[cfg(test)]',
        '#[path = "../testing/harness.rs"]', // 20: relative to src/
        'mod harness;',
        'mod platform {',
        '    #[cfg(target_os = "linux")]',
        '    #[path = "affinity_linux.rs"]', // inside `mod platform { … }` in lib.rs: src/platform/affinity_linux.rs
        '    mod affinity;',
        '}',
        '',
      ].join('\n'),
      // A non-mod-rs parent: the path is relative to its own folder (src/), not to src/store/.
      'src/store.rs': '#[cfg(not(target_os = "wasi"))]\n#[path = "store_mmap.rs"]\nmod mapped;\npub fn put(k: &str, v: &[u8]) -> std::io::Result<()> { std::fs::write(k, v) }\n',
      'src/store_mmap.rs': 'pub fn flush(path: &std::path::Path) -> std::io::Result<()> { std::fs::File::create(path).map(drop) }\n',
      'src/backend/posix.rs': 'pub fn start() { std::thread::spawn(|| ()); }\n',
      'src/backend/wasi.rs': 'pub fn start() { std::fs::write("/cache/ready", b"1").ok(); }\n',
      'src/notify/win.rs': 'pub fn watch() { std::thread::spawn(|| ()); }\n',
      'src/notify/inotify.rs': 'pub fn watch() { std::thread::spawn(|| ()); }\n',
      'src/notify.rs': 'pub fn watch() { std::fs::remove_file("/cache/stale").ok(); }\n',
      'src/clock_wasm.rs': 'pub fn tick() { std::fs::write("/cache/tick", b"").ok(); }\n',
      'src/clock_native.rs': 'pub fn tick() { std::thread::spawn(|| ()); }\n',
      'testing/harness.rs': 'pub fn serve() { std::net::TcpListener::bind("127.0.0.1:0").ok(); }\n',
      'src/platform/affinity_linux.rs': 'pub fn pin() { std::process::Command::new("taskset").status().ok(); }\n',
    });
    try {
      const result = await check([dir], { targets: TARGETS });
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.findings.filter((f) => f.origin === 'source').map(row), [
        ['src/backend/posix.rs', 1, 18, 36, 'rust/threads', allInfo, 'guarded'],
        ['src/backend/wasi.rs', 1, 18, 32, 'rust/fs-write', noWrite, '-'],
        ['src/clock_native.rs', 1, 17, 35, 'rust/threads', allInfo, 'guarded'],
        ['src/clock_wasm.rs', 1, 17, 31, 'rust/fs-write', noWrite, '-'],
        ['src/notify.rs', 1, 18, 38, 'rust/fs-write', noWrite, '-'],
        ['src/notify/inotify.rs', 1, 18, 36, 'rust/threads', allInfo, 'guarded'],
        ['src/notify/win.rs', 1, 18, 36, 'rust/threads', allInfo, 'guarded'],
        ['src/platform/affinity_linux.rs', 1, 16, 60, 'rust/process', allInfo, 'guarded'],
        ['src/store.rs', 4, 56, 70, 'rust/fs-write', noWrite, '-'],
        ['src/store_mmap.rs', 1, 63, 84, 'rust/fs-write', noWriteInfo, 'guarded'],
        ['testing/harness.rs', 1, 18, 45, 'rust/sockets-listen', noListenInfo, 'test'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Cargo.toml [[test]], [[bench]] and [[example]] roots named by path, their modules and examples/ are test code; [lib] and [[bin]] paths are crate roots', async () => {
    const dir = crate({
      'Cargo.toml': [
        '[package]', 'name = "edge-cache"', 'version = "0.3.0"', 'edition = "2021"', '',
        '[lib]', 'path = "lib/edge.rs"', '',
        '[[bin]]', 'name = "edge-cli"', 'path = "cli/main.rs"', '',
        '[[test]]', 'name = "smoke"', 'path = "checks/smoke.rs"', '',
        '[[bench]]', 'name = "throughput"', 'path = "perf/throughput.rs"', 'harness = false', '',
        '[[example]]', 'name = "demo"', 'path = "demo/run.rs"', '',
        '[[example]]', 'name = "shared"', 'path = "../shared/example.rs"', // outside the crate, and missing: nothing breaks
        '',
      ].join('\n'),
      'lib/edge.rs': '#[cfg(unix)]\nmod native;\nmod store;\npub use store::put;\n',
      'lib/native.rs': 'pub fn warm() { std::thread::spawn(|| ()); }\n',
      'lib/store.rs': 'pub fn put(k: &str, v: &[u8]) -> std::io::Result<()> { std::fs::write(k, v) }\n',
      'cli/main.rs': 'fn main() { std::process::Command::new("edge-admin").status().ok(); }\n',
      'checks/smoke.rs': 'mod support;\n#[test]\nfn serves() { support::start(); }\nfn bind() { std::net::TcpListener::bind("127.0.0.1:0").ok(); }\n',
      'checks/support.rs': 'pub fn start() { std::thread::spawn(|| ()); }\n',
      'perf/throughput.rs': 'fn main() { std::thread::spawn(|| ()); }\n',
      'demo/run.rs': 'fn main() { std::fs::write("demo.bin", b"").ok(); }\n',
      'examples/quickstart.rs': 'fn main() { std::thread::spawn(|| ()); }\n',
    });
    try {
      const result = await check([dir], { targets: TARGETS });
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.findings.filter((f) => f.origin === 'source').map(row), [
        ['checks/smoke.rs', 4, 13, 40, 'rust/sockets-listen', noListenInfo, 'test'],
        ['checks/support.rs', 1, 18, 36, 'rust/threads', allInfo, 'test'],
        ['cli/main.rs', 1, 13, 60, 'rust/process', all, '-'],
        ['demo/run.rs', 1, 13, 27, 'rust/fs-write', noWriteInfo, 'test'],
        ['examples/quickstart.rs', 1, 13, 31, 'rust/threads', allInfo, 'test'],
        ['lib/native.rs', 1, 17, 35, 'rust/threads', allInfo, 'guarded'],
        ['lib/store.rs', 1, 56, 70, 'rust/fs-write', noWrite, '-'],
        ['perf/throughput.rs', 1, 13, 31, 'rust/threads', allInfo, 'test'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('#[cfg(test)] modules, #[test] and #[tokio::test] functions, tests/ and benches/ are test code', async () => {
    assert.deepEqual(await rulesAtWithFlags({
      'src/lib.rs': [
        'use std::thread;',
        '#[cfg(test)] mod tests { use super::*; #[test] fn t() { thread::spawn(|| ()); } }',
        '#[test] fn u() { thread::spawn(|| ()); }',
        '#[tokio::test] async fn v() { thread::spawn(|| ()); }',
        '',
      ].join('\n'),
      'tests/it.rs': 'fn main() { std::thread::spawn(|| ()); }\n',
      'benches/b.rs': 'fn main() { std::thread::spawn(|| ()); }\n',
      'build.rs': 'fn main() { std::thread::spawn(|| ()); std::fs::write("x", "y").unwrap(); }\n',
    }), [
      [1, 'rust/threads', 'test'],
      [2, 'rust/threads', 'test'],
      [3, 'rust/threads', 'test'],
      [4, 'rust/threads', 'test'],
      [1, 'rust/threads', 'test'],
    ]);
  });
});

describe('Rust sources: Wasm bindings and a real Spin component are not native code', function () {
  this.timeout(30_000);

  it('examples/spin-rust (a Spin SDK HTTP component with key-value and outbound HTTP) has no finding at all', async () => {
    const result = await check([path.join(EXAMPLES, 'spin-rust')]);
    assert.deepEqual(result.targets, ['spin']);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.findings, []);
    const elsewhere = await check([path.join(EXAMPLES, 'spin-rust')], { targets: ['wasmtime-run', 'fastly-compute', 'wasi-http'] });
    assert.deepEqual(elsewhere.findings.filter((f) => f.origin === 'source'), []);
  });

  it('wit-bindgen output: extern "C" blocks with #[link(wasm_import_module = …)] are host imports', async () => {
    assert.deepEqual(await rulesAt({
      'src/bindings.rs': [
        '#[allow(unused_unsafe, clippy::all)]',
        'pub mod wasi {',
        '    pub mod http {',
        '        pub mod outgoing_handler {',
        '            #[cfg(target_arch = "wasm32")]',
        '            #[link(wasm_import_module = "wasi:http/outgoing-handler@0.2.0")]',
        '            extern "C" {',
        '                #[link_name = "handle"]',
        '                fn wit_import(_: i32, _: i32, _: i32, _: *mut u8);',
        '            }',
        '            #[link(wasm_import_module = "wasi:http/types@0.2.0")]',
        '            unsafe extern "C" {',
        '                #[link_name = "[resource-drop]fields"]',
        '                fn drop(_: u32);',
        '            }',
        '        }',
        '    }',
        '}',
        '',
      ].join('\n'),
    }), []);
  });
});

describe('Rust sources: #[cfg_attr(…, link(…))] on extern blocks', function () {
  this.timeout(30_000);

  it('a link under cfg_attr is there only under its condition; wasm_import_module under cfg_attr stays a host import', async () => {
    const dir = crate({
      'src/ffi.rs': [
        '//! zlib and SQLite through FFI on native targets; build.rs compiles both to wasm for WASI.', // 1
        'use std::os::raw::{c_int, c_ulong};',
        '',
        '#[cfg_attr(not(target_os = "wasi"), link(name = "z"))]',
        'extern "C" {', // 5: no #[link] on WASI (symbols left to the linker), a guarded -lz elsewhere
        '    pub fn crc32(crc: c_ulong, buf: *const u8, len: u32) -> c_ulong;',
        '}',
        '',
        '#[cfg_attr(unix, link(name = "sqlite3"))]',
        '#[cfg_attr(target_os = "wasi", link(name = "sqlite3_wasi"))]',
        'extern "C" {', // 11: -lsqlite3_wasi on WASI, a guarded -lsqlite3 on unix, never without a link on WASI
        '    pub fn sqlite3_libversion_number() -> c_int;',
        '}',
        '',
        '#[cfg_attr(target_arch = "wasm32", link(wasm_import_module = "wasi:keyvalue/store@0.2.0-draft"))]',
        'extern "C" {', // 16: a host import, as wit-bindgen writes them
        '    #[link_name = "[method]bucket.get"]',
        '    fn bucket_get(handle: i32, key_ptr: *const u8, key_len: usize, ret: *mut u8);',
        '}',
        '',
        '#[cfg_attr(target_os = "linux", link(name = "systemd"))]',
        'unsafe extern "C" {', // 22
        '    fn sd_notify(unset_environment: c_int, state: *const u8) -> c_int;',
        '}',
        '',
        '#[link(name = "c")]', // the target's own libc (wasi-libc): no finding
        'extern "C" {',
        '    fn abs(x: c_int) -> c_int;',
        '}',
        '',
        '#[cfg_attr(any(target_os = "linux", target_os = "android"), link(name = "dl"))]', // as libloading 0.7 writes it
        '#[cfg_attr(any(target_os = "freebsd", target_os = "dragonfly"), link(name = "c"))]',
        'extern {', // 33: a guarded -ldl; on WASI no #[link]
        '    fn dlopen(filename: *const u8, flags: c_int) -> *mut u8;',
        '}',
        '',
      ].join('\n'),
      'src/lib.rs': 'pub mod ffi;\n',
    });
    try {
      const result = await check([dir], { targets: TARGETS });
      assert.deepEqual(result.errors, []);
      const found = result.findings.filter((f) => f.origin === 'source');
      assert.deepEqual(found.map(row), [
        ['src/ffi.rs', 5, 1, 11, 'rust/native-code', allInfo, 'guarded'],
        ['src/ffi.rs', 5, 1, 11, 'rust/native-code', allWarning, '-'],
        ['src/ffi.rs', 11, 1, 11, 'rust/native-code', all, '-'],
        ['src/ffi.rs', 11, 1, 11, 'rust/native-code', allInfo, 'guarded'],
        ['src/ffi.rs', 22, 8, 18, 'rust/native-code', allInfo, 'guarded'],
        ['src/ffi.rs', 22, 8, 18, 'rust/native-code', allWarning, '-'],
        ['src/ffi.rs', 33, 1, 7, 'rust/native-code', allInfo, 'guarded'],
        ['src/ffi.rs', 33, 1, 7, 'rust/native-code', allWarning, '-'],
      ]);
      assert.deepEqual(found.map((f) => f.message.slice(0, f.message.indexOf(' ('))), [
        'extern "C" block with #[cfg_attr(…, link(name = "z"))] links a native C library',
        'extern "C" block without #[link] declares foreign functions without saying where they come from',
        'extern "C" block with #[cfg_attr(…, link(name = "sqlite3_wasi"))] links a native C library',
        'extern "C" block with #[cfg_attr(…, link(name = "sqlite3"))] links a native C library',
        'extern "C" block with #[cfg_attr(…, link(name = "systemd"))] links a native C library',
        'extern "C" block without #[link] declares foreign functions without saying where they come from',
        'extern block with #[cfg_attr(…, link(name = "dl"))] links a native C library',
        'extern block without #[link] declares foreign functions without saying where they come from',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Rust sources: input the parser does not like', function () {
  this.timeout(30_000);

  it('a file that does not parse cleanly still yields the hits inside what parsed', async () => {
    assert.deepEqual(await rulesAt({
      'src/lib.rs': 'use std::thread;\npub fn broken( { let x = ;\npub fn ok() { thread::spawn(|| ()); }\n',
    }), [['src/lib.rs', 3, 15, 'rust/threads']]);
  });

  it('a binary file with a .rs name is an input error, and the scan goes on', async () => {
    const dir = crate({ 'src/lib.rs': 'pub fn a() { std::thread::spawn(|| ()); }\n' });
    try {
      fs.writeFileSync(path.join(dir, 'src', 'blob.rs'), Buffer.from([0x75, 0x73, 0x65, 0x00, 0x01, 0x02]));
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.errors.map((e) => [e.file, e.message]), [['src/blob.rs', 'skipped: binary content (a NUL byte) in a source file']]);
      assert.deepEqual(result.findings.map((f) => [f.file, f.ruleId]), [['src/lib.rs', 'rust/threads']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Rust sources: tempfile', function () {
  this.timeout(30_000);

  it('the *_in forms write inside the given directory (host-dependent); the forms without one panic in std::env::temp_dir()', async () => {
    const dir = crate({
      'src/upload.rs': [
        'use std::io::Write;', // 1
        'use std::path::Path;',
        'use tempfile::{Builder, NamedTempFile, TempDir};',
        '',
        '/// Streams an upload into the cache folder, then renames it into place.', // 5
        'pub fn store(cache: &Path, name: &str, body: &[u8]) -> std::io::Result<()> {',
        '    let mut part = NamedTempFile::new_in(cache)?;', // 7
        '    part.write_all(body)?;',
        '    part.persist(cache.join(name))?;',
        '    let staged = Builder::new().prefix("upload-").suffix(".part").tempfile_in(cache)?;', // 10
        '    drop(staged);',
        '    let scratch = tempfile::tempdir_in(cache)?;', // 12
        '    let spool = tempfile::spooled_tempfile_in(1 << 20, scratch.path());', // 13
        '    drop(spool);',
        '    Ok(())', // 15
        '}',
        '',
        '/// The same without a directory: std::env::temp_dir() panics on WASI.',
        'pub fn scratch() -> std::io::Result<()> {',
        '    let f = tempfile::tempfile()?;', // 20
        '    let d = TempDir::new()?;', // 21
        '    let n = NamedTempFile::with_prefix("thumb-")?;', // 22
        '    let b = Builder::new().rand_bytes(8).tempdir()?;', // 23
        '    let s = tempfile::spooled_tempfile(64 * 1024);', // 24
        '    drop((f, d, n, b, s));',
        '    Ok(())',
        '}',
        '',
        '#[cfg(test)]',
        'mod tests {',
        '    #[test]',
        '    fn round_trip() {',
        '        let dir = tempfile::tempdir().unwrap();', // 33
        '        super::store(dir.path(), "a", b"x").unwrap();',
        '    }',
        '}',
        '',
      ].join('\n'),
      'src/lib.rs': 'pub mod upload;\n',
    });
    try {
      const result = await check([dir], { targets: TARGETS });
      assert.deepEqual(result.errors, []);
      const found = result.findings.filter((f) => f.origin === 'source');
      assert.deepEqual(found.map(row), [
        ['src/upload.rs', 7, 20, 41, 'rust/fs-write', noWrite, '-'],
        ['src/upload.rs', 10, 18, 78, 'rust/fs-write', noWrite, '-'],
        ['src/upload.rs', 12, 19, 39, 'rust/fs-write', noWrite, '-'],
        ['src/upload.rs', 13, 17, 46, 'rust/fs-write', noWrite, '-'],
        ['src/upload.rs', 20, 13, 31, 'rust/fs-write', all, '-'],
        ['src/upload.rs', 21, 13, 25, 'rust/fs-write', all, '-'],
        ['src/upload.rs', 22, 13, 39, 'rust/fs-write', all, '-'],
        ['src/upload.rs', 23, 13, 49, 'rust/fs-write', all, '-'],
        ['src/upload.rs', 24, 13, 39, 'rust/fs-write', allWarning, '-'], // only data past max_size spills to a file
        ['src/upload.rs', 33, 19, 36, 'rust/fs-write', allInfo, 'test'],
      ]);
      const message = (line: number) => found.find((f) => f.line === line)!.message;
      assert.match(message(7), /^tempfile::NamedTempFile::new_in creates a temporary file or directory \(works only where the host grants it on wasm32-wasip1 and wasm32-wasip2\): spin mounts files read-only/);
      assert.match(message(21), /^tempfile::TempDir::new creates a temporary file or directory in the system temporary directory \(compiles, then panics on wasm32-wasip1 and wasm32-wasip2\): /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
