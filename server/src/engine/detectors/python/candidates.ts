import { tokenPattern } from '../source/prefilter';
import { entryPaths, type PythonRules } from './rules';

/**
 * Which files can hold a finding, decided from the text before any parse. A call of `a.b.c` needs its first
 * segment (named in the import or the call) and its last one (in the call, or in `from a.b import c`);
 * `builtins.open` needs only `open`; a method needs its name and a producer of its value. All generated from
 * rules/apis/python.json.
 */
export interface CandidateFilter {
  tokens: string[];
  admits(text: string): boolean;
}

export function candidateFilter(rules: PythonRules): CandidateFilter {
  const alternatives: string[][] = [];
  const callAlternatives = (full: string): string[] => {
    const parts = full.split('.');
    return parts[0] === 'builtins' ? [parts[parts.length - 1]] : [...new Set([parts[0], parts[parts.length - 1]])];
  };
  for (const entry of rules.file.entries) {
    const reach = entry.reach;
    if (reach.kind === 'call') for (const p of entryPaths(entry)) alternatives.push(callAlternatives(p));
    else {
      const value = rules.values.get(reach.on);
      for (const producer of [...(value?.producers ?? []), ...(value?.typeNames ?? [])]) {
        for (const name of reach.names) alternatives.push([...callAlternatives(producer), name]);
      }
    }
  }
  const tokens = [...new Set(alternatives.flat())];
  const scanner = new RegExp(String.raw`\b(${tokenPattern(tokens).source})\b`, 'g');
  return {
    tokens,
    admits(text) {
      const present = new Set<string>();
      scanner.lastIndex = 0;
      for (let m = scanner.exec(text); m !== null; m = scanner.exec(text)) present.add(m[1]);
      return present.size > 0 && alternatives.some((group) => group.every((t) => present.has(t)));
    },
  };
}
