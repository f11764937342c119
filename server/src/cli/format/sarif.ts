import { createHash } from 'node:crypto';
import type { CheckResult } from '../../engine/check';
import type { RuleEntry } from '../../engine/knowledge/types';
import type { Finding, Severity } from '../../engine/model';
import { evidenceOf, fromRoot, type CiContext } from './context';

/**
 * SARIF 2.1.0 for GitHub code scanning (peers.md §6): one run, paths relative to `%SRCROOT%`, rules with
 * descriptions and help from the rule pages, at least one location per result, fingerprints that survive
 * unrelated edits, per-host verdicts in `properties`, and input errors as tool execution notifications.
 */
export function formatCheckSarif(result: CheckResult, rules: ReadonlyMap<string, RuleEntry>, context: CiContext): string {
  const used = [...new Set(result.findings.map((f) => f.ruleId))].sort();
  const ruleIndex = new Map(used.map((id, i) => [id, i]));
  const fingerprints = fingerprintAll(result.findings, context);
  const location = (file: string) => ({ uri: encodeUri(fromRoot(context, file)), uriBaseId: SRCROOT });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: context.docsBase.replace(/\/(?:-\/)?(?:blob|src\/tag)\/.*$/, ''),
            rules: used.map((id) => describeRule(id, rules.get(id), context)),
          },
        },
        automationDetails: { id: `${result.tool.name}/${result.targets.join('+')}/` },
        ...(context.srcRoot !== null ? { originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(context.srcRoot) } } } : {}),
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: result.errors.map((error) => ({
              level: 'error',
              message: { text: `could not analyse ${error.file}: ${error.message}` },
              locations: [{ physicalLocation: { artifactLocation: location(error.file), ...(error.offset !== undefined ? { region: { byteOffset: error.offset } } : {}) } }],
            })),
            // Unused allow entries and directives, directives without a reason: problems with the tool's configuration.
            ...(result.suppressions?.problems.length ? {
              toolConfigurationNotifications: result.suppressions.problems.map((problem) => ({
                level: 'warning',
                descriptor: { id: problem.kind },
                message: { text: problem.message },
                locations: [{ physicalLocation: { artifactLocation: location(problem.file), region: { startLine: problem.line, startColumn: problem.column } } }],
              })),
            } : {}),
          },
        ],
        results: result.findings.map((finding, i) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId),
          level: LEVEL[finding.severity],
          message: { text: withTags(finding) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: location(finding.file),
                region: region(finding),
              },
            },
          ],
          partialFingerprints: { primaryLocationLineHash: fingerprints[i] },
          properties: {
            hosts: finding.hosts,
            capability: finding.capability,
            origin: finding.origin,
            guarded: finding.guarded,
            test: finding.test,
            ...(finding.package ? { package: finding.package } : {}),
          },
        })),
        properties: { targets: result.targets },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

const SRCROOT = '%SRCROOT%';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'recommendation' };
/** GitHub's limit for shortDescription and fullDescription text. */
const MAX_DESCRIPTION = 1024;

function withTags(finding: Finding): string {
  const tags = [finding.guarded ? 'guarded' : '', finding.test ? 'test' : ''].filter(Boolean).join(', ');
  return tags ? `${finding.message} [${tags}]` : finding.message;
}

/** An empty region (binary findings at 1:1) is widened to the whole first line: SARIF regions are half-open. */
function region(f: Finding): { startLine: number; startColumn: number; endLine: number; endColumn: number } | { startLine: number } {
  if (f.endLine < f.line || (f.endLine === f.line && f.endColumn <= f.column)) return { startLine: f.line };
  return { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn };
}

function describeRule(id: string, entry: RuleEntry | undefined, context: CiContext) {
  const title = entry?.title ?? id;
  const page = context.rulePage(id);
  const finds = page ? section(page, 'What it finds') : undefined;
  const instead = page ? section(page, 'What to do instead') : undefined;
  const helpUri = `${context.docsBase}${id}.md`;
  const textParts = [finds ? `What it finds: ${plainText(finds)}` : title, instead ? `What to do instead: ${plainText(instead)}` : '', `Documentation: ${helpUri}`].filter(Boolean);
  const markdownParts = [
    finds ? `**What it finds**\n\n${finds}` : title,
    instead ? `**What to do instead**\n\n${instead}` : '',
    `[${id} documentation](${helpUri})`,
  ].filter(Boolean);
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: clip(title) },
    fullDescription: { text: clip(finds ? plainText(finds) : title) },
    help: { text: textParts.join('\n\n'), markdown: markdownParts.join('\n\n') },
    helpUri,
    defaultConfiguration: { level: LEVEL[entry?.severity ?? 'warning'] },
    properties: {
      tags: ['wasi', 'webassembly', ...(entry ? [entry.capability, entry.origin] : [])],
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITY[entry?.severity ?? 'warning'],
    },
  };
}

/** "js/fs-write" → "JsFsWrite": SARIF wants a rule name that is an identifier, not the id again. */
function ruleName(id: string): string {
  return id.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/** The body of a `## heading` section of a rule page, trimmed. */
export function section(page: string, heading: string): string | undefined {
  const lines = page.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^#{1,2} /.test(l));
  const body = lines.slice(start + 1, end < 0 ? undefined : end).join('\n').trim();
  return body || undefined;
}

/**
 * Markdown as plain text: links keep their text, code and emphasis marks go; a paragraph's lines are joined, each
 * list item starts a line, paragraphs stay apart.
 */
export function plainText(markdown: string): string {
  const inline = (line: string) =>
    line
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/\*\*([^*]+)\*\*/g, '$1')
      .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1$2');
  const blocks: string[][] = [];
  let block: string[] = [];
  let fenced = false;
  for (const raw of markdown.split(/\r?\n/)) {
    if (/^\s*```/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      block.push(raw);
      continue;
    }
    const line = raw.trim();
    if (line === '') {
      if (block.length) blocks.push(block);
      block = [];
    } else if (/^([-*+]|\d+\.) /.test(line) || block.length === 0) block.push(inline(line));
    else block[block.length - 1] += ` ${inline(line)}`;
  }
  if (block.length) blocks.push(block);
  return blocks.map((b) => b.join('\n')).join('\n\n');
}

/** At most 1024 characters, cut at the last sentence (or word) that fits. */
function clip(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  const head = text.slice(0, MAX_DESCRIPTION - 1);
  const sentence = head.lastIndexOf('. ');
  if (sentence > MAX_DESCRIPTION / 2) return head.slice(0, sentence + 1);
  const word = head.lastIndexOf(' ');
  return `${head.slice(0, word > 0 ? word : head.length)}…`;
}

/**
 * `primaryLocationLineHash` (the one fingerprint GitHub reads) for each finding, "<hash>:<occurrence>" as
 * upload-sarif writes its own:
 * - source: the rule id and the finding's line with its whitespace collapsed, so moving the line (other lines
 *   added or removed above it) or re-indenting it keeps the value;
 * - dependency: the rule id, `ecosystem:name@version` and the manifest;
 * - binary: the rule id, the module's SHA-256 and what it imports or exports (the message's evidence).
 * The occurrence counts equal hashes in the same file, in order, so two identical lines stay apart.
 */
export function fingerprintAll(findings: Finding[], context: CiContext): string[] {
  const lines = new Map<string, string[] | undefined>();
  const digests = new Map<string, string>();
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const file = fromRoot(context, finding.file);
    let identity: string;
    if (finding.origin === 'dependency' && finding.package) {
      const p = finding.package;
      identity = ['dependency', finding.ruleId, `${p.ecosystem}:${p.name}@${p.version ?? '*'}`, file].join('\u0000');
    } else if (finding.origin === 'binary') {
      if (!digests.has(file)) {
        const bytes = context.readFile(file);
        digests.set(file, bytes ? createHash('sha256').update(bytes).digest('hex') : `unreadable:${file}`);
      }
      identity = ['binary', finding.ruleId, digests.get(file)!, evidenceOf(finding)].join('\u0000');
    } else {
      if (!lines.has(file)) lines.set(file, context.readFile(file)?.toString('utf8').split(/\r?\n/));
      const text = lines.get(file)?.[finding.line - 1];
      const normalised = text !== undefined ? text.replace(/\s+/g, ' ').trim() : `unreadable:${evidenceOf(finding)}`;
      identity = ['source', finding.ruleId, normalised].join('\u0000');
    }
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 32);
    const key = `${file}\u0000${hash}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${hash}:${occurrence}`;
  });
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
function encodeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(dir: string): string {
  const posix = dir.replace(/\\/g, '/');
  const withRoot = posix.startsWith('/') ? posix : `/${posix}`;
  return `file://${encodeUri(withRoot)}${withRoot.endsWith('/') ? '' : '/'}`;
}
