#!/usr/bin/env node
// Benchmark: `wasi-ready check <dir> --format json` on real Rust code — the sources of Debian's tokio, rayon,
// ctrlc and hyper packages and every crate they depend on (the corpus the tests read) — as a whole cold process,
// against ripgrep counting the same tokens over the same files. Prints figures, the ratio and PASS/FAIL per goal;
// exits 1 if a goal fails. BENCH_CORPUS=all takes every crate under /usr/share/cargo/registry instead.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materialise, wholeProcess } from './measure.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { rustRules } = require(path.join(REPO, 'server/out/engine/detectors/rust/rules.js'));
const { candidateFilter } = require(path.join(REPO, 'server/out/engine/detectors/rust/candidates.js'));
const CLI = path.join(REPO, 'server/out/cli/main.js');
const REGISTRY = '/usr/share/cargo/registry';
const CORPUS = path.join(REPO, 'bench/.work/rust-corpus');
const PACKAGES = ['librust-tokio-dev', 'librust-rayon-dev', 'librust-ctrlc-dev', 'librust-hyper-dev'];
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATIO_GOAL = 40;
const RSS_GOAL_MB = 300;

/** The .rs files of the packages and their dependency closure, as dpkg lists them. */
function corpusFiles() {
  if (process.env.BENCH_CORPUS === 'all') return execFileSync('find', [REGISTRY, '-name', '*.rs', '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
  const depends = execFileSync('apt-cache', ['depends', '--recurse', '--no-recommends', '--no-suggests', '--no-conflicts', '--no-breaks', '--no-replaces', '--no-enhances', ...PACKAGES], { encoding: 'utf8' });
  const packages = [...new Set(depends.split('\n').map((l) => l.trim()).filter((l) => /^librust-[\w.+-]+$/.test(l)))];
  const files = new Set();
  for (const pkg of packages) {
    const listed = spawnSync('dpkg', ['-L', pkg], { encoding: 'utf8' });
    if (listed.status !== 0) continue; // a virtual or uninstalled package
    for (const file of listed.stdout.split('\n')) if (file.startsWith(`${REGISTRY}/`) && file.endsWith('.rs') && fs.statSync(file).isFile()) files.add(file);
  }
  return [...files].sort();
}

for (const tool of ['/usr/bin/time', 'rg']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`${tool} is required (apt-get install -y time ripgrep)`);
    process.exit(2);
  }
}

const files = corpusFiles();
if (files.length === 0) {
  console.error(`no Rust sources found; apt-get install -y ${PACKAGES.join(' ')}`);
  process.exit(2);
}
materialise(CORPUS, files, REGISTRY);
const lines = files.reduce((n, f) => n + fs.readFileSync(f, 'utf8').split('\n').length - 1, 0);
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
const admitted = (() => {
  const filter = candidateFilter(rustRules());
  return files.filter((f) => filter.admits(fs.readFileSync(f, 'utf8'))).length;
})();
console.log(`corpus: ${files.length} .rs files, ${lines.toLocaleString('en')} lines, ${(bytes / 1048576).toFixed(1)} MiB (${process.env.BENCH_CORPUS === 'all' ? 'all of' : `${PACKAGES.join(', ')} and their dependencies under`} ${REGISTRY}); ${admitted} pass the pre-filter`);

const tokens = candidateFilter(rustRules()).tokens;
const rg = wholeProcess('rg', ['--no-unicode', '-c', '-w', '-g', '*.rs', '-e', `(${tokens.join('|')})|extern`, CORPUS], RUNS, [0, 1]);
const rgFiles = rg.stdout.trim().split('\n').filter(Boolean).length;
console.log(`ripgrep --no-unicode -c -w (${tokens.length} tokens + extern): ${rg.wall.toFixed(0)} ms, ${rg.rss.toFixed(0)} MB peak RSS, ${rgFiles} files with a token`);

const ours = wholeProcess('node', [CLI, 'check', CORPUS, '--format', 'json'], RUNS, [0, 1]);
const report = JSON.parse(ours.stdout);
const ratio = ours.wall / rg.wall;
console.log(`wasi-ready check --format json (cold process): ${ours.wall.toFixed(0)} ms, ${ours.rss.toFixed(0)} MB peak RSS, ${report.summary.files} files, ${report.findings.length} findings, ${report.errors.length} errors`);
console.log(`throughput: ${((lines / ours.wall) * 1000).toLocaleString('en', { maximumFractionDigits: 0 })} lines/s`);

const goals = [
  { name: `within ${RATIO_GOAL}x of ripgrep`, pass: ratio <= RATIO_GOAL, detail: `${ratio.toFixed(1)}x (${ours.wall.toFixed(0)} ms vs ${rg.wall.toFixed(0)} ms)` },
  { name: `peak RSS under ${RSS_GOAL_MB} MB`, pass: ours.rss < RSS_GOAL_MB, detail: `${ours.rss.toFixed(0)} MB` },
];
for (const g of goals) console.log(`${g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${g.detail}`);
process.exit(goals.every((g) => g.pass) ? 0 : 1);
