import type { Knowledge } from '../knowledge/load';
import type { InputError, Requirement } from '../model';

export interface Analysis {
  requirements: Requirement[];
  errors: InputError[];
}

/** One kind of input: which files it reads, and what it finds each needs. Detectors know nothing of hosts. */
export interface Detector {
  readonly name: string;
  wants(file: string): boolean;
  /**
   * Never throws: a file it cannot read or parse is an InputError, and the scan goes on.
   * May be asynchronous: parsers compiled to Wasm (tree-sitter) load asynchronously, once.
   */
  analyze(file: string, kb: Knowledge): Analysis | Promise<Analysis>;
}
