import type { Node, Tree } from 'web-tree-sitter';
import type { CRules } from './rules';
import { qualifierBefore, resolveName } from './resolve';
import type { Occurrence } from './scanner';
import { callArguments, type LineIndex, type Usings } from './text';
import type { ArgCondition, CEntry } from './types';

/** A tree of the whole file, or of a window of it starting at `firstRow` (0-based). */
export interface TreeView {
  tree: Tree;
  firstRow: number;
}

export interface Hit {
  entry: CEntry;
  /** What the message names: `pthread_create`, `std::thread`, `#pragma omp`. */
  subject: string;
  start: number;
  end: number;
  /** `token`: found by name where the parser could not read the code (macros); lower confidence. */
  confidence: 'tree' | 'token';
}

/** Function names the file itself defines (`static int listen(…) { … }`): its calls of them are not the C library's. */
export function localFunctions(tree: Tree): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node): void => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'function_definition') {
        let declarator = child.childForFieldName('declarator');
        while (declarator && declarator.type !== 'function_declarator') declarator = declarator.childForFieldName('declarator');
        const name = declarator?.childForFieldName('declarator');
        if (name?.type === 'identifier') names.add(name.text);
      } else if (['translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'linkage_specification', 'declaration_list', 'ERROR'].includes(child.type)) {
        visit(child);
      }
    }
  };
  visit(tree.rootNode);
  return names;
}

/** Decides whether one occurrence is a use of a rule's API, from the tree where it parsed, from the text where it did not. */
export function matchOccurrence(text: string, occurrence: Occurrence, view: TreeView | null, lines: LineIndex, rules: CRules, use: Usings, locals: Set<string>): Hit | null {
  if (occurrence.pragma) {
    const entry = rules.pragmas.get(occurrence.name)!;
    return { entry, subject: `#pragma ${occurrence.name}`, start: occurrence.offset, end: occurrence.end, confidence: 'tree' };
  }
  const { qualifier, start, member } = qualifierBefore(text, occurrence.offset);
  if (member) return null;
  const resolved = resolveName(rules, occurrence.name, qualifier, use);
  if (!resolved) return null;
  const { entry } = resolved;
  if (qualifier === '' && locals.has(occurrence.name)) return null;
  const hit = (confidence: Hit['confidence']): Hit => ({ entry, subject: resolved.full, start, end: occurrence.end, confidence });
  const context = view ? classify(view, lines, start, occurrence.end) : 'unparsed';
  if (entry.reach.kind === 'type') {
    if (context === 'construct' || context === 'call') return hit('tree');
    if (context === 'unparsed' && /^\s*(\w+\s*)?[({]/.test(text.slice(occurrence.end, occurrence.end + 80))) return hit('token');
    return null;
  }
  if (context === 'call' || context === 'unparsed') {
    const args = callArguments(text, occurrence.end);
    if (args === null || !conditionsHold(entry.reach.when ?? [], args)) return null;
    return hit(context === 'call' ? 'tree' : 'token');
  }
  return null;
}

/**
 * Whether matchOccurrence can find a hit at this occurrence, from the text alone: false when what it decides
 * before looking at a tree already says no (a member access, a name no entry reaches with this qualifier, a
 * call whose arguments fail the entry's conditions). A file none of whose occurrences may match is not parsed.
 */
export function mayMatch(text: string, occurrence: Occurrence, rules: CRules, use: Usings): boolean {
  if (occurrence.pragma) return true;
  const { qualifier, member } = qualifierBefore(text, occurrence.offset);
  if (member) return false;
  const resolved = resolveName(rules, occurrence.name, qualifier, use);
  if (!resolved) return false;
  if (resolved.entry.reach.kind === 'type') return true;
  const args = callArguments(text, occurrence.end);
  return args !== null && conditionsHold(resolved.entry.reach.when ?? [], args);
}

type Context = 'call' | 'construct' | 'declaration' | 'other' | 'unparsed';

/** What the name at [start, end) is in the tree: a call's callee, a type being constructed, a declaration, or unparsed code. */
function classify(view: TreeView, lines: LineIndex, start: number, end: number): Context {
  const from = lines.position(start);
  const to = lines.position(end);
  from.row -= view.firstRow;
  to.row -= view.firstRow;
  let node: Node | null = view.tree.rootNode.descendantForPosition(from, to);
  if (!node) return 'unparsed';
  // Up to the whole name (`std::thread`, `::fork`, `std::vector<std::thread>`'s argument).
  while (node.parent && ['qualified_identifier', 'template_type', 'template_function'].includes(node.parent.type) && node.parent.startIndex >= 0) {
    if (node.parent.type === 'template_type' && node.parent.childForFieldName('name')?.id !== node.id) break;
    node = node.parent;
  }
  const parent = node.parent;
  if (!parent) return 'other';
  for (let at: Node | null = node; at; at = at.parent) {
    if (at.type === 'ERROR' || at.isMissing) return 'unparsed';
    if (at.type === 'preproc_arg' || at.type === 'preproc_def' || at.type === 'preproc_function_def') {
      const name = at.childForFieldName('name');
      return name && name.startIndex === node.startIndex ? 'declaration' : 'unparsed';
    }
  }
  switch (parent.type) {
    case 'call_expression':
      // A call the parser only recovered (a MISSING `)`, an ERROR inside) is reported at lower confidence.
      if (parent.childForFieldName('function')?.id !== node.id) return 'other';
      return parent.hasError ? 'unparsed' : 'call';
    case 'function_declarator':
      return 'declaration';
    case 'field_expression':
      return 'other';
    case 'compound_literal_expression':
    case 'new_expression':
      return 'construct';
    case 'type_descriptor':
      return parent.parent?.type === 'template_argument_list' ? 'construct' : 'other';
    case 'declaration': {
      if (parent.childForFieldName('type')?.id !== node.id) return 'other';
      const declarators = parent.childrenForFieldName('declarator');
      return declarators.some((d) => d?.type === 'init_declarator' || d?.type === 'function_declarator') ? 'construct' : 'other';
    }
    default:
      return 'other';
  }
}

/** Argument conditions from the data: `open` flags naming a write constant, an `fopen` mode holding `w`, `a` or `+`. */
export function conditionsHold(conditions: ArgCondition[], args: string[]): boolean {
  return conditions.every((c) => {
    const arg = args[c.arg];
    if (arg === undefined) return false;
    if (c.flags) {
      const named = arg.match(/\bO_[A-Z0-9_]+\b/g);
      if (named && !named.some((flag) => c.flags!.includes(flag))) return false;
    }
    if (c.modeChars) {
      const literal = /^(?:"(?:[^"\\]|\\.)*"\s*)+$/.test(arg);
      if (literal && ![...arg.replace(/"/g, '')].some((ch) => c.modeChars!.includes(ch))) return false;
    }
    return true;
  });
}
