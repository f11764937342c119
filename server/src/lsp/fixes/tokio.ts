import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver/node';

/**
 * The two mechanical tokio fixes: a current-thread runtime in the code, and tokio features a wasm build can
 * compile in Cargo.toml (tokio: "Only features sync,macros,io-util,rt,time are supported on wasm.").
 * Both keep the program compiling and meaning the same on a single thread, so "fix all" applies them.
 */
export const TOKIO_MAIN_TITLE = 'Use tokio\'s current-thread runtime (flavor = "current_thread")';

const TOKIO_ATTRIBUTE = /#\[\s*tokio\s*::\s*(main|test)\s*(\([^\]]*\))?\s*\]/y;

/** `#[tokio::main]` (any arguments: worker_threads makes no sense on one thread) → `#[tokio::main(flavor = "current_thread")]`. */
export function tokioMainEdit(document: TextDocument, diagnostic: Diagnostic): TextEdit | null {
  const text = document.getText();
  TOKIO_ATTRIBUTE.lastIndex = document.offsetAt(diagnostic.range.start);
  const match = TOKIO_ATTRIBUTE.exec(text);
  if (!match) return null;
  if (/flavor\s*=\s*"current_thread"/.test(match[2] ?? '')) return null;
  const start = document.positionAt(match.index);
  const end = document.positionAt(match.index + match[0].length);
  return { range: { start, end }, newText: `#[tokio::${match[1]}(flavor = "current_thread")]` };
}

/** Features that stand for a multi-thread runtime: replaced by `rt`. */
const MULTI_THREAD_FEATURES = new Set(['full', 'rt-multi-thread']);
/** What `full` also brought that wasm builds can keep, and how code shows it uses each. */
const KEEPABLE: Array<{ feature: string; used: RegExp }> = [
  { feature: 'macros', used: /#\[\s*tokio\s*::\s*(main|test)\b|\btokio\s*::\s*(select|join|try_join|pin|task_local)\s*!|use\s+tokio\s*::\s*\{?[^;]*\b(select|join|try_join|pin)\b/ },
  { feature: 'time', used: /\btokio\s*::\s*time\b|use\s+tokio\s*::\s*\{[^}]*\btime\b/ },
  { feature: 'sync', used: /\btokio\s*::\s*sync\b|use\s+tokio\s*::\s*\{[^}]*\bsync\b/ },
  { feature: 'io-util', used: /\bAsync(Read|Write|BufRead|Seek)Ext\b|\btokio\s*::\s*io\s*::\s*(copy|BufReader|BufWriter|split|duplex|empty|sink|repeat)\b/ },
];

export const CARGO_FEATURES_TITLE = 'Replace the multi-thread tokio features with "rt" (keeping what the code uses)';

/**
 * The `features = [...]` array holding the diagnostic's `"full"` or `"rt-multi-thread"`, rewritten: those two
 * become `rt`, and for `full` the wasm-safe features the crate's code uses come back (macros, time, sync,
 * io-util), so it still compiles. Other features stay as they are (they have their own findings).
 */
export function cargoFeaturesEdit(document: TextDocument, diagnostic: Diagnostic, crateSources: () => string): TextEdit | null {
  const text = document.getText();
  const offset = document.offsetAt(diagnostic.range.start);
  const quoted = /^"([^"]+)"/.exec(text.slice(offset));
  if (!quoted || !MULTI_THREAD_FEATURES.has(quoted[1])) return null;
  const array = featuresArray(text, offset);
  if (!array) return null;
  const kept: string[] = [];
  let hadFull = false;
  for (const feature of array.items) {
    if (feature === 'full') hadFull = true;
    if (!MULTI_THREAD_FEATURES.has(feature) && !kept.includes(feature)) kept.push(feature);
  }
  const features = kept.includes('rt') ? kept : ['rt', ...kept];
  if (hadFull) {
    const sources = crateSources();
    for (const { feature, used } of KEEPABLE) if (!features.includes(feature) && used.test(sources)) features.push(feature);
  }
  return {
    range: { start: document.positionAt(array.start), end: document.positionAt(array.end) },
    newText: `[${features.map((f) => `"${f}"`).join(', ')}]`,
  };
}

/** The `[` … `]` of the `features` array around `offset`, and its strings. */
function featuresArray(text: string, offset: number): { start: number; end: number; items: string[] } | null {
  const open = text.lastIndexOf('[', offset);
  const close = text.indexOf(']', offset);
  if (open < 0 || close < 0 || text.slice(open + 1, offset).includes(']')) return null;
  if (!/\bfeatures\s*=\s*$/.test(text.slice(Math.max(0, open - 40), open))) return null;
  const body = text.slice(open + 1, close).replace(/#[^\n]*/g, '');
  const items = [...body.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]);
  return { start: open, end: close + 1, items };
}

/**
 * The text of the crate's Rust sources (src/, examples/, tests/, benches/ below the Cargo.toml; open documents'
 * unsaved text first), read once per fix and bounded: 2,000 files, 16 MB.
 */
export function crateSources(manifest: string, openText: (file: string) => string | undefined): string {
  const parts: string[] = [];
  let files = 0;
  let bytes = 0;
  const visit = (dir: string, depth: number): void => {
    if (depth > 12 || files >= 2000 || bytes > 16 * 1024 * 1024) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'target' && !entry.name.startsWith('.')) visit(full, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.rs')) {
        const text = openText(full) ?? readSmall(full);
        if (text === null) continue;
        files++;
        bytes += text.length;
        parts.push(text);
      }
    }
  };
  for (const sub of ['src', 'examples', 'tests', 'benches']) visit(path.join(path.dirname(manifest), sub), 0);
  return parts.join('\n');
}

function readSmall(file: string): string | null {
  try {
    return fs.statSync(file).size <= 1024 * 1024 ? fs.readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}
