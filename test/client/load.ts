import * as path from 'node:path';
import { REPO } from '../support/paths';

/**
 * A compiled module of the VS Code client (client/out). test/out sits one level deeper than test/, so no relative
 * import resolves from both; the path is built at run time and the type comes from the client's source through the
 * project reference (`clientModule<typeof import('../../client/src/report/model')>('report/model')`).
 * Only the client's pure modules load here: none of them imports `vscode`.
 */
export function clientModule<T>(relative: string): T {
  return require(path.join(REPO, 'client', 'out', relative)) as T;
}
