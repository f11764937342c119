import * as fs from 'node:fs';
import type { InputError } from '../../model';
import { describeFsError } from '../../workspace';

/** Manifests and lockfiles past this size are generated beyond reason: skipped with a located error. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

/**
 * Reads a manifest or lockfile as UTF-8, or returns null with the reason in `errors`: not a regular file, over
 * the limit (`what` names the kind of file in that message: "a Cargo manifest or lockfile"), unreadable.
 */
export function readManifestText(file: string, errors: InputError[], what: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      errors.push({ file, message: 'not a regular file' });
      return null;
    }
    if (stat.size > MAX_MANIFEST_BYTES) {
      errors.push({ file, message: `skipped: ${stat.size} bytes is larger than the ${MAX_MANIFEST_BYTES}-byte limit for ${what}` });
      return null;
    }
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    errors.push({ file, message: describeFsError(error, file) });
    return null;
  }
}
