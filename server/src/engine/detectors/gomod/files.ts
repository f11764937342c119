import * as path from 'node:path';
import type { DetectorFiles } from '../registry';

/** The files the Go modules detector reads (its module loads on the first of them). */
export const goModFiles: DetectorFiles = {
  name: 'Go modules',
  selfContained: true,
  wants: (file) => path.basename(file) === 'go.mod',
};
