import { escapeHtml as esc, page } from '../webview/html';
import type { ChartData, FolderModel, HostSummary, ReportModel } from './model';
import { plural } from '../plural';

/** The readiness report as one HTML document; every string from the scan is escaped here. */

/** What the report's script posts: open a blocker's code or its rule page, or start a scan. */
export type ReportMessage = { type: 'open' | 'docs'; folder: number; index: number } | { type: 'check' };

/** A message from the webview, checked field by field; anything else is undefined. */
export function parseReportMessage(value: unknown): ReportMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, folder, index } = value as Record<string, unknown>;
  if (type === 'check') return { type };
  if ((type === 'open' || type === 'docs') && isIndex(folder) && isIndex(index)) return { type, folder, index };
  return undefined;
}

function isIndex(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

export interface RenderContext {
  nonce: string;
  cspSource: string;
  /** How the scan time is shown; UTC by default, so the output does not depend on the machine's zone. */
  formatTime?: (iso: string) => string;
}

export function reportHtml(model: ReportModel | null, context: RenderContext): string {
  return page({
    title: 'WASI readiness',
    nonce: context.nonce,
    cspSource: context.cspSource,
    css: REPORT_CSS,
    body: model ? reportBody(model, context.formatTime ?? utcTime) : emptyBody(),
    script: SCRIPT,
  });
}

function emptyBody(): string {
  return '<h1>WASI readiness</h1><p>No workspace scan yet.</p><p><button data-action="check">Check WASI readiness</button></p>';
}

function reportBody(model: ReportModel, formatTime: (iso: string) => string): string {
  const { totals } = model;
  const out = [
    '<h1>WASI readiness</h1>',
    `<p class="muted">Scanned ${esc(formatTime(model.scannedAt))} in ${esc(model.ms)} ms · ${plural(totals.files, 'file')} · ${plural(totals.findings, 'finding')} · ${plural(totals.blockers, 'blocker')}${totals.errors ? ` · ${plural(totals.errors, 'file')} not analysed` : ''} <button data-action="check">Check again</button></p>`,
  ];
  model.folders.forEach((folder, i) => out.push(folderSection(folder, i, model.folders.length > 1)));
  return out.join('\n');
}

function folderSection(folder: FolderModel, folderIndex: number, named: boolean): string {
  const out: string[] = [`<section class="folder">`];
  if (named) out.push(`<h2>${esc(folder.name)}</h2>`);
  out.push(`<p>${folder.targets.length ? `Targets: ${folder.targets.map((t) => `<code>${esc(t)}</code>`).join(', ')}` : 'No target'}${projectsLine(folder)}</p>`);

  out.push('<h3>Verdict per host</h3>');
  if (folder.hosts.length === 0) out.push('<p class="muted">No target host.</p>');
  else out.push(`<div class="hosts">${folder.hosts.map(hostCard).join('')}</div>`);

  out.push(`<h3>Blockers (${folder.blockers.length})</h3>`);
  if (folder.blockers.length === 0) out.push('<p>None: no finding is an error on any target host.</p>');
  else {
    out.push('<table class="blockers"><thead><tr><th>where</th><th>rule</th><th>capability</th><th>hosts</th><th>message</th></tr></thead><tbody>');
    for (const b of folder.blockers) {
      const link = `data-folder="${folderIndex}" data-index="${b.index}"`;
      out.push(
        `<tr><td class="mono"><a href="#" data-action="open" ${link}>${esc(b.file)}:${esc(b.line)}</a></td>` +
          `<td class="mono"><a href="#" data-action="docs" ${link}>${esc(b.ruleId)}</a></td>` +
          `<td>${esc(b.capability)}</td><td>${b.hosts.map(esc).join(', ')}</td><td>${esc(b.message)}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  const { warning, info } = folder.notBlocking;
  if (warning + info > 0) out.push(`<p class="muted">Not blocking: ${[warning ? plural(warning, 'warning') : '', info ? `${info} info` : ''].filter(Boolean).join(' and ')} (in the Problems panel).</p>`);

  if (folder.chart.capabilities.length > 0) out.push('<h3>Blockers per capability</h3>', chartSvg(folder.chart));

  if (folder.errors.length > 0) {
    out.push(`<h3>Not analysed (${folder.errors.length})</h3><table><tbody>`);
    for (const e of folder.errors) out.push(`<tr><td class="mono">${esc(e.file)}</td><td>${esc(e.message)}</td></tr>`);
    out.push('</tbody></table>');
  }
  out.push('</section>');
  return out.join('\n');
}

function projectsLine(folder: FolderModel): string {
  const reasons = folder.projects.map((p) => `${p.root ?? '.'}: ${p.targets.join(', ')} (${p.reason})`);
  return reasons.length ? ` <span class="muted">— ${reasons.map(esc).join('; ')}</span>` : '';
}

export function hostCard(host: HostSummary): string {
  const { counts } = host;
  const rows = host.capabilities
    .map((c) => `<tr><td>${esc(c.capability)}</td><td class="n error">${c.error || ''}</td><td class="n warning">${c.warning || ''}</td><td class="n info">${c.info || ''}</td></tr>`)
    .join('');
  return (
    `<div class="host"><h4><code>${esc(host.host)}</code>: <span class="verdict-${host.verdict}">${host.verdict}</span></h4>` +
    `<p class="muted">${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info</p>` +
    (rows ? `<table><thead><tr><th>capability</th><th class="n">errors</th><th class="n">warnings</th><th class="n">info</th></tr></thead><tbody>${rows}</tbody></table>` : '') +
    '</div>'
  );
}

/** Host colours for the chart, in target order; theme chart colours, repeated past six hosts. */
const HOST_COLOURS = ['red', 'blue', 'yellow', 'orange', 'purple', 'green'];
const LABEL_WIDTH = 170;
const BAR_AREA = 340;
const ROW = 16;
const GROUP_GAP = 10;

/** A horizontal grouped bar chart: one group per capability, one bar per host. */
export function chartSvg(chart: ChartData): string {
  const groupHeight = chart.hosts.length * ROW + GROUP_GAP;
  const height = chart.capabilities.length * groupHeight;
  const width = LABEL_WIDTH + BAR_AREA + 40;
  const parts: string[] = [];
  chart.capabilities.forEach((capability, c) => {
    const top = c * groupHeight;
    parts.push(`<text class="label" x="0" y="${top + (chart.hosts.length * ROW) / 2 + 4}">${esc(capability)}</text>`);
    chart.hosts.forEach((host, h) => {
      const value = chart.values[c][h];
      const y = top + h * ROW;
      const barWidth = chart.max > 0 ? Math.round((value / chart.max) * BAR_AREA) : 0;
      parts.push(
        `<rect class="bar host-${h % HOST_COLOURS.length}" x="${LABEL_WIDTH}" y="${y + 2}" width="${barWidth}" height="${ROW - 4}"><title>${esc(`${capability} on ${host}: ${plural(value, 'blocker')}`)}</title></rect>` +
          `<text class="value" x="${LABEL_WIDTH + barWidth + 4}" y="${y + ROW - 4}">${value}</text>`,
      );
    });
  });
  const legend = chart.hosts.map((host, h) => `<li><span class="swatch host-${h % HOST_COLOURS.length}"></span>${esc(host)}</li>`).join('');
  return (
    `<ul class="legend">${legend}</ul>` +
    `<svg class="chart" role="img" aria-label="Blockers per capability per host" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`
  );
}

/** The host cards' layout, shared with the .wasm view. */
export const HOST_CSS = `
.hosts { display: flex; flex-wrap: wrap; gap: 8px 32px; }
.host h4 { margin: 8px 0 2px; font-size: 1em; }
.host p { margin: 0 0 4px; }
`;

const REPORT_CSS = `${HOST_CSS}
.blockers td:nth-child(-n+4) { white-space: nowrap; }
button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
.chart text { fill: var(--vscode-editor-foreground); font-size: 11px; }
.chart text.value { fill: var(--vscode-descriptionForeground); }
.legend { list-style: none; padding: 0; display: flex; gap: 16px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
${HOST_COLOURS.map((colour, i) => `.bar.host-${i} { fill: var(--vscode-charts-${colour}); } .swatch.host-${i} { background: var(--vscode-charts-${colour}); }`).join('\n')}
`;

/** Clicks become messages to the extension; the page itself opens nothing. */
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-action]') : null;
  if (!target) return;
  event.preventDefault();
  const action = target.getAttribute('data-action');
  if (action === 'check') vscode.postMessage({ type: 'check' });
  else vscode.postMessage({ type: action, folder: Number(target.getAttribute('data-folder')), index: Number(target.getAttribute('data-index')) });
});
`;

/** `2026-11-23 09:41:07 UTC` from the ISO time. */
function utcTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}
