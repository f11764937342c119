import * as path from 'node:path';
import { rustRules } from './rules';
import type { DetectorFiles } from '../registry';

/** The files the Rust source detector reads (its module loads on the first of them). */
export const rustFiles: DetectorFiles = {
  name: 'Rust source',
  // Not only the file: a module file's guards come from the `mod` declaration in its parent file.
  selfContained: false,
  wants: (file) => rustRules().file.fileExtensions.includes(path.extname(file)),
};
