import type { CargoManifest, DeclaredDependency } from './manifest';

/**
 * What a package's own default features switch on: optional dependencies they enable (`dep:x`, `x`, `x/f`)
 * and features they turn on in dependencies (`x/f`, and `x?/f` when x is on anyway). A build that sets no
 * `--features` gets exactly this.
 */
export function defaultFeatureEffects(manifest: CargoManifest): { optionalOn: Set<string>; dependencyFeatures: Map<string, Set<string>> } {
  const optionalKeys = new Set(manifest.dependencies.filter((d) => d.optional).map((d) => d.key));
  const on = new Set<string>();
  const optionalOn = new Set<string>();
  const weak: Array<[string, string]> = [];
  const dependencyFeatures = new Map<string, Set<string>>();
  const addFeature = (dep: string, feature: string) => dependencyFeatures.set(dep, new Set([...(dependencyFeatures.get(dep) ?? []), feature]));
  const visit = (feature: string) => {
    if (on.has(feature)) return;
    on.add(feature);
    if (!manifest.features[feature] && optionalKeys.has(feature)) optionalOn.add(feature); // implicit feature of an optional dependency
    for (const item of manifest.features[feature] ?? []) {
      if (item.startsWith('dep:')) optionalOn.add(item.slice(4));
      else if (item.includes('/')) {
        const [dep, f] = item.split('/', 2);
        if (dep.endsWith('?')) weak.push([dep.slice(0, -1), f]);
        else {
          if (optionalKeys.has(dep)) optionalOn.add(dep);
          addFeature(dep, f);
        }
      } else visit(item);
    }
  };
  if (manifest.features.default) visit('default');
  for (const [dep, f] of weak) if (optionalOn.has(dep) || !optionalKeys.has(dep)) addFeature(dep, f);
  return { optionalOn, dependencyFeatures };
}

/** A cargo.json feature condition against a package's enabled features (`default` when default features are on). */
export function featureConditionHolds(condition: { anyOf?: string[]; allOf?: string[]; noneOf?: string[] }, enabled: Set<string>): boolean {
  if (condition.anyOf && !condition.anyOf.some((f) => enabled.has(f))) return false;
  if (condition.allOf && !condition.allOf.every((f) => enabled.has(f))) return false;
  if (condition.noneOf && condition.noneOf.some((f) => enabled.has(f))) return false;
  return true;
}

/** The feature names a declaration enables, with `default` unless `default-features = false`. */
export function enabledFeatures(declarations: DeclaredDependency[], extra: Map<string, Set<string>>): Set<string> {
  const enabled = new Set<string>();
  for (const d of declarations) {
    if (d.defaultFeatures) enabled.add('default');
    for (const f of d.features) enabled.add(f.name);
    for (const f of extra.get(d.key) ?? []) enabled.add(f);
  }
  return enabled;
}
