#!/usr/bin/env node
// Cross-checks rules/wasi/preview1.json against the WASI witx definitions.
//
// The witx files are not shipped in node_modules, so this check needs a local
// copy of the WebAssembly/WASI repository (branch `wasi-0.1` holds
// preview1/witx/*.witx and preview0/witx/*.witx). Usage:
//
//   node scripts/check-wasi-preview1.mjs --wasi-git <path/to/WASI/.git> [--ref wasi-0.1]
//   node scripts/check-wasi-preview1.mjs --witx-dir <dir containing preview0/ and preview1/>
//   node scripts/check-wasi-preview1.mjs ... --print     (print name + lowered core signature)
//
// For every standard function it checks that the name exists in the witx and
// that the core-wasm signature recorded in preview1.json equals the one lowered
// from the witx types (witx "preview1" ABI: ≤32-bit scalars, handles, enums,
// flags and pointers → i32; 64-bit scalars/flags → i64; string and list →
// (ptr, len); each `expected` ok value → one out-pointer i32 per tuple element;
// errno → i32 return; `noreturn` → no result). Exit code 1 on any mismatch.

import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const gitDir = opt("--wasi-git");
const ref = opt("--ref") ?? "wasi-0.1";
const witxDir = opt("--witx-dir");
const print = args.includes("--print");
if (!gitDir && !witxDir) {
  console.error("usage: check-wasi-preview1.mjs (--wasi-git <dir> [--ref wasi-0.1] | --witx-dir <dir>) [--print]");
  process.exit(2);
}

function readWitx(rel) {
  if (gitDir) return execFileSync("git", ["--git-dir", gitDir, "show", `${ref}:${rel}`], { encoding: "utf8", maxBuffer: 1 << 26 });
  return readFileSync(join(witxDir, rel), "utf8");
}

// ---- tiny s-expression reader ------------------------------------------------
function parseSexpr(text) {
  const src = text.replace(/;;[^\n]*/g, " ");
  const toks = src.match(/\(|\)|"[^"]*"|[^\s()]+/g) ?? [];
  let i = 0;
  const read = () => {
    const t = toks[i++];
    if (t === "(") {
      const list = [];
      while (toks[i] !== ")") {
        if (i >= toks.length) throw new Error("unbalanced witx");
        list.push(read());
      }
      i++;
      return list;
    }
    return t;
  };
  const out = [];
  while (i < toks.length) out.push(read());
  return out;
}

// ---- type lowering -------------------------------------------------------------
function typeTable(typenamesText) {
  const table = new Map();
  for (const form of parseSexpr(typenamesText)) {
    if (Array.isArray(form) && form[0] === "typename") table.set(form[1], form[2]);
  }
  return table;
}

const WIDE = new Set(["u64", "s64"]);
const NARROW = new Set(["u8", "u16", "u32", "s8", "s16", "s32", "char"]);

function lowerParam(t, table) {
  if (typeof t === "string") {
    if (t === "string") return ["i32", "i32"];
    if (WIDE.has(t)) return ["i64"];
    if (NARROW.has(t)) return ["i32"];
    if (t.startsWith("$")) {
      const def = table.get(t);
      if (def === undefined) throw new Error(`unknown type ${t}`);
      return lowerParam(def, table);
    }
    throw new Error(`cannot lower ${t}`);
  }
  const head = t[0];
  if (head === "handle") return ["i32"];
  if (head === "list") return ["i32", "i32"];
  if (head === "@witx" && (t[1] === "pointer" || t[1] === "const_pointer")) return ["i32"];
  if (head === "enum" || head === "flags") {
    const repr = t.find((x) => Array.isArray(x) && x[0] === "@witx" && (x[1] === "tag" || x[1] === "repr"));
    return repr && WIDE.has(repr[2]) ? ["i64"] : ["i32"];
  }
  if (head === "record" || head === "union" || head === "variant") {
    throw new Error("aggregate passed by value: not used in preview1 signatures");
  }
  throw new Error(`cannot lower ${JSON.stringify(t)}`);
}

function lowerFunc(form, table) {
  const params = [];
  let results = [];
  for (const part of form.slice(2)) {
    if (!Array.isArray(part)) continue;
    if (part[0] === "param") params.push(...lowerParam(part[2], table));
    if (part[0] === "result") {
      const ty = part[2];
      if (Array.isArray(ty) && ty[0] === "expected") {
        results = ["i32"];
        const ok = ty.slice(1).filter((x) => !(Array.isArray(x) && x[0] === "error"));
        for (const o of ok) {
          if (Array.isArray(o) && o[0] === "tuple") params.push(...o.slice(1).map(() => "i32"));
          else params.push("i32");
        }
      } else {
        results = lowerParam(ty, table);
      }
    }
  }
  return `(${params.join(",")})->${results.length ? results.join(",") : "()"}`;
}

function witxFunctions(moduleRel, typenamesRel) {
  const table = typeTable(readWitx(typenamesRel));
  const forms = parseSexpr(readWitx(moduleRel));
  const mod = forms.find((f) => Array.isArray(f) && f[0] === "module");
  const out = new Map();
  for (const f of mod.slice(2)) {
    if (!Array.isArray(f) || f[0] !== "@interface" || f[1] !== "func") continue;
    const exp = f[2];
    const name = exp[1].replace(/"/g, "");
    out.set(name, lowerFunc(f, table));
  }
  return { name: mod[1].slice(1), funcs: out };
}

const modules = [
  witxFunctions("preview1/witx/wasi_snapshot_preview1.witx", "preview1/witx/typenames.witx"),
  witxFunctions("preview0/witx/wasi_unstable.witx", "preview0/witx/typenames.witx"),
];

const data = JSON.parse(readFileSync(join(root, "rules/wasi/preview1.json"), "utf8"));
let problems = 0;
for (const m of modules) {
  if (print) for (const [n, s] of m.funcs) console.log(`${m.name}\t${n}\t${s}`);
  const recorded = data.functions.filter((f) => f.module === m.name && !f.extension);
  const byName = new Map(recorded.map((f) => [f.name, f]));
  for (const [n, sig] of m.funcs) {
    const f = byName.get(n);
    if (!f) { console.error(`missing in preview1.json: ${m.name}.${n}`); problems++; continue; }
    if (f.signature !== sig) { console.error(`signature ${m.name}.${n}: json ${f.signature} witx ${sig}`); problems++; }
  }
  for (const f of recorded) {
    if (!m.funcs.has(f.name)) { console.error(`not in witx: ${m.name}.${f.name}`); problems++; }
  }
  console.log(`${m.name}: witx ${m.funcs.size} functions, preview1.json ${recorded.length}`);
}
if (problems) {
  console.error(`${problems} problem(s)`);
  process.exit(1);
}
console.log("preview1.json agrees with the witx");
