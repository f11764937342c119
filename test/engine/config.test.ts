import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { check, type CheckResult } from 'wasi-ready/engine/check';
import { ConfigError } from 'wasi-ready/engine/targets';
import { REPO } from '../support/paths';
import { cli, projectCopy, writeJson } from '../support/projects';

const schemaDir = path.join(REPO, 'docs', 'schema');
const ajv = new Ajv({ allErrors: true, strict: false });
for (const name of fs.readdirSync(schemaDir)) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, name), 'utf8')), name);
function validOutput(result: CheckResult): void {
  const { choices: _choices, ...contract } = result;
  const validate = ajv.getSchema('check-output.schema.json')!;
  assert.ok(validate(JSON.parse(JSON.stringify(contract))), ajv.errorsText(validate.errors));
}

const brief = (result: CheckResult) => result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.package?.name ?? ''} ${JSON.stringify(f.hosts)}`.replace(/  /g, ' '));

describe('wasi-ready.config.json', function () {
  this.timeout(120_000);

  describe('a typo or a wrong type exits 2, naming the file, the key and the line', () => {
    let project: ReturnType<typeof projectCopy>;
    before(() => (project = projectCopy('examples/node-api')));
    after(() => project.remove());

    const cases: Array<[string, unknown, RegExp]> = [
      ['unknown top-level key', { tagrets: ['spin'] }, /wasi-ready\.config\.json: unknown key "tagrets" \(line 2, column 3\)/],
      ['unknown key in an allow entry', { allow: [{ package: 'pg', reason: 'proxied', because: 'x' }] }, /wasi-ready\.config\.json: unknown key "because" in "allow\[0\]" \(line 6, column 7\)/],
      ['wrong type', { tests: 'no' }, /wasi-ready\.config\.json: "tests" must be true or false \(line 2, column 3\)/],
      ['bad severity', { rules: { 'js/fs-read': 'loud' } }, /"rules\.js\/fs-read" must be one of "off", "info", "warning", "error"/],
      ['unknown rule', { rules: { 'js/fs-reed': 'off' } }, /unknown rule "js\/fs-reed" in "rules"/],
      ['allow without a reason', { allow: [{ package: 'pg' }] }, /"allow\[0\]" needs "reason"/],
      ['allow with an empty reason', { allow: [{ package: 'pg', reason: '  ' }] }, /"allow\[0\]\.reason" must say why/],
      ['allow that names nothing', { allow: [{ reason: 'why not' }] }, /"allow\[0\]" needs at least one of "package", "api" or "rule"/],
      ['a bad semver range', { allow: [{ package: 'pg@not a range!', reason: 'x' }] }, /"not a range!" in "allow\[0\]\.package" is not a semver range/],
      ['unknown capability in provides', { provides: { spin: ['fs-wirte'] } }, /"provides\.spin\[0\]" must be one of/],
      ['unknown host in provides', { provides: { 'mystery-cloud': ['fs-read'] } }, /unknown host "mystery-cloud" in "provides"/],
      ['targets of the wrong type (the targets logic keeps its message)', { targets: 'spin' }, /wasi-ready\.config\.json: "targets" must be an array of host ids/],
    ];
    for (const [name, config, message] of cases) {
      it(name, () => {
        writeJson(path.join(project.dir, 'wasi-ready.config.json'), config);
        const { code, stderr } = cli(['check', '.'], project.dir);
        assert.equal(code, 2, stderr);
        assert.match(stderr, message);
      });
    }

    it('invalid JSON, and a config found walking up is named by its path', () => {
      fs.writeFileSync(path.join(project.root, 'wasi-ready.config.json'), '{ "targets": ["spin"], }');
      fs.rmSync(path.join(project.dir, 'wasi-ready.config.json'), { force: true });
      const { code, stderr } = cli(['check', 'node-api'], project.root);
      assert.equal(code, 2);
      assert.match(stderr, /wasi-ready: \.\.\/wasi-ready\.config\.json: not valid JSON: PropertyNameExpected \(line 1, column 24\)/);
      fs.rmSync(path.join(project.root, 'wasi-ready.config.json'));
    });

    it('the in-process API throws a ConfigError', async () => {
      writeJson(path.join(project.dir, 'wasi-ready.config.json'), { tagrets: ['spin'] });
      await assert.rejects(check([project.dir]), (error: unknown) => error instanceof ConfigError && /unknown key "tagrets"/.test(error.message));
    });

    it('the shipped schema accepts a complete, valid configuration', () => {
      const validate = ajv.getSchema('config.schema.json')!;
      const config = {
        $schema: './node_modules/wasi-ready/docs/schema/config.schema.json',
        targets: ['spin@3.4'], include: ['src/**'], exclude: ['**/*.test.ts', 'vendor'], tests: false, devDependencies: true,
        rules: { 'dependency/native-code': 'warning', 'js/signals': 'off' },
        allow: [{ package: 'pg@^8', reason: 'proxied' }, { api: 'fs.readFileSync', rule: 'js/fs-read', reason: 'bundled' }],
        provides: { spin: ['fs-read'], 'wasmtime-serve@38': ['threads'] },
      };
      assert.ok(validate(config), ajv.errorsText(validate.errors));
    });
  });

  describe('on the node-api example (npm dependencies and an Express server)', () => {
    let project: ReturnType<typeof projectCopy>;
    beforeEach(() => (project = projectCopy('examples/node-api')));
    afterEach(() => project.remove());
    const config = (data: unknown) => writeJson(path.join(project.dir, 'wasi-ready.config.json'), data);

    it('rules: a level sets the severity on every host that does not provide it; off drops the rule', async () => {
      config({ targets: ['spin', 'fastly-compute'] });
      const before = await check([project.dir]);
      const native = before.findings.filter((f) => f.ruleId === 'dependency/native-code');
      assert.deepEqual(native.map((f) => f.severity), ['error', 'error', 'error']);
      config({ targets: ['spin', 'fastly-compute'], rules: { 'dependency/native-code': 'warning', 'dependency/fs-read': 'error', 'js/sockets-listen': 'off' } });
      const after = await check([project.dir]);
      validOutput(after);
      assert.deepEqual(after.findings.filter((f) => f.ruleId === 'dependency/native-code').map((f) => [f.severity, f.hosts]), native.map(() => ['warning', { spin: 'warning', 'fastly-compute': 'warning' }]));
      // dotenv reads .env: spin mounts files (ok there, and stays ok), fastly-compute does not.
      assert.deepEqual(after.findings.filter((f) => f.ruleId === 'dependency/fs-read').map((f) => [f.package?.name, f.severity, f.hosts]), [['dotenv', 'error', { spin: 'ok', 'fastly-compute': 'error' }]]);
      assert.equal(after.findings.filter((f) => f.ruleId === 'js/sockets-listen').length, 0);
      assert.equal(after.suppressions?.dropped.rules, 1);
      assert.equal(after.findings.length, before.findings.length - 1);
    });

    it('allow: by package (with a range) and by API, each with its reason; an entry that matches nothing is reported', async () => {
      config({
        targets: ['spin', 'fastly-compute'],
        allow: [
          { package: 'pg@^8', reason: 'Postgres goes through the HTTP data API on the edge' },
          { api: 'express.Application.listen', reason: 'the edge build exports a fetch handler instead' },
          { package: 'better-sqlite3@<11', reason: 'an old pin, long gone' },
          { package: 'bcrypt', rule: 'dependency/threads', reason: 'matches the package but not the rule' },
        ],
      });
      const result = await check([project.dir]);
      validOutput(result);
      assert.ok(!result.findings.some((f) => f.package?.name === 'pg'));
      assert.ok(!result.findings.some((f) => f.ruleId === 'js/sockets-listen'));
      assert.ok(result.findings.some((f) => f.package?.name === 'better-sqlite3'));
      assert.equal(result.suppressions?.dropped.allow, 2);
      assert.deepEqual(result.suppressions?.problems.map((p) => [p.kind, p.file, p.line]), [
        ['unused-allow', 'wasi-ready.config.json', 15],
        ['unused-allow', 'wasi-ready.config.json', 19],
      ]);
      assert.match(result.suppressions!.problems[0].message, /allow\[2\] \(package better-sqlite3@<11\) matches no finding/);
      // Unused entries count as warnings: --max-warnings 0 fails where it would otherwise only count findings.
      const text = cli(['check', '.'], project.dir);
      assert.match(text.stdout, /left out: 2 by allow entries/);
      assert.match(text.stdout, /wasi-ready\.config\.json:15:5 {2}warning {2}allow\[2\]/);
    });

    it('an allow entry is not called unused when the scan covers only part of the config\'s folder', async () => {
      config({ targets: ['spin'], allow: [{ package: 'pg', reason: 'proxied' }] });
      const result = await check([path.join(project.dir, 'src')]);
      assert.equal(result.suppressions, undefined);
    });

    it('provides: the deployment\'s capability makes the finding disappear on that host only', async () => {
      config({ targets: ['spin', 'fastly-compute'] });
      const sqlite = (r: CheckResult) => r.findings.find((f) => f.package?.name === 'better-sqlite3' && f.ruleId === 'dependency/fs-write')?.hosts;
      assert.deepEqual(sqlite(await check([project.dir])), { spin: 'warning', 'fastly-compute': 'warning' });
      config({ targets: ['spin', 'fastly-compute'], provides: { spin: ['fs-write'] } });
      const provided = await check([project.dir]);
      assert.deepEqual(sqlite(provided), { spin: 'ok', 'fastly-compute': 'warning' });
      // dotenv's read was already fine on spin; on fastly-compute a provided fs-read makes the finding go away.
      config({ targets: ['spin', 'fastly-compute'], provides: { 'fastly-compute': ['fs-read'] } });
      assert.ok(!(await check([project.dir])).findings.some((f) => f.package?.name === 'dotenv'));
    });

    it('devDependencies: true reports them as --dev does', async () => {
      config({ targets: ['spin'] });
      const withFlag = await check([project.dir], { devDependencies: true });
      assert.ok(withFlag.findings.some((f) => f.package?.name === 'chokidar'));
      assert.ok(!(await check([project.dir])).findings.some((f) => f.package?.name === 'chokidar'));
      config({ targets: ['spin'], devDependencies: true });
      assert.deepEqual(brief(await check([project.dir])), brief(withFlag));
    });
  });

  describe('on the media-service fixture (TypeScript sources and tests)', () => {
    let project: ReturnType<typeof projectCopy>;
    beforeEach(() => (project = projectCopy('test/fixtures/js/media-service')));
    afterEach(() => project.remove());
    const config = (data: unknown) => writeJson(path.join(project.dir, 'wasi-ready.config.json'), data);

    it('tests: false drops findings in test code; the default keeps them (as info)', async () => {
      config({ targets: ['spin'] });
      const all = await check([project.dir]);
      const tests = all.findings.filter((f) => f.test);
      assert.ok(tests.length > 0 && tests.every((f) => f.severity === 'info'));
      config({ targets: ['spin'], tests: false });
      const without = await check([project.dir]);
      assert.ok(!without.findings.some((f) => f.test));
      assert.equal(without.findings.length, all.findings.length - tests.length);
      assert.equal(without.suppressions?.dropped.tests, tests.length);
    });

    it('include and exclude: globs relative to the config file, a folder takes its contents', async () => {
      config({ targets: ['spin'], exclude: ['src/lib', '*.test.ts'] });
      const excluded = await check([project.dir]);
      const files = [...new Set(excluded.findings.map((f) => f.file))];
      assert.ok(files.length > 0);
      assert.ok(files.every((f) => !f.startsWith('src/lib/') && !f.endsWith('.test.ts')), files.join(', '));
      config({ targets: ['spin'], include: ['src/network.ts', 'src/jobs.ts'] });
      const included = await check([project.dir]);
      assert.deepEqual([...new Set(included.findings.map((f) => f.file))], ['src/jobs.ts', 'src/network.ts']);
      assert.equal(included.summary.files, 2);
      // A file named on the command line is checked whatever the globs say.
      assert.ok((await check([path.join(project.dir, 'src', 'storage.ts')])).findings.length > 0);
    });
  });
});

describe('wasi-ready.config.json: the validator generated from its schema', () => {
  it('is what ajv generates from docs/schema/config.schema.json today (scripts/gen-config-validator.mjs --check)', () => {
    const run = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'gen-config-validator.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
  });
});
