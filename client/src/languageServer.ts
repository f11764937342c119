import * as vscode from 'vscode';
import {
  ExecuteCommandRequest, LanguageClient, RevealOutputChannelOn, TransportKind,
  type LanguageClientOptions, type NodeModule, type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CHECK_WORKSPACE_COMMAND, FILE_STATUS_REQUEST, HOSTS_REQUEST, INSPECT_REQUEST, REPORT_REQUEST, SCAN_FINISHED_NOTIFICATION,
  type FileStatusResult, type HostChoice, type ReportResult, type ScanFinishedParams,
} from './protocol';
import { DOCUMENT_SELECTOR, WATCH_GLOB } from './selector';
import { SERVER_ARGS, SERVER_MODULE } from './serverPath';
import { runtimeFrom, SECTION } from './settings';
import { suppressionMiddleware } from './suppression/middleware';
import type { InspectView } from './wasmView/html';

/**
 * The wasi-ready language server behind one object: started on first use, restarted on demand (a new client, so
 * a changed `wasiReady.runtime` or a newly trusted workspace takes effect), with the wasiReady/* requests typed.
 */
export class WasiReadyServer implements vscode.Disposable {
  private starting: Promise<LanguageClient> | undefined;
  private readonly scanFinished = new vscode.EventEmitter<ScanFinishedParams>();
  /** Fires when the server finishes a workspace scan. */
  readonly onScanFinished = this.scanFinished.event;
  /** One watcher for every client this object starts: closed files changed on disk reach the server. */
  private readonly watcher = vscode.workspace.createFileSystemWatcher(WATCH_GLOB);

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** The running client, started if need be. */
  ready(): Promise<LanguageClient> {
    this.starting ??= this.start();
    return this.starting;
  }

  private async start(): Promise<LanguageClient> {
    const client = new LanguageClient(SECTION, 'WASI Ready', this.serverOptions(), this.clientOptions());
    client.onNotification(SCAN_FINISHED_NOTIFICATION, (params: ScanFinishedParams) => this.scanFinished.fire(params));
    try {
      await client.start();
    } catch (error) {
      this.output.error(`The wasi-ready language server did not start: ${String(error)}`);
      await client.dispose().catch(() => undefined);
      throw error;
    }
    return client;
  }

  private serverOptions(): ServerOptions {
    // The runtime setting names an executable, so it counts only where the user trusts the workspace's settings.
    const runtime = vscode.workspace.isTrusted ? runtimeFrom(vscode.workspace.getConfiguration(SECTION).get('runtime')) : undefined;
    const module = this.context.asAbsolutePath(SERVER_MODULE);
    const run: NodeModule = { module, args: SERVER_ARGS, transport: TransportKind.stdio, ...(runtime ? { runtime } : {}) };
    return { run, debug: { ...run, options: { execArgv: ['--nolazy', '--inspect=6011'] } } };
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: SECTION, fileEvents: this.watcher },
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      middleware: suppressionMiddleware,
    };
  }

  /** Stops the running server, if any, and starts a new one. */
  async restart(): Promise<void> {
    const previous = this.starting;
    this.starting = undefined;
    const client = await previous?.catch(() => undefined);
    await client?.dispose().catch((error: unknown) => this.output.error(`Stopping the server: ${String(error)}`));
    await this.ready();
  }

  /** Scans every workspace folder (the server reports progress); answers with the number of findings. */
  async checkWorkspace(token?: vscode.CancellationToken): Promise<unknown> {
    const client = await this.ready();
    return client.sendRequest(ExecuteCommandRequest.type, { command: CHECK_WORKSPACE_COMMAND, arguments: [] }, token);
  }

  async report(): Promise<ReportResult | null> {
    return (await this.ready()).sendRequest<ReportResult | null>(REPORT_REQUEST);
  }

  async inspect(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<InspectView> {
    return (await this.ready()).sendRequest<InspectView>(INSPECT_REQUEST, { uri: uri.toString() }, token);
  }

  async fileStatus(uri: vscode.Uri): Promise<FileStatusResult> {
    return (await this.ready()).sendRequest<FileStatusResult>(FILE_STATUS_REQUEST, { uri: uri.toString() });
  }

  async hosts(): Promise<HostChoice[]> {
    return (await this.ready()).sendRequest<HostChoice[]>(HOSTS_REQUEST);
  }

  async dispose(): Promise<void> {
    this.scanFinished.dispose();
    this.watcher.dispose();
    const client = await this.starting?.catch(() => undefined);
    this.starting = undefined;
    await client?.dispose();
  }
}
