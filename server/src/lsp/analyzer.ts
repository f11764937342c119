import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { check, type CheckOptions, type CheckResult } from '../engine/check';
import type { Knowledge } from '../engine/knowledge/load';
import { ConfigError } from '../engine/targets';
import { inputErrorDiagnostic, LockfileCache, suppressionDiagnostic, toDiagnostic } from './diagnostics';
import type { Settings } from './protocol';
import { checkOptions } from './settings';

/** A scan stopped because the user or a newer edit cancelled it. */
export class ScanCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Diagnostics per absolute file path, for one check() run; `configError` when a config or setting stopped it. */
export interface Checked {
  result: CheckResult | null;
  byFile: Map<string, Diagnostic[]>;
  configError: { file: string | null; message: string; diagnostic: Diagnostic | null } | null;
}

export interface Progress {
  report(done: number, total: number): void | Promise<void>;
  isCancelled(): boolean;
}

/**
 * Runs the engine for the editor: one document (its unsaved text) or a whole folder, with the folder's
 * settings. Knows nothing of LSP messages; turns results into diagnostics per file.
 */
export class Analyzer {
  constructor(private readonly kb: Knowledge) {}

  /** One file of a folder, with `text` as the editor holds it (undefined: the disk copy). */
  async checkFile(folder: string, file: string, text: string | undefined, settings: Settings): Promise<Checked> {
    const documents = text === undefined ? undefined : new Map([[file, text]]);
    const checked = await this.run(folder, { only: [file], documents }, settings);
    if (!checked.byFile.has(file)) checked.byFile.set(file, []);
    return checked;
  }

  /** Every file of the folder that a detector reads; `open` documents are read from the editor. */
  async checkFolder(folder: string, open: ReadonlyMap<string, string>, settings: Settings, progress?: Progress): Promise<Checked> {
    return this.run(folder, { documents: open, onFile: progress ? async (done, total) => {
      if (progress.isCancelled()) throw new ScanCancelled();
      await progress.report(done, total);
    } : undefined }, settings);
  }

  private async run(folder: string, extra: Pick<CheckOptions, 'only' | 'documents' | 'onFile'>, settings: Settings): Promise<Checked> {
    let result: CheckResult;
    try {
      result = await check([folder], { cwd: folder, knowledge: this.kb, ...checkOptions(settings), ...extra });
    } catch (error) {
      if (error instanceof ConfigError) return { result: null, byFile: new Map(), configError: configErrorAt(folder, error.message) };
      throw error;
    }
    const byFile = new Map<string, Diagnostic[]>();
    const add = (relative: string, diagnostic: Diagnostic): void => {
      const file = path.resolve(folder, relative);
      const list = byFile.get(file);
      if (list) list.push(diagnostic);
      else byFile.set(file, [diagnostic]);
    };
    const lockfiles = new LockfileCache(folder);
    for (const finding of result.findings) add(finding.file, toDiagnostic(finding, path.resolve(folder, finding.file), lockfiles));
    for (const error of result.errors) add(error.file, inputErrorDiagnostic(error));
    for (const problem of result.suppressions?.problems ?? []) add(problem.file, suppressionDiagnostic(problem));
    return { result, byFile, configError: null };
  }
}

/** "wasi-ready.config.json: unknown key "x" (line 2, column 3)" → a diagnostic in that file at that place. */
function configErrorAt(folder: string, message: string): Checked['configError'] {
  const match = /^(.*?wasi-ready\.config\.json): (.*?)(?: \(line (\d+), column (\d+)\))?$/.exec(message);
  if (!match) return { file: null, message, diagnostic: null };
  const file = path.resolve(folder, match[1]);
  const line = Math.max(0, Number(match[3] ?? 1) - 1);
  const character = Math.max(0, Number(match[4] ?? 1) - 1);
  return {
    file,
    message,
    diagnostic: { range: { start: { line, character }, end: { line, character: Number.MAX_SAFE_INTEGER } }, severity: 1, source: 'wasi-ready', message: match[2] },
  };
}

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}
