import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import validRange = require('semver/ranges/valid');
import type { CapabilityId } from '../capabilities';
import { resolveTarget, type Target } from '../hosts';
import type { Knowledge } from '../knowledge/load';
import { CONFIG_FILE, ConfigError } from '../targets';
import { compileGlobs } from './glob';
import { keyName, schemaProblem, type ConfigData, type RuleLevel } from './schema';

/** One `allow` entry, with where it is written and how many findings it matched in this scan. */
export interface AllowEntry {
  index: number;
  packageName?: string;
  /** A semver range after the name ("rayon@<1.11"); null when the entry names every version. */
  range?: string | null;
  api?: string;
  rule?: string;
  reason: string;
  line: number;
  column: number;
  matched: number;
}

/** A wasi-ready.config.json, read, validated and ready to apply. */
export interface ProjectConfig {
  file: string;
  dir: string;
  data: ConfigData;
  rules: Map<string, RuleLevel>;
  allow: AllowEntry[];
  /** What keeps this file (absolute path under `dir`) out: its `exclude`, or its `include` not naming it; null: nothing. */
  keepsOut(file: string): 'exclude' | 'include' | null;
  /** Capabilities the deployment provides on this target, from `provides`. */
  providesOn(target: Target): CapabilityId[];
}

/**
 * Finds the nearest wasi-ready.config.json for each file, walking up from its folder (the rule `targets`
 * already follows in targets.ts), reads each file once and validates it against the shipped JSON Schema.
 * Anything wrong is a ConfigError naming the file, the line and the key: the CLI exits 2.
 */
export class ConfigResolver {
  private readonly byDirectory = new Map<string, ProjectConfig | null>();
  private readonly byFile = new Map<string, ProjectConfig>();

  constructor(private readonly kb: Knowledge, private readonly display: (file: string) => string) {}

  forFile(file: string): ProjectConfig | null {
    return this.forDirectory(path.dirname(file));
  }

  /** Every config file read so far. */
  loaded(): ProjectConfig[] {
    return [...this.byFile.values()];
  }

  private forDirectory(dir: string): ProjectConfig | null {
    const known = this.byDirectory.get(dir);
    if (known !== undefined) return known;
    const candidate = path.join(dir, CONFIG_FILE);
    let found: ProjectConfig | null;
    if (isFile(candidate)) found = this.byFile.get(candidate) ?? this.read(candidate);
    else found = path.dirname(dir) === dir ? null : this.forDirectory(path.dirname(dir));
    this.byDirectory.set(dir, found);
    return found;
  }

  private read(file: string): ProjectConfig {
    const shown = this.display(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`${shown}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parseErrors: ParseError[] = [];
    const tree = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
    const lines = lineStarts(text);
    if (parseErrors.length > 0 || !tree) {
      const first = parseErrors[0];
      const where = first ? position(lines, first.offset) : { line: 1, column: 1 };
      throw new ConfigError(`${shown}: not valid JSON: ${first ? printParseErrorCode(first.error) : 'empty file'} (line ${where.line}, column ${where.column})`);
    }
    const data = JSON.parse(text) as unknown;
    const at = (segments: Array<string | number>): { line: number; column: number } => {
      for (let n = segments.length; n >= 0; n--) {
        const node = findNodeAtLocation(tree, segments.slice(0, n));
        if (node) return position(lines, keyOffset(node));
      }
      return { line: 1, column: 1 };
    };
    const fail = (segments: string[], message: string): never => {
      const where = at(segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
      throw new ConfigError(`${shown}: ${message} (line ${where.line}, column ${where.column})`);
    };
    const problem = schemaProblem(data);
    if (problem) fail(problem.at, problem.message);
    const config = data as ConfigData;

    for (const rule of Object.keys(config.rules ?? {})) {
      if (!this.kb.rules.has(rule)) fail(['rules', rule], `unknown rule "${rule}" in "rules"; run \`wasi-ready rules\` to list them`);
    }
    for (const host of Object.keys(config.provides ?? {})) {
      if (!resolveTarget(host, this.kb.hosts)) fail(['provides', host], `unknown host "${host}" in "provides"; run \`wasi-ready targets\` to list them`);
    }
    const allow = (config.allow ?? []).map((entry, index): AllowEntry => {
      const where = at(['allow', index]);
      const parsed: AllowEntry = { index, reason: entry.reason.trim(), line: where.line, column: where.column, matched: 0 };
      if (entry.rule !== undefined) {
        if (!this.kb.rules.has(entry.rule)) fail(['allow', String(index), 'rule'], `unknown rule "${entry.rule}" in ${keyName(['allow', String(index), 'rule'])}; run \`wasi-ready rules\` to list them`);
        parsed.rule = entry.rule;
      }
      if (entry.api !== undefined) parsed.api = entry.api;
      if (entry.package !== undefined) {
        const split = splitPackage(entry.package);
        if (split.range !== null && validRange(split.range) === null) {
          fail(['allow', String(index), 'package'], `"${split.range}" in ${keyName(['allow', String(index), 'package'])} is not a semver range`);
        }
        parsed.packageName = split.name;
        parsed.range = split.range;
      }
      return parsed;
    });

    const dir = path.dirname(file);
    const include = config.include ? compileGlobs(config.include) : null;
    const exclude = config.exclude ? compileGlobs(config.exclude) : null;
    const provides = Object.entries(config.provides ?? {});
    const loaded: ProjectConfig = {
      file,
      dir,
      data: config,
      rules: new Map(Object.entries(config.rules ?? {})),
      allow,
      keepsOut: (target) => {
        if (!include && !exclude) return null;
        const relative = path.relative(dir, target).split(path.sep).join('/');
        if (relative.startsWith('../')) return null;
        if (include && !include(relative)) return 'include';
        return exclude && exclude(relative) ? 'exclude' : null;
      },
      providesOn: (target) => provides.filter(([host]) => host === target.profile.id || host === target.label).flatMap(([, capabilities]) => capabilities),
    };
    this.byFile.set(file, loaded);
    return loaded;
  }
}

/** "ioredis" / "rayon@<1.11" / "@scope/pkg@^2" → name and range. */
export function splitPackage(spec: string): { name: string; range: string | null } {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  if (at <= 0) return { name: spec, range: null };
  return { name: spec.slice(0, at), range: spec.slice(at + 1).trim() || null };
}

/** A property's value node points at its key, where a person looks for it. */
function keyOffset(node: Node): number {
  return node.parent?.type === 'property' ? node.parent.offset : node.offset;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
