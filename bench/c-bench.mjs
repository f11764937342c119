#!/usr/bin/env node
// Benchmark: `wasi-ready check <dir> --format json` on real C and C++ — jemalloc's C (librust-jemalloc-sys-dev),
// googletest's C++ (googletest) and, when present, SQLite's 9 MB amalgamation (SQLITE_C=path/to/sqlite3.c, e.g.
// from `npm pack better-sqlite3@12.11.1`; never committed) — each as a whole cold process, against ripgrep
// counting the same call names over the same files. Prints figures (with /proc/loadavg beside each), ratios and
// PASS/FAIL per goal. Exit status, as go-bench and python-bench: 0 every goal passes, 1 a goal fails, 2 a step
// could not run (a missing tool or corpus, a process that failed). BENCH_RUNS (default 3) runs per command;
// figures are medians.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, materialise, wholeProcess } from './measure.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { cRules } = require(path.join(REPO, 'server/out/engine/detectors/c/rules.js'));
const CLI = path.join(REPO, 'server/out/cli/main.js');
const WORK = path.join(REPO, 'bench/.work/c-corpus');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RATIO_GOAL = 40;
const RSS_GOAL_MB = 400;
const EXTENSIONS = cRules().file.fileExtensions;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    return e.isFile() && EXTENSIONS.includes(path.extname(e.name).toLowerCase()) ? [full] : [];
  });
}

for (const tool of ['/usr/bin/time', 'rg']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`${tool} is required (apt-get install -y time ripgrep)`);
    process.exit(2);
  }
}

const corpora = [];
const jemalloc = '/usr/share/cargo/registry/jemalloc-sys-0.3.2/jemalloc';
if (fs.existsSync(jemalloc)) corpora.push({ id: 'c-jemalloc', base: jemalloc, files: walk(jemalloc) });
if (fs.existsSync('/usr/src/googletest')) corpora.push({ id: 'cpp-gtest', base: '/usr/src/googletest', files: walk('/usr/src/googletest') });
if (process.env.SQLITE_C && fs.existsSync(process.env.SQLITE_C)) corpora.push({ id: 'c-sqlite', base: path.dirname(process.env.SQLITE_C), files: [process.env.SQLITE_C] });
if (corpora.length === 0) {
  console.error('no C/C++ corpus found; apt-get install -y librust-jemalloc-sys-dev googletest');
  process.exit(2);
}

const names = [...new Set(cRules().file.entries.flatMap((e) => e.reach.names.map((n) => n.slice(n.lastIndexOf(':') + 1))))];
const pattern = `\\b(${names.join('|')})\\s*\\(|#\\s*pragma\\s+omp`;
const goals = [];
for (const corpus of corpora) {
  const dir = materialise(path.join(WORK, corpus.id), corpus.files, corpus.base);
  const lines = corpus.files.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length - 1, 0);
  const bytes = corpus.files.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(`\n${corpus.id}: ${corpus.files.length} files, ${lines.toLocaleString('en')} lines, ${(bytes / 1048576).toFixed(1)} MiB`);
  const rg = wholeProcess('rg', ['--no-unicode', '-c', '-e', pattern, dir], RUNS, [0, 1]);
  console.log(`  ripgrep --no-unicode -c (${names.length} names + pragma omp): ${rg.wall.toFixed(0)} ms, ${rg.rss.toFixed(0)} MB peak RSS [loadavg ${rg.load}]`);
  const ours = wholeProcess('node', [CLI, 'check', dir, '--format', 'json'], RUNS, [0, 1]);
  const report = JSON.parse(ours.stdout);
  const ratio = ours.wall / rg.wall;
  console.log(`  wasi-ready check --format json (cold process): ${ours.wall.toFixed(0)} ms, ${ours.rss.toFixed(0)} MB peak RSS, ${report.findings.length} findings, ${report.errors.length} errors [loadavg ${ours.load}]`);
  goals.push({ name: `${corpus.id} within ${RATIO_GOAL}x of ripgrep`, pass: ratio <= RATIO_GOAL, detail: `${ratio.toFixed(1)}x (${ours.wall.toFixed(0)} ms vs ${rg.wall.toFixed(0)} ms)` });
  goals.push({ name: `${corpus.id} peak RSS under ${RSS_GOAL_MB} MB`, pass: ours.rss < RSS_GOAL_MB, detail: `${ours.rss.toFixed(0)} MB` });
}
console.log('');
for (const g of goals) console.log(`${g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${g.detail}`);
process.exit(goals.every((g) => g.pass) ? 0 : 1);
