import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import nodeFs = require('node:fs'); // the module object itself, whose functions a spy can replace
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver/node';
import { CHECK_WORKSPACE_COMMAND, FILE_STATUS_REQUEST, HOSTS_REQUEST, INSPECT_REQUEST, REPORT_REQUEST, SCAN_FINISHED_NOTIFICATION, SHOW_DOCUMENTATION_COMMAND, type HostChoice, type ReportResult, type ScanFinishedParams } from 'wasi-ready/lsp/protocol';
import { REASON_PLACEHOLDER } from 'wasi-ready/lsp/protocol';
import { REASON_PLACEHOLDER as ENGINE_PLACEHOLDER } from 'wasi-ready/engine/suppressions';
import { DETECTORS } from 'wasi-ready/engine/detectors/index';
import type { Detector } from 'wasi-ready/engine/detectors/registry';
import { REPO } from '../support/paths';
import { projectCopy, writeJson } from '../support/projects';
import { brief, TestClient, waitFor } from '../support/lspClient';

const FIXTURE = 'test/fixtures/lsp';
const CHANGED = 2;
const DELETED = 3;
const REASON = REASON_PLACEHOLDER;

/** The server over a real JSON-RPC connection, in-process; a copy of test/fixtures/lsp per suite as the workspace. */
describe('language server', function () {
  this.timeout(120_000);

  describe('a client that pulls diagnostics (VS Code)', () => {
    let project: ReturnType<typeof projectCopy>;
    let client: TestClient;
    const main = () => path.join(project.dir, 'orders', 'src', 'main.rs');
    before(async () => {
      project = projectCopy(FIXTURE, 'ws');
      client = await TestClient.start({ folders: [project.dir], pull: true, settings: () => ({}) });
    });
    after(() => {
      client.dispose();
      project.remove();
    });

    it('announces pull diagnostics, code actions, hover and its commands', () => {
      const capabilities = client.initialized.capabilities;
      assert.deepEqual(capabilities.diagnosticProvider, { identifier: 'wasi-ready', interFileDependencies: true, workspaceDiagnostics: false });
      assert.deepEqual(capabilities.executeCommandProvider, { commands: [CHECK_WORKSPACE_COMMAND, SHOW_DOCUMENTATION_COMMAND] });
      assert.equal(capabilities.hoverProvider, true);
      assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.wasiReady', 'source.fixAll']);
    });

    it('the start-up scan pushes findings for files that are not open, with rule id, docs page and inclusion facts', async () => {
      const journal = await client.lastPublished(path.join(project.dir, 'orders', 'src', 'journal.rs'));
      assert.deepEqual(brief(journal), ['rust/fs-write 6:20 error']);
      assert.equal(journal[0].source, 'wasi-ready');
      assert.match(String(journal[0].codeDescription?.href), /^file:\/\/.*\/docs\/rules\/rust\/fs-write\.md$/);
      assert.match(String(journal[0].message), /^std::fs::OpenOptions.*wasi-http/);
      const go = await client.lastPublished(path.join(project.dir, 'gateway', 'main.go'));
      assert.deepEqual(brief(go), ['go/process 10:14 error']);
      const finished = await waitFor(() => client.notifications.find((n) => n.method === SCAN_FINISHED_NOTIFICATION));
      const summary = finished.params as ScanFinishedParams;
      assert.deepEqual({ files: summary.files, findings: summary.findings, bySeverity: summary.bySeverity, targets: summary.targets }, { files: 6, findings: 8, bySeverity: { error: 8, warning: 0, info: 0 }, targets: ['wasi-http'] });
    });

    it('an open document is analysed from its unsaved text, not from disk', async () => {
      await client.open(main());
      assert.deepEqual(brief(await client.pull(main())), ['rust/fs-write 21:5 error', 'rust/threads 10:20 error', 'rust/threads 8:1 error']);
      const edited = client.text(main()).replace('    let progress = std::thread::spawn(|| report_progress());\n', '    let progress = tokio::task::spawn(async { report_progress() });\n');
      await client.change(main(), edited);
      assert.deepEqual(brief(await client.pull(main())), ['rust/fs-write 21:5 error', 'rust/threads 8:1 error']);
      assert.equal(fs.readFileSync(main(), 'utf8').includes('std::thread::spawn'), true, 'the disk copy is untouched');
    });

    it('closing the document puts the on-disk result back, so problems do not vanish with the tab', async () => {
      const before = client.published.get(client.uri(main()))?.length ?? 0;
      await client.close(main());
      const shown = await client.lastPublished(main(), () => (client.published.get(client.uri(main()))?.length ?? 0) > before);
      assert.deepEqual(brief(shown), ['rust/fs-write 21:5 error', 'rust/threads 10:20 error', 'rust/threads 8:1 error']);
    });

    it('a closed file changed on disk is re-checked; a deleted one is cleared', async () => {
      const journal = path.join(project.dir, 'orders', 'src', 'journal.rs');
      fs.writeFileSync(journal, '/// Journal kept in memory on the edge build.\npub fn append(line: &str) {\n    println!("{line}");\n}\n');
      await client.filesChanged([{ file: journal, type: CHANGED }]);
      assert.deepEqual(await client.lastPublished(journal, (d) => d.length === 0), []);
      const go = path.join(project.dir, 'gateway', 'main.go');
      fs.rmSync(go);
      await client.filesChanged([{ file: go, type: DELETED }]);
      assert.deepEqual(await client.lastPublished(go, (d) => d.length === 0), []);
    });

    it('"Check WASI readiness" rescans with cancellable progress and answers with the number of findings', async () => {
      const progressBefore = client.progress.length;
      const count = await client.command(CHECK_WORKSPACE_COMMAND);
      assert.equal(count, 6); // 8 at start, less journal.rs and main.go
      const kinds = client.progress.slice(progressBefore).map((p) => (p as { value: { kind: string } }).value.kind);
      assert.equal(kinds[0], 'begin');
      assert.equal(kinds[kinds.length - 1], 'end');
      const begin = client.progress[progressBefore] as { value: { title: string; cancellable: boolean } };
      assert.deepEqual({ title: begin.value.title, cancellable: begin.value.cancellable }, { title: 'WASI readiness', cancellable: true });
      assert.ok(client.refreshes > 0, 'pull clients are asked to re-pull open documents');
    });

    it('answers the report, hosts and inspect requests the VS Code client renders', async () => {
      const report = await client.connection.sendRequest(REPORT_REQUEST) as ReportResult;
      assert.equal(report.folders.length, 1);
      const folder = report.folders[0];
      assert.deepEqual(folder.targets, ['wasi-http']);
      assert.deepEqual(folder.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.hosts['wasi-http']}`), [
        'ingest/worker.py:7 python/process error',
        'native/spawn.c:5 c/process error',
        'orders/Cargo.toml:8 dependency/threads error',
        'orders/src/main.rs:8 rust/threads error',
        'orders/src/main.rs:10 rust/threads error',
        'orders/src/main.rs:21 rust/fs-write error',
      ]);
      assert.equal(folder.findings[0].uri, client.uri(path.join(project.dir, 'ingest', 'worker.py')));
      const hosts = await client.connection.sendRequest(HOSTS_REQUEST) as HostChoice[];
      assert.ok(hosts.some((h) => h.id === 'spin' && h.name.startsWith('Spin')));
      const wasm = path.join(project.dir, 'threads.wasm');
      fs.copyFileSync(path.join(REPO, 'examples', 'wat', 'wasi-threads.wasm'), wasm);
      const inspected = await client.connection.sendRequest(INSPECT_REQUEST, { uri: client.uri(wasm) }) as { kind: string; findings: Array<{ ruleId: string }> };
      assert.equal(inspected.kind, 'core');
      assert.ok(inspected.findings.some((f) => f.ruleId === 'binary/threads'));
    });
  });

  describe('a client without pull diagnostics (neovim 0.7)', () => {
    let project: ReturnType<typeof projectCopy>;
    let client: TestClient;
    before(async () => {
      project = projectCopy(FIXTURE, 'ws');
      // Nothing but text sync and pushed diagnostics: no configuration, no folder events.
      client = await TestClient.start({ folders: [project.dir], pull: false, settings: null, folderEvents: false });
    });
    after(() => {
      client.dispose();
      project.remove();
    });

    it('announces no diagnostic provider and pushes an open document\'s diagnostics after each change', async () => {
      assert.equal(client.initialized.capabilities.diagnosticProvider, undefined);
      await waitFor(() => client.notifications.find((n) => n.method === SCAN_FINISHED_NOTIFICATION), 60_000, 'the start-up scan');
      const worker = path.join(project.dir, 'ingest', 'worker.py');
      await client.open(worker);
      assert.deepEqual(brief(await client.lastPublished(worker, (d) => d.length === 1)), ['python/process 7:14 error']);
      await client.change(worker, client.text(worker).replace('import subprocess\n', 'import subprocess\nimport os\n').replace('    return result.returncode\n', '    os.system("sync")\n    return result.returncode\n'));
      const after = await client.lastPublished(worker, (d) => d.length === 2);
      assert.deepEqual(brief(after), ['python/process 8:14 error', 'python/process 9:5 error']);
    });
    it('a settings change pushes open documents again, checked with the new settings', async () => {
      const copy = projectCopy(FIXTURE, 'ws');
      let targets = ['spin'];
      const pushClient = await TestClient.start({ folders: [copy.dir], pull: false, settings: () => ({ targets }) });
      try {
        await waitFor(() => pushClient.notifications.find((n) => n.method === SCAN_FINISHED_NOTIFICATION), 60_000, 'the start-up scan');
        const main = path.join(copy.dir, 'orders', 'src', 'main.rs');
        // Unsaved: a third thread, which the file on disk has not.
        await pushClient.open(main, `${fs.readFileSync(main, 'utf8')}\nfn more() {\n    std::thread::spawn(|| ());\n}\n`);
        assert.deepEqual(brief(await pushClient.lastPublished(main, (d) => d.length === 4)), ['rust/fs-write 21:5 error', 'rust/threads 10:20 error', 'rust/threads 25:5 error', 'rust/threads 8:1 error']);
        // wasmtime run grants files: the open document loses its fs-write with no edit of its own, and keeps its unsaved thread.
        targets = ['wasmtime-run'];
        await pushClient.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
        assert.deepEqual(brief(await pushClient.lastPublished(main, (d) => d.length === 3)), ['rust/threads 10:20 error', 'rust/threads 25:5 error', 'rust/threads 8:1 error']);
      } finally {
        pushClient.dispose();
        copy.remove();
      }
    });
  });

  describe('code actions', () => {
    let project: ReturnType<typeof projectCopy>;
    let client: TestClient;
    before(async () => {
      project = projectCopy(FIXTURE, 'ws');
      client = await TestClient.start({ folders: [project.dir], pull: true, settings: () => ({}) });
    });
    after(() => {
      client.dispose();
      project.remove();
    });

    async function actionsAt(file: string, rule: string, line: number): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
      await client.open(file);
      const diagnostics = await client.pull(file);
      const diagnostic = diagnostics.find((d) => d.code === rule && d.range.start.line === line - 1);
      assert.ok(diagnostic, `${rule} at line ${line} in ${brief(diagnostics).join(', ')}`);
      return { diagnostic, actions: await client.codeActions(file, diagnostic.range, [diagnostic]) };
    }
    const titled = (actions: CodeAction[], title: string): CodeAction => {
      const found = actions.find((a) => a.title === title);
      assert.ok(found, `"${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
      return found;
    };

    it('#[tokio::main] → a current-thread runtime, preferred, and the finding goes away', async () => {
      const main = path.join(project.dir, 'orders', 'src', 'main.rs');
      const { actions } = await actionsAt(main, 'rust/threads', 8);
      assert.deepEqual(actions.map((a) => a.title), [
        'Use tokio\'s current-thread runtime (flavor = "current_thread")',
        'Leave this item out of wasm builds: #[cfg(not(target_os = "wasi"))]',
        'Fix all rust/threads in this file',
        'Suppress rust/threads on this line',
        'Suppress rust/threads in this file',
        'Show documentation for rust/threads',
      ]);
      const fix = actions[0];
      assert.equal(fix.isPreferred, true);
      const all = client.applied(main, titled(actions, 'Fix all rust/threads in this file').edit!);
      assert.deepEqual(all.split('\n').slice(7, 10), ['#[tokio::main(flavor = "current_thread")]', '#[cfg(not(target_os = "wasi"))]', 'async fn main() {']);
      const text = client.applied(main, fix.edit!);
      assert.equal(text.split('\n')[7], '#[tokio::main(flavor = "current_thread")]');
      await client.change(main, text);
      assert.deepEqual(brief(await client.pull(main)), ['rust/fs-write 21:5 error', 'rust/threads 10:20 error']);
    });

    it('the cfg guard goes on the innermost item and makes the use guarded (info)', async () => {
      const main = path.join(project.dir, 'orders', 'src', 'main.rs');
      const { actions } = await actionsAt(main, 'rust/fs-write', 21);
      const guarded = client.applied(main, titled(actions, 'Leave this item out of wasm builds: #[cfg(not(target_os = "wasi"))]').edit!);
      assert.deepEqual(guarded.split('\n').slice(19, 22), ['#[cfg(not(target_os = "wasi"))]', 'pub fn snapshot(path: &str) -> std::io::Result<()> {', '    fs::write(path, b"snapshot")']);
      await client.change(main, guarded);
      assert.deepEqual(brief(await client.pull(main)), ['rust/fs-write 22:5 info', 'rust/threads 10:20 error', 'rust/threads 8:1 error']);
    });

    it('tokio "full" in Cargo.toml → "rt" plus the features the code uses (macros, time)', async () => {
      const manifest = path.join(project.dir, 'orders', 'Cargo.toml');
      const { actions } = await actionsAt(manifest, 'dependency/threads', 8);
      const fix = titled(actions, 'Replace the multi-thread tokio features with "rt" (keeping what the code uses)');
      assert.equal(fix.isPreferred, true);
      const text = client.applied(manifest, fix.edit!);
      assert.equal(text.split('\n')[7], 'tokio = { version = "1.38", features = ["rt", "macros", "time"] }');
      await client.change(manifest, text);
      assert.deepEqual(brief(await client.pull(manifest)), []);
    });

    it('Go: //go:build !wasip1 on the file', async () => {
      const go = path.join(project.dir, 'gateway', 'main.go');
      const { actions } = await actionsAt(go, 'go/process', 10);
      const text = client.applied(go, titled(actions, 'Leave this file out of wasip1 builds: //go:build !wasip1').edit!);
      assert.deepEqual(text.split('\n').slice(0, 3), ['//go:build !wasip1', '', '// Package main is a small gateway that shells out to a resizer.']);
      await client.change(go, text);
      assert.deepEqual(brief(await client.pull(go)), ['go/process 12:14 info']);
    });

    it('Python: the statement under if sys.platform != "wasi", with import sys added', async () => {
      const worker = path.join(project.dir, 'ingest', 'worker.py');
      const { actions } = await actionsAt(worker, 'python/process', 7);
      const text = client.applied(worker, titled(actions, 'Guard this statement with sys.platform != "wasi"').edit!);
      assert.deepEqual(text.split('\n').slice(1, 11), [
        'import json',
        'import subprocess',
        'import sys',
        '',
        '',
        'def convert(path):',
        '    if sys.platform != "wasi":',
        '        result = subprocess.run(["ssconvert", path, path + ".csv"], check=True)',
        '    return result.returncode',
        '',
      ]);
      await client.change(worker, text);
      assert.deepEqual(brief(await client.pull(worker)), ['python/process 9:18 info']);
    });

    it('C: #ifndef __wasi__ around the declaration', async () => {
      const c = path.join(project.dir, 'native', 'spawn.c');
      const { actions } = await actionsAt(c, 'c/process', 5);
      const text = client.applied(c, titled(actions, 'Guard this code with #ifndef __wasi__').edit!);
      assert.deepEqual(text.split('\n').slice(3, 8), ['int run_child(void) {', '#ifndef __wasi__', '    pid_t pid = fork();', '#endif', '    if (pid == 0) {']);
    });

    it('the client and the engine agree on the placeholder a suppression carries until the user gives a reason', () => {
      assert.equal(REASON_PLACEHOLDER, ENGINE_PLACEHOLDER);
    });

    it('suppress on the line writes a directive in the file\'s comment syntax; with a real reason the finding is gone', async () => {
      const worker = path.join(project.dir, 'ingest', 'worker.py');
      await client.change(worker, fs.readFileSync(worker, 'utf8'));
      const diagnostics = await client.pull(worker);
      const actions = await client.codeActions(worker, diagnostics[0].range, diagnostics);
      const text = client.applied(worker, titled(actions, 'Suppress python/process on this line').edit!);
      assert.equal(text.split('\n')[6], `    # wasi-ready-ignore-next-line python/process -- ${REASON}`);
      await client.change(worker, text);
      // The placeholder is not a reason: the directive applies, and says it still needs one.
      const pending = await client.pull(worker);
      assert.deepEqual(brief(pending), ['directive-without-reason 7:5 warning']);
      assert.equal(pending[0].message, 'wasi-ready-ignore-next-line gives no reason: add one after " -- "');
      await client.change(worker, text.replace(REASON, 'the edge build converts through the conversion service'));
      assert.deepEqual(brief(await client.pull(worker)), []);
      const file = client.applied(worker, titled(actions, 'Suppress python/process in this file').edit!);
      assert.equal(file.split('\n')[0], `# wasi-ready-ignore-file python/process -- ${REASON}`);
    });

    it('package.json has no comments: an allow entry in a new wasi-ready.config.json beside it', async () => {
      const api = projectCopy('examples/node-api');
      const apiClient = await TestClient.start({ folders: [api.dir], pull: true, settings: () => ({}) });
      try {
        const manifest = path.join(api.dir, 'package.json');
        await apiClient.open(manifest);
        const diagnostics = await apiClient.pull(manifest);
        const pg = diagnostics.find((d) => d.code === 'dependency/sockets-outbound')!;
        const actions = await apiClient.codeActions(manifest, pg.range, [pg]);
        assert.deepEqual(actions.map((a) => a.title), ['Allow pg for dependency/sockets-outbound in wasi-ready.config.json', 'Show documentation for dependency/sockets-outbound']);
        const edit = actions[0].edit!;
        const config = path.join(api.dir, 'wasi-ready.config.json');
        assert.deepEqual(edit.documentChanges?.[0], { kind: 'create', uri: apiClient.uri(config), options: { ignoreIfExists: true } });
        const written = apiClient.applied(config, edit);
        assert.deepEqual(JSON.parse(written), { allow: [{ package: 'pg', rule: 'dependency/sockets-outbound', reason: REASON }] });
        const docs = await apiClient.command(SHOW_DOCUMENTATION_COMMAND, [pg.codeDescription!.href]);
        assert.equal(docs, true);
        assert.match(apiClient.shown[0], /docs\/rules\/dependency\/sockets-outbound\.md$/);
      } finally {
        apiClient.dispose();
        api.remove();
      }
    });

    it('fix-all answers from the diagnostics pulled for the same version, with no check of its own; after an edit it checks the new text', async () => {
      const copy = projectCopy(FIXTURE, 'ws');
      const main = path.join(copy.dir, 'orders', 'src', 'main.rs');
      let checks = 0;
      const counting: Detector = { name: 'counting', selfContained: false, wants: (file) => file === main, analyze: () => (checks++, { requirements: [], errors: [] }) };
      (DETECTORS as Detector[]).push(counting);
      const fixClient = await TestClient.start({ folders: [copy.dir], pull: true, settings: () => ({}) });
      const fixAll = async (): Promise<string> => {
        const actions = await fixClient.codeActions(main, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
        assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.wasiReady']);
        return fixClient.applied(main, actions[0].edit!);
      };
      try {
        await waitFor(() => fixClient.notifications.find((n) => n.method === SCAN_FINISHED_NOTIFICATION));
        await fixClient.open(main);
        await fixClient.pull(main);
        const pulled = checks;
        const original = fs.readFileSync(main, 'utf8');
        assert.equal(await fixAll(), original.replace('#[tokio::main]', '#[tokio::main(flavor = "current_thread")]'));
        assert.equal(checks, pulled, 'the pulled diagnostics were used');
        // An edit the client has not pulled for yet: the fix is placed in the new text.
        const edited = `// edited\n${original}`;
        await fixClient.change(main, edited);
        assert.equal(await fixAll(), edited.replace('#[tokio::main]', '#[tokio::main(flavor = "current_thread")]'));
        assert.equal(checks, pulled + 1, 'the new version was checked once');
      } finally {
        (DETECTORS as Detector[]).pop();
        fixClient.dispose();
        copy.remove();
      }
    });

    it('source.fixAll.wasiReady applies the safe fixes only (tokio), never a guard', async () => {
      const main = path.join(project.dir, 'orders', 'src', 'main.rs');
      await client.change(main, fs.readFileSync(main, 'utf8'));
      const actions = await client.codeActions(main, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
      assert.deepEqual(actions.map((a) => [a.title, a.kind]), [['Fix all wasi-ready problems that have a safe fix', 'source.fixAll.wasiReady']]);
      const text = client.applied(main, actions[0].edit!);
      assert.equal(text, fs.readFileSync(main, 'utf8').replace('#[tokio::main]', '#[tokio::main(flavor = "current_thread")]'));
    });
  });

  describe('settings, hover and bad input', () => {
    let project: ReturnType<typeof projectCopy>;
    let client: TestClient;
    let settings: Record<string, unknown> = { targets: ['wasmtime-run'], severity: { 'rust/threads': 'warning' } };
    before(async () => {
      project = projectCopy(FIXTURE, 'ws');
      client = await TestClient.start({ folders: [project.dir], pull: true, settings: () => settings });
    });
    after(() => {
      client.dispose();
      project.remove();
    });

    it('targets and severity per rule come from the folder\'s settings', async () => {
      const main = path.join(project.dir, 'orders', 'src', 'main.rs');
      await client.open(main);
      const diagnostics = await client.pull(main);
      // wasmtime run grants files: the fs write is fine there; threads are at the level the settings give.
      assert.deepEqual(brief(diagnostics), ['rust/threads 10:20 warning', 'rust/threads 8:1 warning']);
      assert.match(String(diagnostics[0].message), /wasmtime-run/);
    });

    it('a changed setting applies from the next pull on (an extra exclude)', async () => {
      settings = { exclude: ['orders/src'] };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const main = path.join(project.dir, 'orders', 'src', 'main.rs');
      assert.deepEqual(brief(await client.pull(main)), []);
      settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    });

    it('hover on a dependency line says what the package needs, why, the source and the alternative', async () => {
      const api = projectCopy('examples/node-api');
      const apiClient = await TestClient.start({ folders: [api.dir], pull: true, settings: () => ({}) });
      try {
        const manifest = path.join(api.dir, 'package.json');
        await apiClient.open(manifest);
        const hover = await apiClient.hover(manifest, 15, 8);
        const value = (hover?.contents as MarkupContent).value;
        assert.match(value, /^\*\*pg\*\* 8\.\d+\.\d+ needs `sockets-outbound`/);
        assert.match(value, /\nWhy: .+/);
        assert.match(value, /\nInstead: .+/);
        assert.match(value, /\nSource: \S+/);
        assert.equal(await apiClient.hover(manifest, 14, 8), null, 'express needs nothing');
      } finally {
        apiClient.dispose();
        api.remove();
      }
    });

    it('hover answers from the diagnostics last reported for the open document, with no check of its own', async () => {
      const copy = projectCopy(FIXTURE, 'ws');
      const manifest = path.join(copy.dir, 'orders', 'Cargo.toml');
      let checks = 0;
      const counting: Detector = { name: 'counting', selfContained: false, wants: (file) => file === manifest, analyze: () => (checks++, { requirements: [], errors: [] }) };
      (DETECTORS as Detector[]).push(counting);
      const hoverClient = await TestClient.start({ folders: [copy.dir], pull: true, settings: () => ({}) });
      try {
        await waitFor(() => hoverClient.notifications.find((n) => n.method === SCAN_FINISHED_NOTIFICATION));
        await hoverClient.open(manifest);
        const [tokio] = await hoverClient.pull(manifest);
        assert.deepEqual(brief([tokio]), ['dependency/threads 8:41 error']);
        const pulled = checks;
        const hover = await hoverClient.hover(manifest, 7, 3);
        const lines = (hover?.contents as MarkupContent).value.split('\n');
        assert.equal(lines[0], '**tokio** needs `threads`');
        assert.match(lines[lines.length - 1], /^\[dependency\/threads\]\(file:\/\/.*\/docs\/rules\/dependency\/threads\.md\)$/);
        assert.deepEqual(hover?.range, tokio.range);
        await hoverClient.change(manifest, hoverClient.text(manifest).replace('features = ["full"]', 'features = ["rt"]'));
        assert.deepEqual(await hoverClient.pull(manifest), []);
        assert.equal(await hoverClient.hover(manifest, 7, 3), null, 'the edit removed the finding');
        assert.equal(checks, pulled + 1, 'the second pull checked the manifest; neither hover did');
        await hoverClient.close(manifest);
        const closed = await hoverClient.hover(manifest, 7, 3);
        assert.equal((closed?.contents as MarkupContent | undefined)?.value.split('\n')[0], '**tokio** needs `threads`', 'closed: the file as it is on disk');
      } finally {
        (DETECTORS as Detector[]).pop();
        hoverClient.dispose();
        copy.remove();
      }
    });

    it('a broken manifest or binary is a located error; the server keeps serving', async () => {
      const manifest = path.join(project.dir, 'orders', 'Cargo.toml');
      await client.open(manifest, '[package]\nname = "orders"\nversion = \n');
      const diagnostics = await client.pull(manifest);
      assert.equal(diagnostics.length, 1);
      assert.match(String(diagnostics[0].message), /^wasi-ready could not check this file: cannot parse Cargo\.toml at 3:\d+/);
      const wasm = path.join(project.dir, 'broken.wasm');
      fs.writeFileSync(wasm, Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 0xff]));
      await client.filesChanged([{ file: wasm, type: 1 }]);
      const published = await client.lastPublished(wasm);
      assert.match(String(published[0].message), /^wasi-ready could not check this file: /);
      const main = path.join(project.dir, 'orders', 'src', 'main.rs');
      await client.open(main);
      assert.ok((await client.pull(main)).length > 0, 'still serving');
    });

    it('a broken wasi-ready.config.json is reported in that file, at the key', async () => {
      writeJson(path.join(project.dir, 'wasi-ready.config.json'), { tagrets: ['spin'] });
      await client.filesChanged([{ file: path.join(project.dir, 'wasi-ready.config.json'), type: 1 }]);
      const published = await client.lastPublished(path.join(project.dir, 'wasi-ready.config.json'));
      assert.deepEqual(published.map((d) => [d.range.start.line, d.range.start.character, d.message]), [[1, 2, 'unknown key "tagrets"']]);
    });
  });

  describe('why a file is not checked (wasiReady/fileStatus)', () => {
    it('names what keeps a file out: no detector, a config\'s exclude or include, the editor\'s exclude; and says when a test file\'s findings are left out', async () => {
      const copy = projectCopy(FIXTURE, 'ws');
      writeJson(path.join(copy.dir, 'orders', 'wasi-ready.config.json'), { exclude: ['src/journal.rs'] });
      writeJson(path.join(copy.dir, 'gateway', 'wasi-ready.config.json'), { include: ['src/**'] });
      fs.mkdirSync(path.join(copy.dir, 'orders', 'tests'));
      fs.writeFileSync(path.join(copy.dir, 'orders', 'tests', 'intake.rs'), '#[test]\nfn intake() {}\n');
      fs.writeFileSync(path.join(copy.dir, 'gateway', 'build.go'), 'package main\n');
      const statusClient = await TestClient.start({ folders: [copy.dir], pull: true, settings: () => ({ exclude: ['ingest/**'], includeTests: false }) });
      const status = (file: string) => statusClient.connection.sendRequest(FILE_STATUS_REQUEST, { uri: statusClient.uri(path.join(copy.dir, file)) });
      try {
        assert.deepEqual(await status('orders/src/main.rs'), { checked: true });
        assert.deepEqual(await status('orders/src/journal.rs'), { checked: false, reason: 'excluded by "exclude" in orders/wasi-ready.config.json' });
        assert.deepEqual(await status('gateway/build.go'), { checked: false, reason: 'not among the files "include" names in gateway/wasi-ready.config.json' });
        assert.deepEqual(await status('ingest/worker.py'), { checked: false, reason: 'excluded by the editor\'s wasiReady.exclude setting' });
        assert.deepEqual(await status('orders/tests/intake.rs'), { checked: true, reason: 'test code by its path: its source findings are left out (the wasiReady.includeTests setting is off)' });
        assert.deepEqual(await status('orders/README.md'), { checked: false, reason: 'no wasi-ready detector reads this kind of file' });
      } finally {
        statusClient.dispose();
        copy.remove();
      }
    });
  });

  describe('multi-root workspaces, inclusion paths and a detector that throws', () => {
    let root: string;
    before(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-ready-lsp-'));
      // Two workspace folders, each its own project with its own host manifest.
      fs.cpSync(path.join(REPO, FIXTURE, 'orders'), path.join(root, 'spin-orders'), { recursive: true });
      fs.writeFileSync(path.join(root, 'spin-orders', 'spin.toml'), 'spin_manifest_version = 2\n\n[application]\nname = "orders"\ntargets = ["spin-up:3.4"]\n');
      fs.cpSync(path.join(REPO, FIXTURE, 'orders'), path.join(root, 'fastly-orders'), { recursive: true });
      fs.writeFileSync(path.join(root, 'fastly-orders', 'fastly.toml'), 'manifest_version = 3\nname = "orders"\nlanguage = "rust"\n');
      // An npm project whose native addon comes in through another package.
      const jobs = path.join(root, 'jobs');
      fs.mkdirSync(jobs);
      writeJson(path.join(jobs, 'package.json'), { name: 'jobs', version: '1.0.0', dependencies: { msgpackr: '^1.11.0' } });
      writeJson(path.join(jobs, 'package-lock.json'), {
        name: 'jobs', version: '1.0.0', lockfileVersion: 3, requires: true,
        packages: {
          '': { name: 'jobs', version: '1.0.0', dependencies: { msgpackr: '^1.11.0' } },
          'node_modules/msgpackr': { version: '1.11.5', optionalDependencies: { 'msgpackr-extract': '^3.0.2' } },
          'node_modules/msgpackr-extract': { version: '3.0.3', hasInstallScript: true, optional: true, dependencies: { 'node-gyp-build-optional-packages': '5.2.2' }, optionalDependencies: { '@msgpackr-extract/msgpackr-extract-linux-x64': '3.0.3' } },
          'node_modules/@msgpackr-extract/msgpackr-extract-linux-x64': { version: '3.0.3', optional: true, os: ['linux'], cpu: ['x64'] },
          'node_modules/node-gyp-build-optional-packages': { version: '5.2.2', optional: true },
        },
      });
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    it('each workspace folder is judged against its own project\'s hosts; the report has one entry per folder', async () => {
      const client = await TestClient.start({ folders: [path.join(root, 'spin-orders'), path.join(root, 'fastly-orders')], pull: true, settings: () => ({}) });
      try {
        await waitFor(() => client.notifications.find((n) => n.method === SCAN_FINISHED_NOTIFICATION));
        const spin = await client.lastPublished(path.join(root, 'spin-orders', 'src', 'journal.rs'));
        const fastly = await client.lastPublished(path.join(root, 'fastly-orders', 'src', 'journal.rs'));
        assert.match(String(spin[0].message), /spin@3\.4/);
        assert.match(String(fastly[0].message), /fastly-compute/);
        const report = await client.connection.sendRequest(REPORT_REQUEST) as ReportResult;
        assert.deepEqual(report.folders.map((f) => [f.name, f.targets]), [['spin-orders', ['spin@3.4']], ['fastly-orders', ['fastly-compute']]]);
      } finally {
        client.dispose();
      }
    });

    it('each workspace folder is checked with its own settings (workspace/configuration scoped to the folder)', async () => {
      const spin = path.join(root, 'settings-spin');
      const wasmtime = path.join(root, 'settings-wasmtime');
      for (const folder of [spin, wasmtime]) fs.cpSync(path.join(REPO, FIXTURE, 'orders'), folder, { recursive: true });
      const targets: Record<string, string[]> = { [spin]: ['spin'], [wasmtime]: ['wasmtime-run'] };
      const client = await TestClient.start({ folders: [spin, wasmtime], pull: true, settings: (folder) => ({ targets: targets[folder] }) });
      try {
        // The start-up scan, for files that are not open; wasmtime run grants files, Spin mounts them read-only.
        assert.deepEqual(brief(await client.lastPublished(path.join(spin, 'src', 'journal.rs'))), ['rust/fs-write 6:20 error']);
        await waitFor(() => client.notifications.find((n) => n.method === SCAN_FINISHED_NOTIFICATION));
        assert.equal(client.published.get(client.uri(path.join(wasmtime, 'src', 'journal.rs'))), undefined);
        // An open document, pulled.
        for (const folder of [spin, wasmtime]) await client.open(path.join(folder, 'src', 'main.rs'));
        const spinMain = await client.pull(path.join(spin, 'src', 'main.rs'));
        assert.deepEqual(brief(spinMain), ['rust/fs-write 21:5 error', 'rust/threads 10:20 error', 'rust/threads 8:1 error']);
        assert.match(String(spinMain.find((d) => d.code === 'rust/fs-write')?.message), /: spin mounts files read-only;/);
        assert.deepEqual(brief(await client.pull(path.join(wasmtime, 'src', 'main.rs'))), ['rust/threads 10:20 error', 'rust/threads 8:1 error']);
        const report = await client.connection.sendRequest(REPORT_REQUEST) as ReportResult;
        assert.deepEqual(report.folders.map((f) => [f.name, f.targets]), [['settings-spin', ['spin']], ['settings-wasmtime', ['wasmtime-run']]]);
      } finally {
        client.dispose();
      }
    });

    it('a dependency brought in by another carries its inclusion path as related information, on the lockfile entries', async () => {
      const client = await TestClient.start({ folders: [path.join(root, 'jobs')], pull: true, settings: () => ({ targets: ['spin'] }) });
      try {
        const manifest = path.join(root, 'jobs', 'package.json');
        await client.open(manifest);
        const [diagnostic] = await client.pull(manifest);
        assert.equal(diagnostic.code, 'dependency/native-code');
        const lock = client.uri(path.join(root, 'jobs', 'package-lock.json'));
        const lockLines = fs.readFileSync(path.join(root, 'jobs', 'package-lock.json'), 'utf8').split('\n');
        const lineOf = (key: string) => lockLines.findIndex((l) => l.includes(`"${key}": {`));
        assert.deepEqual(diagnostic.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [
          [lock, lineOf('node_modules/msgpackr'), 'msgpackr ← package.json'],
          [lock, lineOf('node_modules/msgpackr-extract'), 'msgpackr-extract@3.0.3 ← msgpackr'],
        ]);
      } finally {
        client.dispose();
      }
    });

    it('an inclusion path is placed only on lockfiles inside the workspace folder: one above it is never read', async () => {
      // pip-compile output has no lockfile the locator knows, so it would walk up to the npm lockfile above the folder.
      const folder = path.join(root, 'above', 'pip-compiled');
      fs.cpSync(path.join(REPO, 'test', 'fixtures', 'pypi', 'pip-compiled'), folder, { recursive: true });
      const above = path.join(root, 'above', 'package-lock.json');
      writeJson(above, { name: 'other', lockfileVersion: 3, packages: { 'node_modules/redis': { version: '4.7.0' }, 'node_modules/hiredis': { version: '0.5.0' } } });
      const touched = pathsTouched(above);
      const client = await TestClient.start({ folders: [folder], pull: true, settings: () => ({ targets: ['fastly-compute'] }) });
      try {
        const manifest = path.join(folder, 'requirements.txt');
        await client.open(manifest);
        const hiredis = (await client.pull(manifest)).find((d) => d.message.toString().startsWith('hiredis'));
        assert.deepEqual(hiredis?.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [
          [client.uri(manifest), 14, 'redis ← requirements.txt'],
          [client.uri(manifest), 14, 'hiredis@2.3.2 ← redis'],
        ]);
        await waitFor(() => client.notifications.find((n) => n.method === SCAN_FINISHED_NOTIFICATION));
        assert.deepEqual(touched.calls, [], 'neither the pull nor the start-up scan looked at it');
      } finally {
        touched.stop();
        client.dispose();
      }
    });

    it('an inclusion path is placed on its own ecosystem\'s lockfile, not on another project\'s beside it', async () => {
      // A Poetry project with an npm lockfile beside it that names the same packages.
      const folder = path.join(root, 'poetry-beside-npm');
      fs.cpSync(path.join(REPO, 'test', 'fixtures', 'pypi', 'poetry-worker'), folder, { recursive: true });
      writeJson(path.join(folder, 'package-lock.json'), { name: 'ui', lockfileVersion: 3, packages: { 'node_modules/requests': { version: '1.0.0' }, 'node_modules/urllib3': { version: '1.0.0' } } });
      const client = await TestClient.start({ folders: [folder], pull: true, settings: () => ({ targets: ['fastly-compute'] }) });
      try {
        const manifest = path.join(folder, 'pyproject.toml');
        await client.open(manifest);
        const urllib3 = (await client.pull(manifest)).find((d) => d.message.toString().startsWith('urllib3'));
        const lock = path.join(folder, 'poetry.lock');
        const lockLines = fs.readFileSync(lock, 'utf8').split('\n');
        assert.deepEqual(urllib3?.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.message]), [
          [client.uri(lock), lockLines.indexOf('name = "requests"'), 'requests ← pyproject.toml'],
          [client.uri(lock), lockLines.indexOf('name = "urllib3"'), 'urllib3@2.2.2 ← requests'],
        ]);
        assert.ok(lockLines.indexOf('name = "urllib3"') > 0);
      } finally {
        client.dispose();
      }
    });

    it('a detector that throws on a file gives that file an error; the other files and the server go on', async () => {
      const throwing: Detector = { name: 'broken', selfContained: false, wants: (file) => file.endsWith('journal.rs'), analyze: () => { throw new Error('boom'); } };
      (DETECTORS as Detector[]).push(throwing);
      const client = await TestClient.start({ folders: [path.join(root, 'spin-orders')], pull: true, settings: () => ({}) });
      try {
        const journal = path.join(root, 'spin-orders', 'src', 'journal.rs');
        await client.open(journal);
        const diagnostics = await client.pull(journal);
        assert.deepEqual(diagnostics.map((d) => d.code ?? String(d.message)).sort(), [
          'rust/fs-write',
          'wasi-ready could not check this file: internal error: the broken detector failed on this file (boom); please report it',
        ], 'the error, and the Rust detector still reports the file');
        const main = path.join(root, 'spin-orders', 'src', 'main.rs');
        await client.open(main);
        assert.ok((await client.pull(main)).length > 0);
      } finally {
        (DETECTORS as Detector[]).pop();
        client.dispose();
      }
    });
  });
});

/** Records the fs calls (stat, exists, read) the process makes on `file` until stop(). */
function pathsTouched(file: string): { calls: string[]; stop(): void } {
  const calls: string[] = [];
  const methods = ['statSync', 'existsSync', 'readFileSync'] as const;
  const originals = methods.map((name) => nodeFs[name]);
  methods.forEach((name, i) => {
    const original = originals[i] as (...args: unknown[]) => unknown;
    (nodeFs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      if (path.resolve(String(args[0])) === file) calls.push(name);
      return original.apply(nodeFs, args);
    };
  });
  return { calls, stop: () => methods.forEach((name, i) => ((nodeFs as unknown as Record<string, unknown>)[name] = originals[i])) };
}
