#!/usr/bin/env node
// Bundles the VS Code extension with esbuild into dist/, self-contained (the .vsix is packaged with
// `vsce --no-dependencies`, so it holds no node_modules):
//   dist/extension.js  the client (client/src/extension.ts); `vscode` is the editor's own module
//   dist/server.js     the CLI, whose `lsp --stdio` is the language server (server/src/cli/main.ts)
//   dist/ts-morph.js   ts-morph and its TypeScript compiler, which the JavaScript detector requires on first use
//   dist/*.wasm        web-tree-sitter's runtime (it looks beside its code, `__dirname`) and the grammars the source
//                      detectors load (detectors/source/treeSitter.ts looks beside the bundle first)
// rules/ and docs/ stay where they are: the server finds them from the package root (the folder above dist/ whose
// package.json is wasi-ready's). The JavaScript detector's require('./scan') stays lazy in the bundle (esbuild wraps
// a required module and runs it on first use), and so does the require('./ts-morph.js') inside it.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const require = createRequire(join(ROOT, 'package.json'));
/** The grammars the detectors ask grammarParser() for: rust, go, python, cpp (C and C++). */
const GRAMMARS = ['rust', 'go', 'python', 'cpp'];

const started = Date.now();
rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  keepNames: true, // error messages and stack traces keep their function and class names
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: ROOT,
  // ESM entry points first: jsonc-parser's "main" is a UMD build whose require('./impl/format') esbuild cannot follow.
  mainFields: ['module', 'main'],
  // ESM packages imported from TypeScript (web-tree-sitter's `import` build) ask import.meta.url for their own
  // location, which a CommonJS bundle has not: it is the bundle's file.
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__bundleUrl' },
};
/**
 * ts-morph, with the TypeScript compiler (7 of the server's 8 MB), in a bundle of its own that the server requires
 * on first use: node compiles a script whole when it loads it, so keeping it out halves the server's start-up.
 */
const tsMorphApart = {
  name: 'ts-morph-apart',
  setup(build) {
    build.onResolve({ filter: /^ts-morph$/ }, () => ({ path: './ts-morph.js', external: true }));
  },
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: DIST, external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: { server: 'server/src/cli/main.ts' }, outdir: DIST, plugins: [tsMorphApart] }),
  esbuild.build({ ...common, entryPoints: { 'ts-morph': require.resolve('ts-morph') }, outdir: DIST }),
]);

copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), join(DIST, 'tree-sitter.wasm'));
for (const grammar of GRAMMARS) {
  const name = `tree-sitter-${grammar}.wasm`;
  copyFileSync(require.resolve(`@vscode/tree-sitter-wasm/wasm/${name}`), join(DIST, name));
}

const kb = (file) => `${Math.round(statSync(join(DIST, file)).size / 1024)} KB`;
process.stderr.write(
  `bundled ${relative(ROOT, DIST)}/: extension.js ${kb('extension.js')}, server.js ${kb('server.js')}, ts-morph.js ${kb('ts-morph.js')}, ` +
    `${GRAMMARS.length + 1} .wasm files, in ${Date.now() - started} ms\n`,
);
