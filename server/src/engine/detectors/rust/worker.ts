import { parentPort } from 'node:worker_threads';
import type { LookaheadRequest } from '../source/lookahead';
import { analyzeRustFile } from './analyze';

/** The lookahead worker: analyses the files the main thread sends, one at a time, in order. */
parentPort?.on('message', (message: LookaheadRequest) => {
  analyzeRustFile(message.file, message.root).then(
    (analysis) => parentPort?.postMessage({ id: message.id, analysis }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: String(error) }),
  );
});
