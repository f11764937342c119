import * as path from 'node:path';
import { ConfigError } from './targets';
import { isTestFile } from './detectors/source/testCode';
import { knowledge, type Knowledge } from './knowledge/load';
import { ScanPolicy, type EditorOverrides } from './policy';
import { wanted } from './scan';
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

/** Every language's test-file convention: each one's file-name pattern matches only its own extensions. */
const LANGUAGES = ['js', 'rust', 'go', 'python', 'c'];

/**
 * What a person sees nothing for and wonders why (vscode-eslint's users ask this most): a file no detector
 * reads, one a config's include/exclude or the editor's exclude setting keeps out, or test code whose findings
 * the tests switch leaves out. The same decisions a check makes (policy.ts), without reading the file.
 */
export function fileStatus(file: string, folder: string, options: FileStatusOptions = {}): FileStatus {
  if (!isInside(file, folder)) return { checked: false, reason: 'outside the workspace folder' };
  if (!wanted(file)) return { checked: false, reason: 'no wasi-ready detector reads this kind of file' };
  const display = (f: string): string => path.relative(folder, f).split(path.sep).join('/') || '.';
  const policy = new ScanPolicy(options.knowledge ?? knowledge(), folder, [folder], display, { overrides: options.overrides });
  try {
    const excluded = policy.exclusion({ path: file, root: folder });
    if (excluded) return { checked: false, reason: excluded };
    const testsOff = options.overrides?.tests === false || policy.config(file)?.data.tests === false;
    if (testsOff && LANGUAGES.some((language) => isTestFile(file, folder, language))) {
      return { checked: true, reason: `test code by its path: its source findings are left out (${options.overrides?.tests === false ? 'the wasiReady.includeTests setting is off' : `"tests": false in ${display(policy.config(file)!.file)}`})` };
    }
  } catch (error) {
    if (error instanceof ConfigError) return { checked: false, reason: error.message };
    throw error;
  }
  return { checked: true };
}
