import * as path from 'node:path';
import { ConfigError } from './targets';
import { isTestPath } from './detectors/source/testCode';
import { knowledge, type Knowledge } from './knowledge/load';
import { ScanPolicy, type EditorOverrides } from './policy';
import { toPosix, wanted } from './scan';
import { isInside } from './workspace';

/** Whether a scan of `folder` checks a file, and when it does not (or hides some of what it finds), why. */
export interface FileStatus {
  checked: boolean;
  /** Why it is not checked, or what is left out of it; absent when it is checked whole. */
  reason?: string;
}

export interface FileStatusOptions {
  overrides?: EditorOverrides;
  knowledge?: Knowledge;
}

/**
 * What a person sees nothing for and wonders why (vscode-eslint's users ask this most): a file no detector
 * reads, one a config's include/exclude or the editor's exclude setting keeps out, or test code whose findings
 * the tests switch leaves out. The same decisions a check makes (policy.ts), without reading the file.
 */
export function fileStatus(file: string, folder: string, options: FileStatusOptions = {}): FileStatus {
  if (!isInside(file, folder)) return { checked: false, reason: 'outside the workspace folder' };
  if (!wanted(file)) return { checked: false, reason: 'no wasi-ready detector reads this kind of file' };
  const display = (f: string): string => toPosix(path.relative(folder, f)) || '.';
  const policy = new ScanPolicy(options.knowledge ?? knowledge(), folder, [folder], display, { overrides: options.overrides });
  try {
    const excluded = policy.exclusion({ path: file, root: folder });
    if (excluded) return { checked: false, reason: excluded };
    const config = policy.config(file);
    const testsOff = options.overrides?.tests === false ? 'the wasiReady.includeTests setting is off' : config?.data.tests === false ? `"tests": false in ${display(config.file)}` : null;
    if (testsOff && isTestPath(file, folder)) return { checked: true, reason: `test code by its path: its source findings are left out (${testsOff})` };
  } catch (error) {
    if (error instanceof ConfigError) return { checked: false, reason: error.message };
    throw error;
  }
  return { checked: true };
}
