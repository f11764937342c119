import { cDetector } from './c/analyze';
import { cBuildDetector } from './cbuild/analyze';
import { cargoDetector } from './cargo/analyze';
import { javascriptDetector } from './javascript/analyze';
import { goDetector } from './go/analyze';
import { goModDetector } from './gomod/analyze';
import { npmDetector } from './npm/analyze';
import { pythonDetector } from './python/analyze';
import { pypiDetector } from './pypi/analyze';
import { rustDetector } from './rust/analyze';
import { wasmDetector } from './wasm/analyze';
import type { Detector } from './registry';

/** Every detector `check` runs; adding an input kind adds one line here. */
export const DETECTORS: readonly Detector[] = [wasmDetector, npmDetector, javascriptDetector, cargoDetector, rustDetector, pythonDetector, goDetector, goModDetector, cDetector, cBuildDetector, pypiDetector];
