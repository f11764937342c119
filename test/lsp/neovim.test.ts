import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from 'wasi-ready';
import { CLI, REPO } from '../support/paths';
import { cli } from '../support/projects';
import { scratchHome } from '../support/scratchHome';
import { requireTool } from '../support/tools';

/**
 * A third-party LSP client: Debian's neovim 0.7.2, headless, starts `wasi-ready lsp --stdio` on a real source file
 * and must get what the CLI reports for it. neovim 0.7 has no pull diagnostics, so this is the pushed path.
 */
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'editor');
const SCRIPT = path.join(REPO, 'test', 'lsp', 'neovim', 'diagnostics.lua');
const SOURCE = 'src/main.rs';
const LSP_SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3 };

interface NeovimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  code: string;
  source: string;
  message: string;
}

interface NeovimResult {
  ok: boolean;
  error?: string;
  ms: number;
  nvim: string;
  filetype: string;
  diagnostics: NeovimDiagnostic[];
  edited: { ok: boolean; ms: number; diagnostics: NeovimDiagnostic[] } | null;
}

/** One diagnostic as both sides can state it: LSP severity, 1-based range with an exclusive end. */
interface Compared {
  rule: string;
  source: string;
  severity: number;
  range: string;
  message: string;
}

describe('neovim 0.7 (headless) as an LSP client', function () {
  this.timeout(120_000);
  let scratch: string;

  before(function () {
    requireTool(this, 'nvim', 'apt-get install neovim (Debian 12 ships 0.7.2)');
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-nvim-'));
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it(`gets the CLI's findings for ${SOURCE} pushed over stdio: rule id, range, severity, message`, () => {
    const workspace = copy('stock-sync');
    const expected = cliFindings(workspace);
    const result = neovim(workspace, { WASI_READY_EXPECTED: String(expected.length) });
    console.log(`      neovim ${result.nvim} (filetype ${result.filetype}): ${result.diagnostics.length} diagnostics ${result.ms.toFixed(0)} ms after attaching`);
    assert.ok(result.ok, `no diagnostics in time: ${JSON.stringify(result)}`);
    assert.deepEqual(sorted(result.diagnostics.map(fromNeovim)), sorted(expected.map(fromCli)));
  });

  it('gets them again for unsaved text after an edit: #[tokio::main] made current_thread drops its finding', () => {
    const workspace = copy('stock-sync-edit');
    const lines = fs.readFileSync(path.join(workspace, SOURCE), 'utf8').split('\n');
    const line = lines.indexOf('#[tokio::main]') + 1;
    const text = '#[tokio::main(flavor = "current_thread")]';
    const before = cliFindings(workspace);
    // What the CLI says about the edited text, from a second copy saved with it.
    const saved = copy('stock-sync-saved');
    fs.writeFileSync(path.join(saved, SOURCE), lines.map((l, i) => (i === line - 1 ? text : l)).join('\n'));
    const after = cliFindings(saved);
    assert.equal(after.length, before.length - 1, 'the CLI should drop exactly the runtime finding');

    const result = neovim(workspace, {
      WASI_READY_EXPECTED: String(before.length),
      WASI_READY_EDIT_LINE: String(line),
      WASI_READY_EDIT_TEXT: text,
      WASI_READY_EXPECTED_AFTER: String(after.length),
    });
    assert.ok(result.ok && result.edited, `no diagnostics in time: ${JSON.stringify(result)}`);
    console.log(`      after the edit: ${result.edited.diagnostics.length} diagnostics ${result.edited.ms.toFixed(0)} ms later`);
    assert.ok(result.edited.ok, `the edit's diagnostics did not come: ${JSON.stringify(result.edited)}`);
    assert.deepEqual(sorted(result.edited.diagnostics.map(fromNeovim)), sorted(after.map(fromCli)));
    assert.equal(fs.readFileSync(path.join(workspace, SOURCE), 'utf8'), lines.join('\n'), 'the edit was never saved');
  });

  function copy(name: string): string {
    const dir = path.join(scratch, name);
    fs.cpSync(FIXTURE, dir, { recursive: true });
    return dir;
  }

  /** nvim --headless on the workspace's source file, running test/lsp/neovim/diagnostics.lua. */
  function neovim(workspace: string, env: Record<string, string>): NeovimResult {
    const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '--cmd', 'filetype on', '-c', `luafile ${SCRIPT}`, path.join(workspace, SOURCE)], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        ...scratchHome(scratch),
        WASI_READY_CMD: JSON.stringify([process.execPath, CLI, 'lsp', '--stdio']),
        WASI_READY_ROOT: workspace,
        WASI_READY_TIMEOUT_MS: '30000',
        ...env,
      },
    });
    assert.equal(run.status, 0, `nvim failed: ${run.stderr}${run.stdout}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as NeovimResult;
  }
});

function cliFindings(workspace: string): Finding[] {
  const checked = cli(['check', workspace, '--format', 'json'], workspace);
  const findings = (JSON.parse(checked.stdout) as { findings: Finding[] }).findings.filter((f) => f.file === SOURCE);
  assert.ok(findings.length >= 3, `the fixture has lost its findings: ${checked.stdout}`);
  return findings;
}

function fromNeovim(d: NeovimDiagnostic): Compared {
  return { rule: d.code, source: d.source, severity: d.severity, range: `${d.lnum + 1}:${d.col + 1}-${d.end_lnum + 1}:${d.end_col + 1}`, message: d.message };
}

function fromCli(f: Finding): Compared {
  return { rule: f.ruleId, source: 'wasi-ready', severity: LSP_SEVERITY[f.severity], range: `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`, message: f.message };
}

function sorted(list: Compared[]): Compared[] {
  return [...list].sort((a, b) => a.range.localeCompare(b.range, 'en', { numeric: true }) || a.rule.localeCompare(b.rule));
}
