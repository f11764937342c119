import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CapabilityId } from '../capabilities';

export type RuleLevel = 'off' | 'info' | 'warning' | 'error';

/** wasi-ready.config.json as written (docs/schema/config.schema.json). */
export interface ConfigData {
  $schema?: string;
  targets?: string[];
  include?: string[];
  exclude?: string[];
  tests?: boolean;
  devDependencies?: boolean;
  rules?: Record<string, RuleLevel>;
  allow?: Array<{ package?: string; api?: string; rule?: string; reason: string }>;
  provides?: Record<string, CapabilityId[]>;
}

let validator: ValidateFunction | null = null;

/**
 * The shipped JSON Schema as code ajv generated from it at build time (scripts/gen-config-validator.mjs): loading
 * and compiling ajv's compiler on every run that finds a config file cost ~85 ms.
 */
function validate(): ValidateFunction {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  validator ??= require('./configValidator.generated') as ValidateFunction;
  return validator;
}

export interface SchemaProblem {
  /** JSON pointer segments of the offending value ("allow", "0", "reason"); for an unknown key, the key itself. */
  at: string[];
  message: string;
}

/** Null when the data fits the schema, else the first problem, worded for a person. */
export function schemaProblem(data: unknown): SchemaProblem | null {
  const check = validate();
  if (check(data)) return null;
  return describe(check.errors?.[0]);
}

function describe(error: ErrorObject | undefined): SchemaProblem {
  if (!error) return { at: [], message: 'does not match the configuration schema' };
  const at = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { at: [...at, String(params.additionalProperty)], message: `unknown key "${String(params.additionalProperty)}"${at.length ? ` in ${keyName(at)}` : ''}` };
    case 'propertyNames':
      return { at: [...at, String(params.propertyName)], message: `"${String(params.propertyName)}" is not a valid key in ${keyName(at)}` };
    case 'required':
      if (error.schemaPath.includes('/anyOf/')) return { at, message: `${keyName(at)} needs at least one of "package", "api" or "rule"` };
      return { at, message: `${keyName(at)} needs "${String(params.missingProperty)}"` };
    case 'anyOf':
      return { at, message: `${keyName(at)} needs at least one of "package", "api" or "rule"` };
    case 'type':
      if (at[0] === 'targets') return { at, message: '"targets" must be an array of host ids (strings)' };
      return { at, message: `${keyName(at)} must be ${article(String(params.type))}` };
    case 'enum':
      return { at, message: `${keyName(at)} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'pattern':
      return { at, message: at[at.length - 1] === 'reason' ? `${keyName(at)} must say why (it is empty)` : `${keyName(at)} ${error.message ?? 'is malformed'}` };
    default:
      return { at, message: `${keyName(at)} ${error.message ?? 'is invalid'}` };
  }
}

/** ["allow", "0", "reason"] → "allow[0].reason" */
export function keyName(at: string[]): string {
  if (at.length === 0) return 'the configuration';
  return at.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('').replace(/^/, '"').replace(/$/, '"');
}

function article(type: string): string {
  return type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : type === 'boolean' ? 'true or false' : `a ${type}`;
}
