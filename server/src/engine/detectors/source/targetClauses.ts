import { joinAnd } from '../../text';

/**
 * What a use does on each build target, for the message, with targets that share an outcome named together:
 * "compiles, then panics on wasm32-wasip1 and wasm32-wasip2", or "does not compile on go-wasip1; is untested on
 * tinygo-wasip1 and tinygo-wasip2". A `detail` follows its targets after a colon.
 */
export function targetClauses<T extends { id: string }>(targets: readonly T[], describe: (target: T) => { phrase: string; detail?: string }): string {
  const groups = new Map<string, { phrase: string; detail?: string; ids: string[] }>();
  for (const target of targets) {
    const { phrase, detail } = describe(target);
    const key = `${phrase}\u0000${detail ?? ''}`;
    const group = groups.get(key);
    if (group) group.ids.push(target.id);
    else groups.set(key, { phrase, detail, ids: [target.id] });
  }
  return [...groups.values()].map(({ phrase, detail, ids }) => `${phrase} on ${joinAnd(ids)}${detail ? `: ${detail}` : ''}`).join('; ');
}
