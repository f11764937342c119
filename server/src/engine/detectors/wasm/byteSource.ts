import * as fs from 'node:fs';

/**
 * Random access to a binary without loading it whole: the section walkers read section headers and only
 * the small sections they need, so a 300 MB module costs a few reads, not 300 MB of memory.
 */
export interface ByteSource {
  readonly size: number;
  /** Bytes [offset, offset + length), clipped at the end of the source. */
  read(offset: number, length: number): Uint8Array;
}

export class BufferSource implements ByteSource {
  constructor(private readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    return this.bytes.subarray(offset, Math.min(this.bytes.length, offset + length));
  }
}

/** Reads a regular file through one descriptor; the caller closes it. */
export class FileSource implements ByteSource {
  private constructor(private readonly fd: number, readonly size: number) {}

  /** Opens `path` only if it is a regular file (a FIFO or device would block or never end). */
  static open(path: string): FileSource {
    // O_NONBLOCK so that a FIFO swapped in between the stat and the open cannot hang us.
    const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) throw new NotARegularFileError(path, stat);
      return new FileSource(fd, stat.size);
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  read(offset: number, length: number): Uint8Array {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const buffer = Buffer.allocUnsafe(wanted);
    let done = 0;
    while (done < wanted) {
      const n = fs.readSync(this.fd, buffer, done, wanted - done, offset + done);
      if (n === 0) break; // the file shrank under us: the walker reports a truncated section
      done += n;
    }
    return buffer.subarray(0, done);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

export class NotARegularFileError extends Error {
  constructor(readonly path: string, stat: fs.Stats) {
    super(`not a regular file (${describeFileType(stat)})`);
  }
}

export function describeFileType(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}
