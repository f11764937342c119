import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { CLI, EXAMPLES, REPO } from '../support/paths';

function run(args: string[], cwd = REPO): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function validator(schemaFile: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const dir = path.join(REPO, 'docs', 'schema');
  for (const name of fs.readdirSync(dir)) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')), name);
  const validate = ajv.getSchema(schemaFile)!;
  return (data: unknown): void => assert.ok(validate(data), ajv.errorsText(validate.errors));
}

const validCheck = validator('check-output.schema.json');
const validInspect = validator('inspect-output.schema.json');

describe('wasi-ready check', () => {
  it('text output on the Spin sample app matches its expected-output file', () => {
    const { code, stdout } = run(['check', 'examples/spin-app']);
    assert.equal(code, 0);
    const expected = fs.readFileSync(path.join(REPO, 'test', 'cli', 'expected', 'check-spin-app.txt'), 'utf8');
    assert.equal(stdout.replace(/ in \d+ ms$/m, ' in <ms> ms'), expected);
  });

  it('JSON output follows the contract and its schema', () => {
    const { code, stdout } = run(['check', 'examples/spin-app', '--format', 'json']);
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    validCheck(result);
    assert.deepEqual(result.targets, ['spin@3.4', 'akamai-functions']);
    assert.deepEqual(result.findings.map((f: { file: string; ruleId: string; hosts: unknown }) => [f.file, f.ruleId, f.hosts]), [
      ['thumbnailer/thumbnailer.component.wasm', 'binary/entry-point', { 'spin@3.4': 'ok', 'akamai-functions': 'warning' }],
      ['thumbnailer/thumbnailer.component.wasm', 'binary/fs-write', { 'spin@3.4': 'warning', 'akamai-functions': 'warning' }],
      ['thumbnailer/thumbnailer.wasm', 'binary/fs-write', { 'spin@3.4': 'warning', 'akamai-functions': 'warning' }],
    ]);
    // The 3 binaries, plus the thumbnailer's 5 C sources (its cache writes are left out by an inline directive in cache.c) and its Makefile.
    assert.deepEqual({ ...result.summary, ms: 0 }, { files: 9, findings: 3, errors: 0, ms: 0 });
  });

  it('paths are relative to the one directory given, else to the current directory', () => {
    const one = JSON.parse(run(['check', 'examples/wat', '--target', 'spin', '--format', 'json']).stdout);
    assert.ok(one.findings.every((f: { file: string }) => !f.file.startsWith('examples/') && !f.file.includes('\\')));
    const two = JSON.parse(run(['check', 'examples/wat/go-js.wasm', 'examples/fastly-app', '--target', 'spin', '--format', 'json']).stdout);
    assert.deepEqual([...new Set(two.findings.map((f: { file: string }) => f.file))], ['examples/fastly-app/bin/main.wasm', 'examples/wat/go-js.wasm']);
  });

  it('exit codes: 1 with an error-level finding or too many warnings, 0 otherwise', () => {
    assert.equal(run(['check', 'examples/wat/wasi-threads.wasm', '--target', 'spin']).code, 1);
    assert.equal(run(['check', 'examples/spin-app', '--max-warnings', '3']).code, 0);
    assert.equal(run(['check', 'examples/spin-app', '--max-warnings', '2']).code, 1);
    assert.equal(run(['check', 'examples/fastly-app']).code, 0);
  });

  it('a reader that closes the pipe early (`| head`) ends the run quietly, with no EPIPE crash', async () => {
    const child = spawn(process.execPath, [CLI, 'check', 'test/fixtures', '--format', 'json'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.ok(code === 0 || code === 1, `exit ${code}`);
  });

  it('a fastly.toml project is checked against Fastly Compute and comes out clean', () => {
    const result = JSON.parse(run(['check', 'examples/fastly-app', '--format', 'json']).stdout);
    assert.deepEqual(result.targets, ['fastly-compute']);
    assert.deepEqual(result.findings, []);
  });

  it('--target given more than once checks against every host named, as a comma list does', () => {
    const repeated = JSON.parse(run(['check', 'examples/fastly-app', '--target', 'fastly-compute', '--target', 'spin', '--format', 'json']).stdout);
    const listed = JSON.parse(run(['check', 'examples/fastly-app', '--target', 'fastly-compute,spin', '--format', 'json']).stdout);
    assert.deepEqual(repeated.targets, ['fastly-compute', 'spin']);
    assert.deepEqual(repeated.findings, listed.findings);
    const inspected = JSON.parse(run(['inspect', 'examples/wat/wasi-threads.wasm', '--target', 'spin', '--target', 'wasmtime-run', '--format', 'json']).stdout);
    assert.deepEqual(inspected.targets, ['spin', 'wasmtime-run']);
  });

  it('exit code 2 and a clear message on bad usage', () => {
    const cases: Array<[string[], RegExp]> = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['check', '--target', 'nowhere', 'examples/wat'], /unknown target "nowhere" \(--target\); run `wasi-ready targets` to list them/],
      [['check', '--format', 'xml', 'examples/wat'], /unknown --format "xml"/],
      [['check', '--max-warnings', 'many'], /--max-warnings takes a whole number/],
      [['check', '--no-such-flag'], /Unknown option '--no-such-flag'/],
      [['inspect', 'a.wasm', 'b.wasm'], /inspect takes exactly one \.wasm file/],
      [['grants', 'examples/spin-app', '--target', 'spin', '--target', 'fastly-compute'], /grants takes exactly one --target host/],
      [[], /Usage:/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = run(args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr + stdout, message, args.join(' '));
    }
  });

  describe('in a project of its own', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-cli-'));
      fs.copyFileSync(path.join(EXAMPLES, 'spin-app', 'thumbnailer', 'thumbnailer.wasm'), path.join(dir, 'job.wasm'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('takes targets from wasi-ready.config.json and says so', () => {
      fs.writeFileSync(path.join(dir, 'wasi-ready.config.json'), JSON.stringify({ targets: ['fastly-compute', 'wasmtime-run'] }));
      const { code, stdout } = run(['check', '.'], dir);
      assert.equal(code, 0);
      assert.match(stdout, /^\.: targets fastly-compute, wasmtime-run \(wasi-ready\.config\.json targets\)$/m);
      assert.match(stdout, /^fastly-compute: ready — 2 warnings$/m);
      assert.match(stdout, /^wasmtime-run: ready$/m);
    });

    it('a broken config file is bad usage, naming the file', () => {
      fs.writeFileSync(path.join(dir, 'wasi-ready.config.json'), '{ "targets": "spin" }');
      const { code, stderr } = run(['check', '.'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /wasi-ready\.config\.json: "targets" must be an array of host ids/);
    });

    it('a broken spin.toml is a located error, reported once for all its folders; the scan goes on against spin', () => {
      fs.writeFileSync(path.join(dir, 'spin.toml'), 'spin_manifest_version = 2\n[application\nname = "x"\n');
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.copyFileSync(path.join(dir, 'job.wasm'), path.join(dir, 'sub', 'job.wasm'));
      const result = JSON.parse(run(['check', '.', '--format', 'json'], dir).stdout);
      assert.deepEqual(result.targets, ['spin']);
      assert.equal(result.errors.length, 1);
      assert.equal(result.errors[0].file, 'spin.toml');
      assert.match(result.errors[0].message, /^cannot parse spin\.toml at line 2: .+; checking against spin$/);
      assert.ok(result.findings.some((f: { ruleId: string }) => f.ruleId === 'binary/fs-write'));
    });

    it('an unknown target in spin.toml is reported and the others are checked', () => {
      fs.writeFileSync(path.join(dir, 'spin.toml'), 'spin_manifest_version = 2\n[application]\nname = "x"\ntargets = ["spin-up:3.4", "mystery-cloud:1.0"]\n');
      const result = JSON.parse(run(['check', '.', '--format', 'json'], dir).stdout);
      assert.deepEqual(result.targets, ['spin@3.4']);
      assert.deepEqual(result.errors, [{ file: 'spin.toml', message: 'unknown target "mystery-cloud:1.0": no host profile matches it, so it is not checked' }]);
    });
  });
});

describe('wasi-ready inspect', () => {
  it('a core module, as JSON', () => {
    const { code, stdout } = run(['inspect', 'examples/wat/wasi-threads.wasm', '--format', 'json', '--target', 'spin']);
    assert.equal(code, 1);
    const result = JSON.parse(stdout);
    validInspect(result);
    assert.equal(result.kind, 'core');
    assert.deepEqual(result.memories, [{ imported: true, shared: true, memory64: false, min: 17, max: 16384 }]);
    assert.ok(result.imports.some((i: { module: string; name: string }) => i.module === 'wasi' && i.name === 'thread-spawn'));
  });

  it('a component, as JSON, with the functions each import names', () => {
    const { code, stdout } = run(['inspect', 'examples/spin-app/api/api.wasm', '--format', 'json']);
    assert.equal(code, 0);
    const result = JSON.parse(stdout);
    validInspect(result);
    assert.equal(result.kind, 'component');
    assert.deepEqual(result.targets, ['spin@3.4', 'akamai-functions']);
    assert.deepEqual(result.imports.find((i: { name: string }) => i.name === 'wasi:http/outgoing-handler@0.2.0'), {
      name: 'wasi:http/outgoing-handler@0.2.0', kind: 'instance', package: 'wasi:http', interface: 'outgoing-handler', version: '0.2.0', functions: ['handle'],
    });
    assert.deepEqual(result.exports.map((e: { name: string }) => e.name), ['wasi:http/incoming-handler@0.2.0']);
    assert.deepEqual(result.findings, []);
  });

  it('a file that is not Wasm: an error in the same document, exit 2', () => {
    const { code, stdout } = run(['inspect', 'examples/spin-app/spin.toml', '--format', 'json']);
    assert.equal(code, 2);
    const result = JSON.parse(stdout);
    validInspect(result);
    assert.deepEqual(result.errors, [{ message: 'malformed WebAssembly: not a WebAssembly binary: bad magic 73 70 69 6e (expected 00 61 73 6d)', offset: 0 }]);
  });
});

describe('wasi-ready targets, rules, --help', () => {
  it('lists every host profile with sources, and every rule', () => {
    const hosts = JSON.parse(run(['targets', '--format', 'json']).stdout);
    assert.equal(hosts.length, 12);
    const text = run(['targets']).stdout;
    assert.match(text, /^spin — Spin/m);
    assert.match(text, /spinframework\/spin · crates\/factor-wasi/);
    const rules = JSON.parse(run(['rules', '--format', 'json']).stdout);
    assert.ok(rules.some((r: { id: string }) => r.id === 'binary/threads'));
    assert.match(run(['rules']).stdout, /^binary\/adapter-trap +sockets-listen/m);
  });

  it('npx wasi-ready --help works from the package', () => {
    // A fresh npm cache: npx links the package into its cache, and a stale entry there would fail the run.
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-npx-'));
    const result = spawnSync('npx', ['--no-install', 'wasi-ready', '--help'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, npm_config_cache: cache } });
    fs.rmSync(cache, { recursive: true, force: true });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^wasi-ready \d+\.\d+\.\d+ — /);
  });
});
