#!/usr/bin/env node
// First, so that the modules imported below are compiled from the cache.
import { enableCodeCache } from './codeCache';
enableCodeCache();
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { check } from '../engine/check';
import { DiskCache } from '../engine/diskCache';
import { knowledge, PACKAGE_ROOT } from '../engine/knowledge/load';
import { ConfigError } from '../engine/targets';
import { TOOL_VERSION } from '../engine/version';
import { paint, useColor } from './format/color';
import { formatCheckText, formatInspectText } from './format/text';
import { formatSuppressionsText } from './format/suppressions';

/**
 * What only some commands and formats use, loaded when used: every module loaded is start-up time of every
 * run, and a check in text or JSON needs none of these (the .wasm inspector, the migration reports, the CI formats).
 */
const inspector = (): typeof import('../engine/inspect') => require('../engine/inspect');
const migration = (): typeof import('./migration') => require('./migration');
const catalogue = (): typeof import('./format/catalogue') => require('./format/catalogue');
const ciFormats = (): typeof import('./format/context') & typeof import('./format/github') & typeof import('./format/markdown') & typeof import('./format/sarif') => ({
  ...(require('./format/context') as typeof import('./format/context')),
  ...(require('./format/github') as typeof import('./format/github')),
  ...(require('./format/markdown') as typeof import('./format/markdown')),
  ...(require('./format/sarif') as typeof import('./format/sarif')),
});

const help = (): string => `wasi-ready ${TOOL_VERSION} — can this code, its dependencies and its .wasm files run as WASI functions on edge hosts?

Usage:
  wasi-ready check [paths…] [--target h1,h2] [--format FORMAT] [--output-file FILE] [--max-warnings N] [--dev]
                   [--baseline FILE] [--baseline-write FILE] [--cache] [--cache-location DIR]
  wasi-ready inspect FILE.wasm [--target h1,h2] [--format text|json]
  wasi-ready targets [--format text|json]     host profiles and their facts, with sources
  wasi-ready rules [--format text|json]       rule ids and one-line descriptions
  wasi-ready lsp --stdio                      the language server (for VS Code, neovim, Helix, Zed, Emacs)
${migration().MIGRATION_HELP}
Targets: --target, else wasi-ready.config.json "targets" (walking up), else the project's host manifest
(spin.toml application.targets, fastly.toml, wadm.yaml, wasmcloud.toml, wrangler.toml), else wasi-http.
A target may carry a host version: spin@3.4.

check formats: text (default), json (docs/output.md), sarif (SARIF 2.1.0 for GitHub code scanning),
github (workflow-command annotations), markdown (a job summary). --output-file writes the output to FILE
and prints nothing else; the exit code stays the same.

Configuration (docs/configuration.md): the nearest wasi-ready.config.json walking up from each file —
targets, include/exclude, tests, devDependencies, rules (off|info|warning|error), allow (with a reason),
provides; a typo or a wrong type exits 2. Inline: // wasi-ready-ignore-next-line <rule>[,<rule>] -- <reason>
and wasi-ready-ignore-file <rule> -- <reason> (# in TOML, YAML, Python). Unused allow entries and directives
are reported and count as warnings.
  --baseline FILE        report and fail only on findings FILE does not record; say which entries are gone
  --baseline-write FILE  record today's findings in FILE (then check against it)
  --cache                keep analyses on disk between runs (node_modules/.cache/wasi-ready/, else
                         .wasi-ready-cache/), reused while the file's content, the tool and the rules are unchanged
  --cache-location DIR   where to keep them (implies --cache)

Exit codes: 0 no error-level finding; 1 at least one (or more warnings than --max-warnings); 2 bad usage or an internal failure.
`;

class UsageError extends Error {}

/** Runs the CLI; returns the exit code instead of exiting so tests can call it in-process. */
export async function run(argv: string[], out: NodeJS.WriteStream = process.stdout, err: NodeJS.WriteStream = process.stderr): Promise<number> {
  try {
    return await dispatch(argv, out);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      err.write(`wasi-ready: ${error.message}\n`);
      return 2;
    }
    err.write(`wasi-ready: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

async function dispatch(argv: string[], out: NodeJS.WriteStream): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out.write(help());
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    out.write(`${TOOL_VERSION}\n`);
    return 0;
  }
  const p = paint(useColor(out));
  switch (command) {
    case 'check': {
      const { values, positionals } = parse(rest, { target: { type: 'string', multiple: true }, format: { type: 'string' }, 'output-file': { type: 'string' }, 'max-warnings': { type: 'string' }, dev: { type: 'boolean' }, baseline: { type: 'string' }, 'baseline-write': { type: 'string' }, cache: { type: 'boolean' }, 'cache-location': { type: 'string' } });
      const format = checkFormatOption(values.format);
      const outputFile = values['output-file'];
      if (outputFile === '') throw new UsageError('--output-file needs a file name');
      const maxWarnings = values['max-warnings'] === undefined ? null : Number(values['max-warnings']);
      if (maxWarnings !== null && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) throw new UsageError('--max-warnings takes a whole number ≥ 0');
      const paths = positionals.length ? positionals : ['.'];
      for (const flag of ['baseline', 'baseline-write', 'cache-location'] as const) if (values[flag] === '') throw new UsageError(`--${flag} needs a path`);
      const cache = values.cache === 'true' || values['cache-location'] !== undefined ? new DiskCache(values['cache-location'] ?? DiskCache.defaultLocation(process.cwd())) : undefined;
      const result = await check(paths, { targets: targetsOption(values.target), devDependencies: values.dev === 'true', baseline: values.baseline, baselineWrite: values['baseline-write'], cache });
      let text: string;
      if (format === 'json') {
        const { choices: _choices, ...contract } = result;
        text = `${JSON.stringify(contract, null, 2)}\n`;
      } else if (format === 'text') {
        text = formatCheckText(result, outputFile === undefined ? p : paint(false)) + formatSuppressionsText(result, outputFile === undefined ? p : paint(false));
      } else {
        const { ciContext, formatCheckSarif, formatCheckGithub, formatCheckMarkdown } = ciFormats();
        const context = ciContext(paths, process.cwd(), PACKAGE_ROOT);
        text = format === 'sarif' ? formatCheckSarif(result, knowledge().rules, context) : format === 'github' ? formatCheckGithub(result, context) : formatCheckMarkdown(result, context);
      }
      if (outputFile === undefined) out.write(text);
      else {
        try {
          fs.writeFileSync(outputFile, text);
        } catch (error) {
          throw new UsageError(`cannot write --output-file ${outputFile}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      // Unused allow entries and directives, directives without a reason: warnings, as ESLint's unused directives are.
      const warnings = result.findings.filter((f) => f.severity === 'warning').length + (result.suppressions?.problems.length ?? 0);
      return errors > 0 || (maxWarnings !== null && warnings > maxWarnings) ? 1 : 0;
    }
    case 'inspect': {
      const { values, positionals } = parse(rest, { target: { type: 'string', multiple: true }, format: { type: 'string' } });
      if (positionals.length !== 1) throw new UsageError('inspect takes exactly one .wasm file');
      const result = inspector().inspect(positionals[0], { targets: targetsOption(values.target) });
      out.write(formatOption(values.format) === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatInspectText(result, p));
      if (result.errors) return 2;
      return result.findings?.some((f) => f.severity === 'error') ? 1 : 0;
    }
    case 'targets': {
      const { values } = parse(rest, { format: { type: 'string' } });
      const hosts = knowledge().hosts;
      out.write(formatOption(values.format) === 'json' ? `${JSON.stringify(hosts, null, 2)}\n` : catalogue().formatTargets(hosts, p));
      return 0;
    }
    case 'rules': {
      const { values } = parse(rest, { format: { type: 'string' } });
      const rules = [...knowledge().rules.values()];
      out.write(formatOption(values.format) === 'json' ? `${JSON.stringify(rules, null, 2)}\n` : catalogue().formatRules(rules, p));
      return 0;
    }
    case 'inventory':
    case 'grants':
      return migration().runMigration(command, rest, out, p);
    case 'lsp': {
      // `--stdio` is what editors pass; the connection reads it from process.argv itself.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const connection = (require('../lsp/server') as typeof import('../lsp/server')).startServer();
      // A bug must not take the editor's diagnostics down with it: log it where the client shows server output, keep serving.
      const report = (error: unknown): void => connection.console.error(`wasi-ready: internal error, still serving: ${error instanceof Error ? error.stack : String(error)}`);
      process.on('uncaughtException', report);
      process.on('unhandledRejection', report);
      return -1;
    }
    default:
      throw new UsageError(`unknown command "${command}"; run wasi-ready --help`);
  }
}

type Options = Parameters<typeof parseArgs>[0] extends infer T ? (T extends { options?: infer O } ? O : never) : never;

/**
 * Boolean flags come back as the string "true", and a repeated option (`--target a --target b`) as its values
 * joined by commas (`a,b`), so every option reads the same way.
 */
function parse(args: string[], options: Options): { values: Record<string, string | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    const values = Object.fromEntries(Object.entries(parsed.values).map(([key, value]) => [key, value === true ? 'true' : Array.isArray(value) ? value.join(',') : value]));
    return { values: values as Record<string, string | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

const CHECK_FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'] as const;

function checkFormatOption(value: string | undefined): (typeof CHECK_FORMATS)[number] {
  if (value === undefined) return 'text';
  if ((CHECK_FORMATS as readonly string[]).includes(value)) return value as (typeof CHECK_FORMATS)[number];
  throw new UsageError(`unknown --format "${value}" (text, json, sarif, github or markdown)`);
}

function formatOption(value: string | undefined): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(`unknown --format "${value}" (text or json)`);
}

function targetsOption(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const targets = value.split(',').map((t) => t.trim()).filter(Boolean);
  if (targets.length === 0) throw new UsageError('--target needs at least one host id');
  return targets;
}

if (require.main === module) {
  // A reader that stops early (`| head`) closes the pipe: stop there, as command-line tools do, instead of crashing.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  void run(process.argv.slice(2)).then((code) => {
    if (code >= 0) process.exitCode = code; // the language server (-1) keeps the process alive
  });
}
