/** The language server's entry module, relative to the extension root; packaging points it at its bundle. */
export const SERVER_MODULE = 'dist/server.js';
/** `wasi-ready lsp`; vscode-languageclient appends `--stdio` itself for TransportKind.stdio. */
export const SERVER_ARGS = ['lsp'];
