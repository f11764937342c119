import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, createConnection, DiagnosticSeverity, DidChangeWatchedFilesNotification, DocumentDiagnosticReportKind, FileChangeType, LSPErrorCodes,
  ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind, type CancellationToken, type Connection, type Diagnostic,
  type DocumentDiagnosticReport, type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileStatus } from '../engine/fileStatus';
import { wanted } from '../engine/scan';
import { inspect } from '../engine/inspect';
import { knowledge, type Knowledge } from '../engine/knowledge/load';
import { Analyzer, fileUri, ScanCancelled, type Checked } from './analyzer';
import { codeActions, FIX_ALL_KIND } from './codeActions';
import { hover } from './hover';
import {
  CHECK_WORKSPACE_COMMAND, FILE_STATUS_REQUEST, HOSTS_REQUEST, INSPECT_REQUEST, REPORT_REQUEST, SCAN_FINISHED_NOTIFICATION, SHOW_DOCUMENTATION_COMMAND,
  type FileStatusParams, type FileStatusResult, type HostChoice, type InspectParams, type ReportResult, type ScanFinishedParams,
} from './protocol';
import { toReportResult, type FolderScan } from './report';
import { checkOptions, SettingsStore } from './settings';

export { CHECK_WORKSPACE_COMMAND };

/** Files whose change changes what other files are judged against: a config, a host manifest, a lockfile. */
const PROJECT_FILES = new Set(['wasi-ready.config.json', 'spin.toml', 'fastly.toml', 'wadm.yaml', 'wasmcloud.toml', 'wrangler.toml']);
const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'Cargo.lock', 'go.sum', 'go.work']);
/** Wait this long after the last keystroke before analysing for clients without pull diagnostics. */
const PUSH_DELAY_MS = 150;

interface Folder {
  uri: string;
  name: string;
  path: string;
}

/**
 * The language server. Open documents are analysed from their unsaved text: pulled (textDocument/diagnostic)
 * by clients that pull, pushed after each change to clients that do not (neovim 0.7). A workspace scan
 * ("Check WASI readiness", and once at start) covers every file; its results are pushed for files that are not
 * open and stay until those files change or are deleted — closing a file puts its last on-disk result back.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all), kb: Knowledge = knowledge()): Connection {
  const documents = new TextDocuments(TextDocument);
  const analyzer = new Analyzer(kb);
  let folders: Folder[] = [];
  let pull = false;
  let progressSupported = false;
  let configurationSupported = false;
  let watchRegistration = false;
  let folderEvents = false;
  const settings = new SettingsStore(connection, () => configurationSupported);

  /** Diagnostics of files as they are on disk, from the last workspace scan and later re-checks, by absolute path. */
  const onDisk = new Map<string, Diagnostic[]>();
  /**
   * What each open document was last reported to have (pulled or pushed), at which version, by URI, until it
   * closes or the settings change: hover and code actions answer from these, so they agree with what the editor
   * shows and run no check of their own (code actions only at the same version: their edits need today's offsets).
   */
  const reported = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  /** Files we pushed diagnostics for (so they can be cleared). */
  const pushed = new Set<string>();
  const scans = new Map<string, FolderScan>();
  let lastScan: { at: string; ms: number } | null = null;
  let running: { cancel(): void; done: Promise<unknown> } | null = null;
  const pending = new Map<string, NodeJS.Timeout>();

  const folderOf = (file: string): Folder => {
    let best: Folder | null = null;
    for (const folder of folders) {
      const relative = path.relative(folder.path, file);
      if ((relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) && (!best || folder.path.length > best.path.length)) best = folder;
    }
    // A file outside every workspace folder is checked on its own, its folder standing in for the workspace.
    return best ?? { uri: fileUri(path.dirname(file)), name: path.basename(path.dirname(file)), path: path.dirname(file) };
  };
  const openText = (file: string): string | undefined => documents.get(fileUri(file))?.getText();
  const log = (message: string): void => connection.console.error(`wasi-ready: ${message}`);

  const publish = async (file: string, diagnostics: Diagnostic[]): Promise<void> => {
    if (diagnostics.length === 0 && !pushed.has(file)) return;
    if (diagnostics.length === 0) pushed.delete(file);
    else pushed.add(file);
    await connection.sendDiagnostics({ uri: fileUri(file), diagnostics });
  };

  /** What a file shows when nothing newer is known: its on-disk result, unless it is open and pulled. */
  const publishStored = async (file: string): Promise<void> => {
    if (pull && documents.get(fileUri(file))) return publish(file, []);
    if (!pull && documents.get(fileUri(file))) return; // the document's own analysis is pushed
    await publish(file, onDisk.get(file) ?? []);
  };

  const checkDocument = async (file: string, text: string | undefined): Promise<Diagnostic[]> => {
    const folder = folderOf(file);
    try {
      const checked = await analyzer.checkFile(folder.path, file, text, await settings.forFolder(folder.uri));
      if (checked.configError) return configErrorDiagnostics(checked, file);
      return checked.byFile.get(file) ?? [];
    } catch (error) {
      log(`checking ${file} failed: ${describe(error)}`);
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'wasi-ready', message: `wasi-ready failed on this file: ${describe(error)}` }];
    }
  };

  /** Re-checks a closed file from disk (it changed there) and shows the result. */
  const recheckOnDisk = async (file: string): Promise<void> => {
    const diagnostics = await checkDocument(file, undefined);
    if (diagnostics.length > 0) onDisk.set(file, diagnostics);
    else onDisk.delete(file);
    await publishStored(file);
  };

  const scanAll = async (): Promise<number> => {
    if (running) {
      running.cancel();
      await running.done.catch(() => undefined);
    }
    let cancelled = false;
    const done = runScan(() => cancelled);
    running = { cancel: () => (cancelled = true), done };
    try {
      return await done;
    } finally {
      if (running?.done === done) running = null;
    }
  };

  const runScan = async (isCancelled: () => boolean): Promise<number> => {
    const started = Date.now();
    const reporter = progressSupported ? await connection.window.createWorkDoneProgress() : null;
    reporter?.begin('WASI readiness', 0, 'listing files', true);
    const open = new Map(documents.all().map((d) => [fileURLToPath(d.uri), d.getText()] as [string, string]));
    const byFile = new Map<string, Diagnostic[]>();
    let count = 0;
    let lastYield = Date.now();
    try {
      for (const [index, folder] of folders.entries()) {
        const checked = await analyzer.checkFolder(folder.path, open, await settings.forFolder(folder.uri), {
          isCancelled: () => isCancelled() || reporter?.token.isCancellationRequested === true,
          report: async (done, total) => {
            // Let edits, pulls and hovers in while a large workspace is scanned.
            if (Date.now() - lastYield > 30) {
              reporter?.report(Math.floor(((index + done / total) / folders.length) * 100), `${folder.name}: ${done} / ${total} files`);
              await new Promise((resolve) => setImmediate(resolve));
              lastYield = Date.now();
            }
          },
        });
        for (const [file, diagnostics] of checked.byFile) {
          // A nested workspace folder scans its own files.
          if (folderOf(file).path !== folder.path) continue;
          byFile.set(file, diagnostics);
        }
        if (checked.configError?.file) byFile.set(checked.configError.file, configErrorDiagnostics(checked, checked.configError.file));
        else if (checked.configError) void connection.window.showErrorMessage(`wasi-ready: ${checked.configError.message}`);
        scans.set(folder.uri, { folder: folder.path, name: folder.name, uri: folder.uri, result: checked.result });
        count += checked.result?.findings.filter((f) => folderOf(path.resolve(folder.path, f.file)).path === folder.path).length ?? 0;
      }
    } catch (error) {
      reporter?.done();
      if (error instanceof ScanCancelled) return -1;
      throw error;
    }
    reporter?.done();
    const stale = [...onDisk.keys()].filter((file) => !byFile.has(file));
    onDisk.clear();
    for (const [file, diagnostics] of byFile) if (diagnostics.length > 0) onDisk.set(file, diagnostics);
    for (const file of new Set([...stale, ...pushed, ...byFile.keys()])) await publishStored(file);
    // What changed the scan (settings, a project file) may change open documents too: pulled again, or pushed again.
    if (pull) void connection.languages.diagnostics.refresh().then(undefined, () => undefined);
    else for (const document of documents.all()) schedulePush(document, 0);
    lastScan = { at: new Date().toISOString(), ms: Date.now() - started };
    await connection.sendNotification(SCAN_FINISHED_NOTIFICATION, scanSummary());
    return count;
  };

  const scanSummary = (): ScanFinishedParams => {
    const report = toReportResult([...scans.values()], lastScan!);
    const all = report.folders.flatMap((f) => f.findings);
    return {
      scannedAt: report.scannedAt, ms: report.ms,
      files: report.folders.reduce((n, f) => n + f.files, 0),
      findings: all.length,
      errors: report.folders.reduce((n, f) => n + f.errors.length, 0),
      bySeverity: { error: all.filter((f) => f.severity === 'error').length, warning: all.filter((f) => f.severity === 'warning').length, info: all.filter((f) => f.severity === 'info').length },
      targets: [...new Set(report.folders.flatMap((f) => f.targets))],
    };
  };

  const scanInBackground = (): void => {
    scanAll().catch((error) => log(`workspace scan failed: ${describe(error)}`));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    folders = (params.workspaceFolders ?? []).map((f) => ({ uri: f.uri, name: f.name, path: fileURLToPath(f.uri) }));
    if (folders.length === 0 && params.rootUri) folders = [{ uri: params.rootUri, name: path.basename(fileURLToPath(params.rootUri)), path: fileURLToPath(params.rootUri) }];
    pull = params.capabilities.textDocument?.diagnostic !== undefined;
    progressSupported = params.capabilities.window?.workDoneProgress === true;
    configurationSupported = params.capabilities.workspace?.configuration === true;
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        ...(pull ? { diagnosticProvider: { identifier: 'wasi-ready', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll] },
        hoverProvider: true,
        executeCommandProvider: { commands: [CHECK_WORKSPACE_COMMAND, SHOW_DOCUMENTATION_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'wasi-ready' },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).then(undefined, () => undefined);
    }
    // vscode-languageserver throws here for a client that did not announce folder events (neovim 0.7 does not).
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((f) => f.uri));
        folders = [...folders.filter((f) => !removed.has(f.uri)), ...event.added.map((f) => ({ uri: f.uri, name: f.name, path: fileURLToPath(f.uri) }))];
        for (const uri of removed) scans.delete(uri);
        scanInBackground();
      });
    }
    scanInBackground();
  });

  documents.onDidOpen(({ document }) => {
    const file = fileURLToPath(document.uri);
    if (pull) void publish(file, []); // the client pulls the open document's own diagnostics
    else schedulePush(document, 0);
  });
  documents.onDidChangeContent(({ document }) => {
    if (!pull) schedulePush(document, PUSH_DELAY_MS);
  });
  documents.onDidClose(({ document }) => {
    const file = fileURLToPath(document.uri);
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    reported.delete(document.uri);
    // Unsaved edits are gone: what stays in the Problems panel is the file as it is on disk.
    if (wanted(file)) void recheckOnDisk(file).catch((error) => log(describe(error)));
    else void publish(file, []);
  });

  const schedulePush = (document: TextDocument, delay: number): void => {
    clearTimeout(pending.get(document.uri));
    pending.set(document.uri, setTimeout(() => {
      pending.delete(document.uri);
      const version = document.version;
      const file = fileURLToPath(document.uri);
      void checkDocument(file, document.getText()).then(async (diagnostics) => {
        const current = documents.get(document.uri);
        if (!current || current.version !== version) return; // a newer edit is on its way
        reported.set(document.uri, { version, diagnostics });
        await publish(file, diagnostics);
      });
    }, delay));
  };

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const document = documents.get(params.textDocument.uri);
    const file = fileURLToPath(params.textDocument.uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: onDisk.get(file) ?? [] };
    const version = document.version;
    const diagnostics = await checkDocument(file, document.getText());
    if (token.isCancellationRequested || documents.get(params.textDocument.uri)?.version !== version) {
      throw new ResponseError(LSPErrorCodes.ServerCancelled, 'the document changed while it was checked', { retriggerRequest: true });
    }
    reported.set(params.textDocument.uri, { version, diagnostics });
    return { kind: DocumentDiagnosticReportKind.Full, items: diagnostics };
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    let rescan = false;
    const recheck = new Set<string>();
    for (const change of changes) {
      const file = fileURLToPath(change.uri);
      const name = path.basename(file);
      if (PROJECT_FILES.has(name)) rescan = true;
      else if (LOCKFILES.has(name)) for (const manifest of ['package.json', 'Cargo.toml', 'go.mod']) recheck.add(path.join(path.dirname(file), manifest));
      else if (change.type === FileChangeType.Deleted) {
        onDisk.delete(file);
        await publish(file, []);
      } else if (wanted(file) && !documents.get(change.uri)) recheck.add(file);
    }
    if (rescan) return scanInBackground();
    for (const file of recheck) {
      if (documents.get(fileUri(file))) continue;
      if (wanted(file)) await recheckOnDisk(file).catch((error) => log(describe(error)));
    }
    if (pull && recheck.size > 0) void connection.languages.diagnostics.refresh().then(undefined, () => undefined);
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    reported.clear();
    scanInBackground();
    if (pull) void connection.languages.diagnostics.refresh().then(undefined, () => undefined);
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === CHECK_WORKSPACE_COMMAND) return scanAll();
    if (params.command === SHOW_DOCUMENTATION_COMMAND && typeof params.arguments?.[0] === 'string') {
      return connection.window.showDocument({ uri: params.arguments[0], takeFocus: true }).then((r) => r.success, () => false);
    }
    return undefined;
  });

  connection.onCodeAction(async (params, token: CancellationToken) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const file = fileURLToPath(document.uri);
    const folder = folderOf(file);
    const fixAll = params.context.only?.some((kind) => kind.startsWith(CodeActionKind.SourceFixAll)) === true;
    const ours = params.context.diagnostics.some((d) => d.source === 'wasi-ready');
    const known = reported.get(document.uri);
    const all = fixAll || ours ? (known?.version === document.version ? known.diagnostics : await checkDocument(file, document.getText())) : null;
    if (token.isCancellationRequested) return [];
    return codeActions({ document, file, folder: folder.path, range: params.range, diagnostics: params.context.diagnostics, only: params.context.only, fileDiagnostics: all, openText });
  });

  connection.onHover(async (params) => {
    const file = fileURLToPath(params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    const diagnostics = reported.get(params.textDocument.uri)?.diagnostics ?? (document ? await checkDocument(file, document.getText()) : onDisk.get(file) ?? []);
    return hover(kb, diagnostics, params.position);
  });

  connection.onRequest(FILE_STATUS_REQUEST, async (params: FileStatusParams): Promise<FileStatusResult> => {
    const file = fileURLToPath(params.uri);
    const folder = folderOf(file);
    return fileStatus(file, folder.path, { overrides: checkOptions(await settings.forFolder(folder.uri)).overrides, knowledge: kb });
  });
  connection.onRequest(REPORT_REQUEST, (): ReportResult | null => (lastScan ? toReportResult([...scans.values()], lastScan) : null));
  connection.onRequest(INSPECT_REQUEST, async (params: InspectParams) => {
    const file = fileURLToPath(params.uri);
    const folder = folderOf(file);
    const targets = (await settings.forFolder(folder.uri)).targets;
    return inspect(file, { targets: targets.length > 0 ? targets : null, cwd: folder.path, knowledge: kb });
  });
  connection.onRequest(HOSTS_REQUEST, (): HostChoice[] => kb.hosts.map((host) => ({
    id: host.id,
    name: host.name,
    versions: [],
    summary: host.summary.split(/(?<=\.)\s/)[0],
  })));

  documents.listen(connection);
  connection.listen();
  return connection;
}

function configErrorDiagnostics(checked: Checked, file: string): Diagnostic[] {
  const error = checked.configError!;
  if (error.file === file && error.diagnostic) return [error.diagnostic];
  return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Error, source: 'wasi-ready', message: `not checked: ${error.message}` }];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
