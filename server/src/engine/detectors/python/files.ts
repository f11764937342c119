import * as path from 'node:path';
import { pythonRules } from './rules';
import type { DetectorFiles } from '../registry';

/** The files the Python source detector reads (its module loads on the first of them). */
export const pythonFiles: DetectorFiles = {
  name: 'Python source',
  selfContained: true,
  wants: (file) => pythonRules().file.fileExtensions.includes(path.extname(file)),
};
