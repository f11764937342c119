import type { HostChoice } from '../protocol';

/** The "Select target hosts" quick pick's items, without VS Code: a profile, then each of its versions as `id@version`. */
export interface TargetItem {
  label: string;
  description?: string;
  detail?: string;
  picked: boolean;
  /** What goes into `wasiReady.targets`. */
  target: string;
}

/** Current targets that name no profile stay as picked items, so saving the pick never drops them silently. */
export function targetItems(hosts: HostChoice[], current: string[]): TargetItem[] {
  const items: TargetItem[] = [];
  for (const host of hosts) {
    items.push({ label: host.id, description: host.name, detail: host.summary, picked: current.includes(host.id), target: host.id });
    for (const version of host.versions) {
      const target = `${host.id}@${version}`;
      items.push({ label: target, description: `${host.name} ${version}`, picked: current.includes(target), target });
    }
  }
  for (const target of current) {
    if (!items.some((i) => i.target === target)) items.push({ label: target, description: 'not a known host profile', picked: true, target });
  }
  return items;
}

/** The setting's value from the picked items, in the list's order. */
export function chosenTargets(items: TargetItem[], picked: readonly TargetItem[]): string[] {
  return items.filter((i) => picked.includes(i)).map((i) => i.target);
}
