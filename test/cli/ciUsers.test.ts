import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CLI, REPO } from '../support/paths';

interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/**
 * Runs action.yml's shell steps as a runner would: inputs from their defaults and the given values,
 * ${{ github.action_path }} is this repository, step outputs read back from $GITHUB_OUTPUT; `uses:` steps
 * (setup-node, upload-sarif) are skipped. Returns each run step's exit code and the workspace.
 */
function runAction(workspace: string, given: Record<string, string>): { codes: Array<{ name: string; code: number | null; stdout: string; stderr: string }>; outputs: Record<string, Record<string, string>> } {
  const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const outputs: Record<string, Record<string, string>> = {};
  const expand = (text: string): string => text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    let m = /^inputs\.([\w-]+)$/.exec(expression);
    if (m) return inputs[m[1]] ?? '';
    if (expression === 'github.action_path') return REPO;
    m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (m) return outputs[m[1]]?.[m[2]] ?? '';
    throw new Error(`the test does not evaluate \${{ ${expression} }}`);
  });
  const codes: Array<{ name: string; code: number | null; stdout: string; stderr: string }> = [];
  for (const step of action.runs.steps) {
    if (step.uses) continue;
    assert.equal(step.shell, 'bash', `${step.name} runs in bash`);
    const outputFile = path.join(workspace, '.github-output');
    fs.writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', GITHUB_OUTPUT: outputFile, GITHUB_WORKSPACE: workspace, GITHUB_ACTION_PATH: REPO };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(String(v));
    const cwd = step['working-directory'] ? expand(step['working-directory']) : workspace;
    // GitHub runs `shell: bash` as bash --noprofile --norc -eo pipefail {0}.
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run!)], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    codes.push({ name: step.name ?? '', code: result.status, stdout: result.stdout, stderr: result.stderr });
    if (step.id) {
      outputs[step.id] = Object.fromEntries(fs.readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    }
    if (result.status !== 0) break;
  }
  return { codes, outputs };
}

function workspaceWith(example: string): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-action-'));
  fs.cpSync(path.join(REPO, 'examples', example), path.join(workspace, example), { recursive: true });
  return workspace;
}

describe('action.yml', () => {
  it('is a composite action whose upload is github/codeql-action/upload-sarif', () => {
    const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs).slice(0, 5), ['paths', 'targets', 'format', 'output-file', 'fail-on']);
    assert.equal(action.inputs.format.default, 'sarif');
    assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
  });

  it('its shell steps write the SARIF file on an example project and pass with fail-on error', () => {
    const workspace = workspaceWith('spin-app');
    const { codes, outputs } = runAction(workspace, { paths: 'spin-app' });
    assert.deepEqual(codes.map((c) => [c.name, c.code]), [['Install wasi-ready', 0], ['Run wasi-ready check', 0], ['Fail on findings', 0]], codes.map((c) => c.stderr).join('\n'));
    assert.deepEqual(outputs.check, { 'exit-code': '0', 'output-file': 'wasi-ready.sarif' });
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, 'wasi-ready.sarif'), 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].tool.driver.name, 'wasi-ready');
    assert.equal(sarif.runs[0].results.length, 3); // the three findings check prints for examples/spin-app
  });

  it('fail-on warning fails the job after the output is written (its folder made); json is written as check prints it', () => {
    const workspace = workspaceWith('spin-app');
    const again = runAction(workspace, { paths: 'spin-app', 'fail-on': 'warning', format: 'json', 'output-file': 'out/report.json', targets: 'spin' });
    assert.deepEqual(again.codes.map((c) => c.code), [0, 0, 1]);
    assert.match(again.codes[2].stdout, /::error::wasi-ready found warning-level findings/);
    const report = JSON.parse(fs.readFileSync(path.join(workspace, 'out', 'report.json'), 'utf8'));
    const direct = JSON.parse(spawnSync(process.execPath, [CLI, 'check', 'spin-app', '--target', 'spin', '--format', 'json'], { cwd: workspace, encoding: 'utf8' }).stdout);
    assert.deepEqual(report.findings, direct.findings);
    assert.ok(report.findings.length > 0);
  });
});

describe('the Node API (require("wasi-ready") from another project)', () => {
  /** A project of its own whose node_modules/wasi-ready is this repository, as `npm install <path>` links it. */
  function consumerProject(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-api-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'wasi-ready'), 'dir');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, dependencies: { 'wasi-ready': 'file:' + REPO } }));
    return dir;
  }

  it('check returns the same findings as --format json; inventory, grants, inspect and knowledge are there', () => {
    const dir = consumerProject();
    const script = `
      const api = require('wasi-ready');
      (async () => {
        const result = await api.check(['examples/spin-app'], { cwd: ${JSON.stringify(REPO)} });
        const inventory = await api.inventory(['examples/node-api'], { cwd: ${JSON.stringify(REPO)}, capabilities: ['native-code'] });
        const inspected = api.inspect(${JSON.stringify(path.join(REPO, 'examples/spin-app/api/api.wasm'))});
        process.stdout.write(JSON.stringify({
          resolved: require.resolve('wasi-ready'),
          findings: result.findings, targets: result.targets,
          inventory: inventory.packages.map((p) => p.name),
          inspectKind: inspected.kind,
          hosts: api.knowledge().hosts.length,
          capabilities: api.CAPABILITY_IDS.length,
          functions: ['check', 'inspect', 'inventory', 'grants', 'knowledge'].filter((f) => typeof api[f] === 'function'),
        }));
      })();`;
    const out = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    const got = JSON.parse(out.stdout);
    assert.equal(fs.realpathSync(got.resolved), path.join(REPO, 'server', 'out', 'api.js'));
    const cli = JSON.parse(spawnSync(process.execPath, [CLI, 'check', 'examples/spin-app', '--format', 'json'], { cwd: REPO, encoding: 'utf8' }).stdout);
    assert.deepEqual(got.findings, cli.findings);
    assert.deepEqual(got.targets, cli.targets);
    assert.deepEqual(got.inventory, ['bcrypt', 'better-sqlite3', 'sharp']);
    assert.equal(got.inspectKind, 'component');
    assert.ok(got.hosts > 10);
    assert.equal(got.capabilities, 14);
    assert.deepEqual(got.functions, ['check', 'inspect', 'inventory', 'grants', 'knowledge']);
  });

  it('a TypeScript consumer type-checks against the package types (exports["."].types) with tsc --noEmit', () => {
    const dir = consumerProject();
    fs.writeFileSync(path.join(dir, 'index.ts'), `
import { check, grants, inventory, knowledge, type CheckResult, type Finding, type GrantsResult, type HostVerdict, type InventoryResult } from 'wasi-ready';

export async function gate(paths: string[]): Promise<number> {
  const result: CheckResult = await check(paths, { targets: ['spin'] });
  const errors: Finding[] = result.findings.filter((f) => f.severity === 'error');
  const verdicts: HostVerdict[] = errors.flatMap((f) => Object.values(f.hosts));
  const needs: InventoryResult = await inventory(paths, { capabilities: ['threads'] });
  const granted: GrantsResult = await grants(paths, { target: 'spin' });
  return errors.length + verdicts.length + needs.code.length + granted.grants.length + knowledge().hosts.length;
}

// @ts-expect-error: a finding's severity is never 'ok'
export const wrong: Finding['severity'] = 'ok';
`);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: 'node16', moduleResolution: 'node16', target: 'es2022', skipLibCheck: false, types: ['node'], typeRoots: [path.join(REPO, 'node_modules', '@types')] },
      files: ['index.ts'],
    }));
    const tsc = spawnSync(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });
});
