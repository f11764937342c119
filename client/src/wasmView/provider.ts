import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WasiReadyServer } from '../languageServer';
import { makeNonce } from '../webview/html';
import { loadingHtml, wasmHtml, type InspectView } from './html';

/**
 * Opening a .wasm file shows what `wasiReady/inspect` says about it, read-only, instead of binary text.
 * The view follows the file: rebuilding the binary, or a scan that changes the targets, re-renders it.
 */
export class WasmViewProvider implements vscode.CustomReadonlyEditorProvider {
  static readonly viewType = 'wasiReady.wasmView';

  constructor(private readonly server: WasiReadyServer) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel, token: vscode.CancellationToken): Promise<void> {
    panel.webview.options = { enableScripts: false, localResourceRoots: [] };
    const context = () => ({ nonce: makeNonce((n) => randomBytes(n)), cspSource: panel.webview.cspSource });
    panel.webview.html = loadingHtml(path.basename(document.uri.fsPath), context());

    let pending: vscode.CancellationTokenSource | undefined;
    let disposed = false;
    const render = async (): Promise<void> => {
      pending?.cancel();
      const source = (pending = new vscode.CancellationTokenSource());
      let view: InspectView;
      try {
        view = await this.server.inspect(document.uri, source.token);
      } catch (error) {
        if (source.token.isCancellationRequested) return;
        view = { schemaVersion: 1, file: document.uri.fsPath, errors: [{ message: `the language server could not inspect it: ${String(error)}` }] };
      }
      if (!source.token.isCancellationRequested && !disposed) panel.webview.html = wasmHtml(view, context());
    };

    const subscriptions: vscode.Disposable[] = [];
    if (document.uri.scheme === 'file') {
      const dir = vscode.Uri.file(path.dirname(document.uri.fsPath));
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, path.basename(document.uri.fsPath)));
      watcher.onDidChange(() => void render(), null, subscriptions);
      watcher.onDidCreate(() => void render(), null, subscriptions);
      subscriptions.push(watcher);
    }
    subscriptions.push(this.server.onScanFinished(() => void render()));
    token.onCancellationRequested(() => pending?.cancel());
    panel.onDidDispose(() => {
      disposed = true;
      pending?.cancel();
      for (const s of subscriptions) s.dispose();
    });
    await render();
  }
}
