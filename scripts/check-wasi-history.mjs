#!/usr/bin/env node
// Checks the `since` / `unstable` / `stableSince` values in rules/wasi/interfaces.json
// against every released tag of WebAssembly/WASI (v0.2.0 … v0.2.N, v0.3.0).
//
// jco ships the WIT without @since annotations and without older releases, so
// gen-wasi-interfaces.mjs takes that history from rules/wasi/capability-map.json.
// This script re-derives it from the tags of a local copy of the WASI repository
// and reports every difference. Usage:
//
//   node scripts/check-wasi-history.mjs --wasi-git <path/to/WASI/.git> [--print]
//
// Where each tag keeps its WIT: v0.2.0 `preview2/<pkg>/`, v0.2.1…v0.2.8
// `wasip2/<pkg>/`, v0.2.9 and later `proposals/<pkg>/wit/` (the 0.3 drafts sit
// beside them in `wit-0.3.0-draft/` and are ignored here). Exit code 1 on any
// difference.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePackage } from "./wit-lite.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const gi = args.indexOf("--wasi-git");
if (gi < 0) {
  console.error("usage: check-wasi-history.mjs --wasi-git <path/to/WASI/.git> [--print]");
  process.exit(2);
}
const gitDir = args[gi + 1];
const print = args.includes("--print");
const git = (...a) => execFileSync("git", ["--git-dir", gitDir, ...a], { encoding: "utf8", maxBuffer: 1 << 28 });

const semverKey = (v) => v.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? x.padStart(6, "0") : x)).join(".");
const tags = git("tag", "--list", "v0.*")
  .split("\n")
  .filter((t) => /^v0\.[23]\.\d+$/.test(t))
  .sort((a, b) => (semverKey(a.slice(1)) < semverKey(b.slice(1)) ? -1 : 1));

/** WIT files of every package at a tag, grouped by package directory. */
function packagesAt(tag) {
  const files = git("ls-tree", "-r", "--name-only", tag).split("\n").filter((f) => f.endsWith(".wit"));
  const groups = new Map();
  for (const f of files) {
    const m = /^(?:preview2|wasip2)\/([a-z]+)\/[^/]+\.wit$/.exec(f) ?? /^proposals\/([a-z]+)\/wit\/[^/]+\.wit$/.exec(f);
    if (!m) continue;
    if (!groups.has(m[1])) groups.set(m[1], []);
    groups.get(m[1]).push(f);
  }
  return [...groups.values()].map((fs) => parsePackage(fs.map((f) => git("show", `${tag}:${f}`))));
}

/** line → "iface" or "iface#func" → [{ version, gates }] */
const history = new Map();
for (const tag of tags) {
  const version = tag.slice(1);
  const line = version.startsWith("0.3") ? "0.3" : "0.2";
  if (!history.has(line)) history.set(line, new Map());
  const h = history.get(line);
  for (const p of packagesAt(tag)) {
    for (const i of p.interfaces) {
      const iname = `${p.namespace}:${p.name}/${i.name}`;
      const push = (key, gates) => {
        if (!h.has(key)) h.set(key, []);
        h.get(key).push({ version, gates });
      };
      push(iname, i.gates);
      for (const f of i.functions) push(`${iname}#${f.name}`, f.gates);
    }
  }
}

/** Summarise one key's history into the fields interfaces.json records. */
function summarise(entries, lineFirst) {
  const first = entries[0];
  const out = {};
  if (first.version !== lineFirst) out.since = first.version;
  const unstableRuns = entries.filter((e) => e.gates.unstable);
  if (unstableRuns.length) {
    out.unstable = unstableRuns[0].gates.unstable;
    const lastUnstable = unstableRuns[unstableRuns.length - 1].version;
    const after = entries.find((e) => semverKey(e.version) > semverKey(lastUnstable) && !e.gates.unstable);
    if (after) out.stableSince = after.version;
  }
  return out;
}

const data = JSON.parse(readFileSync(join(root, "rules/wasi/interfaces.json"), "utf8"));
let problems = 0;
for (const [line, h] of history) {
  const lineFirst = line === "0.3" ? "0.3.0" : "0.2.0";
  const lastVersion = [...h.values()].flat().map((e) => e.version).sort((a, b) => (semverKey(a) < semverKey(b) ? -1 : 1)).pop();
  for (const [key, entries] of h) {
    const [iname, fname] = key.split("#");
    const want = summarise(entries, lineFirst);
    const gone = entries[entries.length - 1].version !== lastVersion;
    if (print) console.log(line, key, JSON.stringify(want), gone ? `(absent after ${entries[entries.length - 1].version})` : "");
    if (gone) {
      console.error(`${line} ${key}: present until ${entries[entries.length - 1].version}, not in ${lastVersion}`);
      problems++;
      continue;
    }
    const iface = data.interfaces.find((x) => x.line === line && x.name === iname);
    if (!iface) { console.error(`${line} ${iname}: not in interfaces.json`); problems++; continue; }
    const have = fname ? iface.functions.find((f) => f.name === fname) : iface;
    if (!have) { console.error(`${line} ${key}: not in interfaces.json`); problems++; continue; }
    // A function without `since` has its interface's (or the line's first release).
    const effective = (rec, parent) => ({ ...rec, since: rec.since ?? parent?.since ?? lineFirst });
    const haveEff = effective(have, fname ? iface : null);
    const wantEff = effective(want, fname ? summarise(h.get(iname), lineFirst) : null);
    for (const k of ["since", "unstable", "stableSince"]) {
      if ((haveEff[k] ?? null) !== (wantEff[k] ?? null)) {
        console.error(`${line} ${key}: ${k} is ${JSON.stringify(haveEff[k] ?? null)} in interfaces.json, tags say ${JSON.stringify(wantEff[k] ?? null)}`);
        problems++;
      }
    }
  }
}
console.log(`checked tags: ${tags.join(" ")}`);
if (problems) {
  console.error(`${problems} difference(s)`);
  process.exit(1);
}
console.log("interfaces.json since/unstable/stableSince agree with the tags");
