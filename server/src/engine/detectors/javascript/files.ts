import * as path from 'node:path';
import { javascriptApis } from './apis';
import type { DetectorFiles } from '../registry';

/** The files the javascript detector reads (its module loads on the first of them). */
export const javascriptFiles: DetectorFiles = {
  name: 'javascript',
  selfContained: true,
  wants: (file) => !/\.d\.[cm]?ts$/.test(file) && javascriptApis().extensions.has(path.extname(file)),
};
