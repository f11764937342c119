import { cFiles } from './c/files';
import { cBuildFiles } from './cbuild/files';
import { cargoFiles } from './cargo/files';
import { javascriptFiles } from './javascript/files';
import { goFiles } from './go/files';
import { goModFiles } from './gomod/files';
import { npmFiles } from './npm/files';
import { pythonFiles } from './python/files';
import { pypiFiles } from './pypi/files';
import { rustFiles } from './rust/files';
import { wasmFiles } from './wasm/files';
import type { Detector, DetectorFiles } from './registry';

/**
 * A detector whose module loads on the first file it is asked to analyse: a JavaScript project never loads
 * the Rust, Go, Python or C detectors (~60 ms of a start, measured loading all eleven eagerly).
 */
function loadedOnUse(files: DetectorFiles, load: () => Detector): Detector {
  let loaded: Detector | null = null;
  return {
    ...files,
    analyze: (file, kb, options) => (loaded ??= load()).analyze(file, kb, options),
  };
}

/* eslint-disable @typescript-eslint/no-require-imports */
/** Every detector `check` runs; adding an input kind adds one line here. */
export const DETECTORS: readonly Detector[] = [
  loadedOnUse(wasmFiles, () => (require('./wasm/analyze') as typeof import('./wasm/analyze')).wasmDetector),
  loadedOnUse(npmFiles, () => (require('./npm/analyze') as typeof import('./npm/analyze')).npmDetector),
  loadedOnUse(javascriptFiles, () => (require('./javascript/analyze') as typeof import('./javascript/analyze')).javascriptDetector),
  loadedOnUse(cargoFiles, () => (require('./cargo/analyze') as typeof import('./cargo/analyze')).cargoDetector),
  loadedOnUse(rustFiles, () => (require('./rust/analyze') as typeof import('./rust/analyze')).rustDetector),
  loadedOnUse(pythonFiles, () => (require('./python/analyze') as typeof import('./python/analyze')).pythonDetector),
  loadedOnUse(goFiles, () => (require('./go/analyze') as typeof import('./go/analyze')).goDetector),
  loadedOnUse(goModFiles, () => (require('./gomod/analyze') as typeof import('./gomod/analyze')).goModDetector),
  loadedOnUse(cFiles, () => (require('./c/analyze') as typeof import('./c/analyze')).cDetector),
  loadedOnUse(cBuildFiles, () => (require('./cbuild/analyze') as typeof import('./cbuild/analyze')).cBuildDetector),
  loadedOnUse(pypiFiles, () => (require('./pypi/analyze') as typeof import('./pypi/analyze')).pypiDetector),
];
