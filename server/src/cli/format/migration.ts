import type { GrantsResult } from '../../engine/grants';
import type { InventoryResult } from '../../engine/inventory';
import type { HostVerdict, InputError } from '../../engine/model';
import type { Paint } from './color';
import { plural } from './context';

/** "spin: ok, wasmtime-serve: error" — what each target makes of the need; "ok" where it provides it. */
function verdicts(hosts: Record<string, HostVerdict>): string {
  return Object.entries(hosts).map(([host, verdict]) => `${host}: ${verdict}`).join(', ');
}

function tags(row: { guarded: boolean; test: boolean }): string {
  const list = [row.guarded ? 'guarded' : '', row.test ? 'test' : ''].filter(Boolean);
  return list.length ? ` [${list.join(', ')}]` : '';
}

/** `wasi-ready inventory`: per capability, the packages (with how they got in), then the code, then binaries. */
export function formatInventoryText(result: InventoryResult, p: Paint): string {
  const lines: string[] = [];
  for (const capability of result.capabilities) {
    lines.push(p.bold(`${capability.id} — ${capability.title}`));
    lines.push(p.dim(`  instead: ${capability.instead}`));
    const packages = result.packages.map((pkg) => ({ pkg, needs: pkg.needs.filter((n) => n.capability === capability.id) })).filter((e) => e.needs.length > 0);
    const code = result.code.filter((c) => c.capability === capability.id);
    const binaries = result.binaries.filter((b) => b.capability === capability.id);
    if (packages.length === 0 && code.length === 0 && binaries.length === 0) {
      lines.push('  nothing under the scanned paths needs it', '');
      continue;
    }
    if (packages.length > 0) {
      lines.push('', `  ${p.bold('dependencies')}`);
      for (const { pkg, needs } of packages) {
        lines.push(`  ${pkg.name}${pkg.version ? `@${pkg.version}` : ''}  ${p.dim(`${pkg.path}  ${pkg.manifest}:${pkg.line}`)}`);
        for (const need of needs) {
          lines.push(`    ${need.evidence}${tags(need)}  ${p.dim(need.ruleId)}`);
          lines.push(`      ${p.dim(`hosts: ${verdicts(need.hosts)}`)}`);
          lines.push(`      instead: ${need.instead}`);
        }
      }
    }
    if (code.length > 0) {
      lines.push('', `  ${p.bold('code')}`);
      for (const row of code) {
        lines.push(`  ${row.file}:${row.line}:${row.column}  ${row.evidence}${tags(row)}  ${p.dim(row.ruleId)}`);
        lines.push(`      ${p.dim(`hosts: ${verdicts(row.hosts)}`)}`);
        lines.push(`      instead: ${row.instead}`);
      }
    }
    if (binaries.length > 0) {
      lines.push('', `  ${p.bold('binaries')}`);
      for (const row of binaries) {
        lines.push(`  ${row.file}  ${row.evidence}  ${p.dim(row.ruleId)}`);
        lines.push(`      ${p.dim(`hosts: ${verdicts(row.hosts)}`)}`);
        lines.push(`      instead: ${row.instead}`);
      }
    }
    lines.push('');
  }
  lines.push(...errorLines(result.errors, p));
  const s = result.summary;
  lines.push(p.dim(`${plural(s.packages, 'package')}, ${plural(s.code, 'call site')}, ${s.binaries} binar${s.binaries === 1 ? 'y' : 'ies'} in ${plural(s.files, 'file')} (targets ${result.targets.join(', ')}) in ${s.ms} ms`));
  return `${lines.join('\n')}\n`;
}

/** `wasi-ready grants`: the host's own syntax first, then each grant with the uses that need it, then what no grant meets. */
export function formatGrantsText(result: GrantsResult, p: Paint): string {
  const lines: string[] = [p.bold(`${result.target}: least-privilege grants (${result.host.name})`), ''];
  if (result.snippet) lines.push(...result.snippet.trimEnd().split('\n').map((l) => `  ${l}`), '');
  for (const note of result.notes) lines.push(`${p.dim('note:')} ${note}`);
  if (result.notes.length) lines.push('');
  if (result.grants.length > 0) {
    lines.push(p.bold('why each grant'));
    for (const grant of result.grants) {
      const value = grant.setting.startsWith('-') ? grant.value : `${grant.setting}: ${grant.value}`;
      lines.push(`  ${value}${grant.placeholder ? p.yellow('  (placeholder: the code does not name it)') : ''}`);
      for (const use of grant.uses) lines.push(`    ${p.dim(`${use.file}:${use.line}:${use.column}`)}  ${use.evidence}${use.argument !== null ? ` (${JSON.stringify(use.argument)})` : ''}`);
    }
    lines.push('');
  } else if (result.model !== 'none') {
    lines.push('nothing to grant: the code needs nothing this host grants', '');
  }
  if (result.ungrantable.length > 0) {
    lines.push(p.bold('no grant helps (see wasi-ready check)'));
    for (const u of result.ungrantable) lines.push(`  ${p.dim(`${u.file}:${u.line}:${u.column}`)}  ${u.capability}  ${u.evidence}`);
    lines.push('');
  }
  lines.push(...errorLines(result.errors, p));
  const s = result.summary;
  lines.push(p.dim(`${plural(s.grants, 'grant')} (${s.placeholders} to fill in), ${plural(s.ungrantable, 'need')} no grant meets, ${plural(s.files, 'file')} in ${s.ms} ms`));
  return `${lines.join('\n')}\n`;
}

/** The files that could not be analysed, as both reports end with them. */
function errorLines(errors: InputError[], p: Paint): string[] {
  if (errors.length === 0) return [];
  return [p.bold('could not analyse'), ...errors.map((error) => `  ${error.file}  ${p.red('error')}  ${error.message}`), ''];
}
