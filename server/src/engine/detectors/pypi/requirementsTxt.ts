import type { Range } from '../../model';
import { parseRequirement, type Pep508 } from './pep508';

/** One requirement line of a pip requirements file. */
export interface RequirementLine {
  requirement: Pep508;
  /** The requirement text (name through marker) on its first physical line. */
  range: Range;
  /**
   * pip-compile / `uv pip compile` annotations (`# via redis`, `# via -r requirements.in`): the packages that
   * pulled this one in; empty when the file has none for it.
   */
  via: string[];
  /** The annotations name an input file (`-r requirements.in`): the project asked for it itself. */
  viaInput: boolean;
}

/** `-r file` / `-c file`: another requirements file, or a constraints file that pins versions. */
export interface IncludeLine {
  kind: 'requirement' | 'constraint';
  path: string;
  range: Range;
}

export interface RequirementsFile {
  requirements: RequirementLine[];
  includes: IncludeLine[];
  /** Whether any requirement carries pip-compile `# via` annotations. */
  compiled: boolean;
}

/** Options pip reads on a line of their own and that name no package. */
const INCLUDE = /^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)/;

/**
 * pip's requirements file format (pip · `docs/html/reference/requirements-file-format.md`): one requirement
 * per line, `\` continuations, `#` comments (at the start or after whitespace), `-r`/`-c` includes, global
 * options (`--index-url`, `--find-links`…) and per-requirement options (`--hash=…`). Editable installs (`-e`),
 * bare URLs and paths name no package to look up and are skipped. Never throws.
 */
export function readRequirementsFile(text: string): RequirementsFile {
  const physical = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const requirements: RequirementLine[] = [];
  const includes: IncludeLine[] = [];
  let compiled = false;
  let last: RequirementLine | null = null;
  let inVia = false;
  for (let index = 0; index < physical.length; index++) {
    const startLine = index;
    let logical = physical[index];
    // A `# via` annotation block belongs to the requirement above it.
    const comment = /^\s*#\s*(.*)$/.exec(logical);
    if (comment) {
      const body = comment[1];
      const via = /^via(?:\s+(.*))?$/.exec(body);
      if (via && last) {
        compiled = true;
        inVia = true;
        if (via[1]) addVia(last, via[1]);
      } else if (inVia && last && /^\s*#\s{2,}\S/.test(logical)) addVia(last, body.trim());
      else inVia = false;
      continue;
    }
    inVia = false;
    while (/(^|[^\\])\\$/.test(stripComment(logical)) && index + 1 < physical.length) {
      logical = stripComment(logical).slice(0, -1) + physical[++index];
    }
    const code = stripComment(logical);
    const trimmed = code.trim();
    if (trimmed === '') continue;
    const firstLine = physical[startLine];
    const column = firstLine.length - firstLine.trimStart().length;
    if (trimmed.startsWith('-')) {
      last = null;
      const include = INCLUDE.exec(trimmed);
      if (include) {
        includes.push({ kind: include[1] === '-c' || include[1] === '--constraint' ? 'constraint' : 'requirement', path: include[2], range: rangeOn(startLine, column, Math.min(trimmed.length, firstLine.length - column)) });
      }
      continue; // -e, --index-url, --hash on its own line…: nothing to look up
    }
    // Per-requirement options start with ` --` (`--hash=sha256:…`, `--config-settings`).
    const spec = trimmed.split(/\s+--?[A-Za-z]/)[0].trim();
    if (/^(\.|\/|~|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/.test(spec) || /\.(whl|zip|tar\.gz|tgz)$/.test(spec)) { last = null; continue; }
    const requirement = parseRequirement(spec);
    if (!requirement) { last = null; continue; }
    const onFirstLine = Math.min(spec.length, firstLine.length - column);
    const line: RequirementLine = { requirement, range: rangeOn(startLine, column, onFirstLine), via: [], viaInput: false };
    requirements.push(line);
    last = line;
  }
  return { requirements, includes, compiled };
}

function addVia(line: RequirementLine, text: string): void {
  const parent = text.trim();
  if (parent === '') return;
  if (/^-[rc]\s/.test(parent) || parent.startsWith('--')) line.viaInput = true;
  else line.via.push(parent.replace(/\s.*$/, ''));
}

/** pip: a `#` at the start of a line or after whitespace starts a comment. */
function stripComment(line: string): string {
  const m = /(^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}

function rangeOn(line: number, column: number, length: number): Range {
  return { line: line + 1, column: column + 1, endLine: line + 1, endColumn: column + 1 + Math.max(length, 1) };
}
