import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import type { Finding } from 'wasi-ready/engine/model';

/** Debian's crate sources (librust-tokio-dev, -rayon-dev, -ctrlc-dev, -hyper-dev and their dependencies). */
const REGISTRY = '/usr/share/cargo/registry';
const CRATES = ['tokio-1.24.2', 'rayon-core-1.10.1', 'ctrlc-3.2.3', 'hyper-0.14.19', 'nix-0.26.1'];

/** Locally a missing package skips; under CI=true (which installs them) it fails. */
function requireCrates(context: Mocha.Context): void {
  const missing = CRATES.filter((c) => !fs.existsSync(path.join(REGISTRY, c)));
  if (missing.length === 0) return;
  if (process.env.CI === 'true') throw new Error(`${missing.join(', ')} missing under ${REGISTRY}: apt-get install librust-tokio-dev librust-rayon-dev librust-ctrlc-dev librust-hyper-dev`);
  context.skip();
}

const findings = new Map<string, Finding[]>();

/** One scan per crate folder, shared by the tests below. */
async function scan(crate: string): Promise<Finding[]> {
  if (!findings.has(crate)) {
    const result = await check([path.join(REGISTRY, crate)], { targets: ['spin'] });
    assert.deepEqual(result.errors, []);
    findings.set(crate, result.findings.filter((f) => f.origin === 'source'));
  }
  return findings.get(crate)!;
}

/** [file, line, column, rule, '-' | 'guarded' | 'test'] at one line. */
async function at(crate: string, file: string, line: number): Promise<Array<[string, number, number, string, string]>> {
  return (await scan(crate))
    .filter((f) => f.file === file && f.line === line)
    .map((f) => [f.file, f.line, f.column, f.ruleId, f.guarded ? 'guarded' : f.test ? 'test' : '-']);
}

/**
 * Real third-party code, lines read by hand in the Debian packages: each expected finding is the call the
 * line makes, reached the way the crate writes it (an alias, a typed parameter, a builder kept in a binding).
 */
describe('Rust sources: third-party crates from Debian', function () {
  this.timeout(120_000);
  before(function () {
    requireCrates(this);
  });

  it('tokio 1.24.2: std::fs::write inside asyncify, Command::spawn on a `cmd: &mut std::process::Command` parameter, a test thread', async () => {
    assert.deepEqual(await at('tokio-1.24.2', 'src/fs/write.rs', 30), [['src/fs/write.rs', 30, 22, 'rust/fs-write', '-']]);
    // src/process/mod.rs:230-232 `#[path = "unix/mod.rs"] #[cfg(unix)] mod imp;`: the file a WASI build leaves out.
    assert.deepEqual(await at('tokio-1.24.2', 'src/process/unix/mod.rs', 116), [['src/process/unix/mod.rs', 116, 21, 'rust/process', 'guarded']]);
    assert.deepEqual(await at('tokio-1.24.2', 'src/runtime/tests/queue.rs', 126), [['src/runtime/tests/queue.rs', 126, 18, 'rust/threads', 'test']]);
  });

  it('tokio 1.24.2: what is not a hit — a thread module re-exported through crate::loom, a Command that is only built', async () => {
    // `use crate::loom::thread;` is the crate's own path (it re-exports std::thread in another file): not resolved.
    assert.deepEqual(await at('tokio-1.24.2', 'src/runtime/blocking/pool.rs', 458), []);
    assert.deepEqual(await at('tokio-1.24.2', 'src/runtime/blocking/pool.rs', 466), []);
    // `StdCommand::new(program)` builds a command (an entry with `finding: never`); spawning it is the hit.
    assert.deepEqual(await at('tokio-1.24.2', 'src/process/mod.rs', 317), []);
    // Doc examples (`#[tokio::main]`, `Command::new("ls").spawn()`) are comments.
    assert.deepEqual((await scan('tokio-1.24.2')).filter((f) => f.file === 'src/process/mod.rs'), []);
  });

  it('rayon-core 1.10.1: a thread::Builder kept in `let mut b` and spawned', async () => {
    assert.deepEqual(await at('rayon-core-1.10.1', 'src/registry.rs', 98), [['src/registry.rs', 98, 9, 'rust/threads', '-']]);
  });

  it('ctrlc 3.2.3: the handler thread; nix::sys::signal::sigaction through `use nix::sys::signal`, in a module declared `#[cfg(unix)] mod unix;`', async () => {
    assert.deepEqual(await at('ctrlc-3.2.3', 'src/lib.rs', 106), [['src/lib.rs', 106, 5, 'rust/threads', '-']]);
    // src/platform/mod.rs:10-11 `#[cfg(unix)] mod unix;`: the whole file is left out of a WASI build.
    assert.deepEqual(await at('ctrlc-3.2.3', 'src/platform/unix/mod.rs', 103), [['src/platform/unix/mod.rs', 103, 28, 'rust/signals', 'guarded']]);
  });

  it('hyper 0.14.19: std::net::TcpListener imported as StdTcpListener', async () => {
    assert.deepEqual(await at('hyper-0.14.19', 'src/server/tcp.rs', 29), [['src/server/tcp.rs', 29, 28, 'rust/sockets-listen', '-']]);
  });

  it('nix 0.26.1: libc::fork, in a crate that is `#![cfg(unix)]` as a whole (src/lib.rs:43)', async () => {
    assert.deepEqual(await at('nix-0.26.1', 'src/unistd.rs', 294), [['src/unistd.rs', 294, 15, 'rust/process', 'guarded']]);
  });
});
