import { ByteReader, WasmFormatError } from './byteReader';
import type { ByteSource } from './byteSource';

export interface SectionHeader {
  id: number;
  /** Absolute offset of the section's id byte. */
  headerOffset: number;
  /** Absolute offset of the first payload byte. */
  payloadOffset: number;
  size: number;
}

/**
 * Walks the sections of one module or component held in source[start, end) after its 8-byte preamble,
 * reading only each section's id and size. Every size is checked against the bytes that are really there,
 * so a binary cut anywhere (inside its code section too) fails at the section that claims too much.
 */
export function* walkSections(source: ByteSource, start: number, end: number, what: string): Generator<SectionHeader> {
  let offset = start + 8;
  while (offset < end) {
    const headerBytes = source.read(offset, Math.min(6, end - offset));
    const header = new ByteReader(headerBytes, offset, what);
    const id = header.byte();
    let size: number;
    try {
      size = header.uleb();
    } catch (error) {
      if (error instanceof WasmFormatError) {
        throw new WasmFormatError(`${what}: section ${id} header is cut short or its size is malformed`, offset);
      }
      throw error;
    }
    const payloadOffset = header.offset;
    if (payloadOffset + size > end) {
      throw new WasmFormatError(
        `${what}: section ${sectionLabel(id, what)} declares ${size} bytes but only ${end - payloadOffset} remain (the file is truncated)`,
        offset,
      );
    }
    yield { id, headerOffset: offset, payloadOffset, size };
    offset = payloadOffset + size;
  }
}

export function readPayload(source: ByteSource, section: SectionHeader, what: string): ByteReader {
  const bytes = source.read(section.payloadOffset, section.size);
  if (bytes.length !== section.size) {
    throw new WasmFormatError(`${what}: could not read the ${section.size}-byte section at this offset`, section.headerOffset);
  }
  return new ByteReader(bytes, section.payloadOffset, what);
}

const CORE_SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count', 'tag'];

function sectionLabel(id: number, what: string): string {
  return what.startsWith('core') && id < CORE_SECTION_NAMES.length ? `${id} (${CORE_SECTION_NAMES[id]})` : String(id);
}

/** Producers sections are a few hundred bytes; anything past this is not read (bounded memory). */
const MAX_PRODUCERS_BYTES = 1 << 20;
/** Enough for any custom-section name (names are short; a longer one is read in full only if needed). */
const NAME_PEEK_BYTES = 512;

/**
 * Records a custom section's name and, for `producers`, its content. Reads at most a small prefix of other
 * custom sections, which can be hundreds of megabytes of debug info.
 */
export function recordCustomSection(
  source: ByteSource, section: SectionHeader, what: string, into: { customSections: string[]; producers: Record<string, string[]> | null },
): void {
  if (section.size === 0) throw new WasmFormatError(`${what}: custom section name is missing or empty`, section.headerOffset);
  let bytes = source.read(section.payloadOffset, Math.min(section.size, NAME_PEEK_BYTES));
  const lengthReader = new ByteReader(bytes, section.payloadOffset, what);
  const nameEnd = lengthReader.uleb() + (lengthReader.offset - section.payloadOffset);
  if (nameEnd > bytes.length) bytes = source.read(section.payloadOffset, Math.min(section.size, nameEnd)); // a long name: read it whole
  const reader = new ByteReader(bytes, section.payloadOffset, what);
  const name = reader.name();
  into.customSections.push(name);
  if (name !== 'producers' || into.producers || section.size > MAX_PRODUCERS_BYTES) return;
  try {
    into.producers = readProducers(readPayloadFrom(source, section, what, reader.offset));
  } catch (error) {
    // A malformed producers section is metadata, not a reason to lose the imports.
    if (!(error instanceof WasmFormatError)) throw error;
  }
}

function readPayloadFrom(source: ByteSource, section: SectionHeader, what: string, offset: number): ByteReader {
  const end = section.payloadOffset + section.size;
  return new ByteReader(source.read(offset, end - offset), offset, what);
}

/** The `producers` custom section: field → ["name version", …]. */
export function readProducers(reader: ByteReader): Record<string, string[]> {
  const producers: Record<string, string[]> = {};
  const fieldCount = reader.vecLength(2);
  for (let i = 0; i < fieldCount; i++) {
    const field = reader.name();
    const valueCount = reader.vecLength(2);
    const values: string[] = [];
    for (let j = 0; j < valueCount; j++) {
      const name = reader.name();
      const version = reader.name();
      values.push(version ? `${name} ${version}` : name);
    }
    producers[field] = values;
  }
  return producers;
}
