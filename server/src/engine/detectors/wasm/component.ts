import { ByteReader, WasmFormatError } from './byteReader';
import type { ByteSource } from './byteSource';
import { parseInterfaceName } from './componentNames';
import { readCoreModule, type CoreModuleInfo } from './coreModule';
import { recordCustomSection, readPayload, walkSections } from './sections';

export type ComponentExternKind = 'instance' | 'func' | 'type' | 'component' | 'module' | 'value';

export interface ComponentImport {
  name: string;
  kind: ComponentExternKind;
  package: string | null;
  interface: string | null;
  version: string | null;
  /** Functions and resource methods the import's instance type names; null where the type could not be read. */
  functions: string[] | null;
}

export type ComponentExport = ComponentImport;

export interface NestedModule {
  index: number;
  offset: number;
  size: number;
  imports: CoreModuleInfo['imports'];
  exports: CoreModuleInfo['exports'];
  memories: CoreModuleInfo['memories'];
}

export interface ComponentInfo {
  kind: 'component';
  imports: ComponentImport[];
  exports: ComponentExport[];
  modules: NestedModule[];
  nestedComponents: number;
  producers: Record<string, string[]> | null;
  customSections: string[];
  /** Set when the type section used an encoding this reader does not know; import names are still complete. */
  typeWarning: string | null;
}

const EXTERN_KINDS: Record<number, ComponentExternKind> = { 0x00: 'module', 0x01: 'func', 0x02: 'value', 0x03: 'type', 0x04: 'component', 0x05: 'instance' };
const SORT_TYPE = 0x03;

/** What a top-level type index holds: the function names of an instance type, or nothing we need. */
type TypeEntry = { functions: string[] } | null;

/**
 * Reads a component's top-level imports and exports (the only host requirements: nested modules import
 * from each other and from the component's own instances), the functions each imported instance type names,
 * and the imports of nested core modules. Encoding: component-model design/mvp/Binary.md.
 */
export function readComponent(source: ByteSource, start: number, end: number): ComponentInfo {
  const what = 'component';
  const info: ComponentInfo = {
    kind: 'component', imports: [], exports: [], modules: [], nestedComponents: 0, producers: null, customSections: [], typeWarning: null,
  };
  const types: TypeEntry[] = [];
  for (const section of walkSections(source, start, end, what)) {
    switch (section.id) {
      case 0:
        recordCustomSection(source, section, what, info);
        break;
      case 1: {
        const index = info.modules.length;
        const module = readCoreModule(source, section.payloadOffset, section.payloadOffset + section.size, `nested core module ${index}`);
        info.modules.push({ index, offset: section.payloadOffset, size: section.size, imports: module.imports, exports: module.exports, memories: module.memories });
        break;
      }
      case 4:
        info.nestedComponents++;
        break;
      case 6:
        for (let n = countTypeAliases(readPayload(source, section, what)); n > 0; n--) types.push(null);
        break;
      case 7: {
        const reader = readPayload(source, section, what);
        const count = reader.vecLength();
        for (let i = 0; i < count; i++) {
          if (info.typeWarning) {
            types.push(null);
            continue;
          }
          try {
            types.push(readTopLevelType(reader));
          } catch (error) {
            if (!(error instanceof WasmFormatError)) throw error;
            // Type encodings grow with the component model; keep the import names, lose only function lists.
            info.typeWarning = error.message;
            types.push(null);
          }
        }
        break;
      }
      case 10: {
        const reader = readPayload(source, section, what);
        const count = reader.vecLength(2);
        for (let i = 0; i < count; i++) {
          const name = readExternName(reader);
          const { kind, index } = readExternDesc(reader);
          if (kind === 'type') types.push(null);
          const entry = index !== null && kind === 'instance' ? types[index] : null;
          info.imports.push(describe(name, kind, entry ? entry.functions : kind === 'instance' ? null : null));
        }
        expectEnd(reader, 'import section');
        break;
      }
      case 11: {
        const reader = readPayload(source, section, what);
        const count = reader.vecLength(2);
        for (let i = 0; i < count; i++) {
          const name = readExternName(reader);
          const sort = reader.byte();
          if (sort === 0x00) reader.byte();
          reader.uleb();
          if (reader.byte() === 0x01) readExternDesc(reader);
          const kind = EXTERN_KINDS[sort];
          if (!kind) reader.fail(`export ${name} has an unknown sort 0x${sort.toString(16)}`);
          if (sort === SORT_TYPE) types.push(null);
          info.exports.push(describe(name, kind, null));
        }
        expectEnd(reader, 'export section');
        break;
      }
      case 2: case 3: case 5: case 8: case 9: case 12:
        break; // core instances, core types, instances, canon, start, values: not host requirements
      default:
        throw new WasmFormatError(`${what}: unknown section id ${section.id}`, section.headerOffset);
    }
  }
  return info;
}

function describe(name: string, kind: ComponentExternKind, functions: string[] | null): ComponentImport {
  const parsed = kind === 'instance' ? parseInterfaceName(name) : null;
  return {
    name,
    kind,
    package: parsed?.package ?? null,
    interface: parsed?.interface ?? null,
    version: parsed?.version ?? null,
    functions: kind === 'instance' ? functions : null,
  };
}

/** `nameattributes`: 0x00/0x01 name, or 0x02 name + attributes (a `versionsuffix` completes the version). */
function readExternName(reader: ByteReader): string {
  const tag = reader.byte();
  if (tag === 0x00 || tag === 0x01) return reader.name();
  if (tag !== 0x02) reader.fail(`unknown extern name prefix 0x${tag.toString(16)}`);
  let name = reader.name();
  const attributes = reader.vecLength();
  for (let i = 0; i < attributes; i++) {
    const kind = reader.byte();
    const value = reader.name();
    if (kind === 0x01) name += value; // versionsuffix: "wasi:http/types@0.2" + ".6"
    else if (kind !== 0x00 && kind !== 0x02) reader.fail(`unknown name attribute 0x${kind.toString(16)}`);
  }
  return name;
}

function readExternDesc(reader: ByteReader): { kind: ComponentExternKind; index: number | null } {
  const tag = reader.byte();
  switch (tag) {
    case 0x00:
      if (reader.byte() !== 0x11) reader.fail('core module import without the 0x11 module sort');
      return { kind: 'module', index: reader.uleb() };
    case 0x01:
      return { kind: 'func', index: reader.uleb() };
    case 0x02:
      if (reader.byte() === 0x00) reader.uleb();
      else reader.sleb33();
      return { kind: 'value', index: null };
    case 0x03:
      if (reader.byte() === 0x00) reader.uleb();
      return { kind: 'type', index: null };
    case 0x04:
      return { kind: 'component', index: reader.uleb() };
    case 0x05:
      return { kind: 'instance', index: reader.uleb() };
    default:
      return reader.fail(`unknown extern kind 0x${tag.toString(16)}`);
  }
}

function countTypeAliases(reader: ByteReader): number {
  let typeAliases = 0;
  const count = reader.vecLength(3);
  for (let i = 0; i < count; i++) {
    if (readAlias(reader) === SORT_TYPE) typeAliases++;
  }
  expectEnd(reader, 'alias section');
  return typeAliases;
}

/** Returns the alias's sort byte (0x00 core sorts are reported as 0x00). */
function readAlias(reader: ByteReader): number {
  const sort = reader.byte();
  if (sort === 0x00) reader.byte();
  const target = reader.byte();
  if (target === 0x00 || target === 0x01) {
    reader.uleb();
    reader.name();
  } else if (target === 0x02) {
    reader.uleb();
    reader.uleb();
  } else {
    reader.fail(`unknown alias target 0x${target.toString(16)}`);
  }
  return sort;
}

function readTopLevelType(reader: ByteReader): TypeEntry {
  const tag = reader.peekByte();
  if (tag === 0x42) {
    reader.byte();
    return { functions: readInstanceType(reader) };
  }
  readDefType(reader);
  return null;
}

/** instancetype: the exported function names, in declaration order. */
function readInstanceType(reader: ByteReader): string[] {
  const functions: string[] = [];
  const count = reader.vecLength();
  for (let i = 0; i < count; i++) {
    const decl = reader.byte();
    if (decl === 0x04) {
      const name = readExternName(reader);
      if (readExternDesc(reader).kind === 'func') functions.push(name);
    } else {
      readInstanceDecl(reader, decl);
    }
  }
  return functions;
}

function readInstanceDecl(reader: ByteReader, decl: number): void {
  switch (decl) {
    case 0x00:
      readCoreType(reader);
      break;
    case 0x01:
      readDefType(reader);
      break;
    case 0x02:
      readAlias(reader);
      break;
    case 0x04:
      readExternName(reader);
      readExternDesc(reader);
      break;
    default:
      reader.fail(`unknown instance declaration 0x${decl.toString(16)}`);
  }
}

function readDefType(reader: ByteReader): void {
  const tag = reader.byte();
  switch (tag) {
    case 0x40: // func
    case 0x43: // async func (WASI 0.3)
      for (let n = reader.vecLength(); n > 0; n--) {
        reader.name();
        reader.sleb33();
      }
      if (reader.byte() === 0x00) reader.sleb33();
      else if (reader.byte() !== 0x00) reader.fail('malformed function result list');
      return;
    case 0x41: // component type
      for (let n = reader.vecLength(); n > 0; n--) {
        const decl = reader.byte();
        if (decl === 0x03) {
          readExternName(reader);
          readExternDesc(reader);
        } else {
          readInstanceDecl(reader, decl);
        }
      }
      return;
    case 0x42:
      readInstanceType(reader);
      return;
    case 0x3f: // resource (sync): rep i32, optional destructor
      reader.byte();
      if (reader.byte() === 0x01) reader.uleb();
      return;
    case 0x3e: // resource (async): rep i32, destructor, optional callback
      reader.byte();
      reader.uleb();
      if (reader.byte() === 0x01) reader.uleb();
      return;
    default:
      readDefValType(reader, tag);
  }
}

function readOptionalValType(reader: ByteReader): void {
  if (reader.byte() === 0x01) reader.sleb33();
}

function readDefValType(reader: ByteReader, tag: number): void {
  if ((tag >= 0x73 && tag <= 0x7f) || tag === 0x64) return; // primitive value types
  switch (tag) {
    case 0x72: // record
      for (let n = reader.vecLength(); n > 0; n--) {
        reader.name();
        reader.sleb33();
      }
      return;
    case 0x71: // variant
      for (let n = reader.vecLength(); n > 0; n--) {
        reader.name();
        readOptionalValType(reader);
        if (reader.byte() === 0x01) reader.uleb(); // historic `refines`
      }
      return;
    case 0x70: // list
    case 0x6b: // option
      reader.sleb33();
      return;
    case 0x67: // fixed-length list
      reader.sleb33();
      reader.uleb();
      return;
    case 0x6f: // tuple
      for (let n = reader.vecLength(); n > 0; n--) reader.sleb33();
      return;
    case 0x6e: // flags
    case 0x6d: // enum
      for (let n = reader.vecLength(); n > 0; n--) reader.name();
      return;
    case 0x6a: // result
      readOptionalValType(reader);
      readOptionalValType(reader);
      return;
    case 0x69: // own
    case 0x68: // borrow
      reader.uleb();
      return;
    case 0x66: // stream
    case 0x65: // future
      readOptionalValType(reader);
      return;
    default:
      reader.fail(`unknown type encoding 0x${tag.toString(16)}`);
  }
}

/** Core types inside component types: function types and module types. */
function readCoreType(reader: ByteReader): void {
  const tag = reader.byte();
  if (tag === 0x60) {
    for (let n = reader.vecLength(); n > 0; n--) readCoreValType(reader);
    for (let n = reader.vecLength(); n > 0; n--) readCoreValType(reader);
    return;
  }
  if (tag !== 0x50) reader.fail(`unknown core type encoding 0x${tag.toString(16)}`);
  for (let n = reader.vecLength(); n > 0; n--) {
    const decl = reader.byte();
    if (decl === 0x00) {
      reader.name();
      reader.name();
      readCoreImportDesc(reader);
    } else if (decl === 0x01) {
      readCoreType(reader);
    } else if (decl === 0x02) {
      reader.byte();
      reader.byte();
      reader.uleb();
      reader.uleb();
    } else if (decl === 0x03) {
      reader.name();
      readCoreImportDesc(reader);
    } else {
      reader.fail(`unknown core module declaration 0x${decl.toString(16)}`);
    }
  }
}

function readCoreValType(reader: ByteReader): void {
  const b = reader.byte();
  if (b === 0x63 || b === 0x64) reader.sleb33();
}

function readCoreImportDesc(reader: ByteReader): void {
  const tag = reader.byte();
  if (tag === 0x00 || tag === 0x20) {
    reader.uleb();
  } else if (tag === 0x01) {
    readCoreValType(reader);
    const flags = reader.byte();
    reader.uleb(flags & 0x04 ? 64 : 32);
    if (flags & 0x01) reader.uleb(flags & 0x04 ? 64 : 32);
  } else if (tag === 0x02) {
    const flags = reader.byte();
    reader.uleb(flags & 0x04 ? 64 : 32);
    if (flags & 0x01) reader.uleb(flags & 0x04 ? 64 : 32);
    if (flags & 0x08) reader.uleb();
  } else if (tag === 0x03) {
    readCoreValType(reader);
    reader.byte();
  } else if (tag === 0x04) {
    reader.byte();
    reader.uleb();
  } else {
    reader.fail(`unknown core import kind 0x${tag.toString(16)}`);
  }
}

function expectEnd(reader: ByteReader, what: string): void {
  if (!reader.atEnd) reader.fail(`${what} has ${reader.remaining} bytes after its last entry`);
}
