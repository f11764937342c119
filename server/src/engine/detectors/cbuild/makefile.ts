import type { Truth } from './cmakeCondition';
import { flagEntry, type CBuildRules } from './rules';
import type { BuildHit } from './types';

/** A flag-shaped word: split on whitespace, quotes, shell separators and commas (`-Wl,-ldl`). */
const WORD = /[^\s'"`;,()|&<>]+/g;
/** Literals that name a Wasm/WASI build: wasm32-wasi, wasm32-wasip1, wasi-sdk, WASI=1. */
const WASM_LITERAL = /wasi|wasm/i;
const TEST_TARGET = /^(test|tests|check|unittest|unit-test|unit_tests?|test[-_][\w.-]+|[\w.-]+[-_]tests?)$/;
const TEST_VARIABLE = /(^|_)TESTS?(_|$)/;
const ASSIGNMENT = /^\s*(?:(?:override|export|private)\s+)*([A-Za-z0-9_.-]+)\s*(?::{1,3}=|\+=|\?=|!=|=)/;

interface Frame {
  taken: boolean;
  excluded: boolean;
}

/**
 * Makefiles: `-pthread`, `-fopenmp`, `-lpthread`, `-ldl`, `-lgomp` … in variable assignments, rule lines and
 * recipes, comments skipped. A conditional that names a Wasm build in a way that can be read for sure guards the
 * branch a WASI build does not take: `ifndef WASI`, `ifneq ($(TARGET),wasm32-wasi)`, `ifeq
 * ($(findstring wasm32,$(CC)),)` and the else branch of their opposites; other conditionals (`ifeq
 * ($(UNAME_S),Linux)` — the build machine, not the target) are never guards. Recipes of test targets (`test:`,
 * `check:`) and TEST_* variables are test code.
 */
export function scanMakefile(text: string, rules: CBuildRules): BuildHit[] {
  const hits: BuildHit[] = [];
  const stack: Frame[] = [];
  let offset = 0;
  let continuing: { recipe: boolean; test: boolean } | null = null;
  let ruleIsTest = false;
  const lines = text.split('\n');
  for (const line of lines) {
    const lineStart = offset;
    offset += line.length + 1;
    const body = line.endsWith('\r') ? line.slice(0, -1) : line;
    const continues = /(^|[^\\])(\\\\)*\\$/.test(body);
    const recipe: boolean = continuing ? continuing.recipe : body.startsWith('\t');
    let test: boolean = continuing ? continuing.test : false;
    if (!continuing && !recipe) {
      const directive = /^\s*(ifeq|ifneq|ifdef|ifndef|else|endif)\b\s*(.*)$/.exec(body);
      if (directive) {
        conditional(stack, directive[1], directive[2]);
        continue;
      }
      const assignment = ASSIGNMENT.exec(body);
      const rule = !assignment ? /^([^:=#\t][^:=#]*?)\s*::?(?!=)/.exec(body) : null;
      if (rule) ruleIsTest = rule[1].trim().split(/\s+/).every((t) => TEST_TARGET.test(t));
      test = assignment ? TEST_VARIABLE.test(assignment[1]) : rule ? ruleIsTest : false;
    } else if (recipe && !continuing) {
      test = ruleIsTest;
    }
    continuing = continues ? { recipe, test } : null;
    const code = withoutComment(body, recipe);
    const excluded = stack.some((f) => f.excluded);
    for (const m of code.matchAll(WORD)) {
      let word = m[0];
      let at = m.index!;
      if (!word.startsWith('-') && word.includes('=')) {
        const cut = word.lastIndexOf('=') + 1;
        word = word.slice(cut);
        at += cut;
      }
      const entry = flagEntry(rules, word);
      if (entry) hits.push({ entry, subject: word, start: lineStart + at, end: lineStart + at + word.length, guarded: excluded, test });
    }
  }
  return hits;
}

/** The line up to its comment: `#` not escaped; in a recipe (shell) only where a word starts. */
function withoutComment(line: string, recipe: boolean): string {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') {
      i++;
      continue;
    }
    if (line[i] === '#' && (!recipe || i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

function conditional(stack: Frame[], keyword: string, rest: string): void {
  if (keyword === 'endif') {
    stack.pop();
    return;
  }
  if (keyword === 'else') {
    const frame = stack[stack.length - 1];
    if (!frame) return;
    const chained = /^(ifeq|ifneq|ifdef|ifndef)\b\s*(.*)$/.exec(rest.trim());
    if (!chained) {
      frame.excluded = frame.taken;
      return;
    }
    const truth = wasiBranch(chained[1], chained[2]);
    frame.excluded = frame.taken || truth === false;
    frame.taken ||= truth === true;
    return;
  }
  const truth = wasiBranch(keyword, rest);
  stack.push({ taken: truth === true, excluded: truth === false });
}

/** Whether a WASI build takes this conditional's branch: only for conditions that say so in a way read for sure. */
function wasiBranch(keyword: string, rest: string): Truth {
  const condition = rest.replace(/\s+#.*$/, '').trim();
  if (keyword === 'ifdef' || keyword === 'ifndef') {
    if (!/^[A-Za-z0-9_]+$/.test(condition) || !WASM_LITERAL.test(condition)) return null;
    return keyword === 'ifdef';
  }
  const sides = comparedSides(condition);
  if (!sides) return null;
  const equalOnWasi = sameOnWasi(sides[0], sides[1]) ?? sameOnWasi(sides[1], sides[0]);
  if (equalOnWasi === null) return null;
  return keyword === 'ifeq' ? equalOnWasi : !equalOnWasi;
}

/** `(a,b)`, `"a" "b"`, `'a' 'b'` (GNU make's three spellings). */
function comparedSides(condition: string): [string, string] | null {
  const paren = /^\((.*)\)$/.exec(condition);
  if (paren) {
    const inner = paren[1];
    let depth = 0;
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] === '(') depth++;
      else if (inner[i] === ')') depth--;
      else if (inner[i] === ',' && depth === 0) return [inner.slice(0, i).trim(), inner.slice(i + 1).trim()];
    }
    return null;
  }
  const quoted = /^(["'])(.*?)\1\s+(["'])(.*?)\3$/.exec(condition);
  return quoted ? [quoted[2], quoted[4]] : null;
}

/**
 * Are the two sides equal in a WASI build? `$(TARGET)` against `wasm32-wasi`: yes (the project names its Wasm
 * build so); `$(findstring wasm32,$(CC))` against empty: no. Null when the pair is not one of these shapes.
 */
function sameOnWasi(variable: string, literal: string): Truth {
  if (/^\$[({][A-Za-z0-9_]+[)}]$/.test(variable) && !literal.includes('$') && WASM_LITERAL.test(literal)) return true;
  if (literal === '' && /^\$\((findstring|filter)\s+[^,$]*(wasi|wasm)[^,$]*,.*\)$/i.test(variable)) return false;
  return null;
}
