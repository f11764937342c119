import { joinAnd } from '../text';
import type { Judgement } from './judge';

/** "spin and akamai-functions mount files read-only and fastly-compute has no filesystem" */
export function hostClause(judged: Array<{ host: string; judgement: Judgement }>): string {
  const groups = new Map<string, string[]>();
  for (const { host, judgement } of judged) {
    const says = judgement.says ?? 'does not provide it';
    groups.set(says, [...(groups.get(says) ?? []), host]);
  }
  return joinAnd([...groups].map(([says, hosts]) => `${joinAnd(hosts)} ${hosts.length > 1 ? pluralVerb(says) : says}`));
}

const IRREGULAR: Record<string, string> = { has: 'have', does: 'do', is: 'are', runs: 'run' };

/** Turns the leading third-person verb of a `says` phrase plural: "mounts files" → "mount files". */
export function pluralVerb(phrase: string): string {
  const [verb, ...rest] = phrase.split(' ');
  let plural = IRREGULAR[verb];
  if (!plural) {
    if (/(ss|ch|sh|x|z)es$/.test(verb)) plural = verb.slice(0, -2);
    else if (/[^aeiou]ies$/.test(verb)) plural = `${verb.slice(0, -3)}y`;
    else if (verb.endsWith('s') && !verb.endsWith('ss')) plural = verb.slice(0, -1);
    else plural = verb;
  }
  return [plural, ...rest].join(' ');
}
