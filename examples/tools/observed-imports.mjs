#!/usr/bin/env node
// Prints the "Observed imports" section of examples/README.md (markdown) for
// every .wasm that build-binaries.sh produces.
//
//   node examples/tools/observed-imports.mjs [file.wasm ...]
//
// Core modules: Debian wabt `wasm-objdump -x -j Import` (import lines) and
// `wasm2wat --enable-all` (to split "module.field" exactly, since module and
// field names may both contain dots). Components: `jco wit` (jco's bundled
// wasm-tools `component wit`) for the world, plus the function names inside
// each imported instance type (wasm-tools.mjs import-funcs, from `wasm-tools print`).
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const examples = resolve(here, "..");
const root = resolve(examples, "..");
const jcoJs = join(root, ".tools/node_modules/@bytecodealliance/jco/dist/jco.js");
const wasmTools = join(here, "wasm-tools.mjs");

function findWasm(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) continue;
    if (statSync(p).isDirectory()) out.push(...findWasm(p));
    else if (name.endsWith(".wasm")) out.push(p);
  }
  return out;
}

const run = (cmd, args, quiet = false) =>
  execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", quiet ? "ignore" : "inherit"] });

function core(file) {
  const objdump = run("/usr/bin/wasm-objdump", ["-x", "-j", "Import", file]);
  const lines = objdump.split("\n").filter((l) => l.startsWith(" - "));
  const wat = run("/usr/bin/wasm2wat", ["--enable-all", file]);
  const imports = [...wat.matchAll(/^\s*\(import "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" \((\w+)/gm)].map(
    (m) => ({ module: m[1], name: m[2], kind: m[3] }),
  );
  if (imports.length !== lines.length) {
    throw new Error(`${file}: wasm-objdump lists ${lines.length} imports, wasm2wat ${imports.length}`);
  }
  const out = [];
  const byModule = new Map();
  imports.forEach((imp, i) => {
    const line = lines[i];
    let label = `\`${imp.name}\``;
    if (imp.kind === "memory") label += ` (memory, ${line.replace(/^ - memory\[\d+\] pages: /, "").replace(/ <- .*/, "")})`;
    else if (imp.kind !== "func") label += ` (${imp.kind})`;
    if (!byModule.has(imp.module)) byModule.set(imp.module, []);
    byModule.get(imp.module).push(label);
  });
  out.push(`${imports.length} imports (wasm-objdump -x -j Import):`);
  for (const [mod, names] of byModule) out.push(`- \`${mod}\` (${names.length}): ${names.join(", ")}`);
  // defined (not imported) memories, e.g. memory64
  try {
    const mem = run("/usr/bin/wasm-objdump", ["-x", "-j", "Memory", file], true);
    for (const l of mem.split("\n").filter((l) => l.startsWith(" - memory"))) {
      out.push(`- defined ${l.slice(3).replace("pages: ", "")}`);
    }
  } catch {
    // no Memory section (memory is imported or absent)
  }
  // exports, for context
  const exports = [...wat.matchAll(/\(export "((?:[^"\\]|\\.)*)" \((\w+)/g)].map((m) => `\`${m[1]}\` (${m[2]})`);
  out.push(`- exports: ${exports.join(", ")}`);
  return out;
}

function component(file) {
  const wit = run("node", [jcoJs, "wit", file]);
  const funcs = new Map();
  for (const line of run("node", [wasmTools, "import-funcs", file]).split("\n").filter(Boolean)) {
    const [iface, fn] = line.split("\t");
    if (!funcs.has(iface)) funcs.set(iface, []);
    funcs.get(iface).push(fn);
  }
  const imports = [...wit.matchAll(/^\s*import ([^;]+);/gm)].map((m) => m[1]);
  const exports = [...wit.matchAll(/^\s*export ([^;]+);/gm)].map((m) => m[1]);
  const out = [`${imports.length} imported interfaces (jco wit), functions used in each:`];
  for (const iface of imports) {
    const fns = funcs.get(iface) ?? [];
    out.push(`- \`${iface}\`${fns.length ? ": " + fns.map((f) => `\`${f}\``).join(", ") : " (types only)"}`);
  }
  out.push(`- exports: ${exports.map((e) => `\`${e}\``).join(", ")}`);
  return out;
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : findWasm(examples);
for (const file of files) {
  const bytes = readFileSync(file);
  const isComponent = bytes[4] === 0x0d && bytes[6] === 0x01;
  console.log(`#### \`${relative(root, file)}\` (${isComponent ? "component" : "core module"}, ${bytes.length} bytes)\n`);
  console.log((isComponent ? component(file) : core(file)).join("\n"));
  console.log();
}
