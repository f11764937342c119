import type { DetectorFiles } from '../registry';

/** The files the Python dependencies detector reads (its module loads on the first of them). */
export const pypiFiles: DetectorFiles = {
  name: 'Python dependencies',
  selfContained: false,
  wants: isPythonManifest,
};

/** Installed environments and tool caches hold other projects' files, not this project's manifests. */
const SKIPPED_FOLDERS = new Set(['site-packages', 'dist-packages', '.venv', '.tox', '.nox', '__pypackages__']);

export function isPythonManifest(file: string): boolean {
  const parts = file.split(/[\\/]/);
  if (parts.some((part) => SKIPPED_FOLDERS.has(part))) return false;
  const base = parts[parts.length - 1];
  if (base === 'pyproject.toml') return true;
  // A constraints file (`requirements/constraints.txt`) pins versions for `-c`: it asks for nothing itself.
  if (!/\.txt$/i.test(base) || /constraint/i.test(base)) return false;
  return /^(.*[-_.])?requirements([-_.].*)?\.txt$/i.test(base) || parts[parts.length - 2]?.toLowerCase() === 'requirements';
}
