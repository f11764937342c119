import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts the wasi-ready language server; commands, the report view and settings arrive with the editor issue. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'cli', 'main.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, args: ['lsp'], transport: TransportKind.stdio },
    debug: { module: serverModule, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', pattern: '**/*.wasm' }],
  };
  client = new LanguageClient('wasiReady', 'WASI Ready', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('wasiReady.checkWorkspace', () => client?.sendRequest('workspace/executeCommand', { command: 'wasi-ready.checkWorkspace', arguments: [] })),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
