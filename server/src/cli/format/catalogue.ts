import type { HostProfile, RuleEntry } from '../../engine/knowledge/types';
import type { Paint } from './color';

export function formatRules(rules: RuleEntry[], p: Paint): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return `${rules.map((r) => `${p.bold(r.id.padEnd(width))}  ${p.dim(r.capability.padEnd(17))} ${r.title}`).join('\n')}\n`;
}

/** Each profile with its main facts and where each was read. */
export function formatTargets(hosts: HostProfile[], p: Paint): string {
  const blocks = hosts.map((h) => {
    const fact = (label: string, value: string, f: { source: string; unconfirmed?: boolean; grant?: string }) =>
      `  ${label.padEnd(12)} ${value}${f.grant ? ` (grant: ${f.grant})` : ''}${f.unconfirmed ? p.yellow(' [unconfirmed]') : ''}\n  ${''.padEnd(12)} ${p.dim(f.source)}`;
    const kinds = [h.binaryKinds.core.value ? `core modules${h.binaryKinds.core.via === 'p1-adapter' ? ' (through the P1 adapter)' : ''}` : '', h.binaryKinds.component.value ? 'components' : ''].filter(Boolean).join(', ') || 'none';
    const lines = [
      `${p.bold(h.id)} — ${h.name} (${h.versions.covered}; default ${h.versions.default})`,
      `  ${h.summary}`,
      fact('binaries', kinds, h.binaryKinds.component.value ? h.binaryKinds.component : h.binaryKinds.core),
      fact('filesystem', h.filesystem.value, h.filesystem),
      fact('sockets', h.sockets.value, h.sockets),
      fact('threads', h.threads.value ? 'yes' : 'no', h.threads),
      fact('http out', h.httpOutbound.value ? 'yes' : 'no', h.httpOutbound),
    ];
    const javascript = h.languageRuntimes?.javascript;
    if (javascript) lines.push(fact('javascript', javascript.value === 'native' ? 'runs natively' : `on ${javascript.value}`, javascript));
    if (h.limits.binarySize) lines.push(fact('size limit', `${h.limits.binarySize.bytes} bytes`, h.limits.binarySize));
    if (h.interfaces.length) lines.push(`  interfaces   ${summariseInterfaces(h.interfaces)}`);
    if (h.targetNames.length) lines.push(p.dim(`  selected by  ${h.targetNames.join(', ')}`));
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** "wasi:cli (10 interfaces) @0.2.6, 0.2.12; wasi:http (2) @0.2.6" — the full list is in --format json. */
function summariseInterfaces(interfaces: HostProfile['interfaces']): string {
  const byPackage = new Map<string, { names: Set<string>; versions: Set<string> }>();
  for (const entry of interfaces) {
    const [pkg, name] = entry.name.split('/');
    const group = byPackage.get(pkg) ?? { names: new Set(), versions: new Set() };
    group.names.add(name);
    for (const v of entry.versions) if (v) group.versions.add(v);
    byPackage.set(pkg, group);
  }
  return [...byPackage]
    .map(([pkg, g]) => `${pkg} (${g.names.size}) ${g.versions.size ? `@${[...g.versions].join(', ')}` : 'unversioned'}`)
    .join('; ');
}
