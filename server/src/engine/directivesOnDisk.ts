import * as fs from 'node:fs';
import { ParsedByStamp } from './parsedByStamp';
import { commentSyntax, parseDirectives, type Directive } from './suppressions';

/**
 * Inline directives of the files on disk, kept while a file is unchanged. Every file a check walks is looked
 * at for them, also those without findings (an unused directive is reported): the source detectors hand over
 * each text they read (noteDirectives), so a check reads a file once, and a re-scan stats it instead of
 * reading it again. Callers copy what they count (Directive.used).
 */
const onDisk = new ParsedByStamp<Directive[]>(100_000);

export function directivesOnDisk(file: string): Directive[] {
  const syntax = commentSyntax(file);
  // A binary, or any file without comments, is never read here (a 300 MB .wasm, a FIFO).
  if (!syntax) return [];
  return onDisk.get(file, () => {
    // Opened non-blocking and read only when a regular file: a FIFO named like a source file never blocks.
    let fd: number | null = null;
    try {
      fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      return fs.fstatSync(fd).isFile() ? parseDirectives(fs.readFileSync(fd, 'utf8'), syntax) : [];
    } catch {
      return []; // the detector reports files it cannot read
    } finally {
      if (fd !== null) fs.closeSync(fd);
    }
  });
}

/** A source file's text as read from disk at `stamp`. */
export function noteDirectives(file: string, stamp: string, text: string): void {
  onDisk.put(file, stamp, directivesIn(file, text));
}

/** The directives in a text, in the comment syntax of the file's kind (none for a file without comments). */
export function directivesIn(file: string, text: string): Directive[] {
  const syntax = commentSyntax(file);
  return syntax ? parseDirectives(text, syntax) : [];
}
