import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  createConnection, DiagnosticSeverity, ProposedFeatures, type Connection, type Diagnostic,
} from 'vscode-languageserver/node';
import { check } from '../engine/check';
import { PACKAGE_ROOT } from '../engine/knowledge/load';
import type { Finding, Severity } from '../engine/model';

import { CHECK_WORKSPACE_COMMAND } from './protocol';

export { CHECK_WORKSPACE_COMMAND };

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * The language server. Today it scans workspace folders for binaries and publishes their findings; source
 * and manifest diagnostics, pull diagnostics and code actions arrive with the editor issue.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): Connection {
  let folders: string[] = [];
  const published = new Set<string>();

  connection.onInitialize((params) => {
    folders = (params.workspaceFolders ?? []).map((f) => fileURLToPath(f.uri));
    if (folders.length === 0 && params.rootUri) folders = [fileURLToPath(params.rootUri)];
    return { capabilities: { executeCommandProvider: { commands: [CHECK_WORKSPACE_COMMAND] } } };
  });

  const scan = async (): Promise<number> => {
    const byFile = new Map<string, Diagnostic[]>();
    let count = 0;
    for (const folder of folders) {
      const result = await check([folder], { cwd: folder });
      for (const finding of result.findings) {
        const uri = pathToFileURL(path.join(folder, finding.file)).toString();
        byFile.set(uri, [...(byFile.get(uri) ?? []), toDiagnostic(finding)]);
        count++;
      }
    }
    // Files whose findings are gone get an empty list, so stale problems disappear.
    for (const uri of published) if (!byFile.has(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
    published.clear();
    for (const [uri, diagnostics] of byFile) {
      published.add(uri);
      await connection.sendDiagnostics({ uri, diagnostics });
    }
    return count;
  };

  connection.onInitialized(() => {
    scan().catch((error) => connection.console.error(`wasi-ready: scan failed: ${String(error)}`));
  });
  connection.onExecuteCommand(async (params) => (params.command === CHECK_WORKSPACE_COMMAND ? scan() : undefined));
  connection.listen();
  return connection;
}

function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: {
      start: { line: finding.line - 1, character: finding.column - 1 },
      end: { line: finding.endLine - 1, character: finding.endColumn - 1 },
    },
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: pathToFileURL(path.join(PACKAGE_ROOT, finding.docs)).toString() },
    source: 'wasi-ready',
    message: finding.message,
  };
}
