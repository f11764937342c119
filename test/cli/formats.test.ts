import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { escapeData, escapeProperty } from 'wasi-ready/cli/format/github';
import { cell } from 'wasi-ready/cli/format/markdown';
import { docsBaseUrl } from 'wasi-ready/cli/format/context';
import { CLI, EXAMPLES, REPO, TOOLS } from '../support/paths';
import { requireTool } from '../support/tools';

/** The CI formats of `check` (issue 7, "Output formats"): sarif, github, markdown and --output-file. */

function run(args: string[], cwd = REPO): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EXPECTED = path.join(REPO, 'test', 'cli', 'expected');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
/** The multitool's native Linux build, installed by scripts/install-tools.mjs. */
const MULTITOOL_DIR = path.join(TOOLS, '@microsoft', 'sarif-multitool-linux');
const MULTITOOL = path.join(MULTITOOL_DIR, 'Sarif.Multitool');
const MULTITOOL_HINT = 'run node scripts/install-tools.mjs (installs @microsoft/sarif-multitool into .tools/)';

/** What changes between machines and releases: the checkout's absolute path and the tool version. */
function normalise(text: string): string {
  const root = `file://${REPO.split(path.sep).map(encodeURIComponent).join('/')}/`;
  return text
    .split(root).join('file:///<root>/')
    .replace(new RegExp(`/blob/v${VERSION.replace(/\./g, '\\.')}/`, 'g'), '/blob/v<version>/')
    .replace(new RegExp(`"(version|semanticVersion)": "${VERSION.replace(/\./g, '\\.')}"`, 'g'), '"$1": "<version>"')
    .replace(new RegExp(`wasi-ready ${VERSION.replace(/\./g, '\\.')}$`, 'm'), 'wasi-ready <version>');
}

/** Compares with test/cli/expected/<name>; UPDATE_EXPECTED=1 rewrites the file instead. */
function matchesExpected(actual: string, name: string): void {
  const file = path.join(EXPECTED, name);
  if (process.env.UPDATE_EXPECTED === '1') fs.writeFileSync(file, actual);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `differs from test/cli/expected/${name} (UPDATE_EXPECTED=1 rewrites it)`);
}

const RUNS: Array<{ name: string; args: string[]; code: number }> = [
  { name: 'check-node-api', args: ['check', 'examples/node-api', '--target', 'spin,cloudflare-workers'], code: 1 },
  { name: 'check-spin-app', args: ['check', 'examples/spin-app'], code: 0 },
];

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }>;
  partialFingerprints: Record<string, string>;
  properties: { hosts: Record<string, string>; origin: string };
}

function sarifOf(args: string[], cwd = REPO): { code: number | null; log: { runs: Array<Record<string, any>> }; results: SarifResult[] } {
  const { code, stdout, stderr } = run([...args, '--format', 'sarif'], cwd);
  assert.equal(stderr, '');
  const log = JSON.parse(stdout);
  return { code, log, results: log.runs[0].results };
}

describe('check --format sarif|github|markdown', () => {
  describe('expected-output files', () => {
    for (const { name, args, code } of RUNS) {
      for (const [format, extension] of [['sarif', 'sarif.json'], ['github', 'github.txt'], ['markdown', 'md']] as const) {
        it(`${args.join(' ')} --format ${format}`, () => {
          const result = run([...args, '--format', format]);
          assert.equal(result.code, code);
          assert.equal(result.stderr, '');
          matchesExpected(normalise(result.stdout), `${name}.${extension}`);
        });
      }
    }
  });

  describe('sarif', () => {
    it('meets GitHub code scanning: relative URIs under %SRCROOT%, described rules, a location and a fingerprint per result, per-host verdicts', () => {
      const json = JSON.parse(run(['check', 'examples/node-api', '--target', 'spin,cloudflare-workers', '--format', 'json']).stdout);
      const { log, results } = sarifOf(['check', 'examples/node-api', '--target', 'spin,cloudflare-workers']);
      const sarifRun = log.runs[0];
      assert.equal(sarifRun.automationDetails.id, 'wasi-ready/spin+cloudflare-workers/');
      assert.equal(sarifRun.invocations[0].executionSuccessful, true);
      assert.equal(sarifRun.originalUriBaseIds['%SRCROOT%'].uri.endsWith('/'), true);
      assert.equal(results.length, json.findings.length);
      const rules = sarifRun.tool.driver.rules as Array<Record<string, any>>;
      for (const rule of rules) {
        assert.ok(rule.shortDescription.text && rule.shortDescription.text.length <= 1024, rule.id);
        assert.ok(rule.fullDescription.text && rule.fullDescription.text.length <= 1024, rule.id);
        assert.match(rule.help.text, /^What it finds: /, rule.id);
        assert.match(rule.help.markdown, /\*\*What to do instead\*\*/, rule.id);
        assert.equal(rule.helpUri, `https://github.com/wasi-ready/wasi-ready/blob/v${VERSION}/docs/rules/${rule.id}.md`);
        assert.ok(fs.existsSync(path.join(REPO, 'docs', 'rules', `${rule.id}.md`)), rule.id);
      }
      results.forEach((r, i) => {
        const f = json.findings[i];
        assert.equal(r.ruleId, f.ruleId);
        assert.equal(rules[r.ruleIndex].id, r.ruleId);
        assert.equal(r.level, { error: 'error', warning: 'warning', info: 'note' }[f.severity as string]);
        assert.equal(r.locations.length, 1);
        const location = r.locations[0].physicalLocation;
        assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
        assert.equal(location.artifactLocation.uri, `examples/node-api/${f.file}`);
        assert.equal(location.region.startLine, f.line);
        assert.match(r.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}:\d+$/);
        assert.deepEqual(r.properties.hosts, f.hosts);
      });
    });

    it('inputs that could not be analysed: executionSuccessful false, one notification each, located', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-sarif-'));
      try {
        fs.writeFileSync(path.join(dir, 'broken.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5]));
        fs.copyFileSync(path.join(EXAMPLES, 'spin-app', 'thumbnailer', 'thumbnailer.wasm'), path.join(dir, 'job.wasm'));
        const { code, log, results } = sarifOf(['check', '.', '--target', 'spin'], dir);
        assert.equal(code, 0);
        const invocation = log.runs[0].invocations[0];
        assert.equal(invocation.executionSuccessful, false);
        assert.equal(invocation.toolExecutionNotifications.length, 1);
        const [note] = invocation.toolExecutionNotifications;
        assert.equal(note.level, 'error');
        assert.match(note.message.text, /^could not analyse broken\.wasm: malformed WebAssembly/);
        assert.deepEqual(note.locations[0].physicalLocation.artifactLocation, { uri: 'broken.wasm', uriBaseId: '%SRCROOT%' });
        assert.ok(results.length > 0 && results.every((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'job.wasm'));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    describe('suppressions to clean up (unused, without a reason) are reported in every CI format', () => {
      let dir: string;
      before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-suppressions-'));
        fs.mkdirSync(path.join(dir, 'src'));
        fs.writeFileSync(path.join(dir, 'Cargo.toml'), '[package]\nname = "svc"\nversion = "0.1.0"\nedition = "2021"\n');
        fs.writeFileSync(path.join(dir, 'src', 'main.rs'), [
          '// wasi-ready-ignore-next-line rust/threads',
          'fn main() {',
          '    // wasi-ready-ignore-next-line rust/fs-write -- the edge build keeps state in KV',
          '    std::thread::spawn(|| ());',
          '}',
          '',
        ].join('\n'));
      });
      after(() => fs.rmSync(dir, { recursive: true, force: true }));
      const PROBLEMS = [
        ['src/main.rs', 1, 1, 'directive-without-reason', 'wasi-ready-ignore-next-line gives no reason: add one after " -- "'],
        ['src/main.rs', 1, 1, 'unused-directive', 'wasi-ready-ignore-next-line rust/threads suppresses nothing: no rust/threads finding on line 2; remove it'],
        ['src/main.rs', 3, 5, 'unused-directive', 'wasi-ready-ignore-next-line rust/fs-write suppresses nothing: no rust/fs-write finding on line 4; remove it'],
      ];

      it('sarif: a located tool-configuration notification each, beside the results', () => {
        const { log } = sarifOf(['check', '.'], dir);
        const notes = log.runs[0].invocations[0].toolConfigurationNotifications as Array<Record<string, any>>;
        assert.deepEqual(notes.map((n) => [n.locations[0].physicalLocation.artifactLocation.uri, n.locations[0].physicalLocation.region.startLine, n.locations[0].physicalLocation.region.startColumn, n.descriptor.id, n.message.text]), PROBLEMS);
        assert.ok(notes.every((n) => n.level === 'warning'));
      });

      it('github: a warning annotation each, on its line', () => {
        const { stdout } = run(['check', '.', '--format', 'github'], dir);
        const warnings = stdout.split('\n').filter((l) => l.startsWith('::warning'));
        assert.deepEqual(warnings, PROBLEMS.map(([file, line, column, kind, message]) => `::warning file=${file},line=${line},col=${column},title=wasi-ready%3A ${kind}::${message}`));
      });

      it('markdown: a table of them, linked to their lines', () => {
        const { stdout } = run(['check', '.', '--format', 'markdown'], dir);
        const section = stdout.slice(stdout.indexOf('### Suppressions to clean up (3)'));
        assert.deepEqual(section.split('\n').filter((l) => l.startsWith('| [')), PROBLEMS.map(([file, line, , , message]) => `| [${file}:${line}](${file}#L${line}) | ${cell(String(message))} |`));
      });
    });

    describe('the SARIF of real scans passes Microsoft SARIF Multitool validate --rule-kind "Gh;Sarif"', function () {
      this.timeout(300_000);
      const SCANS = ['examples/spin-app', 'examples/node-api', 'test/fixtures/js/media-service', 'test/fixtures/rust/media-worker', 'test/fixtures/cargo/orders-api'];
      let dir: string;
      before(function () {
        requireTool(this, MULTITOOL, MULTITOOL_HINT);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-multitool-'));
      });
      after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

      /**
       * Error-level results of the validator's own SARIF log. `-j` names the schema it ships: without it the
       * multitool looks for the schema in the current directory and, not finding it, validates nothing.
       */
      function validate(file: string): Array<{ ruleId: string; level: string; text: string }> {
        const out = `${file}.validation.sarif`;
        const result = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '-j', path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), '-o', out, file], { encoding: 'utf8' });
        assert.equal(result.status, 0, result.stdout + result.stderr);
        const log = JSON.parse(fs.readFileSync(out, 'utf8'));
        return (log.runs[0].results as Array<Record<string, any>>).map((r) => ({
          ruleId: String(r.ruleId),
          level: String(r.level ?? 'warning'),
          text: `${r.message.id ?? ''}: ${(r.message.arguments ?? []).join(' | ')}`,
        }));
      }

      it('the validator reports what GitHub rejects (a log without $schema and locations: GH1013, GH1015)', () => {
        const file = path.join(dir, 'control.sarif');
        fs.writeFileSync(file, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 't', rules: [] } }, results: [{ ruleId: 'x', message: { text: 'm' } }] }] }, null, 2));
        const ids = validate(file).filter((r) => r.level === 'error').map((r) => r.ruleId);
        assert.ok(ids.includes('GH1013') && ids.includes('GH1015'), ids.join(', '));
      });

      for (const scan of SCANS) {
        it(scan, () => {
          const file = path.join(dir, `${scan.replace(/\//g, '_')}.sarif`);
          const { code, stderr } = run(['check', scan, '--format', 'sarif', '--output-file', file]);
          assert.equal(stderr, '');
          assert.ok(code === 0 || code === 1);
          const log = JSON.parse(fs.readFileSync(file, 'utf8'));
          assert.ok(log.runs[0].results.length > 0, 'a scan with findings');
          // The schema the multitool ships, checked here too: a log that does not deserialise makes the
          // multitool report nothing at all.
          const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
          const schemaOk = ajv.validate(JSON.parse(fs.readFileSync(path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8')), log);
          assert.ok(schemaOk, ajv.errorsText(ajv.errors));
          const errors = validate(file).filter((r) => r.level === 'error');
          assert.deepEqual(errors, []);
        });
      }
    });

    describe('fingerprints do not change when unrelated lines move', () => {
      let dir: string;
      beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-fingerprints-'));
      });
      afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

      const identity = (results: SarifResult[]) =>
        results.map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri} ${r.ruleId} ${r.partialFingerprints.primaryLocationLineHash}`).sort();
      const lines = (results: SarifResult[]) => results.map((r) => r.locations[0].physicalLocation.region.startLine);

      /** Adds lines above, between and below the code of every file `edit` accepts. */
      function insertLines(root: string, accept: (file: string) => boolean, comment: string): number {
        let edited = 0;
        for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
          const file = path.join(entry.parentPath, entry.name);
          if (!entry.isFile() || !accept(file)) continue;
          const text = fs.readFileSync(file, 'utf8').split('\n');
          const middle = text.findIndex((l, i) => i > 0 && l.trim() === '');
          if (middle > 0) text.splice(middle, 0, `${comment} an unrelated line`, '');
          fs.writeFileSync(file, [`${comment} added above`, '', `${comment} and again`, ...text, '', `${comment} added below`].join('\n'));
          edited++;
        }
        return edited;
      }

      it('JavaScript/TypeScript sources (media-service) and package.json (node-api)', () => {
        fs.cpSync(path.join(REPO, 'test', 'fixtures', 'js', 'media-service'), path.join(dir, 'service'), { recursive: true });
        fs.cpSync(path.join(EXAMPLES, 'node-api'), path.join(dir, 'api'), { recursive: true });
        const before = sarifOf(['check', '.'], dir).results;
        assert.ok(before.some((r) => r.properties.origin === 'source') && before.some((r) => r.properties.origin === 'dependency'));
        assert.ok(insertLines(dir, (f) => /\.(ts|js|mjs)$/.test(f), '//') > 0);
        const manifest = path.join(dir, 'api', 'package.json');
        fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').replace(/^\{\n/, '{\n\n  "description": "moved lines",\n'));
        const after = sarifOf(['check', '.'], dir).results;
        assert.notDeepEqual(lines(after), lines(before), 'the findings moved');
        assert.deepEqual(identity(after), identity(before));
      });

      it('Rust sources and Cargo.toml (media-worker)', () => {
        fs.cpSync(path.join(REPO, 'test', 'fixtures', 'rust', 'media-worker'), dir, { recursive: true });
        const before = sarifOf(['check', '.'], dir).results;
        assert.ok(before.some((r) => r.properties.origin === 'source'));
        assert.ok(insertLines(dir, (f) => f.endsWith('.rs'), '//') > 0);
        const manifest = path.join(dir, 'Cargo.toml');
        fs.writeFileSync(manifest, `# moved\n\n${fs.readFileSync(manifest, 'utf8')}`);
        const after = sarifOf(['check', '.'], dir).results;
        assert.notDeepEqual(lines(after), lines(before), 'the findings moved');
        assert.deepEqual(identity(after), identity(before));
      });

      it('an edited line gets a new fingerprint; the same line twice gets two', () => {
        fs.mkdirSync(path.join(dir, 'src'));
        const file = path.join(dir, 'src', 'a.js');
        fs.writeFileSync(file, "const fs = require('fs');\nfs.writeFileSync('a', 'x');\nfs.writeFileSync('a', 'x');\n");
        const first = sarifOf(['check', '.', '--target', 'spin'], dir).results.map((r) => r.partialFingerprints.primaryLocationLineHash);
        assert.equal(first.length, 2);
        assert.equal(first[0].split(':')[0], first[1].split(':')[0]);
        assert.deepEqual(first.map((f) => f.split(':')[1]), ['1', '2']);
        fs.writeFileSync(file, "const fs = require('fs');\nfs.writeFileSync('b', 'x');\n");
        const second = sarifOf(['check', '.', '--target', 'spin'], dir).results.map((r) => r.partialFingerprints.primaryLocationLineHash);
        assert.notEqual(second[0], first[0]);
      });
    });

    it('helpUri comes from package.json repository when set, else the documented default', () => {
      assert.equal(docsBaseUrl({ version: '1.2.3' }), 'https://github.com/wasi-ready/wasi-ready/blob/v1.2.3/docs/rules/');
      assert.equal(docsBaseUrl({ version: '1.2.3', repository: { url: 'git+https://github.com/acme/wr.git' } }), 'https://github.com/acme/wr/blob/v1.2.3/docs/rules/');
      assert.equal(docsBaseUrl({ version: '1.2.3', repository: 'github:acme/wr' }), 'https://github.com/acme/wr/blob/v1.2.3/docs/rules/');
      assert.equal(docsBaseUrl({ version: '1.2.3', homepage: 'https://gitlab.com/acme/wr' }), 'https://gitlab.com/acme/wr/-/blob/v1.2.3/docs/rules/');
    });
  });

  describe('github', () => {
    /** `::level k=v,k=v::message` back into its parts, undoing GitHub's escapes. */
    function parse(line: string): { level: string; properties: Record<string, string>; message: string } {
      const match = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      assert.ok(match, line);
      const unescape = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
      const properties = Object.fromEntries(match[2].split(',').map((p) => {
        const at = p.indexOf('=');
        return [p.slice(0, at), unescape(p.slice(at + 1))];
      }));
      return { level: match[1], properties, message: unescape(match[3]) };
    }

    it('one annotation per finding, parsed back to the finding it came from', () => {
      const args = ['check', 'examples/node-api', '--target', 'spin,cloudflare-workers'];
      const json = JSON.parse(run([...args, '--format', 'json']).stdout);
      const { code, stdout } = run([...args, '--format', 'github']);
      assert.equal(code, 1);
      const annotations = stdout.split('\n').filter((l) => l.startsWith('::')).map(parse);
      assert.equal(annotations.length, json.findings.length);
      annotations.forEach((a, i) => {
        const f = json.findings[i];
        assert.equal(a.level, { error: 'error', warning: 'warning', info: 'notice' }[f.severity as string]);
        assert.deepEqual(a.properties, { file: `examples/node-api/${f.file}`, line: String(f.line), col: String(f.column), endLine: String(f.endLine), endColumn: String(f.endColumn), title: f.ruleId });
        assert.equal(a.message, `${f.message} (${f.docs})`);
      });
      assert.match(stdout, /^spin: blocked — 4 errors, 2 warnings$/m);
    });

    it('escapes %, CR and LF in messages, and also : and , in properties', () => {
      assert.equal(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b');
      assert.equal(escapeProperty('dir,with:colon%\n'), 'dir%2Cwith%3Acolon%25%0A');
    });

    it('binary findings at 1:1 carry a line and no empty column range', () => {
      const { stdout } = run(['check', 'examples/spin-app', '--format', 'github']);
      const annotations = stdout.split('\n').filter((l) => l.startsWith('::')).map(parse);
      assert.equal(annotations.length, 3);
      for (const a of annotations) assert.deepEqual(Object.keys(a.properties), ['file', 'line', 'title']);
      assert.ok(annotations.every((a) => a.level === 'warning' && a.properties.file.startsWith('examples/spin-app/thumbnailer/')));
    });
  });

  describe('markdown', () => {
    it('a verdict per host, a table row per blocker linked to its line, counts per capability', () => {
      const args = ['check', 'examples/node-api', '--target', 'spin,cloudflare-workers'];
      const json = JSON.parse(run([...args, '--format', 'json']).stdout);
      const { stdout } = run([...args, '--format', 'markdown']);
      assert.match(stdout, /^\| spin \| ❌ blocked \| 4 \| 2 \| 0 \|$/m);
      assert.match(stdout, /^\| cloudflare-workers \| ❌ blocked \| 4 \| 1 \| 0 \|$/m);
      const blockers = json.findings.filter((f: { severity: string }) => f.severity === 'error');
      const rows = stdout.split('\n').filter((l) => /^\| \[examples\//.test(l));
      assert.equal(rows.length, blockers.length);
      rows.forEach((row, i) => {
        const f = blockers[i];
        assert.ok(row.startsWith(`| [examples/node-api/${f.file}:${f.line}](examples/node-api/${f.file}#L${f.line}) | [${f.ruleId}](`), row);
      });
      assert.match(stdout, /^\| native-code \| 3 \| 0 \| 0 \|$/m);
    });

    it('escapes pipes and HTML in cells', () => {
      assert.equal(cell('a | b <img> & c\nd'), 'a \\| b &lt;img&gt; &amp; c<br>d');
    });

    it('a host with no blocker is ready', () => {
      const { stdout } = run(['check', 'examples/spin-app', '--format', 'markdown']);
      assert.match(stdout, /^## wasi-ready: ready on spin@3\.4 and akamai-functions$/m);
      assert.match(stdout, /^### Blockers \(0\)$/m);
    });
  });

  describe('--output-file and --format', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-output-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('writes the output there, prints nothing, and keeps the exit code', () => {
      for (const format of ['text', 'json', 'sarif', 'github', 'markdown']) {
        for (const [args, code] of [[['check', 'examples/wat/wasi-threads.wasm', '--target', 'spin'], 1], [['check', 'examples/fastly-app'], 0], [['check', 'examples/spin-app', '--max-warnings', '2'], 1]] as const) {
          const file = path.join(dir, `out.${format}`);
          const result = run([...args, '--format', format, '--output-file', file]);
          assert.equal(result.code, code, `${args.join(' ')} --format ${format}`);
          assert.equal(result.stdout, '');
          assert.equal(result.stderr, '');
          const written = fs.readFileSync(file, 'utf8');
          const direct = run([...args, '--format', format]).stdout;
          assert.equal(written.replace(/\d+ ms|"ms": \d+/g, 'ms'), direct.replace(/\d+ ms|"ms": \d+/g, 'ms'));
        }
      }
    });

    it('a bad --format or an unwritable --output-file is exit 2', () => {
      const bad = run(['check', 'examples/wat', '--format', 'junit']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /unknown --format "junit" \(text, json, sarif, github or markdown\)/);
      const unwritable = run(['check', 'examples/fastly-app', '--output-file', path.join(dir, 'no', 'such', 'dir', 'x.sarif'), '--format', 'sarif']);
      assert.equal(unwritable.code, 2);
      assert.match(unwritable.stderr, /cannot write --output-file/);
    });

    it('--help lists the formats and --output-file', () => {
      const { stdout } = run(['--help']);
      assert.match(stdout, /--format FORMAT\] \[--output-file FILE\]/);
      assert.match(stdout, /sarif \(SARIF 2\.1\.0 for GitHub code scanning\)/);
    });
  });
});
