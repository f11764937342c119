/** What every wasi-ready webview page shares: escaping, the content security policy and theme-coloured CSS. */

/** Text or attribute value for HTML: the five characters that could end a text run or an attribute quoted with either quote. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** No remote resources: styles from the extension or the nonce'd block, scripts only the nonce'd one, images from the extension or data: URIs. */
export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return `default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src ${cspSource} data:`;
}

export interface PageOptions {
  title: string;
  nonce: string;
  cspSource: string;
  /** Page-specific CSS, after the shared rules. */
  css?: string;
  body: string;
  /** Inline script, run with the nonce; none when the page needs no interaction. */
  script?: string;
}

/** A complete document. `body` and `script` must already be escaped by the caller; `title` is escaped here. */
export function page(options: PageOptions): string {
  const { nonce } = options;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(nonce, options.cspSource))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style nonce="${escapeHtml(nonce)}">${SHARED_CSS}${options.css ?? ''}</style>`,
    '</head>',
    `<body>${options.body}${options.script ? `<script nonce="${escapeHtml(nonce)}">${options.script}</script>` : ''}</body>`,
    '</html>',
  ].join('\n');
}

/** VS Code theme variables only, so the page follows light, dark and high-contrast themes. */
const SHARED_CSS = `
body { color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 24px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; margin-top: 1.6em; } h3 { font-size: 1.05em; margin-top: 1.2em; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code, .mono { font-family: var(--vscode-editor-font-family); }
a { color: var(--vscode-textLink-foreground); text-decoration: none; } a:hover { text-decoration: underline; }
.muted { color: var(--vscode-descriptionForeground); }
.error { color: var(--vscode-errorForeground); }
.warning { color: var(--vscode-editorWarning-foreground); }
.info { color: var(--vscode-editorInfo-foreground); }
.ok { color: var(--vscode-charts-green); }
.verdict-ready { color: var(--vscode-charts-green); font-weight: bold; }
.verdict-blocked { color: var(--vscode-charts-red); font-weight: bold; }
`;

/** A fresh nonce per render: 32 characters from a CSP-safe alphabet. */
export function makeNonce(random: (n: number) => Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(32), (byte) => alphabet[byte % alphabet.length]).join('');
}
