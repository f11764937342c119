#!/usr/bin/env node
// Thin wrapper around the wasm-tools build that ships inside jco
// (@bytecodealliance/jco-transpile/wasm-tools), used by build-binaries.sh.
//
// Why not just `jco embed`? With jco 1.35.0 / jco-transpile 0.15.0 /
// preview2-shim 0.26.1 the CLI's `embed --wit <dir>` panics with
//   panicked at crates/wasm-tools-component/src/lib.rs:222:35:
//   Os { code: 44, kind: NotFound, message: "No such file or directory" }
// because preview2-shim 0.26 starts with *no* filesystem preopens, so the
// wasm-tools component cannot read the WIT directory. It also passes the world
// name as `worldName` while the component expects `world`. This wrapper adds a
// preopen for "/" and passes the right option names.
//
// Usage:
//   node wasm-tools.mjs embed  --wit <dir> --world <name> [--dummy] [in.wasm] -o out.wasm
//   node wasm-tools.mjs new    in.wasm -o out.wasm [--adapt-command|--adapt-reactor]
//   node wasm-tools.mjs parse  in.wat  -o out.wasm        (core or component text)
//   node wasm-tools.mjs wit    in.wasm
//   node wasm-tools.mjs print  in.wasm
//   node wasm-tools.mjs import-funcs in.component.wasm   (interface<TAB>function)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..");
// jco and jco-transpile live in .tools/ (scripts/install-tools.mjs)
const req = createRequire(resolve(repoRoot, ".tools", "package.json"));
const wasmToolsJs = req.resolve("@bytecodealliance/jco-transpile/wasm-tools");
// preview2-shim as seen from jco-transpile (it may be a nested copy)
const shimFs = createRequire(wasmToolsJs).resolve("@bytecodealliance/preview2-shim/filesystem");
const { _addPreopen } = await import(pathToFileURL(shimFs).href);
_addPreopen("/", "/");
const wt = await import(pathToFileURL(wasmToolsJs).href);
// jco's package.json has an "exports" map, so locate it on disk instead
const jcoLib = resolve(repoRoot, ".tools", "node_modules", "@bytecodealliance", "jco", "lib");

const [cmd, ...rest] = process.argv.slice(2);
const opts = { _: [] };
for (let i = 0; i < rest.length; i++) {
  const a = rest[i];
  if (a === "-o" || a === "--wit" || a === "--world") opts[a.replace(/^-+/, "")] = rest[++i];
  else if (a.startsWith("--")) opts[a.slice(2)] = true;
  else opts._.push(a);
}
const out = (bytes) => {
  if (!opts.o) throw new Error("missing -o <output>");
  writeFileSync(opts.o, bytes);
};

switch (cmd) {
  case "embed": {
    const binary = opts._[0] ? readFileSync(opts._[0]) : undefined;
    out(
      await wt.componentEmbed({
        binary,
        witPath: resolve(opts.wit),
        world: opts.world,
        dummy: !!opts.dummy,
        stringEncoding: "utf8",
      }),
    );
    break;
  }
  case "new": {
    const adapters = [];
    if (opts["adapt-command"] || opts["adapt-reactor"]) {
      const kind = opts["adapt-command"] ? "command" : "reactor";
      adapters.push([
        "wasi_snapshot_preview1",
        readFileSync(resolve(jcoLib, `wasi_snapshot_preview1.${kind}.wasm`)),
      ]);
    }
    out(await wt.componentNew(readFileSync(opts._[0]), adapters));
    break;
  }
  case "parse":
    out(await wt.parse(readFileSync(opts._[0], "utf8")));
    break;
  case "wit":
    process.stdout.write(await wt.componentWit(readFileSync(opts._[0])));
    break;
  case "print":
    process.stdout.write(await wt.print(readFileSync(opts._[0])));
    break;
  case "import-funcs": {
    // component only: "<imported interface>\t<function>" for every function
    // in the instance types of the top-level imports (from `print`)
    const text = await wt.print(readFileSync(opts._[0]));
    const types = new Map();
    const lines = [];
    let current = null;
    for (const line of text.split("\n")) {
      const t = line.match(/^  \(type \$ty-(\S+) \(;\d+;\)/);
      if (t) { current = t[1]; types.set(current, []); continue; }
      const imp = line.match(/^  \(import "([^"]+)" \(instance .*\(type \$ty-(\S+)\)\)\)$/);
      if (imp) { for (const f of types.get(imp[2]) ?? []) lines.push(`${imp[1]}\t${f}`); }
      if (/^  \(/.test(line)) { current = null; continue; }
      if (current) {
        const f = line.match(/^\s+\(export \(;\d+;\) "([^"]+)" \(func/);
        if (f) types.get(current).push(f[1]);
      }
    }
    process.stdout.write(lines.join("\n") + (lines.length ? "\n" : ""));
    break;
  }
  default:
    console.error("usage: wasm-tools.mjs embed|new|parse|wit|print ...");
    process.exit(2);
}
