import type { Knowledge } from '../knowledge/load';
import type { InputError, Requirement } from '../model';
import type { ScanMemo } from '../scanMemo';

/** Where a file was found and what the user asked for that changes what a detector reports. */
export interface AnalyzeOptions {
  /** The folder the scan started from (the file's own folder when a file was named): test-code conventions apply below it. */
  root: string;
  /** Also report development dependencies (test runners, build tools): off by default, they never ship. */
  devDependencies: boolean;
  /** The file's text as an editor holds it, unsaved: read instead of the disk copy (other files still come from disk). */
  text?: string;
  /** The check's memo of file stamps and folder listings; absent, a detector looks for itself. */
  memo?: ScanMemo;
}

export interface Analysis {
  requirements: Requirement[];
  errors: InputError[];
}

/** Which files a detector reads: all `check` needs of it before its own module (and parser) loads. */
export type DetectorFiles = Pick<Detector, 'name' | 'selfContained' | 'wants'>;

/** One kind of input: which files it reads, and what it finds each needs. Detectors know nothing of hosts. */
export interface Detector {
  readonly name: string;
  /**
   * The analysis reads this one file and nothing else (a source file, a binary), so a re-scan may reuse it
   * while the file is unchanged. Manifests read lockfiles and installed packages too: they say false.
   */
  readonly selfContained: boolean;
  wants(file: string): boolean;
  /**
   * Never throws: a file it cannot read or parse is an InputError, and the scan goes on.
   * May be asynchronous: parsers compiled to Wasm (tree-sitter) load asynchronously, once.
   */
  analyze(file: string, kb: Knowledge, options: AnalyzeOptions): Analysis | Promise<Analysis>;
}
