import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CapabilityId } from '../../capabilities';
import { RULES_DIR } from '../../knowledge/load';

/** rules/packages/cpp.json (schema cpp.schema.json): a C/C++ library's needs, under its vcpkg and Conan names. */
export interface CppPackage {
  name: string;
  vcpkg: string[];
  conan: string[];
  capabilities: CapabilityId[];
  category: string;
  why: string;
  alternative: string | null;
  source: string;
}

export type CppEcosystem = 'vcpkg' | 'conan';

let cached: Record<CppEcosystem, Map<string, CppPackage>> | null = null;

/** By the name each package manager gives the library (vcpkg `boost-thread`, Conan `onetbb`); loaded once. */
export function cppPackages(): Record<CppEcosystem, Map<string, CppPackage>> {
  if (!cached) {
    const list = (JSON.parse(fs.readFileSync(path.join(RULES_DIR, 'packages', 'cpp.json'), 'utf8')) as { packages: CppPackage[] }).packages;
    cached = { vcpkg: new Map(), conan: new Map() };
    for (const p of list) {
      for (const name of p.vcpkg) cached.vcpkg.set(name, p);
      for (const name of p.conan) cached.conan.set(name.toLowerCase(), p);
    }
  }
  return cached;
}

export function cppPackage(ecosystem: CppEcosystem, name: string): CppPackage | undefined {
  return cppPackages()[ecosystem].get(ecosystem === 'conan' ? name.toLowerCase() : name);
}
