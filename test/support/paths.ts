import * as path from 'node:path';

/** The repository root: test/out/support → three levels up. */
export const REPO = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLES = path.join(REPO, 'examples');
export const CLI = path.join(REPO, 'server', 'out', 'cli', 'main.js');
/** Scratch space for material fetched or built at test time (git-ignored). */
export const WORK = path.join(REPO, 'test', '.work');
/** The Bytecode Alliance JS tools, installed by scripts/install-tools.mjs (see there for why not in the lockfile). */
export const TOOLS = path.join(REPO, '.tools', 'node_modules');
