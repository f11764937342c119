import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { loadKnowledge } from 'wasi-ready/engine/knowledge/load';
import { CAPABILITY_IDS } from 'wasi-ready/engine/capabilities';
import { REPO } from '../support/paths';

const RULES = path.join(REPO, 'rules');

function dataFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return dataFiles(full);
    return entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json') ? [full] : [];
  });
}

/** Every value under a key named `source`, with where it sits. */
function sources(value: unknown, at: string, out: Array<{ at: string; source: unknown }> = []): Array<{ at: string; source: unknown }> {
  if (Array.isArray(value)) value.forEach((v, i) => sources(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'source') out.push({ at: `${at}.${key}`, source: v });
      else sources(v, `${at}.${key}`, out);
    }
  }
  return out;
}

/** A source names a file in a repository, a page with its path, or a measurement; never a bare domain. */
export function isUsableSource(source: unknown): boolean {
  if (typeof source !== 'string' || source.trim().length < 8) return false;
  const text = source.trim();
  if (/^\[measured\]/.test(text) || text.includes(' · ')) return true;
  const url = /^https?:\/\/[^/\s]+(\/[^\s]*)?/.exec(text);
  if (url) return Boolean(url[1] && url[1].replace(/\/+$/, '').length > 0);
  return !/^[a-z0-9.-]+\.[a-z]{2,}\/?$/i.test(text) && /[/·]/.test(text);
}

describe('the knowledge base in rules/', () => {
  const files = dataFiles(RULES);

  it('has the data files the engine loads', () => {
    const names = files.map((f) => path.relative(RULES, f)).sort();
    for (const expected of ['capabilities.json', 'rules.json', 'wasi/preview1.json', 'wasi/interfaces.json', 'wasi/host-glue.json']) {
      assert.ok(names.includes(expected), `${expected} missing`);
    }
  });

  for (const file of files) {
    const name = path.relative(RULES, file);
    it(`${name} is valid against its JSON Schema`, () => {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { $schema?: string };
      assert.ok(data.$schema, `${name} names no $schema`);
      const schemaFile = path.resolve(path.dirname(file), data.$schema);
      const ajv = new Ajv({ allErrors: true, strict: false });
      const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
      assert.ok(validate(data), ajv.errorsText(validate.errors, { dataVar: name }));
    });

    it(`${name}: every fact has a source that is neither empty nor a bare domain`, () => {
      const bad = sources(JSON.parse(fs.readFileSync(file, 'utf8')), name).filter((s) => !isUsableSource(s.source));
      assert.deepEqual(bad, []);
    });
  }

  it('the source check itself rejects empty sources and bare domains', () => {
    for (const bad of ['', '   ', 'docs.fastly.com', 'https://docs.fastly.com', 'https://docs.fastly.com/', 'fermyon.com']) {
      assert.equal(isUsableSource(bad), false, bad);
    }
    for (const good of ['spinframework/spin · crates/factor-wasi/src/lib.rs @ v3.0.0', 'https://docs.fastly.com/en/guides/resource-limits', '[measured] jco 1.35.0 component new']) {
      assert.equal(isUsableSource(good), true, good);
    }
  });

  it('has a profile for every host the product names', () => {
    const kb = loadKnowledge(RULES);
    const ids = kb.hosts.map((h) => h.id).sort();
    assert.deepEqual(ids, [
      'akamai-functions', 'cloudflare-workers', 'deno-deploy', 'envoy-proxy-wasm', 'fastly-compute', 'spin', 'spinkube',
      'wasi-http', 'wasmcloud', 'wasmedge', 'wasmtime-run', 'wasmtime-serve',
    ]);
    for (const host of kb.hosts) {
      assert.equal(path.basename(files.find((f) => f.endsWith(`${host.id}.json`)) ?? ''), `${host.id}.json`, 'file name = id');
    }
  });

  it('maps every Preview 1, preview0 and wasi-threads function', () => {
    const kb = loadKnowledge(RULES);
    const count = (module: string, standard: boolean) =>
      [...kb.preview1.values()].filter((f) => f.module === module && Boolean(f.extension) !== standard).length;
    assert.equal(count('wasi_snapshot_preview1', true), 46);
    assert.equal(count('wasi_unstable', true), 45);
    assert.equal(kb.preview1.get('wasi\u0000thread-spawn')?.capability, 'threads');
    assert.equal(kb.preview1.get('wasi_snapshot_preview1\u0000sock_accept')?.adapter, 'trap');
    assert.equal(kb.preview1.get('wasi_snapshot_preview1\u0000path_unlink_file')?.capability, 'fs-write');
    assert.equal(kb.preview1.get('wasi_snapshot_preview1\u0000fd_write')?.capability, null);
  });

  it('maps the WASI 0.2 and 0.3 interfaces', () => {
    const kb = loadKnowledge(RULES);
    const types02 = kb.interfaces.get('wasi:filesystem/types@0.2');
    assert.ok(types02);
    assert.equal(types02.capability, 'fs-read');
    assert.equal(types02.functions.find((f) => f.name === '[method]descriptor.write-via-stream')?.capability, 'fs-write');
    assert.equal(kb.interfaces.get('wasi:sockets/tcp@0.2')?.functions.find((f) => f.name === '[method]tcp-socket.start-listen')?.capability, 'sockets-listen');
    assert.equal(kb.interfaces.get('wasi:cli/exit@0.2')?.functions.find((f) => f.name === 'exit-with-code')?.stableSince, '0.2.12');
    assert.ok(kb.interfaces.get('wasi:http/handler@0.3'), 'wasi:http/handler@0.3');
    assert.ok(!kb.interfaces.has('wasi:io/streams@0.3'), '0.3 has no wasi:io');
  });

  it('every rule has a known capability and a docs page', () => {
    const kb = loadKnowledge(RULES);
    for (const rule of kb.rules.values()) {
      assert.ok((CAPABILITY_IDS as readonly string[]).includes(rule.capability), rule.id);
      const page = path.join(REPO, 'docs', 'rules', `${rule.id}.md`);
      assert.ok(fs.existsSync(page), `${rule.id}: docs/rules/${rule.id}.md is missing`);
      const text = fs.readFileSync(page, 'utf8');
      assert.match(text, new RegExp(`^# ${rule.id.replace('/', '\\/')}\\n`), `${rule.id}: the page starts with its id`);
      for (const heading of ['## What it finds', '## Why it fails', '## What to do instead', '## Example']) {
        assert.ok(text.includes(heading), `${rule.id}: "${heading}" section`);
      }
    }
    for (const capability of CAPABILITY_IDS) assert.ok(kb.capabilities.has(capability), capability);
  });
});
