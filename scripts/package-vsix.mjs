#!/usr/bin/env node
// Packages the bundled extension (dist/, from scripts/bundle.mjs) as wasi-ready-<version>.vsix in the repository
// root with @vscode/vsce 3.x (4.x wants Node 22), `--no-dependencies`: the bundles carry their dependencies.
//
// vsce packages a folder by its package.json, and the root one is the npm package's: its "main" is the tsc build
// (client/out/extension.js) and its "files" list cannot be combined with a .vscodeignore (vsce refuses both).
// So the extension is staged in a temporary folder: the manifest with "main" pointing at the bundle and without
// the npm-only keys, dist/, rules/ and docs/ (the server reads them at run time), syntaxes/ (the WIT grammar),
// README.md and .vscodeignore (which still filters what the stage holds).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const vsix = join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
if (!existsSync(join(ROOT, 'dist', 'extension.js')) || !existsSync(join(ROOT, 'dist', 'server.js'))) {
  throw new Error('dist/ has no bundles: run node scripts/bundle.mjs first (npm run package does both)');
}

const stage = mkdtempSync(join(tmpdir(), 'wasi-ready-vsix-'));
try {
  const extension = { ...manifest, main: './dist/extension.js' };
  // npm-only: the npm package's file list, CLI and module entry points, its scripts and dependencies (bundled here).
  for (const key of ['files', 'bin', 'exports', 'scripts', 'dependencies', 'devDependencies']) delete extension[key];
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(extension, null, 2)}\n`);
  for (const entry of ['dist', 'rules', 'docs', 'syntaxes', 'README.md', '.vscodeignore']) {
    cpSync(join(ROOT, entry), join(stage, entry), { recursive: true });
  }
  rmSync(vsix, { force: true });
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  // No repository URL yet: relative README links stay as they are; no LICENSE file beside the manifest's SPDX id.
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--skip-license', '-o', vsix], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
} finally {
  rmSync(stage, { recursive: true, force: true });
}
const bytes = statSync(vsix).size;
process.stdout.write(`${vsix.slice(ROOT.length + 1)}: ${(bytes / (1024 * 1024)).toFixed(2)} MB (${bytes} bytes)\n`);
