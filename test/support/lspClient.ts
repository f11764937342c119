import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest, createConnection, createProtocolConnection, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, DocumentDiagnosticRequest, ExecuteCommandRequest, HoverRequest,
  InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter,
  type CodeAction, type Diagnostic, type FileChangeType, type Hover, type InitializeResult, type ProtocolConnection,
  type PublishDiagnosticsParams, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SCAN_FINISHED_NOTIFICATION } from 'wasi-ready/lsp/protocol';
import { startServer } from 'wasi-ready/lsp/server';

export interface ClientOptions {
  folders: string[];
  /** Announce pull diagnostics (VS Code) or not (neovim 0.7). */
  pull: boolean;
  /** What workspace/configuration answers for section wasiReady, per folder path (null: the client has no configuration support). */
  settings?: ((folder: string) => unknown) | null;
  /** Announce workspace folder change events (default true; a minimal client does not). */
  folderEvents?: boolean;
}

const LANGUAGES: Record<string, string> = { '.rs': 'rust', '.go': 'go', '.py': 'python', '.c': 'c', '.ts': 'typescript', '.js': 'javascript', '.json': 'json', '.toml': 'toml' };

/**
 * An LSP client for tests: the real server in-process over a real JSON-RPC connection on in-memory streams
 * (as vscode-stylelint tests its server), answering the requests a server sends (configuration, progress,
 * registration, refresh, showDocument) and recording what it is told. Every wait polls a condition.
 */
export class TestClient {
  readonly published = new Map<string, Diagnostic[][]>();
  readonly progress: unknown[] = [];
  readonly shown: string[] = [];
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  refreshes = 0;
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  private constructor(readonly connection: ProtocolConnection, private readonly streams: PassThrough[], readonly initialized: InitializeResult) {}

  static async start(options: ClientOptions): Promise<TestClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
    const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    let client: TestClient | null = null;
    const pending: Array<(c: TestClient) => void> = [];
    const later = (fn: (c: TestClient) => void): void => (client ? fn(client) : void pending.push(fn));
    connection.onNotification(PublishDiagnosticsNotification.method, (params: PublishDiagnosticsParams) => later((c) => {
      const list = c.published.get(params.uri) ?? [];
      list.push(params.diagnostics);
      c.published.set(params.uri, list);
    }));
    connection.onNotification('$/progress', (params: unknown) => later((c) => c.progress.push(params)));
    connection.onNotification(SCAN_FINISHED_NOTIFICATION, (params: unknown) => later((c) => c.notifications.push({ method: SCAN_FINISHED_NOTIFICATION, params })));
    connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string }> }) => params.items.map((item) => {
      const folder = item.scopeUri ? new URL(item.scopeUri).pathname : '';
      return options.settings ? options.settings(decodeURIComponent(folder)) : null;
    }));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/diagnostic/refresh', () => later((c) => c.refreshes++));
    connection.onRequest('window/showDocument', (params: { uri: string }) => {
      later((c) => c.shown.push(params.uri));
      return { success: true };
    });
    connection.listen();
    const initialized = await connection.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      workspaceFolders: options.folders.map((f) => ({ uri: pathToFileURL(f).toString(), name: path.basename(f) })),
      capabilities: {
        window: { workDoneProgress: true, showDocument: { support: true } },
        workspace: { configuration: options.settings !== null && options.settings !== undefined, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: options.folderEvents ?? true },
        textDocument: {
          ...(options.pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, dataSupport: true, isPreferredSupport: true },
        },
      },
    });
    client = new TestClient(connection, [toServer, toClient], initialized);
    for (const fn of pending) fn(client);
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  uri(file: string): string {
    return pathToFileURL(file).toString();
  }

  async open(file: string, text = fs.readFileSync(file, 'utf8')): Promise<void> {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: this.uri(file), languageId: LANGUAGES[path.extname(file)] ?? 'plaintext', version: 1, text } });
  }

  /** Replaces the whole text (as a full-document change event). */
  async change(file: string, text: string): Promise<void> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    this.texts.set(file, text);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri(file), version }, contentChanges: [{ text }] });
  }

  async close(file: string): Promise<void> {
    this.versions.delete(file);
    this.texts.delete(file);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: this.uri(file) } });
  }

  text(file: string): string {
    return this.texts.get(file) ?? fs.readFileSync(file, 'utf8');
  }

  async pull(file: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: this.uri(file) } });
    if (report.kind !== 'full') throw new Error(`expected a full report, got ${report.kind}`);
    return report.items;
  }

  /** The last diagnostics published for the file that satisfy `accept`. */
  async lastPublished(file: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true, ms = 60_000): Promise<Diagnostic[]> {
    return waitFor(() => {
      const list = this.published.get(this.uri(file));
      const last = list?.[list.length - 1];
      return last && accept(last) ? last : undefined;
    }, ms, `diagnostics for ${file}`);
  }

  async codeActions(file: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: this.uri(file) }, range, context: { diagnostics, ...(only ? { only } : {}) } });
    return (result ?? []) as CodeAction[];
  }

  async hover(file: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: this.uri(file) }, position: { line, character } });
  }

  async command(command: string, args: unknown[] = []): Promise<unknown> {
    return this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  async filesChanged(changes: Array<{ file: string; type: FileChangeType }>): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map((c) => ({ uri: this.uri(c.file), type: c.type })) });
  }

  /** Applies the edit's changes to `file` as the editor would and returns the new text (edits for other files are ignored). */
  applied(file: string, edit: WorkspaceEdit): string {
    const edits: TextEdit[] = [...(edit.changes?.[this.uri(file)] ?? [])];
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change && change.textDocument.uri === this.uri(file)) edits.push(...(change.edits as TextEdit[]));
    }
    const document = TextDocument.create(this.uri(file), 'text', 0, this.texts.get(file) ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''));
    return TextDocument.applyEdits(document, edits);
  }

  dispose(): void {
    this.connection.dispose();
    for (const stream of this.streams) stream.end();
  }
}

export async function waitFor<T>(probe: () => T | undefined, ms = 60_000, what = 'the server'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** "rule line:column severity" per diagnostic (1-based, as the CLI prints), sorted: what tests compare. */
export function brief(diagnostics: Diagnostic[]): string[] {
  const severity = ['', 'error', 'warning', 'info', 'hint'];
  return diagnostics
    .map((d) => `${String(d.code ?? '-')} ${d.range.start.line + 1}:${d.range.start.character + 1} ${severity[d.severity ?? 0]}`)
    .sort();
}
