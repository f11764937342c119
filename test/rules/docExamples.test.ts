import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, REPO } from '../support/paths';

/**
 * The examples in docs/rules are what the CLI prints: every fenced block that starts with
 * `$ wasi-ready check …` (or `inspect …`) is run from the repository root, and every line it shows
 * must be in the real output. A block may show a subset of the output; a finding line must sit under
 * the file header the block shows it under.
 */

const DOCS = path.join(REPO, 'docs', 'rules');
const FINDING = /^\s+\d+:\d+\s+(error|warning|info)\s+/;
const COMMAND = /^\$ wasi-ready\s+(check|inspect)\b/;

interface Block {
  line: number;
  command: string;
  args: string[];
  shown: string[];
}

interface Page {
  name: string;
  blocks: Block[];
}

function pages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pages(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

const squash = (line: string): string => line.trim().replace(/\s+/g, ' ');

/** Arguments as a shell would split them: whitespace outside quotes, no expansion. */
function splitArgs(command: string): string[] {
  const args: string[] = [];
  for (const m of command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) args.push(m[1] ?? m[2] ?? m[3]);
  return args;
}

function readPage(file: string): Page {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    const close = new RegExp(`^${open[1][0]}{${open[1].length},}\\s*$`);
    while (end < lines.length && !close.test(lines[end])) end++;
    const body = lines.slice(i + 1, end);
    if (body.length > 0 && COMMAND.test(body[0])) {
      const command = body[0].replace(/^\$\s*/, '').trim();
      blocks.push({ line: i + 2, command, args: splitArgs(command).slice(1), shown: body.slice(1).filter((l) => l.trim() !== '') });
    }
    i = end;
  }
  return { name: path.relative(DOCS, file).split(path.sep).join('/'), blocks };
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The output as file sections: a header line followed by its finding lines. */
function sections(stdout: string): { all: Set<string>; under: Map<string, Set<string>> } {
  const all = new Set<string>();
  const under = new Map<string, Set<string>>();
  let header = '';
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    all.add(squash(line));
    if (FINDING.test(line)) {
      if (!under.has(header)) under.set(header, new Set());
      under.get(header)!.add(squash(line));
    } else header = squash(line);
  }
  return { all, under };
}

/** The lines a block shows that the output does not have. */
function missing(block: Block, output: Run): string[] {
  const { all, under } = sections(output.stdout);
  const absent: string[] = [];
  let header: string | undefined;
  for (const line of block.shown) {
    const text = squash(line);
    if (!FINDING.test(line)) {
      header = text;
      if (!all.has(text)) absent.push(`header   ${line}`);
    } else if (header === undefined ? !all.has(text) : !under.get(header)?.has(text)) {
      absent.push(`finding  ${line}${all.has(text) ? '   (printed, but not under the header shown)' : ''}`);
    }
  }
  return absent;
}

describe('the examples in docs/rules', () => {
  const all = pages(DOCS).sort().map(readPage);
  const withCommand = all.filter((p) => p.blocks.length > 0);
  const without = all.filter((p) => p.blocks.length === 0);
  const commands = new Map<string, string[]>();
  for (const block of withCommand.flatMap((p) => p.blocks)) commands.set(JSON.stringify(block.args), block.args);
  const outputs = new Map<string, Run>();

  before(async function () {
    this.timeout(300_000);
    const keys = [...commands.keys()];
    const results = await Promise.all(keys.map((key) => run(commands.get(key)!)));
    keys.forEach((key, i) => outputs.set(key, results[i]));
  });

  it('every page is read, and the pages without a command example are listed', () => {
    assert.ok(all.length > 0, 'no pages under docs/rules');
    const blocks = withCommand.reduce((n, p) => n + p.blocks.length, 0);
    console.log(`      ${all.length} pages, ${withCommand.length} with command examples: ${blocks} blocks, ${commands.size} distinct commands`);
    console.log(`      ${without.length} pages without a command example${without.length ? `: ${without.map((p) => p.name).join(', ')}` : ''}`);
  });

  for (const page of withCommand) {
    it(`${page.name}: every line its examples show is printed by the CLI`, () => {
      const problems: string[] = [];
      for (const block of page.blocks) {
        const output = outputs.get(JSON.stringify(block.args))!;
        if (output.code !== 0 && output.code !== 1) {
          problems.push(`line ${block.line}: $ ${block.command} exited with ${output.code}: ${output.stderr.trim()}`);
          continue;
        }
        if (block.shown.length === 0) problems.push(`line ${block.line}: $ ${block.command} shows no output`);
        const absent = missing(block, output);
        if (absent.length) problems.push(`line ${block.line}: $ ${block.command}\n    not in the output:\n    ${absent.join('\n    ')}`);
      }
      assert.ok(problems.length === 0, `docs/rules/${page.name}\n  ${problems.join('\n  ')}`);
    });
  }
});
