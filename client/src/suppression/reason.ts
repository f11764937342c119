import { REASON_PLACEHOLDER } from '../protocol';

/**
 * The reason a suppression code action writes: the server's edit carries REASON_PLACEHOLDER, the client asks the
 * user and puts the answer in its place. Plain data here (no VS Code types), so the command's argument survives
 * serialisation and the logic is testable.
 */

export interface PlainPosition {
  line: number;
  character: number;
}

export interface PlainTextEdit {
  range: { start: PlainPosition; end: PlainPosition };
  newText: string;
}

/** The text edits of one file. */
export interface FileEdits {
  uri: string;
  edits: PlainTextEdit[];
}

export function hasPlaceholder(files: FileEdits[]): boolean {
  return files.some((f) => f.edits.some((e) => e.newText.includes(REASON_PLACEHOLDER)));
}

/** The input box's check: an error message, or undefined when the reason can be written. */
export function validateReason(value: string): string | undefined {
  if (value.trim() === '') return 'Say why this finding does not apply: the reason is kept beside the suppression.';
  // A line break or control character would end the comment the reason sits in and leave the rest as code.
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(value)) return 'The reason must fit on one line.';
  return undefined;
}

/** Every edit with the placeholder replaced; inside a JSON file the reason is a string value, so JSON-escaped. */
export function withReason(files: FileEdits[], reason: string): FileEdits[] {
  const trimmed = reason.trim();
  return files.map((file) => {
    const text = /\.json$/i.test(file.uri) ? JSON.stringify(trimmed).slice(1, -1) : trimmed;
    return { uri: file.uri, edits: file.edits.map((e) => ({ range: e.range, newText: e.newText.split(REASON_PLACEHOLDER).join(text) })) };
  });
}

/** The command's argument back from VS Code, checked; undefined when it is not a list of file edits. */
export function fileEditsFrom(value: unknown): FileEdits[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ok = value.every(
    (f) =>
      typeof f === 'object' && f !== null && typeof f.uri === 'string' && Array.isArray(f.edits) &&
      f.edits.every((e: unknown) => isEdit(e)),
  );
  return ok ? (value as FileEdits[]) : undefined;
}

function isEdit(e: unknown): e is PlainTextEdit {
  if (typeof e !== 'object' || e === null) return false;
  const { range, newText } = e as Record<string, unknown>;
  if (typeof newText !== 'string' || typeof range !== 'object' || range === null) return false;
  const { start, end } = range as Record<string, unknown>;
  return isPosition(start) && isPosition(end);
}

function isPosition(p: unknown): p is PlainPosition {
  if (typeof p !== 'object' || p === null) return false;
  const { line, character } = p as Record<string, unknown>;
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}
