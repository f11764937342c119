import * as vscode from 'vscode';
import { WasiReadyServer } from './languageServer';
import { QuietLogChannel } from './output';
import { reportModel } from './report/model';
import { ReportPanel } from './report/panel';
import { SECTION } from './settings';
import { checkSummary } from './status/text';
import { ReadinessStatus } from './status/item';
import { APPLY_SUPPRESSION_COMMAND, applySuppression } from './suppression/middleware';
import { selectTargets } from './targets/select';
import { WasmViewProvider } from './wasmView/provider';

let server: WasiReadyServer | undefined;

/** Starts the language server and wires the commands, the readiness report, the .wasm view and the status item. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = new QuietLogChannel('WASI Ready');
  const wasiReady = (server = new WasiReadyServer(context, output));
  const status = new ReadinessStatus(wasiReady);

  const checkWorkspace = async (): Promise<void> => {
    status.busy = true;
    try {
      await wasiReady.checkWorkspace();
      vscode.window.setStatusBarMessage(checkSummary(reportModel(await wasiReady.report())), 10_000);
    } catch (error) {
      output.error(`Check WASI readiness failed: ${String(error)}`);
      void vscode.window.showErrorMessage(`WASI Ready: the workspace check failed: ${String(error)}`);
    } finally {
      status.busy = false;
    }
  };
  const report = new ReportPanel(wasiReady, checkWorkspace);
  const restart = async (): Promise<void> => {
    try {
      await wasiReady.restart();
    } catch (error) {
      void vscode.window.showErrorMessage(`WASI Ready: the language server did not start: ${String(error)}`);
    }
  };

  context.subscriptions.push(
    wasiReady,
    status,
    report,
    vscode.commands.registerCommand('wasiReady.checkWorkspace', checkWorkspace),
    vscode.commands.registerCommand('wasiReady.selectTargets', () => selectTargets(wasiReady)),
    vscode.commands.registerCommand('wasiReady.showReport', () => report.show()),
    vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, report),
    vscode.commands.registerCommand('wasiReady.restartServer', restart),
    vscode.commands.registerCommand(APPLY_SUPPRESSION_COMMAND, applySuppression),
    vscode.window.registerCustomEditorProvider(WasmViewProvider.viewType, new WasmViewProvider(wasiReady), {
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    // A runtime chosen in settings takes effect on a new server, and only once the workspace is trusted.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.runtime`)) void restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (vscode.workspace.getConfiguration(SECTION).get('runtime')) void restart();
    }),
    output, // last: the server logs while it stops
  );

  try {
    await wasiReady.ready();
  } catch (error) {
    void vscode.window.showErrorMessage(`WASI Ready: the language server did not start: ${String(error)}`, 'Show output').then((choice) => {
      if (choice) output.show(true);
    });
  }
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
