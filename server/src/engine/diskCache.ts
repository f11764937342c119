import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analysis } from './detectors/registry';
import { fileStamp } from './fileStamp';
import { RULES_DIR } from './knowledge/load';
import { TOOL_VERSION } from './version';

/** Bumped when the file layout changes. */
const FORMAT = 1;
const FILE_NAME = 'analyses.json';

interface Entry {
  /** sha1 of the file's content: the key a clone, a checkout or a CI cache restore keeps. */
  sha1: string;
  /** size:mtime:inode when the entry was written: while it holds, the content is not even re-hashed. */
  stamp: string;
  analysis: Analysis;
}

interface Stored {
  format: number;
  /** sha1 of the tool version, the engine's code and the rules' content: any change empties the cache. */
  key: string;
  entries: Record<string, Entry>;
}

/**
 * `--cache`: the per-file analyses of self-contained detectors (sources and binaries that read only their own
 * file), kept on disk between runs. An entry is reused while the file's content hash is unchanged and the
 * cache was written by the same tool version, engine code and rules; anything else analyses the file again.
 * Configuration is applied after analysis, so it is not part of the key (only --dev, which detectors see).
 * Manifests read lockfiles and installed packages too, and the Rust detector reads parent modules: they are
 * analysed on every run.
 */
export class DiskCache {
  readonly file: string;
  /** Analyses read from disk, and analyses computed and stored, in this process. */
  hits = 0;
  misses = 0;
  private stored: Stored | null = null;
  private dirty = false;

  constructor(location: string) {
    this.file = path.join(location, FILE_NAME);
  }

  /** The default location: node_modules/.cache/wasi-ready/ where node_modules exists, else .wasi-ready-cache/. */
  static defaultLocation(cwd: string): string {
    const modules = path.join(cwd, 'node_modules');
    return fs.existsSync(modules) ? path.join(modules, '.cache', 'wasi-ready') : path.join(cwd, '.wasi-ready-cache');
  }

  async get(key: string, file: string, compute: () => Promise<Analysis>): Promise<Analysis> {
    const stored = this.load();
    const stamp = fileStamp(file);
    if (stamp === null) return compute();
    const entry = stored.entries[key];
    if (entry && (entry.stamp === stamp || entry.sha1 === contentHash(file))) {
      if (entry.stamp !== stamp) {
        entry.stamp = stamp;
        this.dirty = true;
      }
      this.hits++;
      return entry.analysis;
    }
    const sha1 = contentHash(file);
    const analysis = await compute();
    if (sha1 !== null) {
      stored.entries[key] = { sha1, stamp, analysis };
      this.dirty = true;
    }
    this.misses++;
    return analysis;
  }

  /** Writes the cache back when it changed, dropping entries whose files are gone. Never fails the scan. */
  save(): void {
    if (!this.stored || !this.dirty) return;
    for (const key of Object.keys(this.stored.entries)) {
      const file = key.split('\u0000')[1];
      if (!file || !fs.existsSync(file)) delete this.stored.entries[key];
    }
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(this.stored));
      fs.renameSync(temporary, this.file);
      this.dirty = false;
    } catch {
      // a read-only location: the next run analyses again
    }
  }

  private load(): Stored {
    if (this.stored) return this.stored;
    const key = cacheKey();
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Stored;
      if (data.format === FORMAT && data.key === key && data.entries && typeof data.entries === 'object') this.stored = data;
    } catch {
      // absent or damaged: start empty
    }
    this.stored ??= { format: FORMAT, key, entries: {} };
    return this.stored;
  }
}

let memoKey: string | null = null;

/**
 * Tool version + every compiled engine file + every rules file: the analyses depend on nothing else. The engine
 * is this file's folder: server/out/engine in the tsc build, the bundles' dist/ in the VS Code extension.
 */
export function cacheKey(): string {
  if (memoKey) return memoKey;
  const hash = createHash('sha1').update(`${TOOL_VERSION}\u0000${FORMAT}\u0000`);
  for (const dir of [RULES_DIR, __dirname]) {
    for (const file of listFiles(dir)) {
      if (!/\.(json|js)$/.test(file)) continue;
      hash.update(path.relative(dir, file)).update('\u0000').update(fs.readFileSync(file)).update('\u0000');
    }
  }
  memoKey = hash.digest('hex');
  return memoKey;
}

function listFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));
}

/** Read in chunks: a 300 MB binary is hashed in bounded memory. */
function contentHash(file: string): string | null {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const hash = createHash('sha1');
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let read = fs.readSync(fd, buffer); read > 0; read = fs.readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
    return hash.digest('hex');
  } catch {
    return null;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
