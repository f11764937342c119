#!/usr/bin/env node
// Benchmark: the JavaScript/TypeScript source scan of `wasi-ready check` on real node_modules code (js-nm of
// shared/reference/perf-anchors.md §1: express, fastify, ws, pino, better-sqlite3, mongodb and their deps), against
// ESLint 9 + eslint-plugin-n (3 rules) and ripgrep --no-unicode counting the same kind of tokens, over the same files.
// Prints figures, ratios and PASS/FAIL per goal. It is a report: exits 0 even when a goal fails, non-zero only when
// a step could not run. Usage: node bench/js-bench.mjs [--runs N]   env: BENCH_DIR (default /tmp/wasi-ready-bench)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'server/out/cli/main.js');
const BENCH_DIR = process.env.BENCH_DIR ?? '/tmp/wasi-ready-bench';
const CORPUS = path.join(BENCH_DIR, 'corpus');
const PKGS = path.join(CORPUS, 'pkgs');
const TOOLS = path.join(BENCH_DIR, 'tools');
const require = createRequire(import.meta.url);
const { values: argv } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Number(argv.runs);
const CORPUS_PACKAGES = ['express@5.3.0', 'fastify@5.12.8', 'ws@8.23.0', 'pino@10.4.0', 'better-sqlite3@12.11.1', 'mongodb@6.22.0'];
const TOOL_PACKAGES = ['eslint@9.39.5', 'eslint-plugin-n@18.5.0', '@typescript-eslint/parser@8.73.0', 'globals@17.14.0'];
const GOALS = { eslintRatio: 8, rgRatio: 25, rssMB: 300, rescanRatio: 10 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (msec) => `${(msec / 1000).toFixed(3)} s`;
const int = (n) => Math.round(n).toLocaleString('en');
const x = (ratio) => `${ratio.toFixed(2)}×`;
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

/** `npm install` into dir unless the stamp says these exact packages are already there. */
function npmInstall(dir, packages, extraArgs = []) {
  const stamp = path.join(dir, '.bench-packages');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === packages.join(' ')) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"bench","private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...extraArgs, ...packages], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(stamp, packages.join(' '));
  return true;
}

/**
 * The corpus: node_modules renamed to pkgs, since wasi-ready (like ESLint by default) skips folders named
 * node_modules. A wasi-ready.config.json there keeps the check to the files the peers read (JS/TS) and the
 * package.json files (the npm dependency analysis, which the peers don't do): better-sqlite3 also ships SQLite's
 * 9 MB C amalgamation, which bench/c-bench.mjs measures.
 */
function prepareCorpus() {
  if (npmInstall(CORPUS, CORPUS_PACKAGES, ['--ignore-scripts']) || !fs.existsSync(PKGS)) {
    fs.rmSync(PKGS, { recursive: true, force: true });
    fs.renameSync(path.join(CORPUS, 'node_modules'), PKGS);
  }
  const include = ['js', 'cjs', 'mjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'].map((ext) => `**/*.${ext}`).concat('**/package.json');
  fs.writeFileSync(path.join(PKGS, 'wasi-ready.config.json'), `${JSON.stringify({ include }, null, 2)}\n`);
}

/** The ESLint peer and the flat config (3 plugin-n rules, as measured in perf-anchors §2), written into tools/. */
function prepareEslint() {
  npmInstall(TOOLS, TOOL_PACKAGES);
  const config = path.join(TOOLS, 'eslint.config.mjs');
  fs.writeFileSync(config, `import n from 'eslint-plugin-n';
import globals from 'globals';
import tsParser from '@typescript-eslint/parser';
const rules = {
  'n/no-sync': 'warn',
  'n/no-process-exit': 'warn',
  'n/no-unsupported-features/node-builtins': ['warn', { version: '>=20.0.0' }],
};
export default [
  // Only these 3 rules: the packages' own eslint comments neither enable other rules nor disable these.
  { linterOptions: { reportUnusedDisableDirectives: 'off', noInlineConfig: true } },
  { files: ['**/*.{js,cjs,jsx}'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs', globals: globals.node } },
  { files: ['**/*.jsx'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
  { files: ['**/*.mjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: globals.node } },
  { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tsParser, sourceType: 'module', globals: globals.node } },
  { files: ['**/*.{js,cjs,mjs,jsx,ts,mts,cts,tsx}'], plugins: { n }, rules },
  // plugin-n 18.5's n/no-sync throws under @typescript-eslint/parser without type information (perf-anchors §2).
  { files: ['**/*.{ts,mts,cts,tsx}'], rules: { 'n/no-sync': 'off' } },
];
`);
  return config;
}

/**
 * *.js, *.cjs, *.mjs, *.ts (and the .jsx/.mts/.cts/.tsx wasi-ready also reads), not declaration files, outside any
 * node_modules folder, relative to PKGS, sorted; checked against the list wasi-ready's own walk gives its JS detector.
 */
function listFiles() {
  const walk = (dir, out) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full, out);
      else if (entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) out.push(path.relative(PKGS, full));
    }
    return out;
  };
  const files = walk(PKGS, []).sort();
  const { collectFiles } = require(path.join(REPO, 'server/out/engine/workspace.js'));
  const { javascriptDetector } = require(path.join(REPO, 'server/out/engine/detectors/javascript/analyze.js'));
  const theirs = collectFiles([PKGS], (f) => javascriptDetector.wants(f)).files.map((f) => path.relative(PKGS, f.path)).sort();
  if (theirs.join('\n') !== files.join('\n')) throw new Error(`file lists differ: ours ${files.length}, wasi-ready's JS detector ${theirs.length}`);
  return files;
}

/** Wall time (hrtime around the spawn) and peak RSS (GNU time's %M) of a whole process, over RUNS runs. */
function wholeProcess(command, args, { okStatuses = [0], cwd = PKGS, env = process.env } = {}) {
  const walls = [];
  const rss = [];
  let stdout = '';
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 512 << 20 });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    const kb = Number(r.stderr.trim().split('\n').pop());
    if (!Number.isFinite(kb) || !okStatuses.includes(r.status)) throw new Error(`${command} ${args.slice(0, 8).join(' ')}… exited ${r.status}: ${r.stderr.slice(-2000)}`);
    rss.push(kb / 1024);
    stdout = r.stdout;
  }
  return { wall: median(walls), min: Math.min(...walls), max: Math.max(...walls), rss: median(rss), stdout };
}

/**
 * Ours, cold: a fresh CLI process per run, no analysis cache. `codeCache` is V8's compiled code of the tool's own
 * large dependencies (TypeScript's compiler; src/cli/codeCache.ts), which every run after a user's first has:
 * a folder of the bench's own, warmed by one unmeasured run, or 'off' for a first run ever.
 */
function measureOursCold(codeCache) {
  const setting = codeCache === 'off' ? '0' : path.join(BENCH_DIR, 'code-cache');
  const env = { ...process.env, WASI_READY_CODE_CACHE: setting };
  const args = [CLI, 'check', PKGS, '--target', 'spin', '--format', 'json'];
  if (codeCache !== 'off') spawnSync('node', args, { cwd: PKGS, env, stdio: 'ignore' });
  const m = wholeProcess('node', args, { okStatuses: [0, 1], env });
  const report = JSON.parse(m.stdout);
  return { ...m, files: report.summary.files, findings: report.findings.length, jsFindings: report.findings.filter((f) => f.ruleId?.startsWith('js/')).length, errors: report.errors.length };
}

/** Ours, re-scan: check() twice in one process; the second run reuses the in-memory analysis cache (unchanged files). */
function measureRescan() {
  const script = `const { check } = require(${JSON.stringify(path.join(REPO, 'server/out/engine/check.js'))});
(async () => {
  const times = [];
  let findings = 0;
  for (let i = 0; i < 2; i++) {
    const t = process.hrtime.bigint();
    findings = (await check([${JSON.stringify(PKGS)}], { targets: ['spin'] })).findings.length;
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(JSON.stringify({ first: times[0], second: times[1], findings }));
})().catch((e) => { console.error(e); process.exit(2); });`;
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(JSON.parse(execFileSync('node', ['-e', script], { encoding: 'utf8', maxBuffer: 64 << 20 })));
  return { first: median(runs.map((r) => r.first)), second: median(runs.map((r) => r.second)), findings: runs[0].findings };
}

/** ESLint + plugin-n, whole process (its CLI), over exactly the listed files. */
function measureEslint(config, files) {
  const eslint = path.join(TOOLS, 'node_modules/eslint/bin/eslint.js');
  const m = wholeProcess('node', [eslint, '-c', config, '--no-ignore', '--no-warn-ignored', '-f', 'json', ...files], { okStatuses: [0, 1] });
  const results = JSON.parse(m.stdout);
  const messages = results.flatMap((r) => r.messages);
  const byRule = {};
  for (const msg of messages) {
    const key = msg.fatal ? 'parse error' : (msg.ruleId ?? 'no-rule (ignored eslint comment)');
    byRule[key] = (byRule[key] ?? 0) + 1;
  }
  const fatalFiles = results.filter((r) => r.messages.some((x) => x.fatal)).map((r) => path.relative(PKGS, r.filePath));
  return { ...m, linted: results.length, warnings: messages.filter((x) => x.ruleId?.startsWith('n/')).length, other: messages.filter((x) => !x.ruleId?.startsWith('n/')).length, fatalFiles, byRule };
}

/** The I/O floor: ripgrep --no-unicode -c over the same files, with the kind of tokens the JS rules look for. */
function measureRipgrep(files) {
  const data = JSON.parse(fs.readFileSync(path.join(REPO, 'rules/apis/javascript.json'), 'utf8'));
  const specifiers = data.modules.filter((m) => m.kind === 'builtin' || m.kind === 'package').map((m) => m.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = [`['"\`](?:node:)?(?:${specifiers.join('|')})['"\`/]`, String.raw`\bprocess\s*\??\.\s*(?:on|once|addListener|kill|dlopen)\b`,
    String.raw`\brequire\s*\(`, String.raw`\bnew\s+Worker\b`, String.raw`\.listen\s*\(`, String.raw`\bfetch\s*\(`, String.raw`\bimport\s*\(`, String.raw`\.node['"\x60]`].join('|');
  const m = wholeProcess('rg', ['--no-unicode', '-c', '-e', pattern, '--', ...files], { okStatuses: [0, 1] });
  return { ...m, filesWithHit: m.stdout.trim().split('\n').filter(Boolean).length };
}

// --- preparation --------------------------------------------------------------------------------------------
if (!has('/usr/bin/time')) throw new Error('GNU time is required for peak RSS: apt-get install -y time');
const build = spawnSync('npx', ['tsc', '-b'], { cwd: REPO, encoding: 'utf8' });
if (build.status !== 0) {
  if (!fs.existsSync(CLI)) throw new Error(`npx tsc -b failed:\n${build.stdout}${build.stderr}`);
  console.log(`warning: npx tsc -b failed (someone's edit in progress?); measuring the existing server/out build\n${build.stdout.slice(0, 800)}`);
}
prepareCorpus();
const config = prepareEslint();
const files = listFiles();
const lines = files.reduce((n, f) => n + (fs.readFileSync(path.join(PKGS, f), 'utf8').match(/\n/g)?.length ?? 0), 0);
const bytes = files.reduce((n, f) => n + fs.statSync(path.join(PKGS, f)).size, 0);
const lps = (msec) => `${int((lines / msec) * 1000)} lines/s`;
console.log(`corpus: ${PKGS} (npm install --ignore-scripts ${CORPUS_PACKAGES.join(' ')})`);
const counts = {};
for (const f of files) counts[path.extname(f)] = (counts[path.extname(f)] ?? 0) + 1;
const byExt = Object.entries(counts).map(([ext, n]) => `${n} ${ext}`).join(', ');
console.log(`files: ${int(files.length)} (${byExt}; no *.d.ts, none under node_modules; the same list wasi-ready's JS scan walks), ${int(lines)} lines, ${(bytes / 1048576).toFixed(1)} MiB`);
console.log(`runs: ${RUNS} per figure, medians [min–max]; node ${process.version}, ${spawnSync('nproc', { encoding: 'utf8' }).stdout.trim()} cores, load average ${loadavg()}\n`);

// --- measurements -------------------------------------------------------------------------------------------
const row = (name, m) => console.log(`  ${name.padEnd(38)} ${secs(m.wall)} [${secs(m.min)}–${secs(m.max)}]  ${m.rss.toFixed(0).padStart(4)} MB  ${lps(m.wall)}`);
const goals = [];
const goal = (name, pass, detail) => goals.push({ name, pass, detail });

const ours = measureOursCold('warm');
row('wasi-ready check (cold process)', ours);
console.log(`    ${ours.findings} findings (${ours.jsFindings} js/*), ${ours.errors} input errors; ${ours.files} files read (the sources + package.json files)`);
const firstEver = measureOursCold('off');
row('  the same, no V8 code cache (1st run)', firstEver);

const rescan = measureRescan();
const rescanRatio = rescan.first / rescan.second;
console.log(`  wasi-ready check() in one process      1st ${secs(rescan.first)}, 2nd (re-scan) ${secs(rescan.second)} → ${x(rescanRatio)} faster; ${rescan.findings} findings`);

const eslint = measureEslint(config, files);
row('ESLint 9 + eslint-plugin-n (3 rules)', eslint);
console.log(`    (n/no-sync off for .ts/.mts/.cts: it needs type information under @typescript-eslint/parser)`);
console.log(`    ${eslint.linted} files linted, ${eslint.warnings} n/* warnings, ${eslint.other} other messages; by rule ${JSON.stringify(eslint.byRule)}`);
if (eslint.fatalFiles.length) console.log(`    parse errors in ${eslint.fatalFiles.length} files: ${eslint.fatalFiles.slice(0, 6).join(', ')}`);

let rg = null;
if (has('rg')) {
  rg = measureRipgrep(files);
  row('rg --no-unicode -c (I/O floor)', rg);
  console.log(`    ${rg.filesWithHit} files with a token`);
} else {
  console.log('  rg: not installed (apt-get install -y ripgrep)');
}

// --- ratios and goals ---------------------------------------------------------------------------------------
const eslintRatio = eslint.wall / ours.wall;
console.log(`\nratios: ESLint/ours ${x(eslintRatio)} wall, ${x(eslint.rss / ours.rss)} RSS` +
  (rg ? `; ours/rg ${x(ours.wall / rg.wall)} wall (${x(firstEver.wall / rg.wall)} on a first run ever, without the code cache)` : '') + `; cold/re-scan ${x(rescanRatio)}`);
goal(`ours ≥ ${GOALS.eslintRatio}× faster than ESLint + plugin-n`, eslintRatio >= GOALS.eslintRatio, `${x(eslintRatio)} (${secs(ours.wall)} vs ${secs(eslint.wall)})`);
if (rg) goal(`ours within ${GOALS.rgRatio}× of ripgrep`, ours.wall / rg.wall <= GOALS.rgRatio, `${x(ours.wall / rg.wall)} (${secs(ours.wall)} vs ${secs(rg.wall)})`);
else goal(`ours within ${GOALS.rgRatio}× of ripgrep`, false, 'rg is not installed: apt-get install -y ripgrep');
goal(`peak RSS < ${GOALS.rssMB} MB`, ours.rss < GOALS.rssMB, `${ours.rss.toFixed(0)} MB`);
goal(`in-process re-scan ≥ ${GOALS.rescanRatio}× faster than cold`, rescanRatio >= GOALS.rescanRatio, `${x(rescanRatio)} (${secs(rescan.second)} vs ${secs(rescan.first)})`);
goal('sanity: both did work (findings > 0, ESLint warnings > 0)', ours.findings > 0 && eslint.warnings > 0, `${ours.findings} findings, ${eslint.warnings} ESLint warnings`);

console.log(`\ngoals (load average now ${loadavg()}; timings are noisy on a shared 2-core machine: read differences under ~20 % as noise)`);
for (const g of goals) console.log(`  ${g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${g.detail}`);
