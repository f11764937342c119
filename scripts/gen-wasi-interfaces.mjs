#!/usr/bin/env node
// Writes rules/wasi/interfaces.json from
//   - the WASI WIT that @bytecodealliance/jco ships (lib/wit/builtin/<version>/wasi-*/package.wit):
//     every interface, function and resource method name, and the @unstable gates;
//   - rules/wasi/capability-map.json: capabilities, message phrases, release dates and the
//     @since/@unstable history of releases older than the shipped WIT.
//
//   node scripts/gen-wasi-interfaces.mjs            write rules/wasi/interfaces.json
//   node scripts/gen-wasi-interfaces.mjs --check    exit 1 if the file is not what would be written
//   node scripts/gen-wasi-interfaces.mjs --jco DIR  read the WIT from another jco install
//
// It stops with an error when an interface of the WIT has no entry in the map, when the map
// names an interface or function the WIT does not have, or when the output fails the schema.

import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePackage, flattenWorld } from "./wit-lite.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const rulesDir = join(root, "rules/wasi");
const outFile = join(rulesDir, "interfaces.json");

const args = process.argv.slice(2);
const checkOnly = args.includes("--check");
const jcoArg = args.indexOf("--jco");

const map = JSON.parse(readFileSync(join(rulesDir, "capability-map.json"), "utf8"));
const jcoDir = jcoArg >= 0 ? args[jcoArg + 1] : join(root, ".tools", "node_modules", ...map.wit.package.split("/"));
const jcoPkg = JSON.parse(readFileSync(join(jcoDir, "package.json"), "utf8"));
if (jcoPkg.name !== map.wit.package) throw new Error(`${jcoDir} holds ${jcoPkg.name}, not ${map.wit.package}`);
const witRoot = join(jcoDir, map.wit.dir);

/** Upstream tag and commit of each bundled WIT version, as jco's README states them. */
function upstreamOf(version) {
  const readme = readFileSync(join(witRoot, "README.md"), "utf8");
  const m = new RegExp("`" + version.replace(/\./g, "\\.") + "`: tag `([^`]+)`, commit `([0-9a-f]+)`").exec(readme);
  return m ? { tag: m[1], commit: m[2] } : null;
}

const errors = [];
const fail = (msg) => errors.push(msg);

const semverKey = (v) => v.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? x.padStart(6, "0") : x)).join(".");
const later = (a, b) => semverKey(a) > semverKey(b);

/** @param {string} since @param {string} lineFirst */
const sinceField = (since, lineFirst) => (since && later(since, lineFirst) ? since : undefined);

const interfaces = [];
const worlds = [];

for (const line of map.lines) {
  const versionDir = join(witRoot, line.witVersion);
  const up = upstreamOf(line.witVersion);
  const upstreamNote = up ? ` (WebAssembly/WASI ${up.tag}, ${up.commit.slice(0, 8)})` : "";
  const srcOf = (pkgDir) =>
    `${map.wit.package}@${jcoPkg.version} · ${relative(jcoDir, join(versionDir, pkgDir, "package.wit")).split("\\").join("/")}${upstreamNote}`;

  /** @type {Map<string, {pkg: any, dir: string}>} */
  const packages = new Map();
  for (const dir of readdirSync(versionDir)) {
    const file = join(versionDir, dir, "package.wit");
    if (!existsSync(file)) continue;
    const pkg = parsePackage([readFileSync(file, "utf8")]);
    if (pkg.namespace !== "wasi") continue;
    if (pkg.version !== line.witVersion) fail(`${file}: package version ${pkg.version}, expected ${line.witVersion}`);
    packages.set(pkg.name, { pkg, dir });
  }
  for (const name of packages.keys()) if (!line.packages.includes(name)) fail(`line ${line.line}: package wasi:${name} is not listed in capability-map.json lines[].packages`);

  const lineMap = map.interfaces[line.line] ?? {};
  const seen = new Set();
  for (const pname of line.packages) {
    const entry = packages.get(pname);
    if (!entry) { fail(`line ${line.line}: package wasi:${pname} not found in ${versionDir}`); continue; }
    const { pkg, dir } = entry;
    for (const iface of pkg.interfaces) {
      const name = `wasi:${pkg.name}/${iface.name}`;
      seen.add(name);
      const m = lineMap[name];
      if (!m) { fail(`line ${line.line}: ${name} has no entry in capability-map.json`); continue; }
      const fnMap = m.functions ?? {};
      for (const fname of Object.keys(fnMap)) {
        if (!iface.functions.some((f) => f.name === fname)) fail(`line ${line.line}: capability-map.json names ${name} ${fname}, which the WIT does not have`);
      }
      const out = { name, line: line.line };
      const ifSince = sinceField(iface.gates.since ?? m.since, line.firstRelease);
      if (ifSince) out.since = ifSince;
      if (iface.gates.unstable) out.unstable = iface.gates.unstable;
      out.capability = m.capability;
      out.functions = iface.functions.map((f) => {
        const fm = fnMap[f.name] ?? {};
        const fo = { name: f.name };
        if ("capability" in fm) {
          if (fm.capability === m.capability) fail(`line ${line.line}: ${name} ${f.name} repeats the interface's capability; drop it from the map`);
          fo.capability = fm.capability;
        }
        const fSince = sinceField(f.gates.since ?? fm.since, line.firstRelease);
        if (fSince && fSince !== out.since) fo.since = fSince;
        if (f.gates.unstable && fm.unstable && f.gates.unstable !== fm.unstable) {
          fail(`line ${line.line}: ${name} ${f.name}: WIT gate ${f.gates.unstable}, map says ${fm.unstable}`);
        }
        const unstable = f.gates.unstable ?? fm.unstable;
        if (unstable) fo.unstable = unstable;
        if (fm.stableSince) {
          if (f.gates.unstable) fail(`line ${line.line}: ${name} ${f.name}: map says stable since ${fm.stableSince}, but the WIT still gates it`);
          fo.stableSince = fm.stableSince;
        }
        if (fm.does) fo.does = fm.does;
        return fo;
      });
      // History the shipped WIT no longer shows is sourced in the map; keep those sources.
      const history = [m.source, ...Object.entries(fnMap).filter(([, fm]) => fm.source).map(([fname, fm]) => `${fname}: ${fm.source}`)];
      out.source = [srcOf(dir), ...history.filter(Boolean)].join("; ");
      interfaces.push(out);
    }
  }
  for (const name of Object.keys(lineMap)) if (!seen.has(name)) fail(`line ${line.line}: capability-map.json has ${name}, which the WIT does not define`);

  const allPkgs = [...packages.values()].map((e) => e.pkg);
  for (const wname of line.worlds) {
    try {
      const flat = flattenWorld(allPkgs, wname);
      const pname = wname.slice("wasi:".length, wname.indexOf("/"));
      worlds.push({ name: wname, line: line.line, imports: flat.imports, exports: flat.exports, source: srcOf(packages.get(pname).dir) });
    } catch (e) {
      fail(`line ${line.line}: world ${wname}: ${e.message}`);
    }
  }
}

const doc = {
  $schema: "./interfaces.schema.json",
  releases: map.releases,
  worlds,
  interfaces,
};

/** JSON with one line per release, world list and function: diffs stay readable. */
function format(value, indent = "") {
  const next = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((v) => typeof v === "string")) return "[" + value.map((v) => JSON.stringify(v)).join(", ") + "]";
    return "[\n" + value.map((v) => next + format(v, next)).join(",\n") + "\n" + indent + "]";
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value);
    const flat = entries.every(([, v]) => v === null || typeof v !== "object");
    if (flat) return "{ " + entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ") + " }";
    return "{\n" + entries.map(([k, v]) => `${next}${JSON.stringify(k)}: ${format(v, next)}`).join(",\n") + "\n" + indent + "}";
  }
  return JSON.stringify(value);
}

async function validate(document, schemaFile) {
  let Ajv;
  try {
    Ajv = (await import("ajv")).default;
  } catch {
    console.warn("ajv is not installed: output not validated");
    return;
  }
  const ajv = new Ajv({ allErrors: true });
  const check = ajv.compile(JSON.parse(readFileSync(join(rulesDir, schemaFile), "utf8")));
  if (!check(document)) for (const e of check.errors) fail(`${schemaFile}: ${e.instancePath} ${e.message}`);
}

await validate(map, "capability-map.schema.json");
await validate(doc, "interfaces.schema.json");

if (errors.length) {
  for (const e of errors) console.error(e);
  process.exit(1);
}

const text = format(doc) + "\n";
const counts = map.lines.map((l) => {
  const mine = interfaces.filter((i) => i.line === l.line);
  return `${l.line}: ${mine.length} interfaces, ${mine.reduce((n, i) => n + i.functions.length, 0)} functions`;
});
if (checkOnly) {
  const current = existsSync(outFile) ? readFileSync(outFile, "utf8") : "";
  if (current !== text) {
    console.error(`${relative(root, outFile)} is out of date: run node scripts/gen-wasi-interfaces.mjs`);
    process.exit(1);
  }
  console.log(`${relative(root, outFile)} is up to date (${counts.join("; ")})`);
} else {
  writeFileSync(outFile, text);
  console.log(`wrote ${relative(root, outFile)} (${counts.join("; ")})`);
}
