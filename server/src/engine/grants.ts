import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityId } from './capabilities';
import type { CheckOptions } from './check';
import type { Target } from './hosts';
import { holdsAt, resolveTarget } from './hosts';
import { collectNeeds, inclusionPath, literalArgument, type Need } from './inventory';
import { knowledge } from './knowledge/load';
import type { HostProfile } from './knowledge/types';
import type { InputError, Requirement } from './model';
import { ConfigError } from './targets';
import { compareText } from './text';
import { SCHEMA_VERSION, TOOL_NAME, TOOL_VERSION } from './version';

/**
 * How a host lets a deployment grant capabilities, read from its profile's `grant` fields:
 * `spin-manifest` (spin.toml component keys), `wasmtime-flags` (`wasmtime run`/`serve` flags), `host-settings`
 * (a setting the profile names in words: wasmCloud allowedHosts, Fastly backends…), `none` (nothing to grant:
 * what the host provides, every guest gets).
 */
export type GrantModel = 'spin-manifest' | 'wasmtime-flags' | 'host-settings' | 'none';

/** Where the code uses what a grant allows. */
export interface GrantUse {
  file: string;
  line: number;
  column: number;
  evidence: string;
  /** The literal the grant was read from, when the code spells one. */
  argument: string | null;
}

export interface Grant {
  capability: CapabilityId | 'key-value' | 'sqlite';
  /** The host's own key or flag: `allowed_outbound_hosts`, `files`, `key_value_stores`, `--dir`, `-S`. */
  setting: string;
  /** The entry in the host's syntax: `https://api.example.com`, `tcp://db.internal:5432`, `--dir ./data::data`, `-S inherit-network`. */
  value: string;
  /** True when the code does not spell the value (a computed URL, a dependency's connection): fill it in. */
  placeholder: boolean;
  uses: GrantUse[];
}

/** A need no grant can meet on this host: granting more would not help. */
export interface Ungrantable {
  capability: CapabilityId;
  file: string;
  line: number;
  column: number;
  evidence: string;
  /** check's message for it on this host. */
  message: string;
}

export interface GrantsResult {
  schemaVersion: number;
  tool: { name: string; version: string };
  target: string;
  host: { id: string; name: string };
  model: GrantModel;
  grants: Grant[];
  /** The grants as the host reads them: a spin.toml component fragment, a wasmtime command line; null for other models. */
  snippet: string | null;
  ungrantable: Ungrantable[];
  notes: string[];
  errors: InputError[];
  summary: { files: number; grants: number; placeholders: number; ungrantable: number; ms: number };
}

export interface GrantsOptions extends Omit<CheckOptions, 'targets'> {
  /** One host id, host@version or spin.toml target name. */
  target: string;
}

/**
 * `wasi-ready grants --target spin`: the least-privilege grants the scanned code needs on one host, in the
 * host's syntax. Test-only and guarded code never ship and grant nothing; a need the host cannot provide at all
 * (threads on Spin, writes to a read-only mount) is listed as ungrantable with check's message.
 */
export async function grants(paths: string[], options: GrantsOptions): Promise<GrantsResult> {
  const started = process.hrtime.bigint();
  const kb = options.knowledge ?? knowledge();
  const target = resolveTarget(options.target, kb.hosts);
  if (!target) throw new ConfigError(`unknown target "${options.target}" (wasi-ready targets lists them)`);
  const scan = await collectNeeds(paths, { ...options, targets: [options.target] });
  const profile = target.profile;
  const model = grantModel(profile);
  const builder = new GrantBuilder();
  const ungrantable: Ungrantable[] = [];
  const notes: string[] = [];
  const binaries = new Set<string>();

  for (const need of scan.needs) {
    const r = need.requirement;
    if (r.test || r.guarded) continue;
    if (r.origin === 'binary') binaries.add(need.file);
    const verdict = need.hosts[target.label] ?? 'ok';
    if (r.need.kind === 'interfaces' || r.need.kind === 'interface-functions') {
      if (verdict === 'ok') interfaceGrants(r, need, target, model, builder);
      continue;
    }
    if (r.need.kind !== 'capability' && r.need.kind !== 'adapter') continue;
    const fact = hostFactFor(r.capability);
    const provided = fact !== null && providedBy(profile, r.capability, kb.capabilities.get(r.capability)?.providedWhen ?? []);
    if (verdict === 'error' || (!provided && verdict !== 'ok')) {
      ungrantable.push({ capability: r.capability, file: need.file, line: r.range.line, column: r.range.column, evidence: r.evidence, message: need.message ?? r.evidence });
      continue;
    }
    if (!fact || !provided) continue;
    capabilityGrants(r, need, target, model, builder);
  }

  if (model === 'spin-manifest') for (const store of hostStores(scan.scanned, scan.relative)) builder.add(store.kind, store.setting, store.value, false, store.use);
  const list = builder.list();
  if (model === 'none') notes.push(`${profile.id} has no permission model: every guest gets what it provides (${describeProvides(profile)}), so there is nothing to grant`);
  if (model === 'host-settings') notes.push(`${profile.id} grants in its own configuration, not in a syntax wasi-ready writes: each grant names the setting`);
  if (model === 'wasmtime-flags' && list.some((g) => g.capability === 'sockets-outbound' || g.capability === 'sockets-listen')) {
    notes.push('wasmtime grants the whole network with -S inherit-network; it cannot limit connections to the hosts the code names');
  }
  if (model === 'wasmtime-flags' && list.some((g) => g.setting === '--dir')) notes.push('wasmtime preopens --dir directories read-write');
  const placeholders = list.filter((g) => g.placeholder).length;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    target: target.label,
    host: { id: profile.id, name: profile.name },
    model,
    grants: list,
    snippet: snippet(model, target, list, [...binaries].filter((b) => b.endsWith('.wasm'))),
    ungrantable,
    notes,
    errors: scan.errors,
    summary: { files: scan.files, grants: list.length, placeholders, ungrantable: ungrantable.length, ms: Number((process.hrtime.bigint() - started) / 1_000_000n) },
  };
}

const FACT_OF: Partial<Record<CapabilityId, 'filesystem' | 'sockets' | 'httpOutbound'>> = {
  'fs-read': 'filesystem', 'fs-write': 'filesystem', 'sockets-outbound': 'sockets', 'sockets-listen': 'sockets', 'http-outbound': 'httpOutbound',
};

function hostFactFor(capability: CapabilityId): 'filesystem' | 'sockets' | 'httpOutbound' | null {
  return FACT_OF[capability] ?? null;
}

function providedBy(profile: HostProfile, capability: CapabilityId, providedWhen: Array<string | boolean>): boolean {
  const fact = hostFactFor(capability);
  return fact !== null && providedWhen.includes(profile[fact].value);
}

/** Which syntax the host's `grant` fields speak. */
export function grantModel(profile: HostProfile): GrantModel {
  const texts = [profile.filesystem.grant, profile.sockets.grant, profile.httpOutbound.grant, ...profile.interfaces.map((i) => i.grant)].filter((t): t is string => !!t);
  if (texts.length === 0) return 'none';
  if (texts.some((t) => /spin\.toml|allowed_outbound_hosts/.test(t))) return 'spin-manifest';
  if (profile.id.startsWith('wasmtime') && texts.every((t) => /^(?:-S |--dir )/.test(t))) return 'wasmtime-flags';
  return 'host-settings';
}

class GrantBuilder {
  private readonly grants = new Map<string, Grant>();

  add(capability: Grant['capability'], setting: string, value: string, placeholder: boolean, use: GrantUse | null): void {
    const key = `${setting}\u0000${value}`;
    let grant = this.grants.get(key);
    if (!grant) this.grants.set(key, (grant = { capability, setting, value, placeholder, uses: [] }));
    if (use && !grant.uses.some((u) => u.file === use.file && u.line === use.line && u.column === use.column)) grant.uses.push(use);
  }

  list(): Grant[] {
    const order = (g: Grant): number => ['allowed_outbound_hosts', 'files', 'key_value_stores', 'sqlite_databases', '-S', '--dir'].indexOf(g.setting);
    return [...this.grants.values()].sort((a, b) => order(a) - order(b) || Number(a.placeholder) - Number(b.placeholder) || compareText(a.value, b.value));
  }
}

function useOf(r: Requirement, need: Need, argument: string | null): GrantUse {
  const evidence = r.package ? `${r.package.name}${r.package.version ? `@${r.package.version}` : ''} (${inclusionPath(r.package, need.file)})` : r.evidence;
  return { file: need.file, line: r.range.line, column: r.range.column, evidence, argument };
}

/** One capability need the host provides → the grant entries in its syntax. */
function capabilityGrants(r: Requirement, need: Need, target: Target, model: GrantModel, out: GrantBuilder): void {
  const literal = r.origin === 'source' ? literalArgument(r) : null;
  const use = useOf(r, need, literal ? literal.argument : null);
  const profile = target.profile;
  const grantText = profile[hostFactFor(r.capability)!].grant;
  switch (model) {
    case 'none':
      return;
    case 'host-settings':
      if (grantText) {
        const named = r.capability === 'fs-read' || r.capability === 'fs-write' ? (literal && !literal.prefix ? literal.argument : null) : hostOf(literal);
        out.add(r.capability, grantText, named ?? '(the code does not name it)', named === null, use);
      }
      return;
    case 'spin-manifest':
      return spinGrant(r, literal, use, out);
    case 'wasmtime-flags':
      return wasmtimeGrant(r, literal, use, target, grantText, out);
  }
}

const DNS = /\b(?:dns|lookup|resolv|to_socket_addrs|name)/i;
const UDP = /\budp|dgram|UdpSocket/i;

function spinGrant(r: Requirement, literal: { argument: string; prefix?: boolean } | null, use: GrantUse, out: GrantBuilder): void {
  switch (r.capability) {
    case 'http-outbound': {
      const origin = httpOrigin(literal);
      out.add('http-outbound', 'allowed_outbound_hosts', origin ?? 'https://HOST', origin === null, use);
      return;
    }
    case 'sockets-outbound': {
      if (DNS.test(r.evidence) && !/connect/i.test(r.evidence)) {
        // Spin resolves names only for hosts in allowed_outbound_hosts: the connection's own entry covers the lookup.
        out.add('sockets-outbound', 'allowed_outbound_hosts', 'tcp://HOST:PORT', true, use);
        return;
      }
      const scheme = UDP.test(r.evidence) ? 'udp' : 'tcp';
      const address = socketAddress(literal);
      out.add('sockets-outbound', 'allowed_outbound_hosts', address ? `${scheme}://${address}` : `${scheme}://HOST:PORT`, address === null, use);
      return;
    }
    case 'fs-read':
    case 'fs-write': {
      const file = literal && !literal.prefix ? literal.argument : null;
      if (file === null) out.add(r.capability, 'files', '{ source = "LOCAL_DIR", destination = "/GUEST_DIR" }', true, use);
      else if (path.posix.isAbsolute(file)) out.add(r.capability, 'files', `{ source = "LOCAL_DIR", destination = "${path.posix.dirname(file)}" }`, true, use);
      else out.add(r.capability, 'files', path.posix.normalize(file.replace(/^\.\//, '')), false, use);
      return;
    }
    default:
      return;
  }
}

function wasmtimeGrant(r: Requirement, literal: { argument: string; prefix?: boolean } | null, use: GrantUse, target: Target, grantText: string | undefined, out: GrantBuilder): void {
  if (!grantText) return; // provided without a flag (outbound HTTP on wasmtime serve)
  for (const flag of flagsOf(grantText)) {
    if (flag.startsWith('--dir')) {
      const file = literal && !literal.prefix ? literal.argument : null;
      if (file === null) out.add(r.capability, '--dir', '--dir HOST_DIR::GUEST_DIR', true, use);
      else {
        const dir = path.posix.dirname(path.posix.normalize(file));
        out.add(r.capability, '--dir', path.posix.isAbsolute(dir) ? `--dir HOST_DIR::${dir}` : `--dir ./${dir === '.' ? '' : dir}::${dir}`.replace('./::', '.::'), path.posix.isAbsolute(dir), use);
      }
    } else {
      out.add(r.capability, '-S', flag, false, use);
    }
  }
  if ((r.capability === 'sockets-outbound' || r.capability === 'http-outbound') && DNS.test(r.evidence) && /allow-ip-name-lookup/.test(grantText + (target.profile.sockets.grant ?? ''))) {
    out.add(r.capability, '-S', '-S allow-ip-name-lookup', false, use);
  }
}

/** `-S cli --dir HOST::GUEST` → ["-S cli", "--dir"]; a parenthesised remark is not a flag. */
function flagsOf(grant: string): string[] {
  const main = grant.replace(/\(.*?\)/g, '');
  return [...main.matchAll(/-S [\w-]+|--dir\b/g)].map((m) => m[0]);
}

/** Component imports the host links only on request (wasmtime `-S cli`, `-S http`), and Spin stores the binary imports. */
function interfaceGrants(r: Requirement, need: Need, target: Target, model: GrantModel, out: GrantBuilder): void {
  const names = r.need.kind === 'interfaces' ? r.need.interfaces.map((i) => i.name) : r.need.kind === 'interface-functions' ? [r.need.name] : [];
  const use = useOf(r, need, null);
  for (const name of names) {
    if (model === 'wasmtime-flags') {
      const facts = target.profile.interfaces.filter((i) => i.name === name && holdsAt(i, target.version));
      // Linked without a flag at some version of the line: nothing to grant.
      if (facts.length === 0 || facts.some((f) => !f.grant)) continue;
      for (const flag of flagsOf(facts[0].grant!)) out.add('interface-version', '-S', flag, false, { ...use, evidence: `imports ${name}` });
    } else if (model === 'spin-manifest') {
      if (/key-value|keyvalue/.test(name)) out.add('key-value', 'key_value_stores', 'default', true, { ...use, evidence: `imports ${name} (the store label is chosen at run time)` });
      else if (/sqlite/.test(name)) out.add('sqlite', 'sqlite_databases', 'default', true, { ...use, evidence: `imports ${name} (the database label is chosen at run time)` });
    }
  }
}

/** `https://api.example.com/v1/x` → `https://api.example.com`; a template string counts once its host is complete. */
function httpOrigin(literal: { argument: string; prefix?: boolean } | null): string | null {
  if (!literal) return null;
  const match = /^(https?|wss?):\/\/([^/?#\s]+)([/?#].*)?$/i.exec(literal.argument);
  if (!match || (literal.prefix && match[3] === undefined) || /[${}]/.test(match[2])) return null;
  const scheme = match[1].toLowerCase().replace(/^ws/, 'http');
  return `${scheme}://${match[2].toLowerCase()}`;
}

function hostOf(literal: { argument: string; prefix?: boolean } | null): string | null {
  return httpOrigin(literal) ?? socketAddress(literal);
}

/** `db.internal:5432`, `redis://cache:6379/0` → `db.internal:5432`, `cache:6379`; a name without a port is not an address. */
function socketAddress(literal: { argument: string; prefix?: boolean } | null): string | null {
  if (!literal || literal.prefix) return null;
  const url = /^(https?|wss?):\/\/([^/?#:@\s]+)(?:[/?#]|$)/i.exec(literal.argument);
  if (url) return `${url[2].toLowerCase()}:${/^(?:https|wss)$/i.test(url[1]) ? 443 : 80}`;
  const withoutScheme = literal.argument.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/[/?#].*$/, '').replace(/^[^@]*@/, '');
  return /^(?:\[[0-9a-f:]+\]|[\w.-]+):\d+$/i.test(withoutScheme) ? withoutScheme.toLowerCase() : null;
}

interface StoreUse {
  kind: 'key-value' | 'sqlite';
  setting: 'key_value_stores' | 'sqlite_databases';
  value: string;
  use: GrantUse;
}

/**
 * Spin's key-value stores and SQLite databases are granted by label; the code names the label where it opens
 * the store. A lexical reading of the Spin SDKs' open calls in scanned source files that use them:
 * Rust `spin_sdk::key_value::Store::open("cache")` / `open_default()`, `spin_sdk::sqlite::Connection::open…`;
 * JavaScript `@spinframework/spin-kv` / `-sqlite` (and `@fermyon/spin-sdk`'s Kv, Sqlite) `open("x")` / `openDefault()`.
 */
function hostStores(files: string[], relative: (file: string) => string): StoreUse[] {
  const found: StoreUse[] = [];
  for (const file of files) {
    const rust = file.endsWith('.rs');
    const js = /\.[cm]?[jt]sx?$/.test(file);
    if (!rust && !js) continue;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const kinds: Array<{ kind: StoreUse['kind']; setting: StoreUse['setting']; uses: boolean; open: RegExp; openDefault: RegExp }> = rust
      ? [
        { kind: 'key-value', setting: 'key_value_stores', uses: /key_value/.test(text), open: /\bStore::open\s*\(\s*"([^"]+)"\s*\)/g, openDefault: /\bStore::open_default\s*\(\s*\)/g },
        { kind: 'sqlite', setting: 'sqlite_databases', uses: /sqlite/.test(text), open: /\bConnection::open\s*\(\s*"([^"]+)"\s*\)/g, openDefault: /\bConnection::open_default\s*\(\s*\)/g },
      ]
      : [
        { kind: 'key-value', setting: 'key_value_stores', uses: /['"]@spinframework\/spin-kv['"]|\bKv\.open/.test(text), open: /\b(?:Kv\.)?open\s*\(\s*['"`]([^'"`$]+)['"`]\s*\)/g, openDefault: /\b(?:Kv\.)?openDefault\s*\(\s*\)/g },
        { kind: 'sqlite', setting: 'sqlite_databases', uses: /['"]@spinframework\/spin-sqlite['"]|\bSqlite\.open/.test(text), open: /\b(?:Sqlite\.)?open\s*\(\s*['"`]([^'"`$]+)['"`]\s*\)/g, openDefault: /\b(?:Sqlite\.)?openDefault\s*\(\s*\)/g },
      ];
    for (const kind of kinds) {
      if (!kind.uses) continue;
      for (const [re, label] of [[kind.open, null], [kind.openDefault, 'default']] as const) {
        for (const match of text.matchAll(re)) {
          const { line, column } = position(text, match.index ?? 0);
          const value = label ?? match[1];
          found.push({ kind: kind.kind, setting: kind.setting, value, use: { file: relative(file), line, column, evidence: match[0], argument: value } });
        }
      }
    }
  }
  return found;
}

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

function describeProvides(profile: HostProfile): string {
  return [profile.filesystem.says, profile.sockets.says, profile.httpOutbound.says].join('; ');
}

/** The grants as the host reads them. */
function snippet(model: GrantModel, target: Target, list: Grant[], binaries: string[]): string | null {
  if (model === 'spin-manifest') {
    const lines = ['[component.YOUR-COMPONENT]'];
    for (const setting of ['allowed_outbound_hosts', 'files', 'key_value_stores', 'sqlite_databases']) {
      const entries = list.filter((g) => g.setting === setting);
      if (entries.length === 0) continue;
      lines.push(`${setting} = [`);
      for (const g of entries) {
        const value = g.value.startsWith('{') ? g.value : JSON.stringify(g.value);
        const where = g.uses.slice(0, 3).map((u) => `${u.file}:${u.line}`).join(', ') + (g.uses.length > 3 ? ` and ${g.uses.length - 3} more` : '');
        lines.push(`  ${value},  # ${g.placeholder ? 'FILL IN: ' : ''}${where}`);
      }
      lines.push(']');
    }
    return `${lines.join('\n')}\n`;
  }
  if (model === 'wasmtime-flags') {
    const command = target.profile.id === 'wasmtime-serve' ? 'wasmtime serve' : 'wasmtime run';
    const flags: string[] = [];
    for (const g of list) {
      if (g.setting === '-S') flags.push(...g.value.split(/\s+(?=-S)/));
      else flags.push(g.value);
    }
    const unique = [...new Set(flags)];
    // -S cli first: wasmtime serve links the filesystem and sockets only with it.
    unique.sort((a, b) => Number(b === '-S cli') - Number(a === '-S cli') || Number(a.startsWith('--dir')) - Number(b.startsWith('--dir')));
    return `${[command, ...unique, binaries.length === 1 ? binaries[0] : 'COMPONENT.wasm'].join(' ')}\n`;
  }
  return null;
}
