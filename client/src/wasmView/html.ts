import { HOST_CSS, hostCard } from '../report/html';
import { hostOrder, hostSummaries, type HostLevel } from '../report/model';
import { escapeHtml as esc, page } from '../webview/html';
import { plural } from '../plural';

/**
 * The read-only .wasm view: what `wasiReady/inspect` answers (the JSON of `wasi-ready inspect --format json`,
 * docs/output.md) as HTML, without VS Code.
 */

export interface CoreImport {
  module: string;
  name: string;
  kind: string;
}

/** A component's import or export: an interface (`kind: instance`) with the functions its type names, or a bare item. */
export interface ComponentItem {
  name: string;
  kind: string;
  package?: string;
  interface?: string;
  version?: string | null;
  functions?: string[] | null;
}

export interface CoreExport {
  name: string;
  kind: string;
}

export interface Memory {
  imported: boolean;
  shared: boolean;
  memory64: boolean;
  min: number;
  max: number | null;
}

export interface NestedModule {
  index: number;
  size: number;
  imports: CoreImport[];
  exports: CoreExport[];
}

export interface InspectFinding {
  ruleId: string;
  capability: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  hosts: Record<string, HostLevel>;
  guarded?: boolean;
  test?: boolean;
  docs?: string;
}

export interface InspectView {
  schemaVersion: number;
  file: string;
  size?: number;
  kind?: 'core' | 'component';
  targets?: string[];
  imports?: Array<CoreImport | ComponentItem>;
  exports?: Array<CoreExport | ComponentItem>;
  memories?: Memory[];
  modules?: NestedModule[];
  producers?: Record<string, string[]> | null;
  findings?: InspectFinding[];
  errors?: Array<{ message: string; offset?: number }>;
}

/** Imports or exports under one heading: a core module name, or a component interface with its version. */
export interface ItemGroup {
  /** `wasi_snapshot_preview1`, or `wasi:filesystem/types` without the version. */
  title: string;
  version: string | null;
  /** `module` for a core module's group, `instance` for an interface, else the bare item's kind. */
  kind: string;
  /** Function names (core: with the kind when not a function). */
  items: string[];
}

/** Imports grouped by module (core) or by interface (component), in the binary's order. */
export function importGroups(view: InspectView): ItemGroup[] {
  return view.kind === 'component' ? componentGroups((view.imports ?? []) as ComponentItem[]) : coreGroups((view.imports ?? []) as CoreImport[]);
}

/** Exports: a core module's as one list, a component's grouped like its imports. */
export function exportGroups(view: InspectView): ItemGroup[] {
  if (view.kind === 'component') return componentGroups((view.exports ?? []) as ComponentItem[]);
  const exports = (view.exports ?? []) as CoreExport[];
  return exports.length ? [{ title: 'exports', version: null, kind: 'module', items: exports.map(coreItem) }] : [];
}

export function coreGroups(imports: CoreImport[]): ItemGroup[] {
  const groups = new Map<string, ItemGroup>();
  for (const i of imports) {
    const group = groups.get(i.module) ?? { title: i.module, version: null, kind: 'module', items: [] };
    group.items.push(coreItem(i));
    groups.set(i.module, group);
  }
  return [...groups.values()];
}

function coreItem(i: { name: string; kind: string }): string {
  return i.kind === 'func' ? i.name : `${i.name} (${i.kind})`;
}

function componentGroups(items: ComponentItem[]): ItemGroup[] {
  return items.map((i) =>
    i.kind === 'instance' && i.package && i.interface
      ? { title: `${i.package}/${i.interface}`, version: i.version ?? null, kind: 'instance', items: i.functions ?? [] }
      : { title: i.name, version: null, kind: i.kind, items: [] },
  );
}

export interface RenderContext {
  nonce: string;
  cspSource: string;
}

export function wasmHtml(view: InspectView, context: RenderContext): string {
  const name = view.file.split('/').pop() ?? view.file;
  return page({ title: name, nonce: context.nonce, cspSource: context.cspSource, css: WASM_CSS, body: wasmBody(view, name) });
}

/** While the server inspects the file. */
export function loadingHtml(file: string, context: RenderContext): string {
  return page({ title: file, nonce: context.nonce, cspSource: context.cspSource, body: `<h1>${esc(file)}</h1><p class="muted">Inspecting…</p>` });
}

function wasmBody(view: InspectView, name: string): string {
  const out = [`<h1>${esc(name)}</h1>`];
  if (view.errors && view.errors.length > 0) {
    out.push('<p class="error">This file could not be read as WebAssembly:</p><ul>');
    for (const e of view.errors) out.push(`<li>${esc(e.message)}${e.offset !== undefined ? ` <span class="muted">(at byte ${esc(e.offset)})</span>` : ''}</li>`);
    out.push('</ul>');
    return out.join('\n');
  }
  const kind = view.kind === 'component' ? 'WebAssembly component' : 'WebAssembly core module';
  out.push(`<p>${kind}${view.size !== undefined ? ` · ${esc(formatSize(view.size))}` : ''}${view.targets?.length ? ` · checked against ${view.targets.map((t) => `<code>${esc(t)}</code>`).join(', ')}` : ''}</p>`);

  const findings = view.findings ?? [];
  const hosts = hostOrder(view.targets ?? [], findings);
  out.push('<h2>Per host</h2>');
  if (hosts.length) out.push(`<div class="hosts">${hostSummaries(findings, hosts).map(hostCard).join('')}</div>`);
  if (findings.length) out.push(findingsTable(findings, hosts));
  else out.push('<p>No finding: every target host runs what this binary needs.</p>');

  const imports = importGroups(view);
  out.push(`<h2>Imports from ${plural(imports.length, view.kind === 'component' ? 'interface' : 'module')}</h2>`, groupsHtml(imports));
  const exports = exportGroups(view);
  out.push('<h2>Exports</h2>', exports.length ? groupsHtml(exports) : '<p class="muted">None.</p>');

  if (view.memories?.length) {
    out.push('<h2>Memories</h2><table><thead><tr><th></th><th class="n">min pages</th><th class="n">max pages</th><th></th></tr></thead><tbody>');
    view.memories.forEach((m, i) => {
      const flags = [m.imported ? 'imported' : 'defined', m.shared ? 'shared' : '', m.memory64 ? 'memory64' : ''].filter(Boolean).join(', ');
      out.push(`<tr><td>${i}</td><td class="n">${esc(m.min)}</td><td class="n">${m.max === null ? '—' : esc(m.max)}</td><td>${esc(flags)}</td></tr>`);
    });
    out.push('</tbody></table>');
  }
  if (view.modules?.length) {
    out.push(`<h2>Nested core modules (${view.modules.length})</h2><p class="muted">Their imports are wired inside the component, not asked of the host.</p>`);
    for (const m of view.modules) {
      out.push(`<details><summary>module ${esc(m.index)} · ${esc(formatSize(m.size))} · ${plural(m.imports.length, 'import')}, ${plural(m.exports.length, 'export')}</summary>${groupsHtml(coreGroups(m.imports))}</details>`);
    }
  }
  const producers = Object.entries(view.producers ?? {});
  if (producers.length) {
    out.push('<h2>Producers</h2><table><tbody>');
    for (const [field, values] of producers) out.push(`<tr><td>${esc(field)}</td><td>${values.map(esc).join(', ')}</td></tr>`);
    out.push('</tbody></table>');
  }
  return out.join('\n');
}

function findingsTable(findings: InspectFinding[], hosts: string[]): string {
  const head = `<tr><th>rule</th><th>capability</th>${hosts.map((h) => `<th>${esc(h)}</th>`).join('')}<th>message</th></tr>`;
  const rows = findings.map((f) => {
    const cells = hosts.map((h) => {
      const level = f.hosts[h];
      return `<td class="${level ?? 'muted'}">${esc(level ?? '—')}</td>`;
    });
    return `<tr><td class="mono">${esc(f.ruleId)}</td><td>${esc(f.capability)}</td>${cells.join('')}<td>${esc(f.message)}</td></tr>`;
  });
  return `<table class="findings"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function groupsHtml(groups: ItemGroup[]): string {
  return groups
    .map((g) => {
      const version = g.version ? ` <span class="muted">@${esc(g.version)}</span>` : '';
      const kind = g.kind === 'instance' || g.kind === 'module' ? '' : ` <span class="muted">(${esc(g.kind)})</span>`;
      const count = g.items.length ? ` <span class="muted">· ${g.items.length}</span>` : '';
      const summary = `<code>${esc(g.title)}</code>${version}${kind}${count}`;
      if (!g.items.length) return `<div class="group">${summary}</div>`;
      return `<details class="group" open><summary>${summary}</summary><ul>${g.items.map((i) => `<li><code>${esc(i)}</code></li>`).join('')}</ul></details>`;
    })
    .join('');
}

/** `265.6 KiB (271,983 bytes)`. */
export function formatSize(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return exact;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${value.toFixed(1)} ${unit} (${exact})`;
}

const WASM_CSS = `${HOST_CSS}
.group { margin: 2px 0; }
.group ul { margin: 2px 0 6px; padding-left: 24px; columns: 2; }
summary { cursor: pointer; }
`;
