import { tokenPattern } from '../source/prefilter';
import type { CRules } from './rules';

/** A place in the code (never in a comment, a string or an `#include` line) where a rule's name is written. */
export interface Occurrence {
  /** The last segment of the name (`thread` in `std::thread`), or the pragma namespace (`omp`). */
  name: string;
  /** UTF-16 offset of the name in the file; for a pragma, of the `#`. */
  offset: number;
  end: number;
  pragma: boolean;
}

/**
 * The pre-filter and the first step of matching in one pass over the text, generated from rules/apis/c.json:
 * comments, string and character literals and `#include` lines are consumed whole; a call-shaped name
 * (`name(`), a type name, or `#pragma omp` is an occurrence. A file with none is never parsed.
 */
export interface Scanner {
  occurrences(text: string): Occurrence[];
}

export function scanner(rules: CRules): Scanner {
  const callOnly = new Set<string>();
  const anyUse = new Set<string>();
  for (const [last, list] of rules.byLastSegment) {
    if (list.some((l) => l.entry.reach.kind === 'type')) anyUse.add(last);
    else callOnly.add(last);
  }
  const words = tokenPattern([...callOnly, ...anyUse]).source;
  const pattern = new RegExp(
    [
      String.raw`(\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[^\n]{1,10}?)'|^[ \t]*#[ \t]*include[^\n]*)`,
      String.raw`^([ \t]*#[ \t]*pragma[ \t]+)(\w+)`,
      String.raw`\b(${words})\b`,
    ].join('|'),
    'gm',
  );
  return {
    occurrences(text) {
      const out: Occurrence[] = [];
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        if (m[3] !== undefined) {
          if (!rules.pragmas.has(m[3])) continue;
          const hash = m.index + m[2].indexOf('#');
          out.push({ name: m[3], offset: hash, end: m.index + m[2].length + m[3].length, pragma: true });
        } else if (m[4] !== undefined) {
          const end = m.index + m[4].length;
          if (callOnly.has(m[4]) && !/^\s*\(/.test(text.slice(end, end + 64))) continue;
          out.push({ name: m[4], offset: m.index, end, pragma: false });
        }
      }
      return out;
    },
  };
}
