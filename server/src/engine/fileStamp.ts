import * as fs from 'node:fs';

/**
 * What tells whether a file changed since it was last read: size, modification time (ns) and inode.
 * Null when it is not a regular file or cannot be read; whoever reads it then says what is wrong.
 */
export function fileStamp(file: string): string | null {
  try {
    const stat = fs.statSync(file, { bigint: true });
    return stat.isFile() ? `${stat.size}:${stat.mtimeNs}:${stat.ino}` : null;
  } catch {
    return null;
  }
}
