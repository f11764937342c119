#!/usr/bin/env node
// Installs the Bytecode Alliance JavaScript tools that the tests, the example build scripts and the benchmark
// use — @bytecodealliance/jco 1.35.0, with the componentize-js and jco-transpile it depends on — into .tools/,
// and Microsoft's SARIF Multitool (@microsoft/sarif-multitool 5.7.0, whose native Linux binary comes in the
// optional @microsoft/sarif-multitool-linux package), which the tests run on `check --format sarif` output.
//
// They are not devDependencies of the root package on purpose: the npm registry CI reaches lacks some of their
// optional platform packages (darwin/win32/musl bindings answer 404), so `npm install` silently skips those but
// `npm ci` refuses any lockfile that lists them. `npm install` into a folder of its own, without a lockfile,
// takes what the registry has. Idempotent: does nothing when the pinned version is already there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS = join(dirname(fileURLToPath(import.meta.url)), '..', '.tools');
const PINNED = { '@bytecodealliance/jco': '1.35.0', '@microsoft/sarif-multitool': '5.7.0' };

const installed = (name) => {
  const manifest = join(TOOLS, 'node_modules', name, 'package.json');
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version;
};

const missing = Object.entries(PINNED).filter(([name, version]) => installed(name) !== version);
if (missing.length > 0) {
  mkdirSync(TOOLS, { recursive: true });
  writeFileSync(join(TOOLS, 'package.json'), `${JSON.stringify({ name: 'wasi-ready-tools', private: true }, null, 2)}\n`);
  // Every pinned tool at once: an install without a lockfile keeps only what it is asked for and prunes the rest.
  const specs = Object.entries(PINNED).map(([name, version]) => `${name}@${version}`);
  process.stderr.write(`installing ${missing.map(([name, version]) => `${name}@${version}`).join(' ')} into .tools/\n`);
  execFileSync('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', ...specs], { cwd: TOOLS, stdio: 'inherit' });
}
