import { ByteReader, WasmFormatError } from './byteReader';
import type { ByteSource } from './byteSource';
import { recordCustomSection, readPayload, walkSections } from './sections';

export type CoreExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export interface MemoryInfo {
  imported: boolean;
  shared: boolean;
  memory64: boolean;
  min: number;
  max: number | null;
}

export interface CoreImport {
  module: string;
  name: string;
  kind: CoreExternKind;
  memory?: MemoryInfo;
}

export interface CoreExport {
  name: string;
  kind: CoreExternKind;
}

export interface CoreModuleInfo {
  kind: 'core';
  imports: CoreImport[];
  exports: CoreExport[];
  memories: MemoryInfo[];
  producers: Record<string, string[]> | null;
  customSections: string[];
}

const EXTERN_KINDS: Record<number, CoreExternKind> = { 0x00: 'func', 0x01: 'table', 0x02: 'memory', 0x03: 'global', 0x04: 'tag' };
const FUNC_EXACT = 0x20;

/** Position of each known section id in the order the core spec requires (custom sections may go anywhere). */
const SECTION_ORDER: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

/**
 * Reads a core module's imports, exports, memories and custom-section names from source[start, end), where
 * `start` is the module's preamble. Code and data are never read, only stepped over by their declared sizes.
 */
export function readCoreModule(source: ByteSource, start: number, end: number, what = 'core module'): CoreModuleInfo {
  const info: CoreModuleInfo = { kind: 'core', imports: [], exports: [], memories: [], producers: null, customSections: [] };
  let lastOrder = 0;
  let functionCount: number | null = null;
  for (const section of walkSections(source, start, end, what)) {
    if (section.id !== 0) {
      const order = SECTION_ORDER[section.id];
      if (order === undefined) throw new WasmFormatError(`${what}: unknown section id ${section.id}`, section.headerOffset);
      if (order <= lastOrder) throw new WasmFormatError(`${what}: section ${section.id} is out of order or repeated`, section.headerOffset);
      lastOrder = order;
    }
    switch (section.id) {
      case 0:
        recordCustomSection(source, section, what, info);
        break;
      case 2:
        readImports(readPayload(source, section, what), info);
        break;
      case 3:
        functionCount = readVectorCount(source, section, what);
        break;
      case 5: {
        const reader = readPayload(source, section, what);
        const count = reader.vecLength(2);
        for (let i = 0; i < count; i++) info.memories.push(readMemoryType(reader, false));
        expectEnd(reader, 'memory section');
        break;
      }
      case 7:
        readExports(readPayload(source, section, what), info);
        break;
      case 10: {
        const bodies = readVectorCount(source, section, what);
        if (functionCount !== null && bodies !== functionCount) {
          throw new WasmFormatError(`${what}: code section has ${bodies} bodies for ${functionCount} declared functions`, section.payloadOffset);
        }
        functionCount = null;
        break;
      }
      default:
        break; // stepped over by size
    }
  }
  if (functionCount !== null && functionCount > 0) {
    throw new WasmFormatError(`${what}: ${functionCount} functions are declared but the code section is missing (the file is truncated?)`, end);
  }
  return info;
}

/** The element count at the start of a vector section, read without reading the section. */
function readVectorCount(source: ByteSource, section: { payloadOffset: number; size: number; headerOffset: number }, what: string): number {
  const reader = new ByteReader(source.read(section.payloadOffset, Math.min(5, section.size)), section.payloadOffset, what);
  return reader.uleb();
}

function readImports(reader: ByteReader, info: CoreModuleInfo): void {
  const count = reader.vecLength(3);
  for (let i = 0; i < count; i++) {
    const module = reader.name();
    const name = reader.name();
    const tag = reader.byte();
    if (name === '' && (tag === 0x7f || tag === 0x7e)) {
      reader.fail('compact import encoding (a proposal this reader does not support)');
    }
    switch (tag) {
      case 0x00:
      case FUNC_EXACT:
        reader.uleb();
        info.imports.push({ module, name, kind: 'func' });
        break;
      case 0x01:
        readTableType(reader);
        info.imports.push({ module, name, kind: 'table' });
        break;
      case 0x02: {
        const memory = readMemoryType(reader, true);
        info.memories.push(memory);
        info.imports.push({ module, name, kind: 'memory', memory });
        break;
      }
      case 0x03:
        readValueType(reader);
        reader.byte(); // mutability
        info.imports.push({ module, name, kind: 'global' });
        break;
      case 0x04:
        reader.byte(); // attribute
        reader.uleb();
        info.imports.push({ module, name, kind: 'tag' });
        break;
      default:
        reader.fail(`import ${module}.${name} has an unknown kind 0x${tag.toString(16)}`);
    }
  }
  expectEnd(reader, 'import section');
}

function readExports(reader: ByteReader, info: CoreModuleInfo): void {
  const count = reader.vecLength(3);
  for (let i = 0; i < count; i++) {
    const name = reader.name();
    const tag = reader.byte();
    const kind = EXTERN_KINDS[tag];
    if (!kind) reader.fail(`export ${name} has an unknown kind 0x${tag.toString(16)}`);
    reader.uleb();
    info.exports.push({ name, kind });
  }
  expectEnd(reader, 'export section');
}

/** Limits flags: 0x01 has a maximum, 0x02 shared, 0x04 64-bit, 0x08 custom page size. */
export function readMemoryType(reader: ByteReader, imported: boolean): MemoryInfo {
  const flags = reader.byte();
  if (flags > 0x0f) reader.fail(`memory limits flags 0x${flags.toString(16)} are not known`);
  const memory64 = (flags & 0x04) !== 0;
  const min = reader.uleb(memory64 ? 64 : 32);
  const max = flags & 0x01 ? reader.uleb(memory64 ? 64 : 32) : null;
  if (flags & 0x08) reader.uleb();
  return { imported, shared: (flags & 0x02) !== 0, memory64, min, max };
}

function readTableType(reader: ByteReader): void {
  readReferenceType(reader);
  const flags = reader.byte();
  const table64 = (flags & 0x04) !== 0;
  reader.uleb(table64 ? 64 : 32);
  if (flags & 0x01) reader.uleb(table64 ? 64 : 32);
}

function readReferenceType(reader: ByteReader): void {
  const b = reader.byte();
  if (b === 0x63 || b === 0x64) reader.sleb33(); // (ref null? heaptype)
}

function readValueType(reader: ByteReader): void {
  const b = reader.peekByte();
  if (b === 0x63 || b === 0x64) readReferenceType(reader);
  else reader.byte();
}

function expectEnd(reader: ByteReader, what: string): void {
  if (!reader.atEnd) reader.fail(`${what} has ${reader.remaining} bytes after its last entry`);
}
