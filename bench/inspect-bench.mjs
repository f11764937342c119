#!/usr/bin/env node
// Benchmark: `wasi-ready inspect` on the largest real core module on npm (@ffmpeg/core, 32 MB) and a real
// ~12 MB component (componentize-js), side by side with wasm-objdump and jco wit, in one run.
// Prints figures, ratios and PASS/FAIL per goal; exits 1 if a goal fails. Not a timed unit test.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { npmPackage } = require(path.join(REPO, 'test/out/support/tools.js'));
const { readWasm } = require(path.join(REPO, 'server/out/engine/detectors/wasm/readWasm.js'));
const { FileSource } = require(path.join(REPO, 'server/out/engine/detectors/wasm/byteSource.js'));
const { inspect } = require(path.join(REPO, 'server/out/engine/inspect.js'));
const { decode } = require('@webassemblyjs/wasm-parser');
const CLI = path.join(REPO, 'server/out/cli/main.js');
const JCO = path.join(REPO, '.tools/node_modules/.bin/jco');
const WORK = path.join(REPO, 'bench/.work');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(1)} ms`;

function inProcess(fn, runs = RUNS) {
  fn(); // warm-up: module loading and JIT, as an editor or a long CI run would have
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

async function inProcessAsync(fn, runs = RUNS) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}

/**
 * Wall time (hrtime around the spawn, the same wrapper for every tool) and peak RSS (GNU time's %M) of a
 * whole process; medians over runs.
 */
function wholeProcess(command, args, runs = RUNS) {
  const walls = [];
  const rss = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    walls.push(Number(process.hrtime.bigint() - started) / 1e6);
    const kb = Number(r.stderr.trim().split('\n').pop());
    if (!Number.isFinite(kb) || r.status === null) throw new Error(`${command} ${args.join(' ')}: ${r.stderr}`);
    rss.push(kb / 1024);
  }
  return { wall: median(walls), rss: median(rss) };
}

function listImports(file) {
  const source = FileSource.open(file);
  try {
    return readWasm(source).imports.length;
  } finally {
    source.close();
  }
}

const goals = [];
const goal = (name, pass, detail) => goals.push({ name, pass, detail });

// --- material -------------------------------------------------------------------------------------------
fs.mkdirSync(WORK, { recursive: true });
const coreFile = path.join(npmPackage('@ffmpeg/core', '0.12.10'), 'dist/esm/ffmpeg-core.wasm');
let componentFile = path.join(WORK, 'js-handler', 'handler.component.wasm');
if (!fs.existsSync(componentFile)) {
  const out = execFileSync('bash', [path.join(REPO, 'examples/build-js-component.sh'), path.dirname(componentFile)], { encoding: 'utf8' });
  const built = out.trim().split('\n').pop().trim();
  if (built && fs.existsSync(built)) componentFile = built;
}
if (!fs.existsSync(componentFile)) throw new Error(`no component was built at ${componentFile}`);
const coreSize = fs.statSync(coreFile).size;
const componentSize = fs.statSync(componentFile).size;
console.log(`core module: ${path.relative(REPO, coreFile)} (${(coreSize / 1e6).toFixed(1)} MB, ${listImports(coreFile)} imports)`);
console.log(`component:   ${path.relative(REPO, componentFile)} (${(componentSize / 1e6).toFixed(1)} MB, ${listImports(componentFile)} imports)`);
console.log(`runs: ${RUNS} per figure, medians\n`);

// --- core module -----------------------------------------------------------------------------------------
const coreOurs = inProcess(() => listImports(coreFile));
const coreInspect = inProcess(() => inspect(coreFile, { targets: ['spin', 'fastly-compute'] }));
const coreBytes = fs.readFileSync(coreFile);
const coreParser = inProcess(() => decode(coreBytes, { ignoreCodeSection: true, ignoreDataSection: true, ignoreCustomNameSection: true }), 3);
const nodeBaseline = wholeProcess('node', ['-e', '0']);
const coreCli = wholeProcess('node', [CLI, 'inspect', coreFile, '--format', 'json', '--target', 'spin']);
const objdump = wholeProcess('wasm-objdump', ['-x', '-j', 'Import', coreFile]);

console.log('core module (in-process)');
console.log(`  wasi-ready import listing        ${ms(coreOurs)}`);
console.log(`  wasi-ready inspect() with hosts  ${ms(coreInspect)}`);
console.log(`  @webassemblyjs/wasm-parser fast  ${ms(coreParser)}   (${(coreParser / coreOurs).toFixed(0)}× ours)`);
console.log('core module (whole process: wall, peak RSS)');
console.log(`  node -e 0                        ${ms(nodeBaseline.wall)}  ${nodeBaseline.rss.toFixed(0)} MB`);
console.log(`  wasi-ready inspect --format json ${ms(coreCli.wall)}  ${coreCli.rss.toFixed(0)} MB   (node -e 0 + ${ms(coreCli.wall - nodeBaseline.wall)})`);
console.log(`  wasm-objdump -x -j Import        ${ms(objdump.wall)}  ${objdump.rss.toFixed(0)} MB   (ours/objdump ${(coreCli.wall / objdump.wall).toFixed(1)}× wall, ${(coreCli.rss / objdump.rss).toFixed(1)}× RSS)`);
goal('core import listing in-process ≤ 30 ms on the 32 MB module', coreOurs <= 30, ms(coreOurs));
goal('whole-process inspect ≤ node -e 0 + 60 ms', coreCli.wall <= nodeBaseline.wall + 60, `${ms(coreCli.wall)} vs ${ms(nodeBaseline.wall + 60)}`);

// --- component -------------------------------------------------------------------------------------------
const toolsRequire = createRequire(path.join(REPO, '.tools', 'package.json'));
const { componentWit } = await import(toolsRequire.resolve('@bytecodealliance/jco-transpile/wasm-tools'));
const componentBytes = fs.readFileSync(componentFile);
const compOurs = inProcess(() => listImports(componentFile));
const compJco = await inProcessAsync(() => componentWit(componentBytes), 3);
const compCli = wholeProcess('node', [CLI, 'inspect', componentFile, '--format', 'json', '--target', 'spin']);
const jcoCli = wholeProcess(JCO, ['wit', componentFile], 3);
console.log('\ncomponent (in-process)');
console.log(`  wasi-ready interface listing     ${ms(compOurs)}`);
console.log(`  jco-transpile componentWit()     ${ms(compJco)}   (${(compJco / compOurs).toFixed(0)}× ours)`);
console.log('component (whole process: wall, peak RSS)');
console.log(`  wasi-ready inspect --format json ${ms(compCli.wall)}  ${compCli.rss.toFixed(0)} MB`);
console.log(`  jco wit                          ${ms(jcoCli.wall)}  ${jcoCli.rss.toFixed(0)} MB   (jco/ours ${(jcoCli.wall / compCli.wall).toFixed(1)}× wall, ${(jcoCli.rss / compCli.rss).toFixed(1)}× RSS)`);
goal('component interface listing faster than jco wit (in-process)', compOurs < compJco, `${ms(compOurs)} vs ${ms(compJco)}`);
goal('component inspect faster than jco wit (whole process)', compCli.wall < jcoCli.wall, `${ms(compCli.wall)} vs ${ms(jcoCli.wall)}`);

console.log('\ngoals');
for (const g of goals) console.log(`  ${g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${g.detail}`);
process.exitCode = goals.every((g) => g.pass) ? 0 : 1;
