import * as path from 'node:path';
import { goRules } from './rules';
import type { DetectorFiles } from '../registry';

/** The files the Go source detector reads (its module loads on the first of them). */
export const goFiles: DetectorFiles = {
  name: 'Go source',
  selfContained: true,
  wants: (file) => goRules().file.fileExtensions.includes(path.extname(file)),
};
