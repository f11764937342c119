/**
 * The LSP extensions shared with the server (server/src/lsp/protocol.ts), through the server's compiled output:
 * client/src and client/out sit at the same depth, so this one path resolves for tsc (the server project is a
 * reference), at run time and in an esbuild bundle. The module holds constants and types only.
 */
export * from '../../server/out/lsp/protocol';
