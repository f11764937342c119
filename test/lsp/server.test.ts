import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createConnection, createProtocolConnection, InitializeRequest, InitializedNotification, ExecuteCommandRequest,
  PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams, type ProtocolConnection,
} from 'vscode-languageserver/node';
import { startServer, CHECK_WORKSPACE_COMMAND } from 'wasi-ready/lsp/server';
import { EXAMPLES } from '../support/paths';

/** The language server over a real JSON-RPC connection, in-process (no editor download needed). */
describe('language server', () => {
  let client: ProtocolConnection;
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const published: PublishDiagnosticsParams[] = [];

  before(async () => {
    startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
    client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onNotification(PublishDiagnosticsNotification.method, (params: PublishDiagnosticsParams) => {
      published.push(params);
    });
    client.listen();
    const folder = path.join(EXAMPLES, 'spin-app');
    const result = await client.sendRequest(InitializeRequest.type, {
      processId: null, rootUri: null, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: 'spin-app' }],
    });
    assert.deepEqual(result.capabilities.executeCommandProvider, { commands: [CHECK_WORKSPACE_COMMAND] });
    await client.sendNotification(InitializedNotification.type, {});
  });

  after(() => {
    client.dispose();
    toServer.end();
    toClient.end();
  });

  it('publishes binary findings with the rule id, its docs page and a severity', async () => {
    const found = await waitFor(() => published.find((p) => p.uri.endsWith('/thumbnailer/thumbnailer.wasm')));
    assert.equal(found.diagnostics.length, 1);
    const [diagnostic] = found.diagnostics;
    assert.equal(diagnostic.code, 'binary/fs-write');
    assert.equal(diagnostic.severity, 2);
    assert.equal(diagnostic.source, 'wasi-ready');
    assert.deepEqual(diagnostic.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(String(diagnostic.codeDescription?.href), /^file:\/\/.*\/docs\/rules\/binary\/fs-write\.md$/);
    assert.match(String(diagnostic.message), /^imports wasi_snapshot_preview1 path_create_directory .*: spin@3\.4 and akamai-functions mount files read-only; /);
  });

  it('"Check WASI readiness" rescans the workspace and answers with the number of findings', async () => {
    const count = await client.sendRequest(ExecuteCommandRequest.type, { command: CHECK_WORKSPACE_COMMAND, arguments: [] });
    assert.equal(count, 3);
  });
});

async function waitFor<T>(probe: () => T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the server');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
