import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { installCodeServer, startCodeServer, until, type CodeServerSession } from '../support/codeServer';
import type { Finding } from 'wasi-ready';
import { EXAMPLES, REPO, WORK } from '../support/paths';
import { cli } from '../support/projects';
import { scratchHome } from '../support/scratchHome';
import { megabytes, packageExtension } from '../support/vsix';

/**
 * The packaged extension in a real VS Code: code-server 4.100.3 (VS Code 1.100.3, the newest for Node 20) driven
 * through Debian's chromium by playwright-core. The .vsix comes from `npm run package`, so this also proves the
 * bundles work where there is no node_modules. The workspace is test/fixtures/editor, a tokio service, and what the
 * editor shows is compared with what `wasi-ready check --format json` reports for the same folder.
 */
const CHROMIUM = '/usr/bin/chromium';
const FIXTURE = path.join(REPO, 'test', 'fixtures', 'editor');
const SCREENSHOTS = path.join(WORK, 'e2e');
const WASM_JOB = 'jobs/order-report.wasm';
const TOKIO_MAIN = '#[tokio::main]';
const TOKIO_MAIN_FIXED = '#[tokio::main(flavor = "current_thread")]';
const QUICK_FIX_TITLE = 'Use tokio\'s current-thread runtime (flavor = "current_thread")';

/** "src/main.rs rust/threads 20:5": how a finding is compared between the CLI and the Problems panel. */
type Problem = string;

describe('VS Code (code-server + chromium): the packaged extension', function () {
  this.timeout(600_000);
  let scratch: string;
  let workspace: string;
  let session: CodeServerSession | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;
  let step = 0;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) missing(this, `Debian's chromium (${CHROMIUM}): apt-get install chromium`);
    let installMs: number;
    try {
      installMs = installCodeServer();
    } catch (error) {
      missing(this, `code-server could not be installed: ${String(error)}`);
    }
    console.log(`      code-server 4.100.3: ${installMs ? `installed in ${(installMs / 1000).toFixed(1)} s` : 'already installed (.tools/code-server)'}`);

    const { vsix, ms } = packageExtension();
    console.log(`      npm run package: ${megabytes(vsix)} .vsix in ${(ms / 1000).toFixed(1)} s`);

    fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-e2e-'));
    workspace = path.join(scratch, 'stock-sync');
    fs.cpSync(FIXTURE, workspace, { recursive: true });
    // A companion batch job the team already builds for wasm32-wasi: the order-report example's binary.
    fs.mkdirSync(path.join(workspace, 'jobs'));
    fs.copyFileSync(path.join(EXAMPLES, 'rust-worker', 'rust-worker.wasm'), path.join(workspace, WASM_JOB));
    session = await startCodeServer(vsix, workspace, scratch);
    browser = await chromium.launchPersistentContext(path.join(scratch, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      env: scratchHome(scratch),
      viewport: { width: 1600, height: 1200 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(60_000); // an action that cannot happen fails with its own message, not the suite's timeout
    await page.goto(session.url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) await screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`);
  });

  after(async () => {
    await browser?.close();
    await session?.stop();
    if (session) {
      // The extension host's and the language server's logs, kept beside the screenshots as artifacts.
      fs.cpSync(path.join(session.userDataDir, 'logs'), path.join(SCREENSHOTS, 'logs'), { recursive: true });
      fs.copyFileSync(session.log, path.join(SCREENSHOTS, 'code-server.log'));
    }
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('shows squiggles in the opened src/main.rs', async () => {
    const src = explorerRow('src');
    if ((await src.getAttribute('aria-expanded')) !== 'true') await src.click();
    await explorerRow('main.rs').click();
    await page.locator('.tab.active', { hasText: 'main.rs' }).waitFor({ timeout: 30_000 });
    await page.waitForSelector('.editor-group-container.active .monaco-editor .squiggly-error', { timeout: 60_000 });
    await screenshot('squiggles');
  });

  it('lists the findings of main.rs in the Problems panel, as the CLI reports them', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel', { timeout: 30_000 });
    const expected = cliProblems(workspace).filter((p) => p.startsWith('src/main.rs '));
    assert.ok(expected.length >= 4, `the fixture has lost its findings: ${expected.join(', ')}`);
    await untilProblems((shown) => sameSet(shown.filter((p) => p.startsWith('src/main.rs ')), expected), expected);
    await screenshot('problems-main-rs');
  });

  it('runs "WASI Ready: Check WASI readiness" from the command palette: the Problems panel lists every finding, the unopened Cargo.toml\'s too', async () => {
    await runCommand('WASI Ready: Check WASI readiness');
    // When the scan is done the extension says so in the status bar, with the blockers it found.
    const blockers = cliFindings(workspace).filter((f) => f.severity === 'error').length;
    await page.locator('.statusbar-item', { hasText: `WASI: blocked on wasi-http · ${blockers} blockers` }).first().waitFor({ timeout: 90_000 });
    const expected = cliProblems(workspace);
    assert.ok(expected.some((p) => p.startsWith('Cargo.toml ')), `no Cargo.toml finding from the CLI: ${expected.join(', ')}`);
    await untilProblems((shown) => sameSet(shown, expected), expected);
    await screenshot('check-workspace');
  });

  it('opens "WASI Ready: Show readiness report" in a webview tab: blocked on wasi-http, the CLI\'s errors as blockers', async () => {
    await runCommand('WASI Ready: Show readiness report');
    await page.locator('.tab.active', { hasText: 'WASI readiness' }).waitFor({ timeout: 30_000 });
    const report = await webview('WASI readiness');
    await report.locator('.host', { hasText: 'wasi-http' }).locator('.verdict-blocked').waitFor({ timeout: 30_000 });
    const errors = cliFindings(workspace).filter((f) => f.severity === 'error');
    for (const finding of errors) {
      await report.locator('table.blockers a', { hasText: `${finding.file}:${finding.line}` }).first().waitFor({ timeout: 10_000 });
    }
    await screenshot('readiness-report');
  });

  it(`applies the quick fix "${QUICK_FIX_TITLE}" and the editor reads ${TOKIO_MAIN_FIXED}`, async () => {
    const original = fs.readFileSync(path.join(workspace, 'src', 'main.rs'), 'utf8');
    const line = original.split('\n').indexOf(TOKIO_MAIN) + 1;
    assert.ok(line > 0, `no ${TOKIO_MAIN} line in the fixture`);
    await page.locator('.tab', { hasText: 'main.rs' }).click();
    await page.locator('.tab.active', { hasText: 'main.rs' }).waitFor({ timeout: 30_000 });
    await goToLine(line, 3);
    await page.keyboard.press('Control+Period');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: QUICK_FIX_TITLE });
    await fix.waitFor({ timeout: 30_000 });
    await screenshot('quick-fix-menu');
    // The menu is chosen from with the keyboard, as its pointer block swallows clicks until the mouse moves.
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let i = 0; i < 20 && (await focused.getAttribute('aria-label')) !== QUICK_FIX_TITLE; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await focused.getAttribute('aria-label'), QUICK_FIX_TITLE);
    await page.keyboard.press('Enter');
    await until(async () => (await editorLines()).includes(TOKIO_MAIN_FIXED), 30_000, `the editor to show ${TOKIO_MAIN_FIXED}`);
    assert.ok(!(await editorLines()).includes(TOKIO_MAIN));
    await page.keyboard.press('Control+S');
    const saved = original.replace(`${TOKIO_MAIN}\n`, `${TOKIO_MAIN_FIXED}\n`);
    await until(() => fs.readFileSync(path.join(workspace, 'src', 'main.rs'), 'utf8') === saved, 30_000, 'main.rs saved with only that line changed');
    // The runtime finding on that line goes; the Problems panel matches the CLI on the edited file again.
    const expected = cliProblems(workspace);
    assert.ok(!expected.includes(`src/main.rs rust/threads ${line}:1`), 'the CLI still reports the fixed line');
    await untilProblems((shown) => sameSet(shown.filter((p) => p.startsWith('src/main.rs ')), expected.filter((p) => p.startsWith('src/main.rs '))), expected);
    await screenshot('quick-fix-applied');
  });

  it(`opens ${WASM_JOB} in the read-only WASI Ready view: its kind, imports by module and the CLI's findings`, async () => {
    const jobs = explorerRow('jobs');
    if ((await jobs.getAttribute('aria-expanded')) !== 'true') await jobs.click();
    await explorerRow(path.basename(WASM_JOB)).click();
    await page.locator('.tab.active', { hasText: path.basename(WASM_JOB) }).waitFor({ timeout: 30_000 });
    const view = await webview(path.basename(WASM_JOB));
    await view.locator('p', { hasText: 'WebAssembly core module' }).first().waitFor({ timeout: 30_000 });
    await view.locator('.host', { hasText: 'wasi-http' }).locator('.verdict-blocked').waitFor({ timeout: 30_000 });
    await view.getByText('wasi_snapshot_preview1', { exact: false }).first().waitFor({ timeout: 30_000 });
    await view.getByText('path_create_directory', { exact: false }).first().waitFor({ timeout: 30_000 });
    const expected = cliFindings(workspace).filter((f) => f.file === WASM_JOB).map((f) => f.ruleId).sort();
    assert.ok(expected.length > 0, `no CLI finding for ${WASM_JOB}`);
    const shown = (await view.locator('table.findings tbody tr td.mono').allTextContents()).map((t) => t.trim()).sort();
    assert.deepEqual(shown, expected);
    await screenshot('wasm-view');
  });

  it('brings the readiness report tab back after the window reloads, filled from a new scan', async () => {
    await page.locator('.tab', { hasText: 'WASI readiness' }).waitFor({ timeout: 10_000 });
    // As a user reloads: VS Code's own command saves the open editors before the page goes (a bare page reload may not).
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill('>Developer: Reload Window');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Developer: Reload Window' }).first().waitFor({ timeout: 30_000 });
    await Promise.all([page.waitForNavigation({ timeout: 60_000 }), page.keyboard.press('Enter')]);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.locator('.tab', { hasText: 'WASI readiness' }).click({ timeout: 60_000 });
    // The restored tab first says no scan has finished, then its page is replaced when the start-up scan's report
    // comes: the frame is looked up again until one shows the verdict.
    await until(async () => {
      const report = await webview('WASI readiness').catch(() => null);
      return (await report?.locator('.host', { hasText: 'wasi-http' }).locator('.verdict-blocked').count().catch(() => 0) ?? 0) > 0;
    }, 90_000, 'the restored report to show wasi-http blocked');
    await screenshot('readiness-report-restored');
  });

  // ---- helpers (they use the suite's page) ----

  function explorerRow(name: string) {
    return page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) }).first();
  }

  async function screenshot(name: string): Promise<void> {
    step += 1;
    const file = path.join(SCREENSHOTS, `${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    console.log(`      screenshot: ${path.relative(REPO, file)}`);
  }

  /** F1, the command's title, Enter: as a user runs a command. */
  async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 30_000 });
  }

  /** Ctrl+G in the active editor: the cursor goes to line:column and the editor has the focus. */
  async function goToLine(line: number, column: number): Promise<void> {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 30_000 });
    await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: 30_000 });
  }

  /** The lines the active editor renders, top to bottom, as text (Monaco draws spaces as U+00A0). */
  async function editorLines(): Promise<string[]> {
    return page.$$eval('.editor-group-container.active .monaco-editor .view-lines .view-line', (nodes) =>
      nodes
        .map((node) => ({ top: parseFloat((node as HTMLElement).style.top), text: (node.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text),
    );
  }

  /**
   * The Problems panel's wasi-ready markers as "file rule line:column". File rows (level 1) are labelled
   * "N problems in file main.rs of folder src"; marker rows (level 2) show the source, the code (a link to the
   * rule's docs page) and "[Ln l, Col c]". A marker whose link is not its rule's page is reported as such.
   */
  async function problems(): Promise<Problem[]> {
    const rows = await page.$$eval('.markers-panel .monaco-list-row', (nodes) =>
      nodes.map((node) => ({
        level: node.getAttribute('aria-level'),
        label: node.getAttribute('aria-label') ?? '',
        source: node.querySelector('.marker-source')?.textContent ?? '',
        code: node.querySelector('.marker-code')?.textContent ?? '',
        href: node.querySelector('a.monaco-link')?.getAttribute('href') ?? '',
        position: node.querySelector('.marker-line')?.textContent ?? '',
      })),
    );
    const shown: Problem[] = [];
    let file = '';
    for (const row of rows) {
      const fileRow = /problems? in file (.+) of folder (.+)$/.exec(row.label);
      if (row.level === '1' && fileRow) file = fileRow[2] === '.' ? fileRow[1] : `${fileRow[2]}/${fileRow[1]}`;
      const position = /^\[Ln (\d+), Col (\d+)\]$/.exec(row.position);
      if (row.level !== '2' || row.source !== 'wasi-ready' || !position) continue;
      const docs = row.href.endsWith(`/docs/rules/${row.code}.md`) ? '' : ` (docs link ${row.href})`;
      shown.push(`${file} ${row.code} ${position[1]}:${position[2]}${docs}`);
    }
    return shown;
  }

  async function untilProblems(done: (shown: Problem[]) => boolean, expected: Problem[]): Promise<void> {
    let shown: Problem[] = [];
    try {
      await until(async () => done((shown = await problems())), 90_000, 'the Problems panel');
    } catch (error) {
      assert.fail(`${String(error)}\nshown:    ${JSON.stringify(shown.sort())}\nexpected: ${JSON.stringify([...expected].sort())}`);
    }
  }

  /**
   * The document of the webview whose heading is `title`. VS Code draws each webview in an iframe laid over the
   * editor (not inside the editor group's DOM), whose page loads the extension's HTML in a frame of its own.
   */
  async function webview(title: string): Promise<Frame> {
    let found: Frame | undefined;
    await until(async () => {
      for (const frame of page.frames()) {
        const heading = await frame.evaluate(() => document.querySelector('h1')?.textContent ?? null).catch(() => null);
        if (heading?.trim() === title) found = frame;
      }
      return found !== undefined;
    }, 30_000, `a webview headed "${title}"`);
    return found!;
  }
});

/** Under CI=true a missing browser or editor is a failure; elsewhere the suite is skipped, saying why. */
function missing(context: Mocha.Context, what: string): never {
  if (process.env.CI === 'true') throw new Error(`${what} (required under CI=true)`);
  console.log(`      skipped: ${what}`);
  context.skip();
}

function cliFindings(dir: string): Finding[] {
  const result = cli(['check', dir, '--format', 'json'], dir);
  assert.ok(result.code === 0 || result.code === 1, `wasi-ready check failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
}

function cliProblems(dir: string): Problem[] {
  return cliFindings(dir).map((f) => `${f.file} ${f.ruleId} ${f.line}:${f.column}`);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
}
