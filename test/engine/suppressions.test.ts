import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { parseDirectives } from 'wasi-ready/engine/suppressions';
import { cli, insertLine, projectCopy } from '../support/projects';

describe('inline directives: wasi-ready-ignore-next-line and wasi-ready-ignore-file', function () {
  this.timeout(120_000);

  it('grammar: comment syntax per language, rule lists, the reason after --', () => {
    const slash = parseDirectives([
      'const a = 1; // wasi-ready-ignore-next-line js/fs-read, js/fs-write -- bundled at build time',
      '/* wasi-ready-ignore-file js/threads -- the worker pool is the Node build only */',
      'const s = "// wasi-ready-ignore-file js/process -- in a string, not a comment";',
      '// wasi-ready-ignore-next-line js/process',
      '// wasi-ready-ignore-next-liner js/process -- not the directive',
    ].join('\n'), 'slash');
    assert.deepEqual(slash.map((d) => [d.kind, d.rules, d.reason, d.line, d.column]), [
      ['next-line', ['js/fs-read', 'js/fs-write'], 'bundled at build time', 1, 14],
      ['file', ['js/threads'], 'the worker pool is the Node build only', 2, 1],
      ['next-line', ['js/process'], null, 4, 1],
    ]);
    const hash = parseDirectives('[dependencies]\n  # wasi-ready-ignore-next-line dependency/threads -- rayon falls back to one thread\nrayon = "1"\n', 'hash');
    assert.deepEqual(hash.map((d) => [d.kind, d.rules, d.reason, d.line, d.column]), [['next-line', ['dependency/threads'], 'rayon falls back to one thread', 2, 3]]);
  });

  it('JavaScript/TypeScript: suppresses the next line; unused rules, a missing reason and unknown rules are reported', async () => {
    const project = projectCopy('test/fixtures/js/media-service');
    try {
      const jobs = path.join(project.dir, 'src', 'jobs.ts');
      const before = await check([project.dir], { targets: ['spin'] });
      const inJobs = (r: typeof before) => r.findings.filter((f) => f.file === 'src/jobs.ts').map((f) => `${f.line} ${f.ruleId}`);
      assert.deepEqual(inJobs(before), ['9 js/threads', '16 js/process', '21 js/process', '22 js/process']);
      // Bottom up, so the line numbers above stay right.
      insertLine(jobs, 21, '  // wasi-ready-ignore-next-line js/process');
      insertLine(jobs, 16, '  // wasi-ready-ignore-next-line js/process, js/fs-read, js/nonsense -- ffprobe runs in the batch service');
      insertLine(jobs, 9, '    // wasi-ready-ignore-next-line js/threads -- the edge build renders on the request thread');
      insertLine(jobs, 1, '// wasi-ready-ignore-next-line js/fs-write -- nothing to suppress on the next line');
      const after = await check([project.dir], { targets: ['spin'] });
      assert.deepEqual(inJobs(after), ['26 js/process']);
      assert.equal(after.suppressions?.dropped.directives, 3);
      assert.deepEqual(after.suppressions?.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}`), [
        'src/jobs.ts:1:1 unused-directive',
        'src/jobs.ts:18:3 unused-directive',
        'src/jobs.ts:18:3 unknown-rule',
        'src/jobs.ts:24:3 directive-without-reason',
      ]);
      assert.match(after.suppressions!.problems[1].message, /wasi-ready-ignore-next-line js\/fs-read suppresses nothing: no js\/fs-read finding on line 19/);
      // The text output lists them; they count as warnings for --max-warnings.
      const text = cli(['check', '.', '--target', 'spin'], project.dir);
      assert.match(text.stdout, /left out: .*3 by inline directives/);
      assert.match(text.stdout, /src\/jobs\.ts:24:3 {2}warning {2}wasi-ready-ignore-next-line gives no reason: add one after " -- "/);
    } finally {
      project.remove();
    }
  });

  it('a directive in a file the pre-filter never admits is still read, at the column its characters give (two non-ASCII letters before it: 37, where bytes would say 39)', async () => {
    const project = projectCopy('test/fixtures/js/media-service');
    try {
      // No Node API in this file: the JS pre-filter refuses it, so it is never decoded for the scan itself.
      fs.writeFileSync(path.join(project.dir, 'src', 'labels.ts'), "export const title = 'Médiathèque'; /* wasi-ready-ignore-next-line js/fs-write -- labels */\nexport const empty = '';\n");
      const result = await check([project.dir], { targets: ['spin'] });
      assert.deepEqual(result.suppressions?.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}`), ['src/labels.ts:1:37 unused-directive']);
    } finally {
      project.remove();
    }
  });

  it('Rust: a file-wide directive takes every finding of its rule in that file, and only that rule', async () => {
    const project = projectCopy('test/fixtures/rust/media-worker');
    try {
      const storage = path.join(project.dir, 'src', 'storage.rs');
      const rules = (r: Awaited<ReturnType<typeof check>>) => r.findings.filter((f) => f.file === 'src/storage.rs').map((f) => f.ruleId);
      const before = rules(await check([project.dir], { targets: ['fastly-compute'] }));
      assert.ok(before.includes('rust/fs-write') && before.includes('rust/fs-read'));
      insertLine(storage, 1, '// wasi-ready-ignore-file rust/fs-write -- thumbnails are written only by the native batch binary');
      const result = await check([project.dir], { targets: ['fastly-compute'] });
      assert.deepEqual(rules(result), before.filter((r) => r !== 'rust/fs-write'));
      assert.equal(result.suppressions?.dropped.directives, before.filter((r) => r === 'rust/fs-write').length);
      assert.deepEqual(result.suppressions?.problems, []);
    } finally {
      project.remove();
    }
  });

  it('Cargo.toml (TOML, # comments): a dependency finding on the declaring line', async () => {
    const project = projectCopy('test/fixtures/cargo/orders-api');
    try {
      const manifest = path.join(project.dir, 'Cargo.toml');
      const deps = (r: Awaited<ReturnType<typeof check>>) => r.findings.filter((f) => f.file === 'Cargo.toml').map((f) => `${f.line} ${f.ruleId} ${f.package?.name}`);
      const before = deps(await check([project.dir], { targets: ['spin'] }));
      assert.ok(before.includes('21 dependency/threads rayon'), before.join('\n'));
      insertLine(manifest, 24, '# wasi-ready-ignore-next-line dependency/threads -- serde has no threads: this one is unused');
      insertLine(manifest, 21, '# wasi-ready-ignore-next-line dependency/threads -- the wasm build uses rayon\'s sequential fallback feature');
      const result = await check([project.dir], { targets: ['spin'] });
      const after = deps(result);
      assert.ok(!after.some((d) => d.endsWith('dependency/threads rayon')), after.join('\n'));
      assert.equal(after.length, before.length - 1);
      assert.deepEqual(result.suppressions?.problems.map((p) => `${p.file}:${p.line} ${p.kind}`), ['Cargo.toml:25 unused-directive']);
    } finally {
      project.remove();
    }
  });
});
