import * as path from 'node:path';
import type { DetectorFiles } from '../registry';
import type { CppEcosystem } from './packages';
import { cBuildRules } from './rules';

/** The files the C/C++ build files detector reads (its module loads on the first of them). */
export const cBuildFiles: DetectorFiles = {
  name: 'C/C++ build files',
  selfContained: true,
  wants: (file) => kindOf(file) !== null,
};

/** Generated or downloaded build files: CMake's build trees, FetchContent sources, vcpkg's tree and its installs. */
const SKIPPED_FOLDERS = new Set(['CMakeFiles', '_deps', 'vcpkg_installed', 'vcpkg', '.conan', '.conan2']);
const GENERATED = new Set(['cmake_install.cmake', 'CTestTestfile.cmake', 'CPackConfig.cmake', 'CPackSourceConfig.cmake']);
const MANIFESTS: Record<string, CppEcosystem> = { 'vcpkg.json': 'vcpkg', 'conanfile.txt': 'conan', 'conanfile.py': 'conan' };

export type Kind = 'cmake' | 'make' | CppEcosystem;

export function kindOf(file: string): Kind | null {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const kind = kindByName(base);
  // Called for every file a walk finds: the name decides first, the path's folders only for a build file.
  if (kind === null || GENERATED.has(base) || file.split(/[\\/]/).some((part) => SKIPPED_FOLDERS.has(part))) return null;
  return kind;
}

function kindByName(base: string): Kind | null {
  if (Object.hasOwn(MANIFESTS, base)) return MANIFESTS[base];
  const ext = path.extname(base).toLowerCase();
  if (base === 'CMakeLists.txt' || ext === '.cmake') return 'cmake';
  if (cBuildRules().file.fileNames.includes(base) || ext === '.mk') return 'make';
  return null;
}
