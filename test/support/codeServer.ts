import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { REPO } from './paths';
import { scratchHome } from './scratchHome';

/** The newest code-server whose engines accept Node 20 (4.104+ want 22); it carries VS Code 1.100.3. */
export const CODE_SERVER_VERSION = '4.100.3';
/** The @vscode/ripgrep that code-server 4.100.3 depends on, and the release asset its postinstall downloads. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
  arm64: 'ripgrep-v13.0.0-10-aarch64-unknown-linux-musl.tar.gz',
};

const HOME = path.join(REPO, '.tools', 'code-server');
export const CODE_SERVER = path.join(HOME, 'node_modules', '.bin', 'code-server');

/**
 * code-server in a folder of its own (.tools/code-server, git-ignored), installed once and reused. Not a
 * devDependency: its postinstall builds native modules and downloads ripgrep, which would break a plain `npm ci`.
 * The install needs four workarounds on a root CI machine that reaches only npm and Debian
 * (shared/reference/toolchains.md §1b): npm_config_unsafe_perm (its postinstall refuses root without it),
 * npm_config_yes (node-pty's postinstall runs `npx node-gyp`), Debian's libkrb5-dev + pkg-config (kerberos'
 * headers), and @vscode/ripgrep's download cache seeded with Debian's `rg` (GitHub is out of reach).
 * Returns the time the install took in ms, 0 when it was already there.
 */
export function installCodeServer(): number {
  if (installedVersion() === CODE_SERVER_VERSION) return 0;
  const started = Date.now();
  const asset = RIPGREP_ASSET[process.arch];
  if (!asset) throw new Error(`no ripgrep asset known for ${process.arch}`);
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('Debian\'s ripgrep (apt-get install ripgrep) is needed to seed @vscode/ripgrep\'s download cache');
  const tmp = path.join(HOME, 'tmp');
  const seed = path.join(HOME, 'rg-seed');
  const cache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  fs.mkdirSync(cache, { recursive: true });
  fs.mkdirSync(seed, { recursive: true });
  fs.copyFileSync(rg, path.join(seed, 'rg'));
  execFileSync('tar', ['czf', path.join(cache, asset), '-C', seed, 'rg']);
  fs.writeFileSync(path.join(HOME, 'package.json'), `${JSON.stringify({ name: 'wasi-ready-code-server', private: true }, null, 2)}\n`);
  const log = path.join(HOME, 'install.log');
  const result = spawnSync('npm', ['install', '--no-package-lock', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: HOME,
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.writeFileSync(log, `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0 || !fs.existsSync(CODE_SERVER)) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${result.status}); the end of ${log}:\n${result.stderr.split('\n').slice(-25).join('\n')}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(seed, { recursive: true, force: true });
  fs.writeFileSync(INSTALLED, `${CODE_SERVER_VERSION}\n`);
  return Date.now() - started;
}

/** Written last, once npm and every postinstall succeeded: a half-finished install is never reused. */
const INSTALLED = path.join(HOME, 'installed');

function installedVersion(): string | null {
  try {
    return fs.existsSync(CODE_SERVER) ? fs.readFileSync(INSTALLED, 'utf8').trim() : null;
  } catch {
    return null;
  }
}

export interface CodeServerSession {
  /** http://127.0.0.1:<port>/?folder=<workspace> */
  url: string;
  /** Where code-server writes its own log (and the extension host's, under user-data/logs). */
  log: string;
  userDataDir: string;
  stop(): Promise<void>;
}

/**
 * code-server on a free port with the extension installed from `vsix` into a fresh extensions folder: its own
 * --config (auth none; without one it writes ~/.config/code-server), user settings that open no welcome editor
 * (it would take the keyboard focus), workspace trust off. Resolves once /healthz answers.
 */
export async function startCodeServer(vsix: string, workspace: string, scratch: string): Promise<CodeServerSession> {
  const port = await freePort();
  const config = path.join(scratch, 'code-server.yaml');
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  const log = path.join(scratch, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const settings = { 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'extensions.autoUpdate': false };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  const base = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = scratchHome(scratch);
  const install = spawnSync(CODE_SERVER, [...base, '--install-extension', vsix], { encoding: 'utf8', env });
  if (install.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed: ${install.stdout}${install.stderr}`);

  const out = fs.openSync(log, 'w');
  const child = spawn(CODE_SERVER, [...base, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace], { stdio: ['ignore', out, out], env });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); // ends its extension hosts and language servers too
    await exited;
  };
  try {
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}: ${fs.readFileSync(log, 'utf8')}`);
      return fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false);
    }, 60_000, 'code-server to answer /healthz');
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, log, userDataDir, stop };
}

/** Polls `condition` every 200 ms until it is true; fails with `what` after `ms`. */
export async function until(condition: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

