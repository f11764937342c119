import * as vscode from 'vscode';
import { SECTION, traceFrom } from './settings';

/**
 * The 'WASI Ready' output channel as the language client's log: quiet (errors only) unless
 * `wasiReady.trace.server` is on, in which case everything, the LSP message trace included, is written.
 * vscode-languageclient 11 traces only when the channel's log level is Trace, so the level follows the setting.
 */
export class QuietLogChannel implements vscode.LogOutputChannel {
  private readonly channel: vscode.OutputChannel;
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  private readonly subscription: vscode.Disposable;
  private tracing: boolean;
  /** The client may still log while the extension host shuts down, after the channel is gone. */
  private disposed = false;
  readonly onDidChangeLogLevel = this.levelChanged.event;

  constructor(readonly name: string) {
    this.channel = vscode.window.createOutputChannel(name);
    this.tracing = QuietLogChannel.traceOn();
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`${SECTION}.trace.server`)) return;
      this.tracing = QuietLogChannel.traceOn();
      this.levelChanged.fire(this.logLevel);
    });
  }

  private static traceOn(): boolean {
    return traceFrom(vscode.workspace.getConfiguration(SECTION).get('trace.server')) !== 'off';
  }

  get logLevel(): vscode.LogLevel {
    return this.tracing ? vscode.LogLevel.Trace : vscode.LogLevel.Error;
  }

  trace(message: string): void {
    this.write('trace', message);
  }
  debug(message: string): void {
    this.write('debug', message);
  }
  info(message: string): void {
    this.write('info', message);
  }
  warn(message: string): void {
    this.write('warning', message);
  }
  error(error: string | Error): void {
    this.line('error', error instanceof Error ? (error.stack ?? error.message) : error);
  }

  private write(level: string, message: string): void {
    if (this.tracing) this.line(level, message);
  }

  private line(level: string, message: string): void {
    if (this.disposed) return;
    this.channel.appendLine(`${new Date().toISOString()} [${level}] ${message}`);
  }

  /** The client writes raw lines only for window/logMessage of type Log: quiet like info. */
  append(value: string): void {
    if (this.tracing && !this.disposed) this.channel.append(value);
  }
  appendLine(value: string): void {
    if (this.tracing && !this.disposed) this.channel.appendLine(value);
  }
  replace(value: string): void {
    this.channel.replace(value);
  }
  clear(): void {
    this.channel.clear();
  }
  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(first?: boolean | vscode.ViewColumn, preserveFocus?: boolean): void {
    this.channel.show(typeof first === 'boolean' ? first : preserveFocus);
  }
  hide(): void {
    this.channel.hide();
  }
  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.levelChanged.dispose();
    this.channel.dispose();
  }
}
