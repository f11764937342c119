import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { check } from 'wasi-ready/engine/check';
import { DiskCache } from 'wasi-ready/engine/diskCache';
import { loadKnowledge, RULES_DIR } from 'wasi-ready/engine/knowledge/load';
import { REPO } from '../support/paths';
import { cli, insertLine, projectCopy } from '../support/projects';

const schemaDir = path.join(REPO, 'docs', 'schema');
const ajv = new Ajv({ allErrors: true, strict: false });
for (const name of fs.readdirSync(schemaDir)) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8')), name);
const validCheck = ajv.getSchema('check-output.schema.json')!;

describe('--baseline and --baseline-write', function () {
  this.timeout(120_000);

  it('records today\'s findings; a later run reports only new ones, and the entries that are gone', () => {
    const project = projectCopy('test/fixtures/js/media-service');
    try {
      const first = JSON.parse(cli(['check', '.', '--target', 'spin', '--format', 'json'], project.dir).stdout);
      assert.ok(first.findings.some((f: { severity: string }) => f.severity === 'error'));
      const written = cli(['check', '.', '--target', 'spin', '--baseline-write', 'wasi-ready-baseline.json'], project.dir);
      assert.equal(written.code, 0, written.stdout + written.stderr);
      assert.match(written.stdout, new RegExp(`baseline wasi-ready-baseline\\.json: ${first.findings.length} known, 0 new, 0 gone`));
      const baseline = JSON.parse(fs.readFileSync(path.join(project.dir, 'wasi-ready-baseline.json'), 'utf8'));
      assert.equal(baseline.wasiReadyBaseline, 1);
      assert.equal(baseline.entries.reduce((n: number, e: { count?: number }) => n + (e.count ?? 1), 0), first.findings.length);
      assert.ok(baseline.entries.every((e: { identity: string }) => /^(line|package|binary):/.test(e.identity)));

      // Lines move (two lines inserted at the top), one finding is fixed, one is new.
      const jobs = path.join(project.dir, 'src', 'jobs.ts');
      const lines = fs.readFileSync(jobs, 'utf8').split('\n');
      const fixed = lines.findIndex((l) => l.includes("spawn('ffmpeg'"));
      lines[fixed] = "  const ffmpeg = { kill: (_signal: string) => undefined, on: (_e: string, _f: (code: number) => void) => undefined };";
      fs.writeFileSync(jobs, lines.join('\n'));
      insertLine(jobs, 1, '// moved\n// down');
      fs.appendFileSync(path.join(project.dir, 'src', 'network.ts'), "\nexport function udp() { return dgram.createSocket('udp6'); }\n");

      const again = cli(['check', '.', '--target', 'spin', '--baseline', 'wasi-ready-baseline.json', '--format', 'json'], project.dir);
      const result = JSON.parse(again.stdout);
      assert.ok(validCheck(result), ajv.errorsText(validCheck.errors));
      assert.deepEqual(result.findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`), ['src/network.ts js/sockets-outbound']);
      assert.equal(again.code, 1);
      assert.equal(result.summary.findings, 1);
      const report = result.suppressions.baseline;
      assert.equal(report.new, 1);
      assert.equal(report.known, first.findings.length - 2);
      // spawn('ffmpeg') and the ffmpeg.kill on its handle are both gone.
      assert.deepEqual(report.gone.map((e: { file: string; ruleId: string }) => `${e.file} ${e.ruleId}`), ['src/jobs.ts js/process', 'src/jobs.ts js/process']);
      const text = cli(['check', '.', '--target', 'spin', '--baseline', 'wasi-ready-baseline.json'], project.dir).stdout;
      assert.match(text, new RegExp(`baseline wasi-ready-baseline\\.json: ${first.findings.length - 2} known, 1 new, 2 gone \\(re-write it with --baseline-write to drop them\\)`));
    } finally {
      project.remove();
    }
  });

  it('dependency findings are known by package@version: a line moved down keeps them', () => {
    const project = projectCopy('examples/node-api');
    try {
      assert.equal(cli(['check', '.', '--target', 'spin', '--baseline-write', 'base.json'], project.dir).code, 0);
      const manifest = path.join(project.dir, 'package.json');
      fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace('"dependencies": {', '"dependencies": {\n    "zzz-moved-down": "1.0.0",'));
      const moved = JSON.parse(cli(['check', '.', '--target', 'spin', '--baseline', 'base.json', '--format', 'json'], project.dir).stdout);
      assert.deepEqual(moved.findings.filter((f: { origin: string }) => f.origin === 'dependency'), []);
    } finally {
      project.remove();
    }
  });

  it('a missing or foreign baseline file is bad usage (exit 2)', () => {
    const project = projectCopy('examples/node-api');
    try {
      assert.match(cli(['check', '.', '--baseline', 'nope.json'], project.dir).stderr, /nope\.json: cannot read the baseline/);
      fs.writeFileSync(path.join(project.dir, 'other.json'), '{"entries": []}');
      const foreign = cli(['check', '.', '--baseline', 'other.json'], project.dir);
      assert.equal(foreign.code, 2);
      assert.match(foreign.stderr, /other\.json: not a wasi-ready baseline/);
    } finally {
      project.remove();
    }
  });
});

describe('--cache', function () {
  this.timeout(120_000);

  it('a second run with nothing changed reads every analysis from disk and gives the same JSON', async () => {
    const project = projectCopy('test/fixtures/js/media-service');
    const location = path.join(project.root, 'cache');
    try {
      // A fresh knowledge base per run: the in-process cache is per knowledge base, so only the disk can answer.
      const run = async () => {
        const cache = new DiskCache(location);
        const result = await check([project.dir], { targets: ['spin'], knowledge: loadKnowledge(RULES_DIR), cache });
        return { cache, json: JSON.stringify({ ...result, summary: { ...result.summary, ms: 0 } }) };
      };
      const cold = await run();
      assert.equal(cold.cache.hits, 0);
      assert.ok(cold.cache.misses > 5, String(cold.cache.misses));
      assert.ok(fs.existsSync(path.join(location, 'analyses.json')));
      const warm = await run();
      assert.equal(warm.cache.misses, 0);
      assert.equal(warm.cache.hits, cold.cache.misses);
      assert.equal(warm.json, cold.json);

      // Same content, new modification time (a fresh clone): still read from disk, by content hash.
      const jobs = path.join(project.dir, 'src', 'jobs.ts');
      fs.utimesSync(jobs, new Date(), new Date(Date.now() + 10_000));
      const touched = await run();
      assert.equal(touched.cache.misses, 0);
      // New content: that file alone is analysed again.
      fs.appendFileSync(jobs, "\nexport const again = () => spawn('ls');\n");
      const edited = await run();
      assert.equal(edited.cache.misses, 1);
      assert.notEqual(edited.json, cold.json);
    } finally {
      project.remove();
    }
  });

  it('the CLI keeps it in .wasi-ready-cache/ (no node_modules here) or in --cache-location', () => {
    const project = projectCopy('test/fixtures/js/media-service');
    try {
      const first = cli(['check', '.', '--target', 'spin', '--cache', '--format', 'json'], project.dir);
      assert.ok(fs.existsSync(path.join(project.dir, '.wasi-ready-cache', 'analyses.json')));
      const second = cli(['check', '.', '--target', 'spin', '--cache', '--format', 'json'], project.dir);
      const strip = (s: string) => ({ ...JSON.parse(s), summary: { ...JSON.parse(s).summary, ms: 0 } });
      assert.deepEqual(strip(second.stdout), strip(first.stdout));
      assert.equal(second.code, first.code);
      cli(['check', '.', '--target', 'spin', '--cache-location', path.join(project.root, 'elsewhere')], project.dir);
      assert.ok(fs.existsSync(path.join(project.root, 'elsewhere', 'analyses.json')));
    } finally {
      project.remove();
    }
  });
});
