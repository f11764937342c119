import type { Connection } from 'vscode-languageserver/node';
import type { CheckOptions } from '../engine/check';
import type { RuleLevel } from '../engine/config/schema';
import { DEFAULT_SETTINGS, type Settings } from './protocol';

const LEVELS = new Set(['off', 'info', 'warning', 'error']);

/**
 * `wasiReady.*` settings per workspace folder, asked of the client with workspace/configuration (scoped to the
 * folder, so multi-root workspaces can differ) and kept until the client says they changed. Clients without
 * workspace/configuration (or that answer null) get the defaults.
 */
export class SettingsStore {
  private readonly byFolder = new Map<string, Promise<Settings>>();

  constructor(private readonly connection: Connection, private readonly clientHasConfiguration: () => boolean) {}

  forFolder(folderUri: string): Promise<Settings> {
    let settings = this.byFolder.get(folderUri);
    if (!settings) this.byFolder.set(folderUri, (settings = this.fetch(folderUri)));
    return settings;
  }

  clear(): void {
    this.byFolder.clear();
  }

  private async fetch(folderUri: string): Promise<Settings> {
    if (!this.clientHasConfiguration()) return DEFAULT_SETTINGS;
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'wasiReady' });
      return normalise(raw);
    } catch {
      return DEFAULT_SETTINGS;
    }
  }
}

/** Whatever the client sent, as well-typed settings: wrong types fall back to the default, one key at a time. */
export function normalise(raw: unknown): Settings {
  const given = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (value: unknown): string[] | null => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null);
  const severity: Record<string, RuleLevel> = {};
  if (given.severity && typeof given.severity === 'object') {
    for (const [rule, level] of Object.entries(given.severity as Record<string, unknown>)) if (typeof level === 'string' && LEVELS.has(level)) severity[rule] = level as RuleLevel;
  }
  return {
    targets: strings(given.targets)?.map((t) => t.trim()).filter(Boolean) ?? DEFAULT_SETTINGS.targets,
    includeTests: typeof given.includeTests === 'boolean' ? given.includeTests : DEFAULT_SETTINGS.includeTests,
    includeDevDependencies: typeof given.includeDevDependencies === 'boolean' ? given.includeDevDependencies : DEFAULT_SETTINGS.includeDevDependencies,
    severity,
    exclude: strings(given.exclude) ?? DEFAULT_SETTINGS.exclude,
    maxFileSize: typeof given.maxFileSize === 'number' && given.maxFileSize >= 1024 ? given.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
  };
}

/** The check() options the settings stand for (see protocol.ts Settings for what each maps onto). */
export function checkOptions(settings: Settings): Pick<CheckOptions, 'targets' | 'devDependencies' | 'overrides' | 'maxFileBytes'> {
  return {
    targets: settings.targets.length > 0 ? settings.targets : null,
    devDependencies: settings.includeDevDependencies || undefined,
    overrides: { rules: settings.severity, tests: settings.includeTests ? undefined : false, exclude: settings.exclude },
    maxFileBytes: settings.maxFileSize ?? undefined,
  };
}
