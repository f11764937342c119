import * as fs from 'node:fs';
import * as path from 'node:path';
import { PACKAGE_ROOT } from './knowledge/load';

export const SCHEMA_VERSION = 1;
export const TOOL_NAME = 'wasi-ready';
export const TOOL_VERSION: string = (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
