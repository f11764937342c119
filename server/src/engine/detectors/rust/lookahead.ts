import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Analysis } from '../registry';

/**
 * Parsing is most of a Rust scan and `check` reads files one after another, so a second core would sit idle.
 * When a folder's first Rust file is analysed, every other sibling file goes to one worker thread, which
 * analyses it exactly as the main thread would (`analyzeRustFile`); the main thread takes the result when
 * `check` reaches that file. A result is used only if the file has not changed since it was sent, and results
 * of a folder left behind are dropped. WASI_READY_RUST_WORKER=0 turns it off.
 */
interface Pending {
  stamp: string;
  result: Promise<Analysis | null>;
}

interface Reply {
  id: number;
  analysis?: Analysis;
  error?: string;
}

const enabled = process.env.WASI_READY_RUST_WORKER !== '0' && (os.availableParallelism?.() ?? os.cpus().length) > 1;
const ahead = new Map<string, Pending>();
const foldersSent = new Set<string>();
let worker: Worker | null = null;
let broken = false;
let nextId = 0;
const waiting = new Map<number, (analysis: Analysis | null) => void>();

/** The worker's result for a file sent ahead (`here` if the worker failed), or null to analyse it here. */
export function takeAhead(file: string, here: () => Promise<Analysis>): Promise<Analysis> | null {
  const pending = ahead.get(file);
  if (!pending) return null;
  ahead.delete(file);
  if (stampOf(file) !== pending.stamp) return null;
  return pending.result.then((analysis) => analysis ?? here());
}

/** Sends every second sibling Rust file of `file`'s folder to the worker, once per folder. */
export function sendSiblingsAhead(file: string, root: string, extensions: string[]): void {
  const folder = path.dirname(file);
  if (!enabled || broken || foldersSent.has(folder)) return;
  foldersSent.add(folder);
  let siblings: string[];
  try {
    siblings = fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isFile() && extensions.includes(path.extname(e.name)))
      .map((e) => path.join(folder, e.name))
      .filter((f) => f !== file)
      .sort();
  } catch {
    return;
  }
  if (siblings.length < 2) return;
  // A folder left behind will not be asked for again: its unclaimed results are dropped.
  for (const [sent] of ahead) if (path.dirname(sent) !== folder) ahead.delete(sent);
  for (let i = 1; i < siblings.length; i += 2) send(siblings[i], root);
}

function send(file: string, root: string): void {
  const stamp = stampOf(file);
  if (stamp === null) return;
  const pool = ensureWorker();
  if (!pool) return;
  const id = nextId++;
  const result = new Promise<Analysis | null>((resolve) => waiting.set(id, resolve));
  if (waiting.size === 1) pool.ref();
  ahead.set(file, { stamp, result });
  pool.postMessage({ id, file, root });
}

function ensureWorker(): Worker | null {
  if (worker) return worker;
  try {
    worker = new Worker(path.join(__dirname, 'worker.js'));
  } catch {
    broken = true;
    return null;
  }
  worker.unref();
  worker.on('message', (reply: Reply) => settle(reply.id, reply.analysis ?? null));
  // A worker that fails leaves every file it held to the main thread.
  const fail = (): void => {
    broken = true;
    worker = null;
    for (const id of [...waiting.keys()]) settle(id, null);
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  return worker;
}

function settle(id: number, analysis: Analysis | null): void {
  const resolve = waiting.get(id);
  if (!resolve) return;
  waiting.delete(id);
  resolve(analysis);
  if (waiting.size === 0) worker?.unref(); // an idle worker never keeps the process alive
}

function stampOf(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}
