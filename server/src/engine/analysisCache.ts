import { createHash } from 'node:crypto';
import type { Analysis, AnalyzeOptions, Detector } from './detectors/registry';
import type { DiskCache } from './diskCache';
import type { Knowledge } from './knowledge/load';
import { fileStamp } from './fileStamp';

interface Cached {
  stamp: string;
  analysis: Analysis;
}

/**
 * What each self-contained detector found in each file, kept for the life of the process (the language
 * server re-scans on every save) and reused while the file's size, modification time and inode are unchanged.
 * One cache per knowledge base: other rules give other requirements.
 */
const caches = new WeakMap<Knowledge, Map<string, Cached>>();

/** With a DiskCache (`--cache`), a miss here is looked up on disk before the file is analysed. */
export async function analyzeCached(detector: Detector, file: string, kb: Knowledge, options: AnalyzeOptions, disk?: DiskCache): Promise<Analysis> {
  if (!detector.selfContained) return detector.analyze(file, kb, options);
  // An editor's unsaved text is keyed by its content: undoing an edit finds the earlier analysis again.
  const stamp = options.text !== undefined ? `text:${createHash('sha1').update(options.text).digest('base64')}` : fileStamp(file);
  if (stamp === null) return detector.analyze(file, kb, options); // reading it will say what is wrong
  let cache = caches.get(kb);
  if (!cache) caches.set(kb, (cache = new Map()));
  const key = `${detector.name}\u0000${file}\u0000${options.root}\u0000${options.devDependencies}`;
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.analysis;
  const analysis = disk && options.text === undefined ? await disk.get(key, file, async () => detector.analyze(file, kb, options)) : await detector.analyze(file, kb, options);
  cache.set(key, { stamp, analysis });
  return analysis;
}

