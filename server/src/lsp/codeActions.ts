import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SOURCE, type FindingData } from './diagnostics';
import { cGuard, goGuard, pythonGuard, rustGuard, type Guard } from './fixes/guards';
import { allowEntryEdit, suppressFileEdit, suppressLineEdit } from './fixes/suppress';
import { CARGO_FEATURES_TITLE, cargoFeaturesEdit, crateSources, TOKIO_MAIN_TITLE, tokioMainEdit } from './fixes/tokio';
import { SHOW_DOCUMENTATION_COMMAND } from './protocol';

/** `source.fixAll.wasiReady`: every fix that keeps the program's meaning (the tokio ones), in one go. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.wasiReady`;

export interface ActionRequest {
  document: TextDocument;
  file: string;
  folder: string;
  range: Range;
  /** The diagnostics the client sends for the range (any source; ours are picked out). */
  diagnostics: Diagnostic[];
  only?: string[];
  /** All of the file's diagnostics (for "fix all"), when the request touches one of ours or asks for fix-all. */
  fileDiagnostics: Diagnostic[] | null;
  openText(file: string): string | undefined;
}

/** A fix that edits the document alone; `safe` ones keep the program's meaning and go into fix-all. */
interface DocumentFix {
  title: string;
  safe: boolean;
  edit(request: ActionRequest, diagnostic: Diagnostic): Promise<TextEdit[] | null> | TextEdit[] | null;
}

const tokioMain: DocumentFix = {
  title: TOKIO_MAIN_TITLE,
  safe: true,
  edit: (request, diagnostic) => wrap(tokioMainEdit(request.document, diagnostic)),
};

const cargoFeatures: DocumentFix = {
  title: CARGO_FEATURES_TITLE,
  safe: true,
  edit(request, diagnostic) {
    if (path.basename(request.file) !== 'Cargo.toml' || (diagnostic.data as FindingData | undefined)?.package?.name !== 'tokio') return null;
    return wrap(cargoFeaturesEdit(request.document, diagnostic, () => crateSources(request.file, request.openText)));
  },
};

const guardFix = (guard: Guard): DocumentFix => ({ title: guard.title, safe: false, edit: (request, diagnostic) => guard.edits(request.document.getText(), diagnostic.range.start) });

/** The fixes that may apply to a rule's findings, most specific first. */
function fixesFor(ruleId: string): DocumentFix[] {
  const language = ruleId.split('/')[0];
  switch (language) {
    case 'rust': return [tokioMain, guardFix(rustGuard)];
    case 'go': return [guardFix(goGuard)];
    case 'python': return [guardFix(pythonGuard)];
    case 'c': return [guardFix(cGuard)];
    case 'dependency': return [cargoFeatures];
    default: return [];
  }
}

/**
 * Code actions for our diagnostics in the range: each applicable fix (the first one preferred), "fix all of
 * this rule in the file", suppress for the line and for the file (or an allow entry where the file has no
 * comments), show documentation; and `source.fixAll.wasiReady` when asked for.
 */
export async function codeActions(request: ActionRequest): Promise<CodeAction[]> {
  const wants = (kind: string): boolean => !request.only || request.only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const actions: CodeAction[] = [];
  const ours = request.diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string' && d.data);
  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of ours) actions.push(...await quickFixes(request, diagnostic));
  }
  // Only on request (save actions, "Fix all"): a lightbulb would otherwise offer it beside every quick fix.
  const fixAllAsked = request.only?.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`) || kind === CodeActionKind.Source) === true;
  if (request.fileDiagnostics && fixAllAsked) {
    const edits = await editsFor(request, request.fileDiagnostics.filter((d) => d.source === SOURCE && d.data), (fix) => fix.safe);
    if (edits.length > 0) actions.push({ title: 'Fix all wasi-ready problems that have a safe fix', kind: FIX_ALL_KIND, edit: { changes: { [request.document.uri]: edits } } });
  }
  return actions;
}

async function quickFixes(request: ActionRequest, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const ruleId = String(diagnostic.code);
  const uri = request.document.uri;
  const actions: CodeAction[] = [];
  let fixable = false;
  for (const fix of fixesFor(ruleId)) {
    const edits = await fix.edit(request, diagnostic);
    if (!edits || edits.length === 0) continue;
    actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: !fixable, edit: { changes: { [uri]: edits } } });
    fixable = true;
  }
  if (fixable) {
    const all = request.fileDiagnostics ?? request.diagnostics;
    const sameRule = all.filter((d) => d.source === SOURCE && d.code === ruleId && d.data);
    if (sameRule.length > 1) {
      const edits = await editsFor(request, sameRule, () => true);
      if (edits.length > 0) actions.push({ title: `Fix all ${ruleId} in this file`, kind: CodeActionKind.QuickFix, diagnostics: sameRule, edit: { changes: { [uri]: edits } } });
    }
  }
  const line = suppressLineEdit(request.document, request.file, diagnostic);
  if (line) actions.push({ title: `Suppress ${ruleId} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [line] } } });
  const file = suppressFileEdit(request.document, request.file, ruleId);
  if (file) actions.push({ title: `Suppress ${ruleId} in this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [file] } } });
  if (!line) {
    const allow = allowEntryEdit(request.file, request.folder, diagnostic, request.openText);
    const pkg = (diagnostic.data as FindingData).package;
    if (allow && pkg) actions.push({ title: `Allow ${pkg.name} for ${ruleId} in wasi-ready.config.json`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: allow });
  }
  const href = diagnostic.codeDescription?.href;
  if (href) {
    actions.push({ title: `Show documentation for ${ruleId}`, kind: CodeActionKind.QuickFix, command: { title: `Show documentation for ${ruleId}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [href] } });
  }
  return actions;
}

/** The first fix that applies to each diagnostic, edits deduplicated (two uses in one item need one guard). */
async function editsFor(request: ActionRequest, diagnostics: Diagnostic[], accept: (fix: DocumentFix) => boolean): Promise<TextEdit[]> {
  const edits = new Map<string, TextEdit>();
  for (const diagnostic of diagnostics) {
    for (const fix of fixesFor(String(diagnostic.code)).filter(accept)) {
      const found = await fix.edit(request, diagnostic);
      if (!found || found.length === 0) continue;
      for (const edit of found) edits.set(`${edit.range.start.line}:${edit.range.start.character}:${edit.range.end.line}:${edit.range.end.character}:${edit.newText}`, edit);
      break;
    }
  }
  return withoutOverlaps([...edits.values()]);
}

/** LSP forbids overlapping edits in one change: keep the earliest of any that overlap. */
function withoutOverlaps(edits: TextEdit[]): TextEdit[] {
  const sorted = edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const kept: TextEdit[] = [];
  for (const edit of sorted) {
    const last = kept[kept.length - 1];
    const overlaps = last && (edit.range.start.line < last.range.end.line || (edit.range.start.line === last.range.end.line && edit.range.start.character < last.range.end.character));
    if (!overlaps) kept.push(edit);
  }
  return kept;
}

function wrap(edit: TextEdit | null): TextEdit[] | null {
  return edit ? [edit] : null;
}
