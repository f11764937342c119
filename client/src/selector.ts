/** Which documents the server analyses and which files on disk it hears about; plain data, no VS Code import. */

/** Languages the source detectors read (VS Code language ids). */
export const LANGUAGES = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'rust', 'go', 'python', 'c', 'cpp'];

/** Manifests, lockfiles and binaries, by file pattern (their language ids vary: json, toml, plaintext, none). */
export const FILE_PATTERNS = [
  '**/package.json',
  '**/package-lock.json',
  '**/Cargo.toml',
  '**/Cargo.lock',
  '**/go.mod',
  '**/pyproject.toml',
  '**/requirements*.txt',
  '**/CMakeLists.txt',
  '**/*.cmake',
  '**/Makefile',
  '**/*.mk',
  '**/vcpkg.json',
  '**/conanfile.txt',
  '**/*.wasm',
];

export interface FileDocumentFilter {
  scheme: 'file';
  language?: string;
  pattern?: string;
}

export const DOCUMENT_SELECTOR: FileDocumentFilter[] = [
  ...LANGUAGES.map((language) => ({ scheme: 'file' as const, language })),
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file' as const, pattern })),
];

/**
 * Files whose changes on disk reach the server (workspace/didChangeWatchedFiles), so findings of closed files
 * follow edits made outside the editor: the selector's patterns, the other lockfiles, the files that pick
 * targets (host manifests, wasi-ready.config.json) and every source extension the detectors read.
 */
export const WATCHED_FILES = [
  'package.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'Cargo.toml', 'Cargo.lock', 'go.mod', 'pyproject.toml',
  'requirements*.txt', 'CMakeLists.txt', '*.cmake', 'Makefile', 'makefile', 'GNUmakefile', '*.mk', 'vcpkg.json', 'conanfile.txt', 'conanfile.py', 'spin.toml', 'fastly.toml', 'wasi-ready.config.json', '*.wasm',
  '*.js', '*.mjs', '*.cjs', '*.jsx', '*.ts', '*.mts', '*.cts', '*.tsx', '*.rs', '*.go', '*.py',
  '*.c', '*.h', '*.cc', '*.cpp', '*.cxx', '*.hpp', '*.hh', '*.hxx',
];

/** One glob for one watcher. VS Code globs take one level of braces, so the alternatives stay flat. */
export const WATCH_GLOB = `**/{${WATCHED_FILES.join(',')}}`;
