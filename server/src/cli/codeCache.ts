import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * V8's compiled code for the large modules a run loads, kept per user between runs. TypeScript's compiler
 * (9 MB, through ts-morph) is most of a JavaScript scan's start-up: compiling it again on every run costs
 * ~250 ms of a ~2 s check. Node 22 does this itself (module.enableCompileCache); on older Node this hook does
 * it for modules of 256 KB or more, and writes the cache when the process exits, so that the functions the
 * run compiled lazily (TypeScript's parser) are in it too. v8-compile-cache writes it at compile time, before
 * those exist, and saved less than half as much (README, "Dependencies").
 *
 * The cache holds compiled code of the tool's own dependencies, never anything from the code it checks.
 * `WASI_READY_CODE_CACHE=0` turns it off; `WASI_READY_CODE_CACHE=<dir>` puts it elsewhere.
 */
const LARGE_MODULE_BYTES = 256 * 1024;

interface Produced {
  file: string;
  script: vm.Script;
}

export function enableCodeCache(): void {
  const setting = process.env.WASI_READY_CODE_CACHE;
  if (setting === '0') return;
  const dir = cacheDirectory(setting);
  if (!dir) return;
  const builtin = (Module as unknown as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof builtin === 'function') {
    builtin(dir);
    return;
  }
  installHook(dir);
}

/** A folder only this user can write, or null (no home, not ours, not writable): the run goes on without a cache. */
function cacheDirectory(setting: string | undefined): string | null {
  const base = setting || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'wasi-ready');
  const dir = path.join(base, `v8-${process.versions.v8}-${process.arch}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.statSync(dir);
    // Compiled code is run as is: a folder someone else owns or can write into is not used.
    if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || (stat.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}

function installHook(dir: string): void {
  type Compile = (this: NodeJS.Module, content: string, filename: string) => unknown;
  const prototype = (Module as unknown as { prototype: { _compile: Compile } }).prototype;
  const original = prototype._compile;
  const produced: Produced[] = [];
  prototype._compile = function (this: NodeJS.Module, content: string, filename: string): unknown {
    if (content.length < LARGE_MODULE_BYTES) return original.call(this, content, filename);
    const file = path.join(dir, cacheName(filename, content));
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    } as vm.ScriptOptions);
    if (!cachedData || script.cachedDataRejected) produced.push({ file, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { file, script } of produced) writeAtomically(file, script.createCachedData());
  });
}

/**
 * Named by the module's path, size and modification time, so an upgraded dependency gets a cache of its own
 * (V8 itself checks only the source's length). Hashing 9 MB of content instead would cost ~25 ms a run.
 */
function cacheName(filename: string, content: string): string {
  let stamp: string;
  try {
    const stat = fs.statSync(filename);
    stamp = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  } catch {
    stamp = crypto.createHash('sha256').update(content).digest('hex');
  }
  return `${crypto.createHash('sha256').update(`${filename}\0${stamp}`).digest('hex').slice(0, 40)}.v8`;
}

function writeAtomically(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data, { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
