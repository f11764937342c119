import * as vscode from 'vscode';
import type { WasiReadyServer } from '../languageServer';
import type { ScanFinishedParams } from '../protocol';
import { DOCUMENT_SELECTOR } from '../selector';
import { SECTION, targetsFrom } from '../settings';
import { languageStatus, withFileStatus } from './text';

/**
 * The language status item of the analysed languages and files: targets, last scan and its counts, and why the
 * active file is not checked when it is not (excluded, or test code left out); opens the report.
 */
export class ReadinessStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('wasiReady.status', DOCUMENT_SELECTOR);
  private last: ScanFinishedParams | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Counts updates, so that a file status that comes back after a newer update is dropped. */
  private updates = 0;

  constructor(private readonly server: WasiReadyServer) {
    this.item.name = 'WASI Ready';
    this.item.command = { title: 'Show report', command: 'wasiReady.showReport' };
    this.subscriptions.push(
      server.onScanFinished((scan) => {
        this.last = scan;
        void this.update();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SECTION) && void this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
    );
    void this.update();
  }

  set busy(value: boolean) {
    this.item.busy = value;
  }

  private async update(): Promise<void> {
    const update = ++this.updates;
    const resource = vscode.window.activeTextEditor?.document.uri;
    const configured = targetsFrom(vscode.workspace.getConfiguration(SECTION, resource).get('targets'));
    const workspace = languageStatus(this.last, configured, (iso) => new Date(iso).toLocaleTimeString());
    this.show(workspace);
    if (resource?.scheme !== 'file') return;
    const file = await this.server.fileStatus(resource).catch(() => null);
    if (update === this.updates) this.show(withFileStatus(workspace, file));
  }

  private show({ text, detail }: { text: string; detail: string }): void {
    this.item.text = text;
    this.item.detail = detail;
    this.item.severity = this.last && this.last.bySeverity.error > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
