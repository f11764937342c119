import { parseArgs } from 'node:util';
import { CAPABILITY_IDS, type CapabilityId } from '../engine/capabilities';
import { grants } from '../engine/grants';
import { inventory } from '../engine/inventory';
import { ConfigError } from '../engine/targets';
import type { Paint } from './format/color';
import { formatGrantsText, formatInventoryText } from './format/migration';

/** Bad usage of a migration report: main's run() prints it and exits 2, as for any usage error. */
export class MigrationUsageError extends ConfigError {}

export const MIGRATION_HELP = `  wasi-ready inventory [paths…] --capability id[,id] [--target h1,h2] [--format text|json] [--dev]
                                              every dependency, call site and binary that needs a capability
  wasi-ready grants [paths…] --target HOST [--format text|json]
                                              the least-privilege grants the code needs on HOST (spin.toml, wasmtime flags)
`;

/**
 * `wasi-ready inventory` and `wasi-ready grants`, the migration reports. Exit codes: 0 with a report
 * (inventory and grants are reports, not gates), 2 on bad usage.
 */
export async function runMigration(command: 'inventory' | 'grants', args: string[], out: NodeJS.WritableStream, p: Paint): Promise<number> {
  const { values, positionals } = parse(args, command === 'inventory'
    ? { capability: { type: 'string' }, target: { type: 'string', multiple: true }, format: { type: 'string' }, dev: { type: 'boolean' } }
    : { target: { type: 'string', multiple: true }, format: { type: 'string' }, dev: { type: 'boolean' } });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new MigrationUsageError(`unknown --format "${String(format)}" (text or json)`);
  const paths = positionals.length ? positionals : ['.'];
  const devDependencies = values.dev === true;
  if (command === 'inventory') {
    const capabilities = capabilityOption(values.capability);
    const targets = typeof values.target === 'string' ? list(values.target) : null;
    const result = await inventory(paths, { capabilities, targets, devDependencies });
    out.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatInventoryText(result, p));
    return 0;
  }
  const target = typeof values.target === 'string' ? list(values.target) : [];
  if (target.length !== 1) throw new MigrationUsageError('grants takes exactly one --target host (spin, wasmtime-serve, wasmtime-run, akamai-functions…)');
  const result = await grants(paths, { target: target[0], devDependencies });
  out.write(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatGrantsText(result, p));
  return 0;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** A repeated option (`--target a --target b`) reads as its values joined by commas (`a,b`). */
function parse(args: string[], options: Options): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
    const values = Object.fromEntries(Object.entries(parsed.values).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value]));
    return { values: values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new MigrationUsageError(error instanceof Error ? error.message : String(error));
  }
}

function list(value: string): string[] {
  return value.split(',').map((t) => t.trim()).filter(Boolean);
}

function capabilityOption(value: string | boolean | undefined): CapabilityId[] {
  if (typeof value !== 'string' || list(value).length === 0) throw new MigrationUsageError(`inventory needs --capability (one or more of ${CAPABILITY_IDS.join(', ')})`);
  const ids = list(value);
  const unknown = ids.filter((id) => !(CAPABILITY_IDS as readonly string[]).includes(id));
  if (unknown.length) throw new MigrationUsageError(`unknown capability ${unknown.map((u) => `"${u}"`).join(', ')} (${CAPABILITY_IDS.join(', ')})`);
  return [...new Set(ids)] as CapabilityId[];
}
