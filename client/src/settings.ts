/**
 * The few `wasiReady.*` settings the client itself reads, each normalised by a function that never throws
 * (a hand-edited settings.json can hold anything). The server reads the rest per resource.
 */

export const SECTION = 'wasiReady';

export type TraceSetting = 'off' | 'messages' | 'verbose';

export function traceFrom(value: unknown): TraceSetting {
  return value === 'messages' || value === 'verbose' ? value : 'off';
}

/** Target labels, trimmed, without empties or repeats. */
export function targetsFrom(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const targets = value.filter((t): t is string => typeof t === 'string').map((t) => t.trim()).filter(Boolean);
  return [...new Set(targets)];
}

/** The Node executable for the server, or undefined for the one VS Code ships; callers ignore it in untrusted workspaces. */
export function runtimeFrom(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
