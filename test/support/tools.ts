import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, TOOLS, WORK } from './paths';

/**
 * Makes sure an external tool is there. Locally a missing tool skips the test with a reason; under CI=true
 * it fails, so a missing install step can never turn into a silent green run.
 */
export function requireTool(context: Mocha.Context, command: string, hint: string): void {
  const probe = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  if (probe.status === 0) return;
  if (process.env.CI === 'true') throw new Error(`${command} is required under CI=true: ${hint}`);
  context.skip();
}

/**
 * `wasm-objdump -x -j Import` from Debian's wabt: "module.name" per import, in order. Both parts may hold
 * dots (`./app_bg.js`, `syscall/js.valueGet`), so the pair is compared joined, never split.
 */
export function objdumpImports(file: string): string[] {
  const result = spawnSync('wasm-objdump', ['-x', '-j', 'Import', file], { encoding: 'utf8' });
  if (result.status !== 0) {
    if (/Section not found: Import/.test(result.stderr + result.stdout)) return [];
    throw new Error(`wasm-objdump failed on ${file}: ${result.stderr}`);
  }
  // " - func[0] sig=1 <__imported_wasi_snapshot_preview1_fd_write> <- wasi_snapshot_preview1.fd_write"
  return result.stdout.split('\n').flatMap((line) => {
    const match = / <- (.+)$/.exec(line.trimEnd());
    return match ? [match[1]] : [];
  });
}

/** `jco wit`: the interfaces a component imports, as its WIT world prints them. */
export function jcoWitImports(file: string): string[] {
  const jco = path.join(TOOLS, '.bin', 'jco');
  const wit = execFileSync(jco, ['wit', file], { encoding: 'utf8' });
  const world = wit.slice(wit.indexOf('world '));
  return [...world.matchAll(/^\s*import ([^;:]+:[^;]+);$/gm)].map((m) => m[1].trim());
}

/**
 * "interface<TAB>function" for every function the component's imported instance types name, read from
 * wasm-tools' own printer (as jco ships it): an oracle independent of our type-section reader.
 */
export function wasmToolsImportFunctions(file: string): string[] {
  const out = execFileSync('node', [path.join(REPO, 'examples', 'tools', 'wasm-tools.mjs'), 'import-funcs', file], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean);
}

/**
 * A third-party package's tarball, taken from the npm registry with `npm pack` (no install scripts run) and
 * unpacked once into test/.work/npm/<name>@<version>/package.
 */
export function npmPackage(name: string, version: string): string {
  const dir = path.join(WORK, 'npm', `${name.replace('/', '__')}@${version}`);
  const unpacked = path.join(dir, 'package');
  if (fs.existsSync(path.join(unpacked, 'package.json'))) return unpacked;
  fs.mkdirSync(dir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', `${name}@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8', cwd: dir }).trim().split('\n').pop()!;
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
  return unpacked;
}
