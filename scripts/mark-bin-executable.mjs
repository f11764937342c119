// `tsc` writes server/out/cli/main.js without the executable bit, and `npm ci` links package.json's `bin`
// before `prepare` has built it, so the link would point at a file a shell refuses to run (`npx wasi-ready`
// from the action's folder). Marks every `bin` target executable after each build.
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { bin = {} } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const target of Object.values(typeof bin === 'string' ? { main: bin } : bin)) {
  const file = join(root, target);
  if (existsSync(file)) chmodSync(file, 0o755);
}
