import * as path from 'node:path';
import type { DetectorFiles } from '../registry';

/** The files the npm dependencies detector reads (its module loads on the first of them). */
export const npmFiles: DetectorFiles = {
  name: 'npm dependencies',
  selfContained: false,
  wants: (file) => path.basename(file) === 'package.json',
};
