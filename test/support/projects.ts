import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, REPO } from './paths';

/** A copy of a fixture project (relative to the repository) in a fresh temp folder, under `name`. */
export function projectCopy(fixture: string, name = path.basename(fixture)): { root: string; dir: string; remove(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-config-'));
  const dir = path.join(root, name);
  fs.cpSync(path.join(REPO, fixture), dir, { recursive: true });
  return { root, dir, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

/** A throwaway project in a fresh temp folder holding `files` (paths relative to it, folders made as needed); returns the folder. */
export function scratchProject(files: Record<string, string>, prefix = 'wasi-ready-project-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export function writeJson(file: string, data: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

/** Inserts `text` as a new line before 1-based line `line` of the file. */
export function insertLine(file: string, line: number, text: string): void {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.splice(line - 1, 0, text);
  fs.writeFileSync(file, lines.join('\n'));
}

export function cli(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
