import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { fileEditsFrom, hasPlaceholder, validateReason, withReason, type FileEdits } from './reason';

/** Client-side only, so not in the manifest: code actions call it, the palette never lists it. */
export const APPLY_SUPPRESSION_COMMAND = 'wasiReady.applySuppression';

/** Actions already rewritten to ask for a reason: resolving them again would apply the placeholder edit. */
const rewritten = new WeakSet<vscode.CodeAction>();

/**
 * A suppression's edit carries the reason placeholder: the action runs APPLY_SUPPRESSION_COMMAND instead, which
 * asks for the reason and applies the edit with it. Actions whose edit arrives on resolve get asked there.
 */
export const suppressionMiddleware: Pick<Middleware, 'provideCodeActions' | 'resolveCodeAction'> = {
  async provideCodeActions(document, range, context, token, next) {
    const actions = await next(document, range, context, token);
    if (!actions) return actions;
    return actions.map((action) => {
      if (!(action instanceof vscode.CodeAction) || !action.edit) return action;
      const files = toFileEdits(action.edit);
      if (!hasPlaceholder(files)) return action;
      action.edit = undefined;
      action.command = { title: action.title, command: APPLY_SUPPRESSION_COMMAND, arguments: [files, action.command] };
      rewritten.add(action);
      return action;
    });
  },
  async resolveCodeAction(item, token, next) {
    if (rewritten.has(item)) return item;
    const resolved = await next(item, token);
    if (!resolved?.edit) return resolved;
    const files = toFileEdits(resolved.edit);
    if (!hasPlaceholder(files)) return resolved;
    const reason = await askReason();
    resolved.edit = reason === undefined ? undefined : await toWorkspaceEdit(withReason(files, reason));
    return resolved;
  },
};

/** The command: ask for the reason, then apply the edit with it and run the action's own command, if any. Cancel applies nothing. */
export async function applySuppression(value: unknown, then?: vscode.Command): Promise<boolean> {
  const files = fileEditsFrom(value);
  if (!files) return false;
  const reason = await askReason();
  if (reason === undefined) return false;
  const applied = await vscode.workspace.applyEdit(await toWorkspaceEdit(withReason(files, reason)));
  if (applied && then?.command) await vscode.commands.executeCommand(then.command, ...(then.arguments ?? []));
  return applied;
}

function askReason(): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Suppress with a reason',
    prompt: 'Why does this finding not apply? The reason is written beside the suppression.',
    placeHolder: 'e.g. only the CLI build runs this; the Wasm build never calls it',
    ignoreFocusOut: true,
    validateInput: validateReason,
  });
}

function toFileEdits(edit: vscode.WorkspaceEdit): FileEdits[] {
  return edit.entries().map(([uri, edits]) => ({
    uri: uri.toString(),
    edits: edits.map((e) => ({
      range: { start: { line: e.range.start.line, character: e.range.start.character }, end: { line: e.range.end.line, character: e.range.end.character } },
      newText: e.newText,
    })),
  }));
}

/** Text edits only survive WorkspaceEdit.entries(), so a file the suppression writes into (a new wasi-ready.config.json) is created first. */
async function toWorkspaceEdit(files: FileEdits[]): Promise<vscode.WorkspaceEdit> {
  const edit = new vscode.WorkspaceEdit();
  for (const file of files) {
    const uri = vscode.Uri.parse(file.uri);
    if (!(await exists(uri))) edit.createFile(uri, { ignoreIfExists: true });
    for (const e of file.edits) {
      edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
    }
  }
  return edit;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
