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
