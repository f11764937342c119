import * as vscode from 'vscode';
import type { WasiReadyServer } from '../languageServer';
import { SECTION, targetsFrom } from '../settings';
import { chosenTargets, targetItems, type TargetItem } from './items';

/**
 * "Select target hosts": a multi-select of the server's host profiles, saved to `wasiReady.targets` for the
 * active workspace folder in a multi-root workspace, else for the workspace (user settings with no workspace).
 */
export async function selectTargets(server: WasiReadyServer): Promise<void> {
  const hosts = await server.hosts();
  const { folder, target, where } = settingsScope();
  const config = vscode.workspace.getConfiguration(SECTION, folder?.uri);
  const items = targetItems(hosts, targetsFrom(config.get('targets')));

  const pick = vscode.window.createQuickPick<TargetItem>();
  pick.canSelectMany = true;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.title = `Target hosts (${where})`;
  pick.placeholder = 'Hosts to check against; none: the project\'s wasi-ready.config.json or host manifest decides';
  pick.items = items;
  pick.selectedItems = items.filter((i) => i.picked);
  const chosen = await new Promise<readonly TargetItem[] | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (!chosen) return;
  await config.update('targets', chosenTargets(items, chosen), target);
}

function settingsScope(): { folder: vscode.WorkspaceFolder | undefined; target: vscode.ConfigurationTarget; where: string } {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) return { folder: undefined, target: vscode.ConfigurationTarget.Global, where: 'user settings' };
  const active = activeUri();
  const folder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (folders.length > 1 && folder) return { folder, target: vscode.ConfigurationTarget.WorkspaceFolder, where: `folder ${folder.name}` };
  return { folder: undefined, target: vscode.ConfigurationTarget.Workspace, where: 'workspace' };
}

/** The active editor's file: a text editor's document, or the input of a custom editor tab (a .wasm view). */
function activeUri(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor) return editor.document.uri;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
}
