import type { Node } from 'web-tree-sitter';
import { predicatesOf, type CfgPredicate } from './cfg';
import type { CandidateFilter } from './candidates';
import type { RustDocument } from './document';
import { pathSegments } from './paths';

/** A macro's token tree worth parsing again as code, and the cfg_if! branch conditions it sits under. */
export interface FragmentRequest {
  invocation: Node;
  tokenTree: Node;
  branchCfg: CfgPredicate[];
}

/**
 * Macro arguments are token trees, not syntax: code inside `cfg_if! { … }`, tokio's `cfg_rt! { … }` or
 * `assert!(…)` is invisible to the tree until it is parsed again. Only token trees that name a token of
 * the rules (with the file's imports) are; `cfg!` is a guard, never code.
 */
export function fragmentRequests(filter: CandidateFilter, doc: RustDocument, invocation: Node): FragmentRequest[] {
  const segments = pathSegments(invocation.childForFieldName('macro'));
  const name = segments?.[segments.length - 1];
  if (!name || name === 'cfg') return [];
  const tokenTree = invocation.namedChildren.find((c) => c?.type === 'token_tree');
  // Two children: nothing between the brackets was parsed, so nothing there is worth parsing (an empty token tree,
  // or one skippedCode.ts left out because it is not); its text is never read.
  if (!tokenTree || tokenTree.endIndex - tokenTree.startIndex <= 2 || tokenTree.childCount === 2) return [];
  if (name === 'cfg_if') return cfgIfBranches(tokenTree).filter((b) => worthParsing(filter, doc, b.tokenTree.text)).map((b) => ({ invocation, ...b }));
  if (!worthParsing(filter, doc, tokenTree.text)) return [];
  return [{ invocation, tokenTree, branchCfg: [] }];
}

/** `cfg_if! { if #[cfg(a)] { A } else if #[cfg(b)] { B } else { C } }`: A under a, B under not(a), b, C under neither. */
export function cfgIfBranches(tokenTree: Node): Array<{ tokenTree: Node; branchCfg: CfgPredicate[] }> {
  const branches: Array<{ tokenTree: Node; branchCfg: CfgPredicate[] }> = [];
  const earlier: CfgPredicate[] = [];
  let pending: CfgPredicate | null = null;
  for (const child of tokenTree.children) {
    if (child?.type !== 'token_tree') continue;
    if (child.text.startsWith('[')) {
      const parts = child.namedChildren;
      const args = parts[0]?.text === 'cfg' && parts[1]?.type === 'token_tree' ? parts[1] : null;
      pending = args ? { kind: 'all', items: predicatesOf(args) } : null;
    } else if (child.text.startsWith('{')) {
      const branchCfg: CfgPredicate[] = [...earlier.map((p): CfgPredicate => ({ kind: 'not', item: p })), ...(pending ? [pending] : [])];
      branches.push({ tokenTree: child, branchCfg });
      if (pending) earlier.push(pending);
      pending = null;
    }
  }
  return branches;
}

/**
 * The pre-filter again, on the token tree plus the `use` declarations around it (a macro body may call
 * `thread::spawn` imported outside it): most macro bodies (`format!`, `assert_eq!`) are never parsed.
 */
export function worthParsing(filter: CandidateFilter, doc: RustDocument, text: string): boolean {
  const present = filter.tokensIn(text);
  if (present.size === 0) return false;
  for (let d: RustDocument | null = doc; d; d = d.outer?.doc ?? null) for (const token of d.imports.tokens) present.add(token);
  return filter.admitsTokens(present);
}
