import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WasiReadyServer } from '../languageServer';
import { makeNonce } from '../webview/html';
import { parseReportMessage, reportHtml, type ReportMessage } from './html';
import { reportModel, type ReportModel } from './model';

/** How the report's webview is set up, when it is created and when VS Code restores it after a reload. */
const WEBVIEW_OPTIONS: vscode.WebviewOptions = { enableScripts: true, localResourceRoots: [] };

/**
 * The readiness report's webview: one panel, re-rendered from `wasiReady/report` whenever a scan finishes, and
 * restored after a window reload (a serializer: the page keeps no state, the report comes from the server again).
 */
export class ReportPanel implements vscode.Disposable, vscode.WebviewPanelSerializer {
  static readonly viewType = 'wasiReady.report';
  private panel: vscode.WebviewPanel | undefined;
  private model: ReportModel | null = null;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly server: WasiReadyServer,
    private readonly checkWorkspace: () => Thenable<unknown>,
  ) {
    this.subscriptions.push(server.onScanFinished(() => void this.refresh()));
  }

  async show(): Promise<void> {
    if (this.panel) this.panel.reveal();
    else this.adopt(vscode.window.createWebviewPanel(ReportPanel.viewType, 'WASI readiness', vscode.ViewColumn.Active, { ...WEBVIEW_OPTIONS, retainContextWhenHidden: false }));
    await this.refresh();
  }

  /** A report tab that was open when the window closed, given back by VS Code. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    panel.webview.options = WEBVIEW_OPTIONS;
    this.adopt(panel);
    await this.refresh();
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    }, null, this.subscriptions);
    panel.webview.onDidReceiveMessage((message) => void this.handle(parseReportMessage(message)), null, this.subscriptions);
  }

  /** Asks the server for the last scan and renders it; nothing when the panel is closed. */
  async refresh(): Promise<void> {
    if (!this.panel) return;
    try {
      this.model = reportModel(await this.server.report());
    } catch (error) {
      void vscode.window.showErrorMessage(`WASI Ready: the report could not be fetched: ${String(error)}`);
      return;
    }
    if (!this.panel) return;
    const { webview } = this.panel;
    webview.html = reportHtml(this.model, {
      nonce: makeNonce((n) => randomBytes(n)),
      cspSource: webview.cspSource,
      formatTime: (iso) => new Date(iso).toLocaleString(),
    });
  }

  /** Links name a blocker by its place in the model, so the page can only open what the scan found. */
  private async handle(message: ReportMessage | undefined): Promise<void> {
    if (!message) return;
    if (message.type === 'check') {
      await this.checkWorkspace();
      return;
    }
    const blocker = this.model?.folders[message.folder]?.blockers[message.index];
    if (!blocker) return;
    if (message.type === 'open') {
      const position = new vscode.Position(Math.max(0, blocker.line - 1), Math.max(0, blocker.column - 1));
      const uri = vscode.Uri.parse(blocker.uri);
      if (uri.path.endsWith('.wasm')) await vscode.commands.executeCommand('vscode.openWith', uri, 'wasiReady.wasmView');
      else await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
      return;
    }
    const docs = vscode.Uri.parse(blocker.docsUri);
    if (docs.scheme === 'file') await vscode.commands.executeCommand('markdown.showPreview', docs);
    else await vscode.env.openExternal(docs);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
