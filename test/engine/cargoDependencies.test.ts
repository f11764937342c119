import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check, type CheckOptions } from 'wasi-ready/engine/check';
import type { Finding } from 'wasi-ready/engine/model';
import { REPO } from '../support/paths';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'cargo');
const TARGETS = ['spin', 'wasmtime-serve', 'wasmedge'];

/** Dependency findings only: a Rust source detector may report on the fixtures' .rs files too. */
async function dependencyFindings(dir: string, options: CheckOptions = {}) {
  const result = await check([dir], { targets: TARGETS, ...options });
  return { errors: result.errors, findings: result.findings.filter((f) => f.origin === 'dependency') };
}

function rows(findings: Finding[]) {
  return findings.map((f) => [f.file, f.line, f.column, f.ruleId, f.hosts, f.package?.name, f.package?.version, f.package?.via]);
}

function scratch(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-cargo-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const TOKIO_ONLY = (tokio: string) => `[package]
name = "edge-fn"
version = "0.1.0"
edition = "2021"

[dependencies]
tokio = ${tokio}
`;

describe('Cargo dependencies', function () {
  this.timeout(60_000);
  const everywhere = (severity: string) => ({ spin: severity, 'wasmtime-serve': severity, wasmedge: severity });

  describe('a tokio/hyper service (Cargo.lock v3 from Debian cargo)', () => {
    const dir = path.join(FIXTURES, 'orders-api');

    it('hits: tokio "full" on the feature string, rayon before its fallback, reqwest 0.11\'s browser backend (host-glue), OpenSSL through openssl, socket2 through hyper', async () => {
      const { errors, findings } = await dependencyFindings(dir);
      assert.deepEqual(errors, []);
      assert.deepEqual(rows(findings), [
        // A crate whose build fails for wasm32-wasip1 (core module) and wasm32-wasip2 (component) is one finding,
        // on its first capability, and an error on every host, whatever the host grants: socket2 0.4.4 has no
        // WASI backend (wasip2 support came in 0.6.3), so wasmtime serve and WasmEdge, which grant sockets, cannot
        // run it either; tokio "full" is tokio's compile_error! on wasm (one finding, not seven); rayon 1.6.1 with
        // rayon-core 1.10.1 panics at its first parallel iterator on both targets.
        ['Cargo.toml', 19, 1, 'dependency/sockets-listen', everywhere('error'), 'socket2', '0.4.4', ['hyper']],
        ['Cargo.toml', 20, 41, 'dependency/threads', everywhere('error'), 'tokio', '1.24.2', []],
        ['Cargo.toml', 21, 1, 'dependency/threads', everywhere('error'), 'rayon', '1.6.1', []],
        // reqwest 0.11 declares hyper, hyper-tls, native-tls, tokio and tokio-native-tls under
        // cfg(not(target_arch = "wasm32")): on wasm32-wasip1/p2 it builds its wasm-bindgen browser backend instead,
        // so nothing reached only through those edges (native-tls, openssl-sys, socket2) is reported via reqwest,
        // and reqwest::blocking (an if_hyper! module) is not compiled. None of the three hosts has jsGlue; the
        // verdict is the rule's severity: dependency/host-glue is an error, as its binary twin is.
        ['Cargo.toml', 22, 1, 'dependency/host-glue', everywhere('error'), 'reqwest', '0.11.13', []],
        ['Cargo.toml', 23, 1, 'dependency/native-code', everywhere('error'), 'openssl-sys', '0.9.80', ['openssl']],
      ]);
      assert.ok(findings.every((f) => f.package?.ecosystem === 'cargo' && !f.test && !f.guarded));
    });

    it('says what, where from, on which hosts and what instead', async () => {
      const { findings } = await dependencyFindings(dir, { targets: ['spin'] });
      const message = (name: string, rule: string) => findings.find((f) => f.package?.name === name && f.ruleId === rule)?.message;
      assert.equal(message('tokio', 'dependency/threads'), 'tokio feature "full" (tokio@1.24.2 ← Cargo.toml) does not compile for wasm32-wasip1/wasip2 ("Only features sync,macros,io-util,rt,time are supported on wasm."): spin has no threads; enable only rt, macros, time, sync, io-util and use #[tokio::main(flavor = "current_thread")]; replace tokio::fs with std::fs, tokio::net with the host\'s HTTP/database APIs');
      assert.equal(findings.filter((f) => f.package?.name === 'openssl-sys').length, 1);
      assert.equal(findings.filter((f) => f.package?.name === 'openssl-sys')[0].message, 'openssl-sys (openssl-sys@0.9.80 ← openssl ← Cargo.toml) does not build for wasm32-wasip1/wasip2 ("don\'t know how to configure OpenSSL for wasm32-wasip1/wasip2"): spin runs only WebAssembly, no native code; rustls with the ring provider (pure Rust + ring\'s C compiled to wasm), or let the host do TLS (wasi:http outbound requests are TLS-terminated by the host)');
      assert.match(message('rayon', 'dependency/threads') ?? '', /^rayon \(rayon@1\.6\.1 ← Cargo\.toml\) panics on wasm32-wasip1\/wasip2 \("The global thread pool has not been initialized\./);
      assert.equal(findings.filter((f) => f.package?.name === 'tokio').length, 1);
      assert.equal(message('reqwest', 'dependency/threads'), undefined);
      assert.match(message('reqwest', 'dependency/host-glue') ?? '', /^reqwest \(reqwest@0\.11\.13 ← Cargo\.toml\) fails at run time on wasm32-wasip1 \("WebAssembly\.instantiate\(\): Import #0 module="__wbindgen_placeholder__" error: module is not an object or function"\) and is not known to build for wasm32-wasip2 \(.*\): .*spin_sdk::http::send/);
    });

    it('misses: cfg(unix) nix and cfg(not(target_arch = "wasm32")) signal-hook, reqwest 0.11\'s cfg(not(target_arch = "wasm32")) native-tls, the build-dependency cc, ctrlc behind a feature that is off, dev-dependencies, pure crates', async () => {
      const names = new Set((await dependencyFindings(dir)).findings.map((f) => f.package?.name));
      for (const clean of ['nix', 'signal-hook', 'native-tls', 'hyper-tls', 'tokio-native-tls', 'signal-hook-registry', 'cc', 'ctrlc', 'tempfile', 'crossbeam', 'serde', 'serde_json', 'anyhow', 'log', 'libc', 'mio']) {
        assert.ok(!names.has(clean), clean);
      }
    });

    it('dev-dependencies only with devDependencies: true, as test code (test: true, info at most)', async () => {
      const { findings } = await dependencyFindings(dir, { devDependencies: true });
      const dev = findings.filter((f) => f.test);
      assert.deepEqual(dev.map((f) => [f.line, f.column, f.ruleId, f.severity, f.package?.name]), [
        [39, 1, 'dependency/fs-write', 'info', 'tempfile'],
        [40, 1, 'dependency/threads', 'info', 'crossbeam'],
      ]);
      assert.equal(findings.length - dev.length, 5);
    });

    it('an optional dependency counts once a default feature enables it', async () => {
      const dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-cargo-optional-'));
      try {
        fs.cpSync(dir, dir2, { recursive: true });
        const manifest = path.join(dir2, 'Cargo.toml');
        fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('default = ["metrics"]', 'default = ["metrics", "graceful-shutdown"]'));
        const ctrlc = (await dependencyFindings(dir2)).findings.filter((f) => f.package?.name === 'ctrlc');
        // ctrlc does not compile for wasip1 nor wasip2: one finding (signals, not also threads), an error.
        assert.deepEqual(ctrlc.map((f) => [f.line, f.ruleId, f.severity]), [[27, 'dependency/signals', 'error']]);
      } finally {
        fs.rmSync(dir2, { recursive: true, force: true });
      }
    });
  });

  describe('a workspace (Cargo.lock v4)', () => {
    const dir = path.join(FIXTURES, 'billing');

    it('each member on its own lines: inherited rayon, a feature a member adds to an inherited tokio; the virtual root reports nothing', async () => {
      const { errors, findings } = await dependencyFindings(dir, { targets: ['spin'] });
      assert.deepEqual(errors, []);
      assert.deepEqual(rows(findings), [
        ['crates/billing-core/Cargo.toml', 8, 1, 'dependency/threads', { spin: 'error' }, 'rayon', '1.6.1', []],
        // tokio "net" does not compile for wasm: one finding on its first capability (sockets-outbound, which Spin
        // grants, so before only sockets-listen was reported), an error even where the host has sockets.
        ['crates/billing-http/Cargo.toml', 15, 41, 'dependency/sockets-outbound', { spin: 'error' }, 'tokio', '1.24.2', []],
      ]);
      assert.match(findings[1].message, /^tokio feature "net" \(tokio@1\.24\.2 ← Cargo\.toml\) does not compile for wasm32-wasip1\/wasip2 /);
    });

    it('misses: the workspace tokio (rt, macros, time, sync, io-util), ctrlc under cfg(not(target_arch = "wasm32")), nix under [target.x86_64-unknown-linux-gnu]', async () => {
      const { findings } = await dependencyFindings(dir);
      assert.ok(!findings.some((f) => f.file === 'crates/billing-core/Cargo.toml' && f.package?.name === 'tokio'));
      assert.ok(!findings.some((f) => ['ctrlc', 'nix', 'billing-core'].includes(f.package?.name ?? '')));
    });

    it('a member scanned alone (its workspace above the scanned folder, never read) is judged from its own Cargo.toml', async () => {
      const { findings } = await dependencyFindings(path.join(dir, 'crates', 'billing-http'), { targets: ['spin'] });
      assert.deepEqual(findings.map((f) => [f.file, f.line, f.column, f.ruleId, f.package?.version]), [['Cargo.toml', 15, 41, 'dependency/sockets-outbound', null]]);
    });
  });

  describe('components made for WASI come out clean', () => {
    it('a Spin component (spin-sdk, anyhow, serde, http; hand-written Cargo.lock): chrono\'s js-sys and iana-time-zone\'s core-foundation-sys are never compiled for wasi', async () => {
      const { errors, findings } = await dependencyFindings(path.join(FIXTURES, 'cart-api'));
      assert.deepEqual(errors, []);
      assert.deepEqual(rows(findings), []);
    });

    it('a wasi-http component on wstd, without a Cargo.lock', async () => {
      const dir = scratch({
        'Cargo.toml': '[package]\nname = "hello-wstd"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\n\n[dependencies]\nwstd = "0.5.4"\nanyhow = "1"\nserde_json = "1"\nwit-bindgen-rt = { version = "0.41", features = ["bitflags"] }\n',
      });
      try {
        assert.deepEqual(rows((await dependencyFindings(dir)).findings), []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('tokio with only rt, macros, sync, time and io-util', async () => {
      const dir = scratch({ 'Cargo.toml': TOKIO_ONLY('{ version = "1.38", default-features = false, features = ["rt", "macros", "sync", "time", "io-util"] }') });
      try {
        assert.deepEqual(rows((await dependencyFindings(dir)).findings), []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('without a Cargo.lock: direct dependencies from Cargo.toml alone', () => {
    it('tokio "rt-multi-thread" is found on its feature string, with the version requirement', async () => {
      const dir = scratch({ 'Cargo.toml': TOKIO_ONLY('{ version = "1", features = ["macros", "rt-multi-thread"] }') });
      try {
        const { findings } = await dependencyFindings(dir, { targets: ['spin'] });
        assert.deepEqual(rows(findings), [['Cargo.toml', 7, 48, 'dependency/threads', { spin: 'error' }, 'tokio', null, []]]);
        assert.equal(findings[0].endColumn, 65);
        assert.match(findings[0].message, /^tokio feature "rt-multi-thread" \(tokio 1 ← Cargo\.toml\) does not compile for wasm32-wasip1\/wasip2 /);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('guarded by cfg: a dependency only non-wasm targets compile is left out', async () => {
      const dir = scratch({
        'Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n\n[target.\'cfg(not(target_arch = "wasm32"))\'.dependencies]\nrayon = "1"\n\n[target."cfg(any(unix, windows))".dependencies.ctrlc]\nversion = "3"\n\n[target.\'cfg(target_os = "wasi")\'.dependencies]\nnix = "0.26"\n',
      });
      try {
        // nix is #![cfg(unix)]: on wasi it builds as an empty crate, so the dependency itself breaks nothing (its
        // uses do, and the source scan reports them): info, on what nix is for (no features named: process, signals).
        assert.deepEqual(rows((await dependencyFindings(dir, { targets: ['spin'] })).findings), [
          ['Cargo.toml', 12, 1, 'dependency/process', { spin: 'info' }, 'nix', null, []],
          ['Cargo.toml', 12, 1, 'dependency/signals', { spin: 'info' }, 'nix', null, []],
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('tokio_unstable in .cargo/config.toml switches tokio to its unstable-WASI entry', async () => {
      const dir = scratch({
        'Cargo.toml': TOKIO_ONLY('{ version = "1.41", features = ["rt", "net"] }'),
        '.cargo/config.toml': '[target.wasm32-wasip2]\nrustflags = ["--cfg", "tokio_unstable"]\n',
      });
      try {
        const { findings } = await dependencyFindings(dir, { targets: ['spin'] });
        // Without a Cargo.lock, "1.41" resolves to the newest 1.x: 1.51+ builds real wasi:sockets sockets on wasip2,
        // so the build works there and each need is judged by the host (its severity hint keeps them warnings):
        // Spin allows outbound connections but never listens, and has no threads.
        assert.deepEqual(findings.map((f) => [f.line, f.column, f.ruleId, f.severity]), [[7, 1, 'dependency/sockets-listen', 'warning'], [7, 1, 'dependency/threads', 'warning']]);
        assert.match(findings[0].message, /^tokio \(tokio 1\.41 ← Cargo\.toml\) panics on wasm32-wasip1 \(.*\) and depends on the host on wasm32-wasip2 /);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('nix', () => {
    it('nix builds as an empty crate on wasi: info on a direct dependency, for the features it enables; nothing when another crate brings it in', async () => {
      const dir = scratch({
        'Cargo.toml': '[package]\nname = "supervisor"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nnix = { version = "0.29", features = ["signal", "fs"] }\npty-process = "0.4"\n',
        'Cargo.lock': '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n[[package]]\nname = "nix"\nversion = "0.28.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "nix"\nversion = "0.29.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "pty-process"\nversion = "0.4.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\ndependencies = [\n "nix 0.28.0",\n]\n\n[[package]]\nname = "supervisor"\nversion = "0.1.0"\ndependencies = [\n "nix 0.29.0",\n "pty-process",\n]\n',
      });
      try {
        const { findings } = await dependencyFindings(dir, { targets: ['spin', 'wasmtime-serve'] });
        // On the feature strings: signal → signals (the process feature it enables is not named), fs → fs-write; pty-process's nix 0.28 is not reported.
        assert.deepEqual(findings.map((f) => [f.line, f.column, f.ruleId, f.hosts, f.severity, f.package?.name, f.package?.version, f.package?.via]), [
          [7, 39, 'dependency/signals', { spin: 'info', 'wasmtime-serve': 'info' }, 'info', 'nix', '0.29.0', []],
          [7, 49, 'dependency/fs-write', { spin: 'info', 'wasmtime-serve': 'ok' }, 'info', 'nix', '0.29.0', []],
        ]);
        assert.match(findings[0].message, /^nix feature "signal" \(nix@0\.29\.0 ← Cargo\.toml\) builds for wasm32-wasip1\/wasip2 \(as an empty crate: nix is #!\[cfg\(unix\)\] and wasi is not unix, /);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('tempfile', () => {
    it('a warning, not an error: only its constructors without a directory panic, and the source scan finds which ones are called', async () => {
      const dir = scratch({
        'Cargo.toml': '[package]\nname = "uploads"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\ntempfile = "3.24"\n',
        'Cargo.lock': '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n[[package]]\nname = "tempfile"\nversion = "3.24.0"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "uploads"\nversion = "0.1.0"\ndependencies = [\n "tempfile",\n]\n',
      });
      try {
        const { findings } = await dependencyFindings(dir, { targets: ['spin', 'wasmtime-serve'] });
        assert.deepEqual(findings.map((f) => [f.line, f.column, f.ruleId, f.hosts, f.severity, f.package?.name, f.package?.version]), [
          [7, 1, 'dependency/fs-write', { spin: 'warning', 'wasmtime-serve': 'warning' }, 'warning', 'tempfile', '3.24.0'],
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('what each binary kind builds', () => {
    it('socket2 0.6.3 builds a component (wasm32-wasip2) but no core module (wasm32-wasip1): hosts that run components judge it by their sockets; WasmEdge runs only core modules, so it can run no build of it although it grants sockets', async () => {
      const dir = scratch({ 'Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n\n[dependencies]\nsocket2 = "0.6.3"\n' });
      try {
        const { findings } = await dependencyFindings(dir);
        // One finding per capability: the use does not fail every build.
        assert.deepEqual(rows(findings), [
          ['Cargo.toml', 6, 1, 'dependency/sockets-listen', { spin: 'warning', 'wasmtime-serve': 'ok', wasmedge: 'error' }, 'socket2', null, []],
          ['Cargo.toml', 6, 1, 'dependency/sockets-outbound', { spin: 'ok', 'wasmtime-serve': 'ok', wasmedge: 'error' }, 'socket2', null, []],
        ]);
        const onWasmEdge = (await dependencyFindings(dir, { targets: ['wasmedge'] })).findings;
        assert.match(onWasmEdge[0].message, /^socket2 \(socket2 0\.6\.3 ← Cargo\.toml\) does not compile for wasm32-wasip1 \(.*\) and depends on the host on wasm32-wasip2 \(.*\): wasmedge can run no build of it; /);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('native code from evidence', () => {
    it('an unlisted -sys package in Cargo.lock is a warning on the line that brings it in; the project\'s own links = is one on its links key', async () => {
      const dir = scratch({
        'Cargo.toml': '[package]\nname = "usb-relay"\nversion = "0.1.0"\nlinks = "relaydrv"\n\n[dependencies]\nrusb = "0.9"\n',
        'Cargo.lock': '# This file is automatically @generated by Cargo.\n# It is not intended for manual editing.\nversion = 3\n\n[[package]]\nname = "libusb1-sys"\nversion = "0.6.4"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\ndependencies = [\n "libc",\n]\n\n[[package]]\nname = "libc"\nversion = "0.2.155"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\n\n[[package]]\nname = "rusb"\nversion = "0.9.4"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\ndependencies = [\n "libc",\n "libusb1-sys",\n]\n\n[[package]]\nname = "usb-relay"\nversion = "0.1.0"\ndependencies = [\n "rusb",\n]\n',
      });
      try {
        const { findings } = await dependencyFindings(dir, { targets: ['spin'] });
        assert.deepEqual(findings.map((f) => [f.line, f.column, f.ruleId, f.severity, f.package?.name, f.package?.via]), [
          [4, 1, 'dependency/native-code', 'warning', 'usb-relay', []],
          [7, 1, 'dependency/native-code', 'warning', 'libusb1-sys', ['rusb']],
        ]);
        assert.match(findings[1].message, /^libusb1-sys \(libusb1-sys@0\.6\.4 ← rusb ← Cargo\.toml\) is a -sys package: /);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('bad input', () => {
    it('a broken Cargo.toml or Cargo.lock is a located error and the scan goes on', async () => {
      const dir = scratch({
        'a/Cargo.toml': '[package]\nname = "a"\nversion = "0.1.0"\n\n[dependencies]\ntokio = { version = "1", features = ["full"]\n',
        'b/Cargo.toml': TOKIO_ONLY('{ version = "1", features = ["fs"] }'),
        'b/Cargo.lock': 'version = 3\n\n[[package]]\nname = "b"\nversion = \n',
        'c/Cargo.toml': TOKIO_ONLY('{ version = "1", features = ["process"] }'),
      });
      try {
        const { errors, findings } = await dependencyFindings(dir, { targets: ['spin'] });
        assert.equal(errors.length, 2);
        assert.match(errors[0].message, /^cannot parse Cargo\.toml at 7:1: expected comma or end of structure$/);
        assert.equal(errors[0].file, 'a/Cargo.toml');
        assert.match(errors[1].message, /^cannot read Cargo\.lock at 5:\d+: /);
        assert.equal(errors[1].file, 'b/Cargo.lock');
        // tokio "fs" does not compile for wasm: one finding, on its first capability (fs-read), even on Spin, which mounts files.
        assert.deepEqual(findings.map((f) => [f.file, f.ruleId]), [
          ['b/Cargo.toml', 'dependency/fs-read'], ['c/Cargo.toml', 'dependency/process'],
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('copies under target/ and vendored sources are not projects', async () => {
      const dir = scratch({
        'Cargo.toml': TOKIO_ONLY('{ version = "1", features = ["process"] }'),
        'target/package/edge-fn-0.1.0/Cargo.toml': TOKIO_ONLY('{ version = "1", features = ["process"] }'),
        'target/package/edge-fn-0.1.0/Cargo.toml.orig': '',
        'target/CACHEDIR.TAG': 'Signature: 8a477f597d28d172789f06886806bc55\n',
        'vendor/tokio/Cargo.toml': TOKIO_ONLY('{ version = "1", features = ["process"] }'),
        'vendor/tokio/.cargo-checksum.json': '{"files":{},"package":null}',
      });
      try {
        const { findings } = await dependencyFindings(dir, { targets: ['spin'] });
        assert.deepEqual(findings.map((f) => f.file), ['Cargo.toml']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
