import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DETECTORS } from 'wasi-ready/engine/detectors/index';
import { EXAMPLES, REPO } from '../support/paths';
import { clientModule } from './load';

const { WATCH_GLOB, WATCHED_FILES, FILE_PATTERNS, DOCUMENT_SELECTOR, LANGUAGES } = clientModule<typeof import('../../client/src/selector')>('selector');
// picomatch ships no types; it is what the engine's config globs use (engine/config/glob.ts).
const picomatch = require('picomatch') as (glob: string, options?: { dot?: boolean }) => (file: string) => boolean;

/** Closed files reach the server only through the watcher: it must see every file a detector reads. */
describe('client: watched files and document selector', () => {
  it('watches every source extension the rules read', () => {
    const apis = path.join(REPO, 'rules', 'apis');
    for (const name of fs.readdirSync(apis).filter((n) => n.endsWith('.json') && !n.endsWith('.schema.json'))) {
      const extensions = (JSON.parse(fs.readFileSync(path.join(apis, name), 'utf8')) as { fileExtensions?: string[] }).fileExtensions;
      assert.ok(extensions && extensions.length > 0, `${name} names its file extensions`);
      for (const ext of extensions) assert.ok(WATCHED_FILES.includes(`*${ext}`), `${name}: *${ext} watched`);
    }
  });

  it('matches every file of the examples that a detector reads', () => {
    const watched = picomatch(WATCH_GLOB, { dot: true });
    const wanted = walk(EXAMPLES).filter((file) => DETECTORS.some((d) => d.wants(file)));
    assert.ok(wanted.length > 20, `${wanted.length} files`);
    const missed = wanted.filter((file) => !watched(path.relative(EXAMPLES, file).split(path.sep).join('/')));
    assert.deepEqual(missed, []);
  });

  it('selects each language on disk and each manifest pattern, which the watcher covers too', () => {
    assert.equal(DOCUMENT_SELECTOR.length, LANGUAGES.length + FILE_PATTERNS.length);
    assert.ok(DOCUMENT_SELECTOR.every((f) => f.scheme === 'file'));
    const watched = picomatch(WATCH_GLOB, { dot: true });
    for (const pattern of FILE_PATTERNS) {
      const example = pattern.replace('**/', 'a/b/').replace('*', 'x');
      assert.ok(picomatch(pattern)(example), `${pattern} matches ${example}`);
      assert.ok(watched(example), `${example} watched`);
    }
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'target' ? [] : walk(full);
    return entry.isFile() ? [full] : [];
  });
}
