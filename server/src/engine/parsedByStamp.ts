import { fileStamp } from './fileStamp';

/**
 * What was parsed out of a file (a lockfile's graph, or the error reading it gave), kept while the file's
 * stamp (size, mtime, inode) is unchanged: a workspace's members share one lockfile, and a re-scan finds it
 * as it was. Holds the `limit` files used last.
 */
export class ParsedByStamp<T> {
  private readonly kept = new Map<string, { stamp: string; value: T }>();

  constructor(private readonly limit: number) {}

  get(file: string, parse: () => T): T {
    const stamp = fileStamp(file);
    if (stamp === null) return parse(); // not a readable file: parsing says what is wrong
    const hit = this.kept.get(file);
    const value = hit && hit.stamp === stamp ? hit.value : parse();
    this.put(file, stamp, value);
    return value;
  }

  /** What a reader that had the file open anyway parsed out of it, at the stamp it read. */
  put(file: string, stamp: string, value: T): void {
    this.kept.delete(file);
    this.kept.set(file, { stamp, value });
    if (this.kept.size > this.limit) this.kept.delete(this.kept.keys().next().value!);
  }
}
