import type { CRules } from './rules';
import type { Usings } from './text';
import type { CEntry } from './types';

/** The qualifier written before the name at `offset` (`std::`, `::`, `fs::`, or ''), and whether it is a member access. */
export function qualifierBefore(text: string, offset: number): { qualifier: string; start: number; member: boolean } {
  const before = text.slice(Math.max(0, offset - 160), offset);
  const m = /((?:::\s*)?(?:[A-Za-z_]\w*\s*::\s*)*)$/.exec(before)!;
  const qualifier = m[1].replace(/\s+/g, '');
  const start = offset - m[1].length;
  // Comments between the previous token and the name do not count (`// … separator.` then `execv(…)`).
  const prev = before
    .slice(0, before.length - m[1].length)
    .replace(/^[\s\S]*?\*\//, (cut) => (cut.includes('/*') ? cut : ''))
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, '')
    .trimEnd();
  return { qualifier, start, member: qualifier === '' && (prev.endsWith('.') || prev.endsWith('->')) };
}

/**
 * The entry a name written with this qualifier reaches: the bare C name (or `::name`), a `std::` spelling
 * where the entry allows it, the C++ name itself, or the C++ name reached through `using`/a namespace alias.
 * Another qualifier (`posix::FOpen`, `boost::asio::…::accept`, `obj.open`) names something else.
 */
export function resolveName(rules: CRules, name: string, qualifier: string, use: Usings): { entry: CEntry; full: string } | null {
  const candidates = rules.byLastSegment.get(name);
  if (!candidates) return null;
  let q = qualifier.replace(/^::/, '');
  const head = q.split('::')[0];
  if (head && use.aliases.has(head)) q = use.aliases.get(head)! + q.slice(head.length);
  const written = q + name;
  for (const { full, entry } of candidates) {
    if (full === written) return { entry, full };
    if (entry.reach.alsoStd && q === 'std::' && full === name) return { entry, full: written };
    if (q === '' && use.names.has(full)) return { entry, full };
    if (use.namespaceStd && full === `std::${written}`) return { entry, full };
  }
  return null;
}
