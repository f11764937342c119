import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };

/** A TOML file that does not parse: the parser's message and, when it gives one, where. */
export class TomlSyntaxError extends Error {
  constructor(message: string, readonly line: number | null, readonly column: number | null) {
    super(message);
  }
}

/** smol-toml is ESM-only (Node ≥ 20.19 loads it with require()); loaded only when a Cargo manifest is found. */
export function parseToml(text: string): Record<string, unknown> {
  const toml = require('smol-toml') as typeof SmolToml;
  try {
    return toml.parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof toml.TomlError) {
      // smol-toml's message repeats the position and a code frame after the first line.
      const first = error.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      return failWith(first, error.line, error.column);
    }
    throw error;
  }
}

function failWith(message: string, line: number | null, column: number | null): never {
  throw new TomlSyntaxError(message, line ?? null, column ?? null);
}

/** Where a key or a string value sits in the text: UTF-16 offsets. */
export interface Span {
  offset: number;
  length: number;
}

/**
 * Positions of keys and string values in a TOML document that already parsed. smol-toml gives none, so this
 * walks the text itself: table headers, dotted keys, inline tables and arrays (strings inside arrays are
 * indexed by position). Paths are joined with NUL: `dependencies\0tokio`, `dependencies\0tokio\0features\00`.
 * A key's first occurrence wins (`tokio.workspace = true` and `tokio.features = […]` both start at `tokio`).
 */
export function locate(text: string): Map<string, Span> {
  const spans = new Map<string, Span>();
  const arrayTables = new Map<string, number>();
  let i = 0;
  let table: string[] = [];

  const record = (path: string[], span: Span) => {
    const key = path.join('\0');
    if (!spans.has(key)) spans.set(key, span);
  };
  const skipBlank = (newlines: boolean) => {
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) i++;
      else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
      else return;
    }
  };
  /** A dotted key: each segment with its span. */
  const readKey = (): Array<{ name: string; span: Span }> => {
    const parts: Array<{ name: string; span: Span }> = [];
    for (;;) {
      skipBlank(false);
      const start = i;
      let name: string;
      if (text[i] === '"' || text[i] === "'") name = readString().value;
      else {
        while (i < text.length && /[A-Za-z0-9_-]/.test(text[i])) i++;
        name = text.slice(start, i);
      }
      parts.push({ name, span: { offset: start, length: i - start } });
      skipBlank(false);
      if (text[i] !== '.') return parts;
      i++;
    }
  };
  const readString = (): { value: string; span: Span } => {
    const start = i;
    const quote = text[i];
    const triple = text.startsWith(quote.repeat(3), i);
    const close = triple ? quote.repeat(3) : quote;
    i += close.length;
    let value = '';
    while (i < text.length && !text.startsWith(close, i)) {
      if (quote === '"' && text[i] === '\\') {
        value += text.slice(i, i + 2);
        i += 2;
      } else value += text[i++];
    }
    i += close.length;
    while (triple && text[i] === quote) i++; // """a"""" ends with a quote in the value
    return { value, span: { offset: start, length: i - start } };
  };
  const readValue = (path: string[]) => {
    skipBlank(false);
    const c = text[i];
    if (c === '"' || c === "'") {
      const { span } = readString();
      record(path, span);
    } else if (c === '[') {
      i++;
      for (let index = 0; ; index++) {
        skipBlank(true);
        if (text[i] === ']' || i >= text.length) break;
        readValue([...path, String(index)]);
        skipBlank(true);
        if (text[i] === ',') i++;
      }
      i++;
    } else if (c === '{') {
      i++;
      for (;;) {
        skipBlank(true);
        if (text[i] === '}' || i >= text.length) break;
        const key = readKey();
        key.forEach((part, n) => record([...path, ...key.slice(0, n + 1).map((k) => k.name)], part.span));
        if (text[i] === '=') i++;
        readValue([...path, ...key.map((k) => k.name)]);
        skipBlank(true);
        if (text[i] === ',') i++;
      }
      i++;
    } else {
      while (i < text.length && !/[,\]}\n#]/.test(text[i])) i++;
    }
  };

  while (i < text.length) {
    skipBlank(true);
    if (i >= text.length) break;
    if (text[i] === '[') {
      const array = text[i + 1] === '[';
      i += array ? 2 : 1;
      const key = readKey();
      i += array ? 2 : 1;
      const names = key.map((k) => k.name);
      if (array) {
        const joined = names.join('\0');
        const index = arrayTables.get(joined) ?? 0;
        arrayTables.set(joined, index + 1);
        table = [...names, String(index)];
      } else table = names;
      key.forEach((part, n) => record(names.slice(0, n + 1), part.span));
    } else {
      const key = readKey();
      key.forEach((part, n) => record([...table, ...key.slice(0, n + 1).map((k) => k.name)], part.span));
      if (text[i] === '=') i++;
      readValue([...table, ...key.map((k) => k.name)]);
    }
    // Anything left on the line (a comment) is skipped by the next skipBlank.
    skipBlank(false);
    if (i < text.length && text[i] !== '\n') i++; // never loop without progress on unexpected input
  }
  return spans;
}

export function spanKey(...path: string[]): string {
  return path.join('\0');
}
