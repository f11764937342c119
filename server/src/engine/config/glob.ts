/**
 * include/exclude globs of a config file, matched with picomatch (the matcher behind micromatch, fast-glob
 * and tinyglobby). Patterns are relative to the config file's folder, in POSIX form. A pattern without a slash
 * matches a file or folder name at any depth (as in .gitignore); a pattern that names a folder matches every
 * file under it ("dist", "dist/", "vendor/**" all leave out vendor/a/b.js).
 */
type Matcher = (path: string) => boolean;
type Picomatch = (glob: string | string[], options?: { dot?: boolean; basename?: boolean }) => Matcher;

let picomatchModule: Picomatch | null = null;
function picomatch(): Picomatch {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  picomatchModule ??= require('picomatch') as Picomatch;
  return picomatchModule;
}

export function compileGlobs(patterns: string[]): (relativePosixPath: string) => boolean {
  const cleaned = patterns.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')).filter((p) => p.length > 0);
  const byName = cleaned.filter((p) => !p.includes('/'));
  const byPath = cleaned.filter((p) => p.includes('/')).map((p) => p.replace(/^\//, ''));
  const matchers: Matcher[] = [];
  if (byName.length) matchers.push(picomatch()(byName, { dot: true, basename: true }));
  if (byPath.length) matchers.push(picomatch()(byPath, { dot: true }));
  return (file) => {
    // The file itself, then each folder that holds it: a folder that matches takes its contents with it.
    for (let candidate = file; candidate.length > 0; candidate = candidate.slice(0, Math.max(0, candidate.lastIndexOf('/')))) {
      if (matchers.some((m) => m(candidate))) return true;
    }
    return false;
  };
}
