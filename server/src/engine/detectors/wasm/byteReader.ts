/** A malformed or unsupported binary, located at an absolute byte offset of the file. */
export class WasmFormatError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A bounds-checked cursor over one section's bytes. Every read checks the end first and throws a
 * WasmFormatError with the absolute file offset, so a truncated or lying binary never reads past its data.
 */
export class ByteReader {
  private position = 0;

  /** `base` is the absolute file offset of bytes[0], used in error messages. */
  constructor(private readonly bytes: Uint8Array, private readonly base: number, private readonly what: string) {}

  get offset(): number {
    return this.base + this.position;
  }
  get atEnd(): boolean {
    return this.position >= this.bytes.length;
  }
  get remaining(): number {
    return this.bytes.length - this.position;
  }

  fail(message: string): never {
    throw new WasmFormatError(`${this.what}: ${message}`, this.offset);
  }

  private need(count: number): void {
    if (this.position + count > this.bytes.length) {
      this.fail(`unexpected end (needs ${count} more byte${count === 1 ? '' : 's'}, ${this.remaining} left)`);
    }
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.position++];
  }

  peekByte(): number {
    this.need(1);
    return this.bytes[this.position];
  }

  take(count: number): Uint8Array {
    this.need(count);
    const slice = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return slice;
  }

  skip(count: number): void {
    this.need(count);
    this.position += count;
  }

  /** Unsigned LEB128 of at most `bits` bits (32 or 64), returned as a safe JS number. */
  uleb(bits: 32 | 64 = 32): number {
    const start = this.offset;
    let result = 0;
    let scale = 1;
    const maxBytes = Math.ceil(bits / 7);
    for (let i = 0; i < maxBytes; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER || (bits === 32 && result > 0xffffffff)) {
          throw new WasmFormatError(`${this.what}: integer too large`, start);
        }
        return result;
      }
      scale *= 128;
    }
    throw new WasmFormatError(`${this.what}: integer representation too long`, start);
  }

  /** Signed LEB128 of at most 33 bits (component valtypes, core heap types). */
  sleb33(): number {
    const start = this.offset;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 2 ** shift;
        return result;
      }
    }
    throw new WasmFormatError(`${this.what}: integer representation too long`, start);
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const start = this.offset;
    const length = this.uleb();
    const raw = this.take(length);
    try {
      return utf8.decode(raw);
    } catch {
      throw new WasmFormatError(`${this.what}: name is not valid UTF-8`, start);
    }
  }

  /** Reads `count` from a vector prefix, refusing counts that could not fit in the bytes left. */
  vecLength(minEntryBytes = 1): number {
    const count = this.uleb();
    if (count * minEntryBytes > this.remaining) {
      this.fail(`vector of ${count} entries cannot fit in the ${this.remaining} bytes left`);
    }
    return count;
  }
}
