import * as assert from 'node:assert/strict';
import { check } from 'wasi-ready/engine/check';
import type { Finding } from 'wasi-ready/engine/model';

/** A finding as the source tests' tables write it: [file, line, column, endColumn, rule, verdicts other than ok, '-' | 'guarded' | 'test']. */
export type Row = [string, number, number, number, string, Record<string, string>, '-' | 'guarded' | 'test'];

export function row(f: Finding): Row {
  const hosts = Object.fromEntries(Object.entries(f.hosts).filter(([, v]) => v !== 'ok'));
  return [f.file, f.line, f.column, f.endColumn, f.ruleId, hosts, f.guarded ? 'guarded' : f.test ? 'test' : '-'];
}

/** The source-code findings of a check of `dir` against `targets`; the check must have met no bad input. */
export async function sourceFindings(dir: string, targets: string[]): Promise<Finding[]> {
  const result = await check([dir], { targets });
  assert.deepEqual(result.errors, []);
  return result.findings.filter((f) => f.origin === 'source');
}

export async function sourceRows(dir: string, targets: string[]): Promise<Row[]> {
  return (await sourceFindings(dir, targets)).map(row);
}
