import * as vscode from 'vscode';
import type { WasiReadyServer } from '../languageServer';
import type { ScanFinishedParams } from '../protocol';
import { DOCUMENT_SELECTOR } from '../selector';
import { SECTION, targetsFrom } from '../settings';
import { languageStatus } from './text';

/** The language status item of the analysed languages and files: targets, last scan and its counts; opens the report. */
export class ReadinessStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('wasiReady.status', DOCUMENT_SELECTOR);
  private last: ScanFinishedParams | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(server: WasiReadyServer) {
    this.item.name = 'WASI Ready';
    this.item.command = { title: 'Show report', command: 'wasiReady.showReport' };
    this.subscriptions.push(
      server.onScanFinished((scan) => {
        this.last = scan;
        this.update();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${SECTION}.targets`) && this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  set busy(value: boolean) {
    this.item.busy = value;
  }

  private update(): void {
    const resource = vscode.window.activeTextEditor?.document.uri;
    const configured = targetsFrom(vscode.workspace.getConfiguration(SECTION, resource).get('targets'));
    const { text, detail } = languageStatus(this.last, configured, (iso) => new Date(iso).toLocaleTimeString());
    this.item.text = text;
    this.item.detail = detail;
    this.item.severity = this.last && this.last.bySeverity.error > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
