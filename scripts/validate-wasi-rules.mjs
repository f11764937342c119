#!/usr/bin/env node
// Validates the rule data in rules/wasi/ against its JSON Schemas (draft-07, ajv) and checks
// what a schema cannot: unique names, world imports that name known interfaces, and
// function capabilities that differ from their interface's.
//
//   node scripts/validate-wasi-rules.mjs

import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "rules", "wasi");
const read = (f) => JSON.parse(readFileSync(join(dir, f), "utf8"));
const problems = [];

for (const file of ["preview1.json", "interfaces.json", "capability-map.json"]) {
  const doc = read(file);
  const schemaFile = doc.$schema?.replace(/^\.\//, "");
  if (!schemaFile) { problems.push(`${file}: no $schema`); continue; }
  const validate = new Ajv({ allErrors: true }).compile(read(schemaFile));
  if (!validate(doc)) for (const e of validate.errors) problems.push(`${file}: ${e.instancePath || "/"} ${e.message}`);
}

const p1 = read("preview1.json");
const seen = new Set();
const modules = new Set(p1.modules.map((m) => m.module));
const extensions = new Set(p1.extensions.map((e) => e.id));
for (const f of p1.functions) {
  const key = `${f.module}.${f.name}`;
  if (seen.has(key)) problems.push(`preview1.json: ${key} listed twice`);
  seen.add(key);
  if (!modules.has(f.module)) problems.push(`preview1.json: ${key}: module not in modules[]`);
  if (f.extension && !extensions.has(f.extension)) problems.push(`preview1.json: ${key}: unknown extension ${f.extension}`);
}

const ifs = read("interfaces.json");
const byLine = new Map();
for (const i of ifs.interfaces) {
  const key = `${i.line} ${i.name}`;
  if (byLine.has(key)) problems.push(`interfaces.json: ${key} listed twice`);
  byLine.set(key, i);
  const names = new Set();
  for (const f of i.functions) {
    if (names.has(f.name)) problems.push(`interfaces.json: ${key} ${f.name} listed twice`);
    names.add(f.name);
    if ("capability" in f && f.capability === i.capability) problems.push(`interfaces.json: ${key} ${f.name} repeats its interface's capability`);
    if (f.name.startsWith("[resource-drop]")) problems.push(`interfaces.json: ${key} ${f.name}: resource drops are not instance functions`);
  }
}
for (const w of ifs.worlds ?? []) {
  for (const n of [...w.imports, ...w.exports]) {
    if (!byLine.has(`${w.line} ${n}`)) problems.push(`interfaces.json: world ${w.name} (${w.line}) names ${n}, which is not listed`);
  }
}

if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`rules/wasi valid: ${p1.functions.length} core-module functions; ${ifs.interfaces.length} interfaces, ${ifs.interfaces.reduce((n, i) => n + i.functions.length, 0)} functions`);
