import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scratchHome } from '../support/scratchHome';
import type { Finding } from 'wasi-ready';
import { CLI, REPO } from '../support/paths';
import { cli } from '../support/projects';
import { requireTool } from '../support/tools';

/**
 * A third-party LSP client: Debian's neovim 0.7.2, headless, starts `wasi-ready lsp --stdio` on a real source file
 * and must get what the CLI reports for it. neovim 0.7 has no pull diagnostics, so this is the pushed path.
 */
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'editor');
const SCRIPT = path.join(REPO, 'test', 'lsp', 'neovim', 'diagnostics.lua');
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

describe('neovim 0.7 (headless) as an LSP client', function () {
  this.timeout(120_000);
  let scratch: string;
  let workspace: string;

  before(function () {
    requireTool(this, 'nvim', 'apt-get install neovim (Debian 12 ships 0.7.2)');
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-nvim-'));
    workspace = path.join(scratch, 'stock-sync');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('gets the CLI\'s findings for src/main.rs pushed over stdio: rule id, range, severity, message', () => {
    const checked = cli(['check', workspace, '--format', 'json'], workspace);
    const expected = (JSON.parse(checked.stdout) as { findings: Finding[] }).findings.filter((f) => f.file === 'src/main.rs');
    assert.ok(expected.length >= 4, `the fixture has lost its findings: ${checked.stdout}`);

    const started = Date.now();
    const nvim = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '--cmd', 'filetype on', '-c', `luafile ${SCRIPT}`, path.join(workspace, 'src', 'main.rs')], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...scratchHome(scratch),
        WASI_READY_CMD: JSON.stringify([process.execPath, CLI, 'lsp', '--stdio']),
        WASI_READY_ROOT: workspace,
        WASI_READY_EXPECTED: String(expected.length),
        WASI_READY_TIMEOUT_MS: '30000',
      },
    });
    assert.equal(nvim.status, 0, `nvim failed: ${nvim.stderr}${nvim.stdout}`);
    const result = JSON.parse(nvim.stdout.trim().split('\n').pop()!) as { ok: boolean; error?: string; ms: number; nvim: string; filetype: string; diagnostics: NeovimDiagnostic[] };
    console.log(`      neovim ${result.nvim} (filetype ${result.filetype}): ${result.diagnostics.length} diagnostics ${result.ms.toFixed(0)} ms after attaching; ${Date.now() - started} ms in all`);
    assert.ok(result.ok, `no diagnostics in time: ${nvim.stdout}`);

    const fromNeovim = result.diagnostics.map((d) => ({
      rule: d.code, source: d.source, severity: d.severity, message: d.message,
      range: `${d.lnum + 1}:${d.col + 1}-${d.end_lnum + 1}:${d.end_col + 1}`,
    }));
    const fromCli = expected.map((f) => ({
      rule: f.ruleId, source: 'wasi-ready', severity: LSP_SEVERITY[f.severity], message: f.message,
      range: `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`,
    }));
    const order = (a: { range: string; rule: string }, b: { range: string; rule: string }) => a.range.localeCompare(b.range, 'en', { numeric: true }) || a.rule.localeCompare(b.rule);
    assert.deepEqual(fromNeovim.sort(order), fromCli.sort(order));
  });
});
