import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { isPythonManifest } from 'wasi-ready/engine/detectors/pypi/files';
import { markerOnWasi, parseRequirement } from 'wasi-ready/engine/detectors/pypi/pep508';
import { REPO } from '../support/paths';

const FIXTURES = path.join(REPO, 'test', 'fixtures', 'pypi');

/** file, line, column, rule, severity, hosts, package, version, via, guarded/test */
type Row = [string, number, number, string, string, Record<string, string>, string, string | null, string[], '-' | 'guarded' | 'test'];

async function dependencyFindings(dir: string, targets: string[], devDependencies = false) {
  const result = await check([dir], { targets, devDependencies });
  const findings = result.findings.filter((f) => f.origin === 'dependency');
  const rows: Row[] = findings.map((f) => [
    f.file, f.line, f.column, f.ruleId, f.severity, f.hosts, f.package?.name ?? '', f.package?.version ?? null, f.package?.via ?? [],
    f.guarded ? 'guarded' : f.test ? 'test' : '-',
  ]);
  return { errors: result.errors, rows, findings };
}

const SPIN_WASMTIME = ['spin', 'wasmtime-serve'];
const native = { spin: 'error', 'wasmtime-serve': 'error' };
const info = { spin: 'info', 'wasmtime-serve': 'info' };

/** A FastAPI service as uv writes it: pyproject.toml (PEP 621 + PEP 735 groups) and uv.lock. */
describe('Python dependencies: pyproject.toml with uv.lock (test/fixtures/pypi/fastapi-service)', function () {
  this.timeout(120_000);
  const DIR = path.join(FIXTURES, 'fastapi-service');

  it('hits: compiled extensions from platform-only wheels, a server from the knowledge base, guarded markers, each on the declaring line', async () => {
    const { rows, errors } = await dependencyFindings(DIR, SPIN_WASMTIME);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [
      ['pyproject.toml', 9, 6, 'dependency/native-code', 'error', native, 'httptools', '0.6.1', ['uvicorn'], '-'],
      ['pyproject.toml', 9, 6, 'dependency/native-code', 'error', native, 'uvloop', '0.19.0', ['uvicorn'], '-'],
      ['pyproject.toml', 9, 6, 'dependency/native-code', 'error', native, 'watchfiles', '0.22.0', ['uvicorn'], '-'],
      ['pyproject.toml', 9, 6, 'dependency/sockets-listen', 'warning', { spin: 'warning', 'wasmtime-serve': 'ok' }, 'uvicorn', '0.30.1', [], '-'],
      ['pyproject.toml', 10, 6, 'dependency/native-code', 'error', native, 'psycopg2-binary', '2.9.9', [], '-'],
      ['pyproject.toml', 12, 6, 'dependency/native-code', 'error', native, 'pydantic-core', '2.20.1', ['pydantic'], '-'],
      ['pyproject.toml', 15, 6, 'dependency/native-code', 'info', info, 'orjson', '3.10.6', [], 'guarded'],
      ['pyproject.toml', 16, 6, 'dependency/native-code', 'info', info, 'psutil', '5.9.8', [], 'guarded'],
      ['pyproject.toml', 16, 6, 'dependency/process', 'info', info, 'psutil', '5.9.8', [], 'guarded'],
    ]);
  });

  it('says why: the wheels the lockfile lists, the path, and a Wasm-safe alternative', async () => {
    const { findings } = await dependencyFindings(DIR, ['spin']);
    const message = (name: string, rule: string) => findings.find((f) => f.package?.name === name && f.ruleId === rule)?.message;
    assert.equal(message('httptools', 'dependency/native-code'),
      'httptools@0.6.1 is a compiled extension (httptools ← uvicorn ← pyproject.toml): uv.lock lists only platform-specific wheels (cp311-cp311-manylinux_2_17_x86_64, cp311-cp311-manylinux_2_17_aarch64, cp311-cp311-musllinux_1_2_x86_64 and 7 more) and no pure-Python (py3-none-any) or WASI wheel: spin runs only WebAssembly, no native code; a pure-Python package, or the extension built for WASI and linked into the component by componentize-py (few projects publish WASI wheels)');
    assert.equal(message('uvicorn', 'dependency/sockets-listen'),
      'uvicorn@0.30.1 (uvicorn ← pyproject.toml) ASGI web server: it binds and serves on a port: spin allows outbound connections only to allowed_outbound_hosts and never listens; export the app as an HTTP handler instead of serving on a port: Spin\'s Python SDK (spin_sdk.http IncomingHandler), Fastly\'s fastly_compute.wsgi.WsgiHttpIncoming(app) for Flask and other WSGI apps, or componentize-py with the wasi:http/proxy world; the host listens');
    assert.match(message('orjson', 'dependency/native-code') ?? '', /^orjson@3\.10\.6 is a compiled extension \(orjson ← pyproject\.toml\): .* \(marker `sys_platform != 'wasi'`: a wasm build does not install it\): spin runs only WebAssembly, no native code; the standard library's json module$/);
  });

  it('a wire-protocol client is judged by each host: redis and psycopg2-binary need sockets, which fastly-compute lacks', async () => {
    const { rows } = await dependencyFindings(DIR, ['fastly-compute', 'spin']);
    assert.deepEqual(rows.filter((r) => r[3] === 'dependency/sockets-outbound'), [
      ['pyproject.toml', 10, 6, 'dependency/sockets-outbound', 'warning', { 'fastly-compute': 'warning', spin: 'ok' }, 'psycopg2-binary', '2.9.9', [], '-'],
      ['pyproject.toml', 11, 6, 'dependency/sockets-outbound', 'warning', { 'fastly-compute': 'warning', spin: 'ok' }, 'redis', '5.0.7', [], '-'],
    ]);
  });

  it('misses: pure-Python packages (attrs, fastapi, starlette), an optional C speed-up (pyyaml), a package with a pure wheel (websockets), a Windows-only edge (colorama)', async () => {
    const names = (await dependencyFindings(DIR, ['fastly-compute'])).rows.map((r) => r[6]);
    for (const clean of ['attrs', 'fastapi', 'starlette', 'anyio', 'pydantic', 'pyyaml', 'websockets', 'colorama', 'click', 'async-timeout']) assert.ok(!names.includes(clean), clean);
  });

  it('--dev adds the dependency groups as test-only info; without it they are left out', async () => {
    const without = (await dependencyFindings(DIR, ['fastly-compute'])).rows.filter((r) => r[9] === 'test');
    assert.deepEqual(without, []);
    const { rows } = await dependencyFindings(DIR, ['fastly-compute'], true);
    assert.deepEqual(rows.filter((r) => r[9] === 'test'), [
      ['pyproject.toml', 22, 6, 'dependency/sockets-outbound', 'info', { 'fastly-compute': 'info' }, 'httpcore', '1.0.5', ['httpx'], 'test'],
    ]);
  });
});

/** A uv workspace: members have no lockfile of their own; the root's uv.lock lists them. */
describe('Python dependencies: a uv workspace (test/fixtures/pypi/uv-workspace)', function () {
  this.timeout(120_000);

  it("each member is read against the root's uv.lock; a workspace package's own dependencies show through it", async () => {
    const { rows, errors } = await dependencyFindings(path.join(FIXTURES, 'uv-workspace'), ['fastly-compute']);
    assert.deepEqual(errors, []);
    const warning = { 'fastly-compute': 'warning' };
    assert.deepEqual(rows, [
      ['packages/api/pyproject.toml', 6, 6, 'dependency/process', 'warning', warning, 'gunicorn', '23.0.0', [], '-'],
      ['packages/api/pyproject.toml', 6, 6, 'dependency/signals', 'warning', warning, 'gunicorn', '23.0.0', [], '-'],
      ['packages/api/pyproject.toml', 6, 6, 'dependency/sockets-listen', 'warning', warning, 'gunicorn', '23.0.0', [], '-'],
      ['packages/api/pyproject.toml', 7, 6, 'dependency/sockets-outbound', 'warning', warning, 'redis', '5.2.1', ['shared'], '-'],
      ['packages/shared/pyproject.toml', 5, 18, 'dependency/sockets-outbound', 'warning', warning, 'redis', '5.2.1', [], '-'],
    ]);
  });
});

/** A Flask app with pip requirements files: -c constraints, -r includes, hashes, continuations, -e and URLs. */
describe('Python dependencies: requirements files (test/fixtures/pypi/flask-app)', function () {
  this.timeout(120_000);
  const DIR = path.join(FIXTURES, 'flask-app');
  const fastly = { 'fastly-compute': 'warning' };

  it('hits on each requirement line; versions from pins and from the constraints file; -e and VCS URLs skipped without an error', async () => {
    const { rows, errors } = await dependencyFindings(DIR, ['fastly-compute']);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [
      ['requirements.txt', 6, 1, 'dependency/process', 'warning', fastly, 'gunicorn', '22.0.0', [], '-'],
      ['requirements.txt', 6, 1, 'dependency/signals', 'warning', fastly, 'gunicorn', '22.0.0', [], '-'],
      ['requirements.txt', 6, 1, 'dependency/sockets-listen', 'warning', fastly, 'gunicorn', '22.0.0', [], '-'],
      ['requirements.txt', 7, 1, 'dependency/native-code', 'error', { 'fastly-compute': 'error' }, 'psycopg2', '2.9.9', [], '-'],
      ['requirements.txt', 7, 1, 'dependency/sockets-outbound', 'warning', fastly, 'psycopg2', '2.9.9', [], '-'],
      ['requirements.txt', 10, 1, 'dependency/sockets-outbound', 'warning', fastly, 'redis', null, [], '-'],
      ['requirements.txt', 11, 1, 'dependency/process', 'warning', fastly, 'celery', '5.4.0', [], '-'],
      ['requirements.txt', 11, 1, 'dependency/sockets-outbound', 'warning', fastly, 'celery', '5.4.0', [], '-'],
      ['requirements.txt', 12, 1, 'dependency/sockets-outbound', 'warning', fastly, 'requests', '2.32.3', [], '-'],
      ['requirements.txt', 14, 1, 'dependency/native-code', 'info', { 'fastly-compute': 'info' }, 'gevent', '24.2.1', [], 'guarded'],
    ]);
  });

  it('a marker that excludes WASI is said in the message', async () => {
    const { findings } = await dependencyFindings(DIR, ['spin']);
    assert.match(findings.find((f) => f.package?.name === 'gevent')?.message ?? '', /\(marker `platform_system == "Linux"`: a wasm build does not install it\): spin runs only WebAssembly/);
  });

  it('requirements-dev.txt only with --dev, as test-only info; what it includes with -r is reported by requirements.txt itself', async () => {
    const { rows } = await dependencyFindings(DIR, ['fastly-compute'], true);
    assert.deepEqual(rows.filter((r) => r[0] === 'requirements-dev.txt'), [
      ['requirements-dev.txt', 5, 1, 'dependency/sockets-outbound', 'info', { 'fastly-compute': 'info' }, 'paramiko', '3.4.0', [], 'test'],
    ]);
  });
});

describe('Python dependencies: Poetry (test/fixtures/pypi/poetry-worker)', function () {
  this.timeout(120_000);

  it('[tool.poetry.dependencies] with poetry.lock: a wire client, a native extension, a client reached through requests, a thread pool, a guarded sub-table', async () => {
    const { rows, errors } = await dependencyFindings(path.join(FIXTURES, 'poetry-worker'), ['fastly-compute', 'spin']);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [
      ['pyproject.toml', 10, 1, 'dependency/sockets-outbound', 'warning', { 'fastly-compute': 'warning', spin: 'ok' }, 'pika', '1.3.2', [], '-'],
      ['pyproject.toml', 11, 1, 'dependency/native-code', 'error', { 'fastly-compute': 'error', spin: 'error' }, 'lxml', '5.2.2', [], '-'],
      ['pyproject.toml', 12, 1, 'dependency/sockets-outbound', 'warning', { 'fastly-compute': 'warning', spin: 'ok' }, 'urllib3', '2.2.2', ['requests'], '-'],
      ['pyproject.toml', 13, 1, 'dependency/threads', 'warning', { 'fastly-compute': 'warning', spin: 'warning' }, 'apscheduler', '3.10.4', [], '-'],
      ['pyproject.toml', 21, 27, 'dependency/native-code', 'info', { 'fastly-compute': 'info', spin: 'info' }, 'uvloop', '0.19.0', [], 'guarded'],
    ]);
  });
});

describe('Python dependencies: pip-compile output (test/fixtures/pypi/pip-compiled)', function () {
  this.timeout(120_000);

  it('every pinned line is its own finding, with the path read from the `# via` annotations; a universal marker that excludes wasm32 is guarded', async () => {
    const { rows, errors } = await dependencyFindings(path.join(FIXTURES, 'pip-compiled'), ['fastly-compute']);
    assert.deepEqual(errors, []);
    assert.deepEqual(rows, [
      ['requirements.txt', 13, 1, 'dependency/native-code', 'info', { 'fastly-compute': 'info' }, 'greenlet', '3.0.3', ['sqlalchemy'], 'guarded'],
      ['requirements.txt', 15, 1, 'dependency/native-code', 'error', { 'fastly-compute': 'error' }, 'hiredis', '2.3.2', ['redis'], '-'],
      ['requirements.txt', 25, 1, 'dependency/sockets-outbound', 'warning', { 'fastly-compute': 'warning' }, 'redis', '5.0.7', [], '-'],
    ]);
  });
});

/** A scoring service's requirements.txt: compiled numeric and crypto extensions, wire-protocol clients, an optional C speed-up, a process runner behind a marker. */
describe('Python dependencies: requirements.txt of a scoring API (test/fixtures/pypi/scoring-api)', function () {
  this.timeout(120_000);

  it('compiled extensions are errors everywhere, wire clients only where sockets are missing; an optional C speed-up and a feature-scoped pool are no finding; a Linux-only runner is guarded', async () => {
    const { rows, errors } = await dependencyFindings(path.join(FIXTURES, 'scoring-api'), ['spin', 'fastly-compute']);
    assert.deepEqual(errors, []);
    const wire = { spin: 'ok', 'fastly-compute': 'warning' };
    const compiled = { spin: 'error', 'fastly-compute': 'error' };
    assert.deepEqual(rows, [
      ['requirements.txt', 5, 1, 'dependency/native-code', 'error', compiled, 'scikit-learn', '1.5.0', [], '-'],
      ['requirements.txt', 6, 1, 'dependency/native-code', 'error', compiled, 'scipy', '1.13.1', [], '-'],
      ['requirements.txt', 7, 1, 'dependency/native-code', 'error', compiled, 'pyarrow', '16.1.0', [], '-'],
      ['requirements.txt', 8, 1, 'dependency/sockets-outbound', 'warning', wire, 'clickhouse-driver', '0.2.8', [], '-'],
      ['requirements.txt', 9, 1, 'dependency/sockets-outbound', 'warning', wire, 'aio-pika', '9.4.1', [], '-'],
      ['requirements.txt', 10, 1, 'dependency/sockets-outbound', 'warning', wire, 'ldap3', '2.9.1', [], '-'],
      ['requirements.txt', 12, 1, 'dependency/native-code', 'error', compiled, 'regex', '2024.5.15', [], '-'],
      ['requirements.txt', 13, 1, 'dependency/native-code', 'error', compiled, 'pycryptodomex', '3.20.0', [], '-'],
      ['requirements.txt', 15, 1, 'dependency/process', 'info', { spin: 'info', 'fastly-compute': 'info' }, 'sh', '2.0.7', [], 'guarded'],
    ]);
    const { findings } = await dependencyFindings(path.join(FIXTURES, 'scoring-api'), ['fastly-compute']);
    assert.match(findings.find((f) => f.package?.name === 'clickhouse-driver')?.message ?? '', /ClickHouse client over the native TCP protocol \(port 9000 by default\).*ClickHouse's HTTP interface called through the host's wasi:http/);
  });
});

describe('Python dependencies: bad input', function () {
  this.timeout(120_000);

  it('a broken pyproject.toml or lockfile is a located error, an include outside the folder is not read, and the scan goes on', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-pypi-'));
    try {
      fs.mkdirSync(path.join(dir, 'a'));
      fs.writeFileSync(path.join(dir, 'a', 'pyproject.toml'), '[project]\nname = "a"\ndependencies = [\n    "redis>=5",\n    "uvicorn\n]\n');
      fs.mkdirSync(path.join(dir, 'b'));
      fs.writeFileSync(path.join(dir, 'b', 'pyproject.toml'), '[project]\nname = "b"\nversion = "1.0"\ndependencies = ["redis>=5"]\n');
      fs.writeFileSync(path.join(dir, 'b', 'uv.lock'), 'version = 1\n\n[[package]]\nname = "redis"\nversion = "5.0.7"\nsource = { registry = "https://pypi.org/simple" \n');
      fs.mkdirSync(path.join(dir, 'c'));
      fs.writeFileSync(path.join(dir, 'c', 'requirements.txt'), '-r ../../shared-requirements.txt\n-c missing-constraints.txt\npymysql==1.1.1\n');
      const result = await check([dir], { targets: ['fastly-compute'] });
      assert.deepEqual(result.errors.map((e) => [e.file, e.message.replace(/: .*$/s, '')]), [
        ['a/pyproject.toml', 'cannot parse pyproject.toml at 5:13'],
        ['b/uv.lock', 'cannot read uv.lock at 7:1'],
        ['c/requirements.txt', '1:1'],
        ['c/requirements.txt', '2:1'],
      ]);
      assert.match(result.errors[2].message, /^1:1: \.\.\/\.\.\/shared-requirements\.txt is outside the scanned folder: not read$/);
      assert.match(result.errors[3].message, /^2:1: missing-constraints\.txt: no such file$/);
      // b's lockfile is unreadable: its direct dependency is still judged from the knowledge base.
      assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.ruleId, f.package?.name, f.package?.version]), [
        ['b/pyproject.toml', 4, 'dependency/sockets-outbound', 'redis', null],
        ['c/requirements.txt', 3, 'dependency/sockets-outbound', 'pymysql', '1.1.1'],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** PEP 508 markers as CPython on WASI sees them: false = a wasm build does not install the package. */
describe('Python dependencies: environment markers on WASI', () => {
  const table: Array<[string, boolean | null]> = [
    ['sys_platform != "wasi"', false],
    ['sys_platform == "wasi"', true],
    ['platform_system == "Linux"', false],
    ['platform_system != "Windows"', true],
    ["sys_platform == 'win32' or sys_platform == 'cygwin'", false],
    ["platform_python_implementation != 'PyPy' and sys_platform != 'cygwin' and sys_platform != 'win32'", true],
    ['platform_machine == "x86_64" or platform_machine == "aarch64"', false],
    ['os_name == "nt"', false],
    ['python_version < "3.11"', null],
    ['python_version < "3.11" and sys_platform == "linux"', false],
    ['python_version < "3.11" or sys_platform == "linux"', null],
    ['extra == "server"', null],
    ['"linux" in sys_platform', false],
    ['(sys_platform == "darwin"', null],
  ];
  for (const [marker, expected] of table) {
    it(`${marker} → ${expected}`, () => assert.equal(markerOnWasi(marker), expected));
  }

  it('which files are manifests: requirements files by name or folder, pyproject.toml; not constraints files or installed packages', () => {
    for (const yes of ['requirements.txt', 'requirements-dev.txt', 'dev-requirements.txt', 'requirements_test.txt', 'requirements/base.txt', 'svc/pyproject.toml']) assert.ok(isPythonManifest(`/p/${yes}`), yes);
    for (const no of ['constraints.txt', 'requirements/constraints.txt', 'requirements.in', 'notes.txt', '.venv/lib/python3.12/site-packages/x/pyproject.toml', 'Cargo.toml']) assert.ok(!isPythonManifest(`/p/${no}`), no);
  });

  it('requirement strings: name, extras, pinned version, marker; a path or an option is no requirement', () => {
    assert.deepEqual(parseRequirement('uvicorn[standard, http]>=0.30; sys_platform != "win32"'), {
      name: 'uvicorn', key: 'uvicorn', extras: ['standard', 'http'], specifier: '>=0.30', pinned: null, marker: 'sys_platform != "win32"',
    });
    assert.equal(parseRequirement('Psycopg2_Binary==2.9.9')?.key, 'psycopg2-binary');
    assert.equal(parseRequirement('Psycopg2_Binary==2.9.9')?.pinned, '2.9.9');
    assert.equal(parseRequirement('requests (==2.32.3)')?.pinned, '2.32.3');
    assert.equal(parseRequirement('billing-sdk @ git+https://github.com/example/billing-sdk.git@v1.4.0')?.specifier, null);
    assert.equal(parseRequirement('./libs/common'), null);
  });
});
