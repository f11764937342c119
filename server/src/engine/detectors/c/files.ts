import * as path from 'node:path';
import { cRules } from './rules';
import type { DetectorFiles } from '../registry';

/** The files the C/C++ source detector reads (its module loads on the first of them). */
export const cFiles: DetectorFiles = {
  name: 'C/C++ source',
  selfContained: true,
  wants: (file) => cRules().file.fileExtensions.includes(path.extname(file).toLowerCase()),
};
