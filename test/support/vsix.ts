import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './paths';

/** `npm run package`, as a user runs it: the .vsix it wrote in the repository root, and how long it took. */
export function packageExtension(): { vsix: string; ms: number } {
  const started = Date.now();
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(REPO, `${name}-${version}.vsix`);
  assert.ok(fs.existsSync(vsix), `npm run package wrote no ${vsix}`);
  return { vsix, ms: Date.now() - started };
}

/** "3.13 MB" */
export function megabytes(file: string): string {
  return `${(fs.statSync(file).size / (1024 * 1024)).toFixed(2)} MB`;
}
