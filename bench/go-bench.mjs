#!/usr/bin/env node
// Benchmark: `wasi-ready check <dir> --format json` on real Go code — the go-gin corpus of
// shared/reference/perf-anchors.md §1 (Debian's gin, x/net, x/sys, fsnotify sources; gorilla/websocket where
// installed) — as a whole cold process, against ripgrep counting the same tokens over the same files. Prints
// figures (with /proc/loadavg beside each), the ratio and PASS/FAIL per goal. Exit status, as c-bench and
// python-bench: 0 every goal passes, 1 a goal fails, 2 a step could not run (a missing tool or corpus, a process
// that failed). BENCH_RUNS (default 5) runs per command; figures are medians.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, materialise, wholeProcess } from './measure.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { goRules } = require(path.join(REPO, 'server/out/engine/detectors/go/rules.js'));
const { candidateFilter } = require(path.join(REPO, 'server/out/engine/detectors/go/candidates.js'));
const CLI = path.join(REPO, 'server/out/cli/main.js');
const GOCODE = '/usr/share/gocode/src';
const MODULES = ['github.com/gin-gonic/gin', 'golang.org/x/net', 'golang.org/x/sys', 'github.com/fsnotify/fsnotify', 'github.com/gorilla/websocket'];
const CORPUS = path.join(REPO, 'bench/.work/go-corpus');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATIO_GOAL = 40;
const RSS_GOAL_MB = 400;

function goFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return goFiles(full);
    return e.isFile() && e.name.endsWith('.go') ? [full] : [];
  });
}

for (const tool of ['/usr/bin/time', 'rg']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`${tool} is required (apt-get install -y time ripgrep)`);
    process.exit(2);
  }
}

const present = MODULES.filter((m) => fs.existsSync(path.join(GOCODE, m)));
const absent = MODULES.filter((m) => !present.includes(m));
if (absent.length > 0) console.log(`not installed (left out of the corpus): ${absent.join(', ')}`);
const files = present.flatMap((m) => goFiles(path.join(GOCODE, m))).sort();
if (files.length === 0) {
  console.error('no Go sources found; apt-get install -y golang-github-gin-gonic-gin-dev golang-github-fsnotify-fsnotify-dev');
  process.exit(2);
}
materialise(CORPUS, files, GOCODE);
const lines = files.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length - 1, 0);
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
const filter = candidateFilter(goRules());
const admitted = files.filter((f) => filter.admits(fs.readFileSync(f, 'utf8'))).length;
console.log(`corpus: ${files.length} .go files, ${lines.toLocaleString('en')} lines, ${(bytes / 1048576).toFixed(1)} MiB (${present.join(', ')} under ${GOCODE}); ${admitted} pass the pre-filter`);

const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const rg = wholeProcess('rg', ['--no-unicode', '-c', '-g', '*.go', '-e', filter.tokens.map(escape).join('|'), CORPUS], RUNS, [0, 1]);
const rgFiles = rg.stdout.trim().split('\n').filter(Boolean).length;
console.log(`ripgrep --no-unicode -c (${filter.tokens.length} tokens): ${rg.wall.toFixed(0)} ms, ${rg.rss.toFixed(0)} MB peak RSS, ${rgFiles} files with a token [loadavg ${rg.load}]`);

const ours = wholeProcess('node', [CLI, 'check', CORPUS, '--format', 'json'], RUNS, [0, 1]);
const report = JSON.parse(ours.stdout);
const ratio = ours.wall / rg.wall;
console.log(`wasi-ready check --format json (cold process): ${ours.wall.toFixed(0)} ms, ${ours.rss.toFixed(0)} MB peak RSS, ${report.summary.files} files, ${report.findings.length} findings, ${report.errors.length} errors [loadavg ${ours.load}]`);
console.log(`throughput: ${((lines / ours.wall) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} lines/s`);

const goals = [
  { name: `within ${RATIO_GOAL}x of ripgrep`, pass: ratio <= RATIO_GOAL, detail: `${ratio.toFixed(1)}x (${ours.wall.toFixed(0)} ms vs ${rg.wall.toFixed(0)} ms)` },
  { name: `peak RSS under ${RSS_GOAL_MB} MB`, pass: ours.rss < RSS_GOAL_MB, detail: `${ours.rss.toFixed(0)} MB` },
];
for (const g of goals) console.log(`${g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${g.detail}`);
process.exit(goals.every((g) => g.pass) ? 0 : 1);
