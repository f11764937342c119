#!/usr/bin/env node
// Benchmark: `wasi-ready check <dir> --format json` on real Python code — the py-stdlib and py-web corpora of
// shared/reference/perf-anchors.md §1 (CPython 3.11's /usr/lib/python3.11; flask, werkzeug, gevent, psutil,
// paramiko, requests and urllib3 from /usr/lib/python3/dist-packages, those installed) — each as a whole cold
// process, against ripgrep --no-unicode counting the Python pre-filter's tokens (detectors/python/candidates.ts)
// over the same files. Prints figures (with /proc/loadavg beside each), ratios and PASS/FAIL per goal.
// Exit status, as go-bench and c-bench: 0 every goal passes, 1 a goal fails, 2 a step could not run (a missing
// tool or corpus, a process that failed). BENCH_RUNS (default 5) runs per command; figures are medians.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, materialise, wholeProcess } from './measure.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { pythonRules } = require(path.join(REPO, 'server/out/engine/detectors/python/rules.js'));
const { candidateFilter } = require(path.join(REPO, 'server/out/engine/detectors/python/candidates.js'));
const CLI = path.join(REPO, 'server/out/cli/main.js');
const WORK = path.join(REPO, 'bench/.work/python-corpus');
const STDLIB = '/usr/lib/python3.11';
const DIST = '/usr/lib/python3/dist-packages';
const WEB = ['flask', 'werkzeug', 'gevent', 'psutil', 'paramiko', 'requests', 'urllib3'];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATIO_GOAL = 40;
const RSS_GOAL_MB = 400;
const EXTENSIONS = pythonRules().file.fileExtensions;

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    return e.isFile() && EXTENSIONS.includes(path.extname(e.name)) ? [full] : [];
  });
}

for (const tool of ['/usr/bin/time', 'rg']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`${tool} is required (apt-get install -y time ripgrep)`);
    process.exit(2);
  }
}

const corpora = [];
if (fs.existsSync(STDLIB)) corpora.push({ id: 'py-stdlib', base: STDLIB, files: walk(STDLIB).sort(), note: STDLIB });
else console.log(`py-stdlib: ${STDLIB} is missing (libpython3.11-stdlib)`);
const web = WEB.filter((p) => fs.existsSync(path.join(DIST, p)));
const missing = WEB.filter((p) => !web.includes(p));
if (web.length > 0) corpora.push({ id: 'py-web', base: DIST, files: web.flatMap((p) => walk(path.join(DIST, p))).sort(), note: `${web.join(', ')} under ${DIST}` });
if (missing.length > 0) console.log(`py-web: not installed: ${missing.join(', ')} (apt-get install -y ${missing.map((p) => `python3-${p}`).join(' ')})`);
if (corpora.length === 0) {
  console.error('no Python corpus found');
  process.exit(2);
}

const filter = candidateFilter(pythonRules());
const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The same tokens as the pre-filter's scanner, as whole words.
const pattern = `\\b(${[...filter.tokens].sort((a, b) => b.length - a.length).map(escape).join('|')})\\b`;
const goals = [];
for (const corpus of corpora) {
  const dir = materialise(path.join(WORK, corpus.id), corpus.files, corpus.base);
  const texts = corpus.files.map((f) => fs.readFileSync(f, 'utf8'));
  const lines = texts.reduce((n, t) => n + t.split('\n').length - 1, 0);
  const bytes = corpus.files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const admitted = texts.filter((t) => filter.admits(t)).length;
  console.log(`\n${corpus.id}: ${corpus.files.length} .py files, ${lines.toLocaleString('en')} lines, ${(bytes / 1048576).toFixed(1)} MiB (${corpus.note}); ${admitted} pass the pre-filter`);
  const rg = wholeProcess('rg', ['--no-unicode', '-c', '-g', '*.py', '-e', pattern, dir], RUNS, [0, 1]);
  const rgFiles = rg.stdout.trim().split('\n').filter(Boolean).length;
  console.log(`  ripgrep --no-unicode -c (${filter.tokens.length} tokens): ${rg.wall.toFixed(0)} ms, ${rg.rss.toFixed(0)} MB peak RSS, ${rgFiles} files with a token [loadavg ${rg.load}]`);
  const ours = wholeProcess('node', [CLI, 'check', dir, '--format', 'json'], RUNS, [0, 1]);
  const report = JSON.parse(ours.stdout);
  const ratio = ours.wall / rg.wall;
  console.log(`  wasi-ready check --format json (cold process): ${ours.wall.toFixed(0)} ms, ${ours.rss.toFixed(0)} MB peak RSS, ${report.summary.files} files, ${report.findings.length} findings, ${report.errors.length} errors [loadavg ${ours.load}]`);
  console.log(`  throughput: ${((lines / ours.wall) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} lines/s`);
  goals.push({ name: `${corpus.id} within ${RATIO_GOAL}x of ripgrep`, pass: ratio <= RATIO_GOAL, detail: `${ratio.toFixed(1)}x (${ours.wall.toFixed(0)} ms vs ${rg.wall.toFixed(0)} ms)` });
  goals.push({ name: `${corpus.id} peak RSS under ${RSS_GOAL_MB} MB`, pass: ours.rss < RSS_GOAL_MB, detail: `${ours.rss.toFixed(0)} MB` });
}
console.log('');
for (const g of goals) console.log(`${g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${g.detail}`);
process.exit(goals.every((g) => g.pass) ? 0 : 1);
