import type { Knowledge } from '../knowledge/load';
import type { InputError, Requirement } from '../model';

/** One kind of input: which files it reads, and what it finds each needs. Detectors know nothing of hosts. */
export interface Detector {
  readonly name: string;
  wants(file: string): boolean;
  /** Never throws: a file it cannot read or parse is an InputError, and the scan goes on. */
  analyze(file: string, kb: Knowledge): { requirements: Requirement[]; errors: InputError[] };
}
