import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The environment with the XDG folders inside `scratch`: code-server keeps its own logs in XDG_DATA_HOME,
 * VS Code a device id in XDG_CACHE_HOME, chromium its crash reports in XDG_CONFIG_HOME, neovim its LSP log in
 * XDG_CACHE_HOME / XDG_STATE_HOME. A test run leaves nothing in the user's home.
 */
export function scratchHome(scratch: string): NodeJS.ProcessEnv {
  const folders = { XDG_CONFIG_HOME: 'config', XDG_CACHE_HOME: 'cache', XDG_DATA_HOME: 'data', XDG_STATE_HOME: 'state' };
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [variable, name] of Object.entries(folders)) {
    env[variable] = path.join(scratch, 'xdg', name);
    fs.mkdirSync(env[variable]!, { recursive: true });
  }
  return env;
}
