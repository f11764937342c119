import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InputError, Requirement, Severity } from '../../model';
import { rustFiles } from './files';
import type { Analysis, Detector } from '../registry';
import { EditorTrees } from '../source/editorTrees';
import { readSource } from '../source/readSource';
import { ScanMemo } from '../../scanMemo';
import { buildFates, failsBuild, failsEveryBuild } from '../source/builds';
import { sourceRequirement } from '../source/requirement';
import { isTestFile } from '../source/testCode';
import { candidateFilter, type CandidateFilter } from './candidates';
import { cfgFlagsFor, type CfgFlags } from './cargoConfig';
import { codeContext } from './context';
import { declarationContext } from './declarations';
import { fileRange, fragmentDocument, type RustDocument } from './document';
import { evidenceText } from './evidence';
import { fragmentRequests, type FragmentRequest } from './macros';
import { matchAttribute, matchCall, matchExternBlock, matchMacro, type Hit } from './matchers';
import { rustParser, type RustParser } from './parser';
import { rustRules, type RustRules } from './rules';
import { lockedVersions, withLockedBehaviour } from './versions';
import { addImport, emptyImports } from './scope';
import { analysisRanges } from './skippedCode';

/** Macros inside macros inside macros: deeper nesting is not code anyone writes by hand. */
const MAX_FRAGMENT_DEPTH = 6;

let filter: CandidateFilter | null = null;

/**
 * Rust source: what the code needs (threads, files, processes, sockets, native code, signals), from the API
 * entries in rules/apis/rust.json. Files that cannot hold a hit are never parsed; build scripts run on the
 * build machine and are not read at all.
 */
export const rustDetector: Detector = {
  ...rustFiles,
  // No worker thread: one that analysed every second file of a folder ahead of the main thread was slower in
  // every run on two cores once blocks that cannot hold a hit were no longer parsed: 6.1 s and 181 MB against
  // 4.7 s and 131 MB on 2,935 files of Debian crate sources, the machine idle (bench/rust-bench.mjs, 3 runs each).
  analyze: (file, _kb, options) => analyzeRustFile(file, options.root, options.text, options.memo),
};

const editorTrees = new EditorTrees();

/** One file, start to end: read, pre-filter, parse, match, requirements. Never throws. */
export async function analyzeRustFile(file: string, root: string, unsaved?: string, memo = new ScanMemo()): Promise<Analysis> {
  const errors: InputError[] = [];
  if (isBuildScript(file)) return { requirements: [], errors };
  const text = readSource(file, errors, undefined, unsaved);
  if (text === null) return { requirements: [], errors };
  const rules = rustRules();
  filter ??= candidateFilter(rules);
  if (!filter.admits(text)) return { requirements: [], errors };
  const parser = await rustParser();
  const testFile = isTestFile(file, root, 'rust');
  const requirements: Requirement[] = [];
  const trees: Array<{ delete(): void }> = [];
  try {
    // An editor's document is reparsed incrementally from its last tree, which editorTrees keeps (and deletes).
    // A file on disk is parsed without the blocks and top-level items no hit can come from (skippedCode.ts): on the
    // Rust bench corpus 78% of the admitted text (50% skipping blocks only, when parse and query took 1.4 s against
    // 3.1 s parsing everything; items too took them from 2.4–2.6 to 1.2–1.7 s, every tree of a check, machine loaded).
    const tree = unsaved !== undefined ? editorTrees.parse(file, text, parser) : parser.parse(text, undefined, analysisRanges(text, rules, filter));
    if (unsaved === undefined) trees.push(tree);
    const doc: RustDocument = { tree, root: tree.rootNode, row: 0, column: 0, outer: null, branchCfg: [], imports: emptyImports() };
    const hits: Hit[] = [];
    analyzeDocument({ rules, parser, filter, hits, trees }, doc, 0);
    // A file compiled only under `#[cfg(test)] mod tests;` or `#[cfg(unix)] mod unix;` is test code or guarded as a whole.
    const declared = hits.length > 0 ? declarationContext(file, root, parser, rules.targets, memo) : { guarded: false, test: false };
    const locked = hits.length > 0 ? lockedVersions(file, root, memo) : new Map<string, string[]>();
    // `--cfg` flags from .cargo/config.toml, read only when a hit's entry says what such a flag changes.
    const cfgFlags = hits.some((h) => h.entry.wasip1.byCfg || h.entry.wasip2.byCfg) ? cfgFlagsFor(file, root, rules.targets, memo) : undefined;
    for (const hit of hits) requirements.push(...hitRequirements(rules, file, hit, locked, testFile || declared.test, declared.guarded, cfgFlags));
  } catch (error) {
    errors.push({ file, message: `cannot analyse Rust source: ${error instanceof Error ? error.message : String(error)}` });
  } finally {
    for (const tree of trees) tree.delete();
  }
  return { requirements, errors };
}

interface Walk {
  rules: RustRules;
  parser: RustParser;
  filter: CandidateFilter;
  hits: Hit[];
  trees: Array<{ delete(): void }>;
}

/** One query over the document: imports first (they apply to the whole scope), then every matcher. */
function analyzeDocument(walk: Walk, doc: RustDocument, depth: number): void {
  const captures = walk.parser.query.captures(doc.root);
  for (const { name, node } of captures) {
    if (name === 'use' || name === 'extern-crate') addImport(doc.imports, node);
    else if (name === 'fn-name') doc.imports.localFunctions.add(node.text);
  }
  const fragments: FragmentRequest[] = [];
  for (const { name, node } of captures) {
    switch (name) {
      case 'call':
        matchCall(walk.rules, doc, node, walk.hits);
        break;
      case 'attribute':
        matchAttribute(walk.rules, doc, node, walk.hits);
        break;
      case 'extern-block':
        matchExternBlock(walk.rules, doc, node, walk.hits);
        break;
      case 'macro':
        matchMacro(walk.rules, doc, node, walk.hits);
        if (depth < MAX_FRAGMENT_DEPTH) fragments.push(...fragmentRequests(walk.filter, doc, node));
        break;
    }
  }
  for (const request of fragments) analyzeDocument(walk, fragmentDocument(walk.parser, walk.trees, doc, request), depth + 1);
}

/** One requirement per capability the use needs; the entry's severity hint caps what a host can make of it. */
function hitRequirements(rules: RustRules, file: string, hit: Hit, locked: Map<string, string[]>, testFile: boolean, guardedFile: boolean, cfgFlags?: CfgFlags): Requirement[] {
  const entry = withLockedBehaviour(hit.entry, locked, cfgFlags);
  if (!entry.capability) return [];
  const context = codeContext(hit.doc, hit.start, rules.targets, hit.conditions);
  const evidence = evidenceText(hit.subject, entry, rules.targets);
  // The hint describes the default behaviour: a locked version that fails outright (rayon-core <1.11 panics) lifts the cap.
  const failsOutright = entry !== hit.entry && [entry.wasip1, entry.wasip2].some((b) => failsBuild(b.outcome));
  const cap = failsOutright ? undefined : SEVERITY_CAPS[entry.severityHint];
  const builds = buildFates(rules.targets, (field) => entry[field]?.outcome) ?? undefined;
  // A use that breaks every build is one finding, on its main need; otherwise one per capability it needs.
  const needs = failsEveryBuild(builds) ? [entry.capability] : [entry.capability, ...(entry.alsoNeeds ?? [])];
  return needs.map((capability) => {
    const requirement = sourceRequirement({
      language: 'rust',
      capability,
      file,
      range: fileRange(hit.doc, hit.start, hit.end),
      evidence,
      instead: entry.instead,
      guarded: guardedFile || context.guarded,
      test: testFile || context.test,
      builds,
    });
    return cap && !requirement.maxSeverity ? { ...requirement, maxSeverity: cap } : requirement;
  });
}

/** rust.json severity hints: `info` runs, only differently; `warning` misbehaves quietly; `error`/`host` leave it to the rule and the host. */
const SEVERITY_CAPS: Record<string, Severity | undefined> = { info: 'info', warning: 'warning' };

/** `build.rs` next to a Cargo.toml runs on the build machine, never in the module. */
function isBuildScript(file: string): boolean {
  return path.basename(file) === 'build.rs' && fs.existsSync(path.join(path.dirname(file), 'Cargo.toml'));
}
