import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { check } from 'wasi-ready/engine/check';
import { npmPackage } from '../../support/tools';

/** [file, line, column, endColumn, rule, severity] of every finding under a folder of a real package. */
async function findings(dir: string, targets: string[]): Promise<Array<[string, number, number, number, string, string]>> {
  // A file given alone is shown relative to the current directory: make that its own folder.
  const result = await check([dir], { targets, cwd: dir.endsWith('.js') ? path.dirname(dir) : process.cwd() });
  assert.deepEqual(result.errors, []);
  return result.findings.map((f) => [f.file, f.line, f.column, f.endColumn, f.ruleId, f.severity]);
}

/**
 * Real server and driver code taken from npm at test time (`npm pack`, nothing installed or run). Each line
 * below was read in the package: the framework creates its own Node server, the driver opens TCP sockets.
 */
describe('JavaScript sources of real packages', function () {
  this.timeout(300_000);

  it('express 5.3.0 lib/: the server app.listen creates, view engines required by computed name, template lookups on disk', async () => {
    assert.deepEqual(await findings(path.join(npmPackage('express', '5.3.0'), 'lib'), ['spin']), [
      ['application.js', 599, 16, 33, 'js/sockets-listen', 'error'], // var server = http.createServer(this)
      ['view.js', 81, 14, 21, 'js/dynamic-loading', 'error'], //         var fn = require(mod).__express
      ['view.js', 201, 12, 23, 'js/fs-read', 'error'], //                return fs.statSync(path);  (StarlingMonkey has no fs)
    ]);
  });

  it('fastify 5.12.8 lib/server.js: the HTTP, HTTPS and HTTP/2 servers it creates', async () => {
    assert.deepEqual(await findings(path.join(npmPackage('fastify', '5.12.8'), 'lib', 'server.js'), ['spin']), [
      ['server.js', 156, 3, 13, 'js/sockets-outbound', 'error'], // dns.lookup(host, { all: true }, …) resolving the listen address
      ['server.js', 319, 55, 79, 'js/sockets-listen', 'error'], // http2.createSecureServer(httpsOptions, httpHandler)
      ['server.js', 319, 109, 127, 'js/sockets-listen', 'error'], // http2.createServer(options.http, httpHandler)
      ['server.js', 337, 7, 25, 'js/sockets-listen', 'error'], // https.createServer(httpsOptions, httpHandler)
      ['server.js', 338, 7, 24, 'js/sockets-listen', 'error'], // http.createServer(options.http, httpHandler)
    ]);
  });

  it('ws 8.23.0 lib/: the HTTP server a WebSocketServer creates for a port, and the client\'s TCP and TLS connections', async () => {
    assert.deepEqual(await findings(path.join(npmPackage('ws', '8.23.0'), 'lib'), ['spin']), [
      ['websocket-server.js', 106, 22, 39, 'js/sockets-listen', 'error'], // this._server = http.createServer((req, res) => {
      ['websocket.js', 1105, 10, 21, 'js/sockets-outbound', 'error'], //     return net.connect(options);
      ['websocket.js', 1122, 10, 21, 'js/sockets-outbound', 'error'], //     return tls.connect(options);
    ]);
  });

  it('mongodb 6.22.0 lib/cmap/connect.js: TLS and TCP connections, which StarlingMonkey lacks and Workers (nodejs_compat) has', async () => {
    const dir = path.join(npmPackage('mongodb', '6.22.0'), 'lib', 'cmap', 'connect.js');
    assert.deepEqual(await findings(dir, ['spin', 'fastly-compute']), [
      ['connect.js', 260, 27, 38, 'js/sockets-outbound', 'error'], // tls.connect(parseSslOptions(options))
      ['connect.js', 273, 18, 38, 'js/sockets-outbound', 'error'], // net.createConnection(parseConnectOptions(options))
    ]);
    const [tlsConnect] = (await check([dir], { targets: ['spin', 'fastly-compute', 'cloudflare-workers'], cwd: path.dirname(dir) })).findings;
    assert.deepEqual(tlsConnect.hosts, { spin: 'error', 'fastly-compute': 'error', 'cloudflare-workers': 'ok' });
  });

  it('better-sqlite3 12.11.1 lib/database.js: the native addon it loads through bindings', async () => {
    const found = await findings(path.join(npmPackage('better-sqlite3', '12.11.1'), 'lib', 'database.js'), ['spin']);
    assert.deepEqual(found, [
      ['database.js', 48, 45, 64, 'js/native-code', 'error'], // addon = DEFAULT_ADDON || (DEFAULT_ADDON = require('bindings')('better_sqlite3.node'));
      ['database.js', 64, 54, 67, 'js/fs-read', 'error'], //     … !fs.existsSync(path.dirname(filename)) …
    ]);
  });
});
