/** Small wording and matching helpers shared by detectors, evaluation and the front ends. */

const LIST_LIMIT = 6;

/** Pattern match with * as "any run of characters". */
export function matches(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const parts = pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`).test(value);
}

/**
 * Paths and ids in the order people read them (case aside: `cmake/` beside `CMakeLists.txt`), then by code unit:
 * the same on every machine, where localeCompare follows the ICU data and locale Node was built with (a
 * baseline or a CI diff could reorder between machines), and without the ~15 ms it takes to load a collator.
 */
export function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function listed(items: string[]): string {
  if (items.length <= LIST_LIMIT) return items.join(', ');
  return `${items.slice(0, LIST_LIMIT).join(', ')} and ${items.length - LIST_LIMIT} more`;
}

export function joinAnd(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
