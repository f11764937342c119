// A small reader for the subset of WIT that the WASI packages use: one package
// per set of files; interfaces with `use`, types, resources (constructor,
// methods, static functions) and freestanding functions; worlds with import,
// export and include; and the feature gates @since / @unstable / @deprecated.
//
// It reads declarations only; type bodies are skipped. It is not a general WIT
// parser (no nested packages, no inline interfaces in worlds beyond bare
// functions), and it throws on anything it does not understand so that a new
// WIT construct is noticed rather than silently dropped.

/** @typedef {{ since?: string, unstable?: string, deprecated?: string }} Gates */
/**
 * @typedef {{ name: string, kind: "func"|"constructor"|"method"|"static", resource?: string,
 *   async: boolean, gates: Gates }} WitFunction
 * @typedef {{ name: string, gates: Gates, functions: WitFunction[], resources: string[] }} WitInterface
 * @typedef {{ kind: "import"|"export"|"include", target: string, gates: Gates }} WitWorldItem
 * @typedef {{ name: string, gates: Gates, items: WitWorldItem[] }} WitWorld
 * @typedef {{ namespace: string, name: string, version: string|null,
 *   interfaces: WitInterface[], worlds: WitWorld[] }} WitPackage
 */

/** Strip comments (line and block); WIT has no string literals, so this is safe. */
function stripComments(src) {
  return src.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, " ");
}

const GATE_RE = /^@(since|unstable|deprecated)\s*\(\s*(version|feature)\s*=\s*([^)\s]+)\s*\)\s*/;

/** Read leading gate annotations; returns [gates, rest]. */
function readGates(text) {
  /** @type {Gates} */
  const gates = {};
  let rest = text.trimStart();
  for (let m = GATE_RE.exec(rest); m; m = GATE_RE.exec(rest)) {
    gates[/** @type {"since"|"unstable"|"deprecated"} */ (m[1])] = m[3];
    rest = rest.slice(m[0].length).trimStart();
  }
  return [gates, rest];
}

/**
 * Split a block body into items. An item ends at `;` outside braces, or at the
 * `}` that closes a braced body (record, enum, variant, flags, resource,
 * interface, world). A `use a.{b, c};` keeps going to its `;`.
 */
function splitItems(body) {
  const items = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth < 0) throw new Error("unbalanced braces in WIT");
      if (depth === 0) {
        const head = readGates(body.slice(start, i))[1];
        if (!/^use\b/.test(head)) {
          items.push(body.slice(start, i + 1));
          start = i + 1;
        }
      }
    } else if (c === ";" && depth === 0) {
      items.push(body.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (body.slice(start).trim() !== "") throw new Error(`trailing WIT text: ${body.slice(start).trim().slice(0, 60)}`);
  return items.map((s) => s.trim()).filter((s) => s !== "");
}

/** The text between the first `{` and its matching final `}`. */
function innerBlock(item) {
  const open = item.indexOf("{");
  const close = item.lastIndexOf("}");
  if (open < 0 || close < open) throw new Error(`expected a braced body: ${item.slice(0, 60)}`);
  return item.slice(open + 1, close);
}

/** `%stream` → `stream`: the `%` only escapes a keyword in WIT source. */
const unescape = (id) => id.replace(/^%/, "");

const ID = "%?[a-zA-Z][a-zA-Z0-9-]*";
const FUNC_RE = new RegExp(`^(${ID})\\s*:\\s*(static\\s+)?(async\\s+)?func\\b`);
const CTOR_RE = /^constructor\s*\(/;
const TYPE_DECL_RE = /^(record|enum|variant|flags|type|use)\b/;
const RESOURCE_RE = new RegExp(`^resource\\s+(${ID})\\s*([;{])`);

/** @returns {WitInterface} */
function parseInterface(name, gates, body) {
  /** @type {WitFunction[]} */
  const functions = [];
  const resources = [];
  for (const raw of splitItems(body)) {
    const [g, item] = readGates(raw);
    if (TYPE_DECL_RE.test(item)) continue;
    const fm = FUNC_RE.exec(item);
    if (fm) {
      functions.push({ name: unescape(fm[1]), kind: "func", async: !!fm[3], gates: g });
      continue;
    }
    const rm = RESOURCE_RE.exec(item);
    if (rm) {
      const res = unescape(rm[1]);
      resources.push(res);
      if (rm[2] === "{") {
        for (const rawMember of splitItems(innerBlock(item))) {
          const [mg, member] = readGates(rawMember);
          if (CTOR_RE.test(member)) {
            functions.push({ name: `[constructor]${res}`, kind: "constructor", resource: res, async: false, gates: mg });
            continue;
          }
          const mm = FUNC_RE.exec(member);
          if (!mm) throw new Error(`unknown member of resource ${res}: ${member.slice(0, 60)}`);
          const isStatic = !!mm[2];
          functions.push({
            name: `[${isStatic ? "static" : "method"}]${res}.${unescape(mm[1])}`,
            kind: isStatic ? "static" : "method",
            resource: res,
            async: !!mm[3],
            gates: mg,
          });
        }
      }
      continue;
    }
    throw new Error(`unknown item in interface ${name}: ${item.slice(0, 60)}`);
  }
  return { name, gates, functions, resources };
}

const WORLD_ITEM_RE = /^(import|export|include)\s+([^;{]+?)\s*;$/;

/** @returns {WitWorld} */
function parseWorld(name, gates, body) {
  /** @type {WitWorldItem[]} */
  const items = [];
  for (const raw of splitItems(body)) {
    const [g, item] = readGates(raw);
    if (TYPE_DECL_RE.test(item)) continue;
    const m = WORLD_ITEM_RE.exec(item);
    if (!m) throw new Error(`unknown item in world ${name}: ${item.slice(0, 60)}`);
    items.push({ kind: /** @type {"import"|"export"|"include"} */ (m[1]), target: m[2].trim(), gates: g });
  }
  return { name, gates, items };
}

const PACKAGE_RE = /^package\s+([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)(?:@([^;\s]+))?\s*;/;

/**
 * Parse the .wit sources of one package (one or several files).
 * @param {string[]} sources
 * @returns {WitPackage}
 */
export function parsePackage(sources) {
  // Only one file of a package needs the `package` line; the others inherit it.
  const texts = sources.map((s) => stripComments(s).trim());
  /** @type {WitPackage|null} */
  let pkg = null;
  for (const text of texts) {
    const pm = PACKAGE_RE.exec(text);
    if (!pm) continue;
    const [, ns, name, version = null] = pm;
    if (!pkg) pkg = { namespace: ns, name, version, interfaces: [], worlds: [] };
    else if (pkg.namespace !== ns || pkg.name !== name || pkg.version !== version) {
      throw new Error(`files of different packages: ${pkg.namespace}:${pkg.name} vs ${ns}:${name}`);
    }
  }
  if (!pkg) throw new Error("no WIT file of this package has a package declaration");
  for (let text of texts) {
    const pm = PACKAGE_RE.exec(text);
    if (pm) text = text.slice(pm[0].length);
    for (const raw of splitItems(text)) {
      const [g, item] = readGates(raw);
      const im = new RegExp(`^(interface|world)\\s+(${ID})\\s*\\{`).exec(item);
      if (!im) throw new Error(`unknown top-level WIT item: ${item.slice(0, 60)}`);
      const body = innerBlock(item);
      if (im[1] === "interface") pkg.interfaces.push(parseInterface(unescape(im[2]), g, body));
      else pkg.worlds.push(parseWorld(unescape(im[2]), g, body));
    }
  }
  return pkg;
}

/** `wasi:clocks/imports@0.2.12` → `wasi:clocks/imports`; a bare `imports` → qualified with its package. */
export function qualify(target, pkg) {
  const bare = target.replace(/@[^/]*$/, "");
  return bare.includes(":") ? bare : `${pkg.namespace}:${pkg.name}/${bare}`;
}

/**
 * Flatten a world: its imports and exports with every include resolved, as
 * qualified interface names without versions. Items behind an @unstable gate
 * are returned separately (a host provides them only with that feature on).
 * @param {WitPackage[]} packages all packages of one release line
 * @param {string} worldName qualified, e.g. "wasi:http/proxy"
 */
export function flattenWorld(packages, worldName) {
  const byName = new Map();
  for (const p of packages) for (const w of p.worlds) byName.set(`${p.namespace}:${p.name}/${w.name}`, { pkg: p, world: w });
  const imports = [];
  const exports = [];
  const gated = [];
  const visit = (name, seen) => {
    const entry = byName.get(name);
    if (!entry) throw new Error(`world ${name} not found`);
    if (seen.has(name)) throw new Error(`include cycle at ${name}`);
    seen.add(name);
    for (const item of entry.world.items) {
      const target = qualify(item.target, entry.pkg);
      if (item.kind === "include") { visit(target, seen); continue; }
      if (item.gates.unstable) { gated.push({ kind: item.kind, name: target, feature: item.gates.unstable }); continue; }
      const list = item.kind === "import" ? imports : exports;
      if (!list.includes(target)) list.push(target);
    }
    seen.delete(name);
  };
  visit(worldName, new Set());
  return { imports, exports, gated };
}
