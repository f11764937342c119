import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { readPackageLock } from 'wasi-ready/engine/detectors/npm/lockfiles/packageLock';
import { readPnpmLock } from 'wasi-ready/engine/detectors/npm/lockfiles/pnpmLock';
import type { LockGraph } from 'wasi-ready/engine/detectors/npm/lockfiles/types';
import { readYarnLock } from 'wasi-ready/engine/detectors/npm/lockfiles/yarnLock';
import { REPO } from '../support/paths';

/**
 * One project (examples/node-api's dependencies plus nodemon and rimraf as dev tools) locked by each package
 * manager for real: test/fixtures/npm/generate-lockfiles.sh ran npm, pnpm 9, yarn 1 and yarn 4 against the
 * registry; the tests only read the committed files.
 */
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'npm', 'node-api');
const FORMATS = ['npm', 'pnpm', 'yarn-classic', 'yarn-berry'] as const;
const TARGETS = ['spin', 'fastly-compute', 'cloudflare-workers'];
const lockText = (variant: string, name: string): string => fs.readFileSync(path.join(FIXTURE, variant, name), 'utf8');

/** What must not depend on the lockfile format: rule, place, package, version, path, severity per host, test flag. */
async function dependencyRows(dir: string, devDependencies = false) {
  const result = await check([dir], { targets: TARGETS, devDependencies });
  assert.deepEqual(result.errors, []);
  return result.findings
    .filter((f) => f.origin === 'dependency')
    .map((f) => [f.ruleId, f.line, f.column, f.package?.name, f.package?.version, f.package?.via, f.severity, f.hosts, f.test]);
}

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-lockfiles-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const manifest = (name: string, dependencies: Record<string, string>, extra: object = {}): string =>
  JSON.stringify({ name, version: '1.0.0', ...extra, dependencies }, null, 2);

describe('npm dependencies: pnpm-lock.yaml and yarn.lock', function () {
  this.timeout(120_000);

  it('every lockfile format gives the findings package-lock.json gives', async () => {
    const npm = await dependencyRows(path.join(FIXTURE, 'npm'));
    assert.deepEqual(npm.map((r) => [r[0], r[1], r[3]]), [
      ['dependency/native-code', 12, 'bcrypt'],
      ['dependency/fs-write', 13, 'better-sqlite3'],
      ['dependency/native-code', 13, 'better-sqlite3'],
      ['dependency/fs-read', 14, 'dotenv'],
      ['dependency/sockets-outbound', 16, 'pg'],
      ['dependency/native-code', 17, 'sharp'],
      ['dependency/threads', 17, 'sharp'],
    ]);
    for (const format of FORMATS.slice(1)) assert.deepEqual(await dependencyRows(path.join(FIXTURE, format)), npm, format);
  });

  it('the evidence reads the same: sharp ships per-platform binaries in every format', async () => {
    for (const format of FORMATS) {
      const sharp = (await check([path.join(FIXTURE, format)], { targets: ['spin'] })).findings.find((f) => f.ruleId === 'dependency/native-code' && f.package?.name === 'sharp');
      assert.match(sharp?.message ?? '', /^sharp@0\.33\.5 is a native addon \(sharp ← package\.json\): it ships prebuilt native binaries per platform \(@img\/sharp-darwin-arm64, @img\/sharp-darwin-x64, .+ and \d+ more\): spin runs only WebAssembly/, format);
    }
  });

  it('dev dependencies are silent by default; with devDependencies they are test-only info, the same in every format', async () => {
    for (const format of FORMATS) {
      const rows = await dependencyRows(path.join(FIXTURE, format));
      assert.ok(rows.every((r) => r[1] !== 21 && r[1] !== 22 && r[8] === false), format);
    }
    const npm = await dependencyRows(path.join(FIXTURE, 'npm'), true);
    const info = { spin: 'info', 'fastly-compute': 'info', 'cloudflare-workers': 'info' };
    assert.deepEqual(npm.filter((r) => r[8] === true), [
      ['dependency/fs-read', 21, 5, 'chokidar', '3.6.0', ['nodemon'], 'info', { spin: 'ok', 'fastly-compute': 'info', 'cloudflare-workers': 'ok' }, true],
      ['dependency/native-code', 21, 5, 'chokidar', '3.6.0', ['nodemon'], 'info', info, true],
      ['dependency/fs-write', 22, 5, 'rimraf', '5.0.10', [], 'info', { spin: 'info', 'fastly-compute': 'info', 'cloudflare-workers': 'ok' }, true],
      ['dependency/process', 22, 5, 'cross-spawn', '7.0.6', ['rimraf', 'glob', 'foreground-child'], 'info', info, true],
    ]);
    assert.deepEqual(npm.filter((r) => r[8] === false), await dependencyRows(path.join(FIXTURE, 'npm')), 'production findings do not change');
    for (const format of ['pnpm', 'yarn-berry']) assert.deepEqual(await dependencyRows(path.join(FIXTURE, format), true), npm, format);
    // yarn 1 records no os/cpu, and fsevents carries no platform in its name: it is walked like any optional
    // dependency (its own knowledge-base entry, info as optional) instead of showing chokidar as native.
    const classic = await dependencyRows(path.join(FIXTURE, 'yarn-classic'), true);
    assert.deepEqual(classic.filter((r) => r[1] === 21).map((r) => [r[0], r[3], r[5], r[6]]), [
      ['dependency/fs-read', 'chokidar', ['nodemon'], 'info'],
      ['dependency/fs-read', 'fsevents', ['nodemon', 'chokidar'], 'info'],
      ['dependency/native-code', 'fsevents', ['nodemon', 'chokidar'], 'info'],
    ]);
    const message = (await check([path.join(FIXTURE, 'npm')], { targets: ['spin'], devDependencies: true })).findings.find((f) => f.package?.name === 'rimraf')?.message;
    assert.match(message ?? '', /^rimraf@5\.0\.10 \(rimraf ← package\.json\) deletes directory trees \(a dev dependency: not part of the deployed function\): /);
  });

  it('pnpm 9: peer-suffixed snapshot keys resolve, resolved peers are not edges, platforms come from packages', () => {
    const graph = readPnpmLock(lockText('pnpm', 'pnpm-lock.yaml'));
    const pg = graph.direct('', 'pg', '^8.13.1');
    assert.equal(pg?.id, 'pg@8.23.1');
    assert.equal(pg?.dependencies.get('pg-pool'), 'pg-pool@3.14.0(pg@8.23.1)');
    const pool = graph.packages.get('pg-pool@3.14.0(pg@8.23.1)');
    assert.deepEqual([pool?.name, pool?.version, [...(pool?.dependencies.keys() ?? [])]], ['pg-pool', '3.14.0', []]);
    assert.deepEqual(graph.packages.get('@img/sharp-linux-x64@0.33.5')?.platforms, ['linux', 'x64', 'glibc']);
    assert.deepEqual(graph.packages.get('fsevents@2.3.3')?.platforms, ['darwin']);
    assert.ok(graph.direct('', 'sharp', '')?.optionalDependencies.has('@img/sharp-wasm32'));
    assert.equal(graph.direct('', 'nodemon', '')?.version, '3.1.14', 'devDependencies of the importer resolve too');
  });

  it('pnpm 6.x: /name@version keys, a single project at the top level, requiresBuild as the install-script flag', async () => {
    const lock = `lockfileVersion: '6.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

dependencies:
  image-cache:
    specifier: ^1.0.0
    version: 1.2.0(better-sqlite3@11.10.0)

packages:

  /better-sqlite3@11.10.0:
    resolution: {integrity: sha512-x}
    requiresBuild: true
    dependencies:
      bindings: 1.5.0
      prebuild-install: 7.1.3
    dev: false

  /bindings@1.5.0:
    resolution: {integrity: sha512-x}
    dev: false

  /image-cache@1.2.0(better-sqlite3@11.10.0):
    resolution: {integrity: sha512-x}
    peerDependencies:
      better-sqlite3: '>=11'
    dependencies:
      better-sqlite3: 11.10.0
      lru: /tiny-lru@11.2.0
    dev: false

  /prebuild-install@7.1.3:
    resolution: {integrity: sha512-x}
    hasBin: true
    dev: false

  /tiny-lru@11.2.0:
    resolution: {integrity: sha512-x}
    dev: false
`;
    const graph = readPnpmLock(lock);
    const cache = graph.direct('', 'image-cache', '^1.0.0');
    assert.deepEqual([cache?.name, cache?.version, [...(cache?.dependencies ?? [])]], ['image-cache', '1.2.0', [['lru', '/tiny-lru@11.2.0']]]);
    assert.equal(graph.packages.get('/better-sqlite3@11.10.0')?.hasInstallScript, true);
    assert.equal(graph.packages.get('/prebuild-install@7.1.3')?.hasInstallScript, false, 'hasBin is not an install script');
    // better-sqlite3 is image-cache's peer: the project installs it; declared directly, it is found.
    const dir = tempDir({ 'package.json': manifest('app', { 'image-cache': '^1.0.0' }), 'pnpm-lock.yaml': lock });
    try {
      assert.deepEqual(await dependencyRows(dir), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('yarn Berry: descriptors with protocols, conditions as platforms, dependenciesMeta optional, patches, its implicit node-gyp', async () => {
    const graph = readYarnLock(lockText('yarn-berry', 'yarn.lock'));
    assert.equal(graph.format, 'yarn-berry');
    const sharp = graph.direct('', 'sharp', '^0.33.5');
    assert.equal(sharp?.id, 'sharp@npm:0.33.5');
    assert.equal(sharp?.optionalDependencies.get('@img/sharp-linux-x64'), '@img/sharp-linux-x64@npm:0.33.5');
    assert.ok(!sharp?.dependencies.has('@img/sharp-linux-x64'), 'optional through dependenciesMeta');
    assert.deepEqual(graph.packages.get('@img/sharp-linux-x64@npm:0.33.5')?.platforms, ['linux', 'x64', 'glibc']);
    const chokidar = graph.packages.get('chokidar@npm:3.6.0');
    const fsevents = graph.packages.get(chokidar?.optionalDependencies.get('fsevents') ?? '');
    assert.deepEqual([fsevents?.name, fsevents?.version, fsevents?.platforms], ['fsevents', '2.3.3', ['darwin']]);
    // Berry adds node-gyp to packages that build with it: one more piece of evidence, same finding.
    const message = (await check([path.join(FIXTURE, 'yarn-berry')], { targets: ['spin'] })).findings.find((f) => f.ruleId === 'dependency/native-code' && f.package?.name === 'better-sqlite3')?.message;
    assert.match(message ?? '', /it loads a compiled \.node addon with bindings; compiles a native addon with node-gyp; downloads a prebuilt native addon with prebuild-install/);
  });

  it('yarn classic: one package per name and version across descriptors and aliases; platform packages by name', () => {
    const graph = readYarnLock(lockText('yarn-classic', 'yarn.lock'));
    assert.equal(graph.format, 'yarn-classic');
    const widths = [...graph.packages.values()].filter((p) => p.name === 'string-width').map((p) => p.id).sort();
    assert.deepEqual(widths, ['string-width@4.2.3', 'string-width@5.1.2']);
    assert.equal(graph.direct('', 'sharp', '^0.33.5')?.optionalDependencies.get('@img/sharp-linux-x64'), '@img/sharp-linux-x64@0.33.5');
    assert.deepEqual(graph.packages.get('@img/sharp-linux-x64@0.33.5')?.platforms, ['linux', 'x64']);
    assert.deepEqual(graph.packages.get('@img/sharp-wasm32@0.33.5')?.platforms, ['wasm32']);
    assert.equal(graph.packages.get('sharp@0.33.5')?.platforms, null, 'only optional dependencies are taken for platform packages');
    assert.equal(graph.direct('', 'sharp', '^0.34.0'), undefined, 'the range package.json gives is the key');
  });

  describe('workspaces: the root lockfile covers its members', () => {
    const member = manifest('@acme/api', { 'better-sqlite3': '^11.7.0' });
    const lockedSqlite = {
      'node_modules/better-sqlite3': { version: '11.10.0', hasInstallScript: true, dependencies: { bindings: '^1.5.0' } },
      'node_modules/bindings': { version: '1.5.0' },
    };

    it('npm workspaces: the member has its entry under its folder', async () => {
      const dir = tempDir({
        'package.json': manifest('root', {}, { private: true, workspaces: ['packages/*'] }),
        'packages/api/package.json': member,
        'package-lock.json': JSON.stringify({
          name: 'root', lockfileVersion: 3, requires: true,
          packages: {
            '': { name: 'root', workspaces: ['packages/*'] },
            'node_modules/@acme/api': { resolved: 'packages/api', link: true },
            'packages/api': { name: '@acme/api', version: '1.0.0', dependencies: { 'better-sqlite3': '^11.7.0' } },
            ...lockedSqlite,
          },
        }),
      });
      try {
        assert.deepEqual((await dependencyRows(dir)).map((r) => [r[0], r[1], r[3]]), [
          ['dependency/fs-write', 5, 'better-sqlite3'],
          ['dependency/native-code', 5, 'better-sqlite3'],
        ]);
        const result = await check([dir], { targets: ['spin'] });
        assert.deepEqual([...new Set(result.findings.map((f) => f.file))], ['packages/api/package.json']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a lockfile above the folder scanned is never read: the member alone has no graph, and a broken root lockfile is no error of its scan', async () => {
      const dir = tempDir({
        'package.json': manifest('root', {}, { private: true, workspaces: ['packages/*'] }),
        'packages/api/package.json': member,
        'package-lock.json': '{ "lockfileVersion": 3,\n  "packages": { broken',
      });
      try {
        const root = await check([dir], { targets: ['spin'] });
        assert.deepEqual(root.errors, [{ file: 'package-lock.json', message: "cannot read package-lock.json at 2:17: invalid JSON: Expected property name or '}'" }]);
        const memberOnly = await check([path.join(dir, 'packages', 'api')], { targets: ['spin'] });
        assert.deepEqual([memberOnly.errors, memberOnly.findings], [[], []]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('pnpm importers: the member is found by its folder; a package.json the lockfile does not list is not analysed', async () => {
      const dir = tempDir({
        'package.json': manifest('root', {}, { private: true }),
        'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n",
        'packages/api/package.json': member,
        'tools/scratch/package.json': member,
        'pnpm-lock.yaml': `lockfileVersion: '9.0'

importers:

  .: {}

  packages/api:
    dependencies:
      better-sqlite3:
        specifier: ^11.7.0
        version: 11.10.0

packages:

  better-sqlite3@11.10.0:
    resolution: {integrity: sha512-x}

  bindings@1.5.0:
    resolution: {integrity: sha512-x}

snapshots:

  better-sqlite3@11.10.0:
    dependencies:
      bindings: 1.5.0

  bindings@1.5.0: {}
`,
      });
      try {
        const result = await check([dir], { targets: ['spin'] });
        assert.deepEqual(result.errors, []);
        assert.deepEqual(result.findings.map((f) => [f.file, f.line, f.ruleId, f.package?.name]), [
          ['packages/api/package.json', 5, 'dependency/fs-write', 'better-sqlite3'],
          ['packages/api/package.json', 5, 'dependency/native-code', 'better-sqlite3'],
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('yarn workspaces: Berry lists each workspace; classic is checked against the root\'s workspaces patterns', async () => {
      const berry = tempDir({
        'package.json': manifest('root', {}, { private: true, workspaces: ['packages/*'] }),
        'packages/api/package.json': member,
        'yarn.lock': `__metadata:
  version: 8
  cacheKey: 10c0

"@acme/api@workspace:packages/api":
  version: 0.0.0-use.local
  resolution: "@acme/api@workspace:packages/api"
  dependencies:
    better-sqlite3: "npm:^11.7.0"
  languageName: unknown
  linkType: soft

"better-sqlite3@npm:^11.7.0":
  version: 11.10.0
  resolution: "better-sqlite3@npm:11.10.0"
  dependencies:
    bindings: "npm:^1.5.0"
  languageName: node
  linkType: hard

"bindings@npm:^1.5.0":
  version: 1.5.0
  resolution: "bindings@npm:1.5.0"
  languageName: node
  linkType: hard

"root@workspace:.":
  version: 0.0.0-use.local
  resolution: "root@workspace:."
  languageName: unknown
  linkType: soft
`,
      });
      const classicLock = '# yarn lockfile v1\n\n\nbetter-sqlite3@^11.7.0:\n  version "11.10.0"\n  dependencies:\n    bindings "^1.5.0"\n\nbindings@^1.5.0:\n  version "1.5.0"\n';
      const classic = tempDir({
        'package.json': manifest('root', {}, { private: true, workspaces: { packages: ['packages/*'] } }),
        'packages/api/package.json': member,
        'other/package.json': member,
        'yarn.lock': classicLock,
      });
      try {
        for (const dir of [berry, classic]) {
          const result = await check([dir], { targets: ['spin'] });
          assert.deepEqual(result.errors, []);
          assert.deepEqual(result.findings.map((f) => [f.file, f.ruleId]), [
            ['packages/api/package.json', 'dependency/fs-write'],
            ['packages/api/package.json', 'dependency/native-code'],
          ]);
        }
      } finally {
        fs.rmSync(berry, { recursive: true, force: true });
        fs.rmSync(classic, { recursive: true, force: true });
      }
    });
  });

  it('several lockfiles: packageManager in package.json decides, else package-lock.json before pnpm-lock.yaml before yarn.lock', async () => {
    const npmLock = JSON.stringify({ lockfileVersion: 3, packages: { '': {}, 'node_modules/pg': { version: '8.23.1' } } });
    const pnpmLock = "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      pg:\n        specifier: ^8.0.0\n        version: 8.11.0\npackages:\n  pg@8.11.0:\n    resolution: {integrity: sha512-x}\nsnapshots:\n  pg@8.11.0: {}\n";
    const yarnLock = '# yarn lockfile v1\n\n\npg@^8.0.0:\n  version "8.7.0"\n';
    const version = async (files: Record<string, string>): Promise<string | null | undefined> => {
      const dir = tempDir(files);
      try {
        return (await check([dir], { targets: ['fastly-compute'] })).findings.find((f) => f.package?.name === 'pg')?.package?.version;
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    const pkg = manifest('app', { pg: '^8.0.0' });
    assert.equal(await version({ 'package.json': pkg, 'package-lock.json': npmLock, 'pnpm-lock.yaml': pnpmLock, 'yarn.lock': yarnLock }), '8.23.1');
    assert.equal(await version({ 'package.json': pkg, 'pnpm-lock.yaml': pnpmLock, 'yarn.lock': yarnLock }), '8.11.0');
    assert.equal(await version({ 'package.json': pkg, 'yarn.lock': yarnLock }), '8.7.0');
    const yarnProject = manifest('app', { pg: '^8.0.0' }, { packageManager: 'yarn@1.22.22' });
    assert.equal(await version({ 'package.json': yarnProject, 'package-lock.json': npmLock, 'yarn.lock': yarnLock }), '8.7.0');
  });

  it('broken or unsupported pnpm-lock.yaml and yarn.lock files are located errors; the scan goes on', async () => {
    const pkg = manifest('app', { pg: '^8.0.0' });
    const dir = tempDir({
      'a/package.json': pkg,
      'a/pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: {pg: [\n",
      'b/package.json': pkg,
      'b/pnpm-lock.yaml': "lockfileVersion: 5.4\nspecifiers:\n  pg: ^8.0.0\n",
      'c/package.json': pkg,
      'c/yarn.lock': '# yarn lockfile v1\n\n\npg@^8.0.0:\n  version "8.7.0\n  resolved x\n',
      'd/package.json': pkg,
      'd/yarn.lock': '__metadata:\n  version: 8\n"pg@npm:^8.0.0":\n  version: 8.7.0\n   resolution: [\n',
      'e/package.json': pkg,
      'e/yarn.lock': '',
    });
    try {
      fs.cpSync(path.join(FIXTURE, 'pnpm'), path.join(dir, 'f'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'e', 'yarn.lock'), Buffer.alloc(8 * 1024 * 1024 + 1, 0x23));
      const result = await check([dir], { targets: ['spin'] });
      assert.deepEqual(result.errors, [
        { file: 'a/pnpm-lock.yaml', message: 'cannot read pnpm-lock.yaml at 5:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]' },
        { file: 'b/pnpm-lock.yaml', message: 'cannot read pnpm-lock.yaml: lockfileVersion 5.4 is not supported (6.x and 9.x are); regenerate it with pnpm 8 or later' },
        { file: 'c/yarn.lock', message: result.errors[2]?.message },
        { file: 'd/yarn.lock', message: 'cannot read yarn.lock at 5:14: cannot parse yarn.lock: bad indentation of a mapping entry' },
        { file: 'e/yarn.lock', message: 'skipped: 8388609 bytes is larger than the 8388608-byte limit for a manifest' },
      ]);
      assert.match(result.errors[2].message, /^cannot read yarn\.lock at 5:11: cannot parse yarn\.lock: Expected .+ but "\\"" found\.$/);
      assert.equal(result.findings.filter((f) => f.ruleId === 'dependency/native-code').length, 3, 'the good project is still analysed');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the package-lock reader gives the same graph shape: install paths as ids, nested resolution', () => {
    const graph: LockGraph = readPackageLock(lockText('npm', 'package-lock.json'));
    const bcrypt = graph.direct('', 'bcrypt', '^5.1.1');
    assert.equal(bcrypt?.id, 'node_modules/bcrypt');
    assert.equal(bcrypt?.dependencies.get('@mapbox/node-pre-gyp'), 'node_modules/@mapbox/node-pre-gyp');
    assert.deepEqual(graph.packages.get('node_modules/@img/sharp-linux-x64')?.platforms, ['linux', 'x64', 'glibc']);
  });
});

/** rules/packages/npm.json `through`: a wrapper whose need comes through a client in the graph is reported as that client. */
describe('npm dependencies: through', function () {
  this.timeout(60_000);

  it('bullmq 5 goes through ioredis: only ioredis is reported, reached through bullmq', async () => {
    const dir = tempDir({
      'package.json': manifest('jobs', { bullmq: '^5.0.0' }),
      'package-lock.json': JSON.stringify({
        name: 'jobs', lockfileVersion: 3, requires: true,
        packages: {
          '': { name: 'jobs', dependencies: { bullmq: '^5.0.0' } },
          'node_modules/bullmq': { version: '5.47.3', dependencies: { ioredis: '^5.4.1' } },
          'node_modules/ioredis': { version: '5.6.1' },
        },
      }),
    });
    try {
      assert.deepEqual(await dependencyRows(dir), [
        ['dependency/sockets-outbound', 5, 5, 'ioredis', '5.6.1', ['bullmq'], 'warning', { spin: 'ok', 'fastly-compute': 'warning', 'cloudflare-workers': 'ok' }, false],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
