import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Analysis } from '../registry';
import { fileStamp } from '../../fileStamp';

/**
 * Parsing is most of a source scan and `check` reads files one after another, so a second core would sit
 * idle. When a folder's first file of a language is analysed, every other sibling file of that language goes
 * to one worker thread, which analyses it exactly as the main thread would; the main thread takes the result
 * when `check` reaches that file. A result is used only if the file has not changed since it was sent, and
 * results of a folder left behind are dropped. Each language has its own worker script and an environment
 * switch (`WASI_READY_RUST_WORKER=0`, `WASI_READY_JS_WORKER=0`) that turns it off.
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

/** What a worker script receives: the file and the options its analysis needs. */
export interface LookaheadRequest {
  id: number;
  file: string;
  root: string;
}

const cores = os.availableParallelism?.() ?? os.cpus().length;

export class Lookahead {
  private readonly enabled: boolean;
  private readonly ahead = new Map<string, Pending>();
  private readonly foldersSent = new Set<string>();
  private readonly waiting = new Map<number, (analysis: Analysis | null) => void>();
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 0;

  constructor(private readonly workerScript: string, switchVariable: string, private readonly extensions: readonly string[]) {
    this.enabled = process.env[switchVariable] !== '0' && cores > 1;
  }

  /** The worker's result for a file sent ahead (`here` if the worker failed), or null to analyse it here. */
  take(file: string, here: () => Promise<Analysis>): Promise<Analysis> | null {
    const pending = this.ahead.get(file);
    if (!pending) return null;
    this.ahead.delete(file);
    if (fileStamp(file) !== pending.stamp) return null;
    return pending.result.then((analysis) => analysis ?? here());
  }

  /** Sends every second sibling file of `file`'s folder (same language) to the worker, once per folder. */
  sendSiblings(file: string, root: string): void {
    const folder = path.dirname(file);
    if (!this.enabled || this.broken || this.foldersSent.has(folder)) return;
    this.foldersSent.add(folder);
    let siblings: string[];
    try {
      siblings = fs
        .readdirSync(folder, { withFileTypes: true })
        .filter((e) => e.isFile() && this.extensions.includes(path.extname(e.name)))
        .map((e) => path.join(folder, e.name))
        .filter((f) => f !== file)
        .sort();
    } catch {
      return;
    }
    if (siblings.length < 2) return;
    // A folder left behind will not be asked for again: its unclaimed results are dropped.
    for (const [sent] of this.ahead) if (path.dirname(sent) !== folder) this.ahead.delete(sent);
    for (let i = 1; i < siblings.length; i += 2) this.send(siblings[i], root);
  }

  private send(file: string, root: string): void {
    const stamp = fileStamp(file);
    if (stamp === null) return;
    const pool = this.ensureWorker();
    if (!pool) return;
    const id = this.nextId++;
    const result = new Promise<Analysis | null>((resolve) => this.waiting.set(id, resolve));
    if (this.waiting.size === 1) pool.ref();
    this.ahead.set(file, { stamp, result });
    const request: LookaheadRequest = { id, file, root };
    pool.postMessage(request);
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(this.workerScript);
    } catch {
      this.broken = true;
      return null;
    }
    this.worker = worker;
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply.id, reply.analysis ?? null));
    // A worker that fails leaves every file it held to the main thread.
    const fail = (): void => {
      this.broken = true;
      this.worker = null;
      for (const id of [...this.waiting.keys()]) this.settle(id, null);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return worker;
  }

  private settle(id: number, analysis: Analysis | null): void {
    const resolve = this.waiting.get(id);
    if (!resolve) return;
    this.waiting.delete(id);
    resolve(analysis);
    if (this.waiting.size === 0) this.worker?.unref(); // an idle worker never keeps the process alive
  }
}

