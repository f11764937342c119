import * as fs from 'node:fs';

/**
 * What tells whether a file changed since it was last read: size, modification time (ns) and inode.
 * Null when it is not a regular file or cannot be read; whoever reads it then says what is wrong.
 */
export function fileStamp(file: string): string | null {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return stat.isFile() ? stampOf(stat) : null;
  } catch {
    return null;
  }
}

/** The stamp of a regular file from a stat of it already made (`fs.fstatSync(fd, { bigint: true })`). */
export function stampOf(stat: fs.BigIntStats): string {
  return `${stat.size}:${stat.mtimeNs}:${stat.ino}`;
}
