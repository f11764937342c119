/** What a scan keeps of a Rust text. */
export interface BlockPolicy {
  /** Words that make the block holding them needed. */
  relevant: ReadonlySet<string>;
  /** Words that make it needed as a method name, after a `.` (`.spawn(`). */
  methods?: ReadonlySet<string>;
  /** Words that start a path (`std`, a name a `use` binds): the path they start, as written, may make it needed. */
  paths?: { starts: ReadonlySet<string>; relevant(segments: string[]): boolean };
  /** Keywords whose item body is kept whole (`struct`: its fields). */
  wholeBodies: ReadonlySet<string>;
  /**
   * Whether an `extern "C" { … }` block needs only its first declaration (the block is the hit, not what it
   * declares): the rest is skipped unless a macro there is needed.
   */
  externBlockTails?: boolean;
  /**
   * Whether a macro invocation's arguments are needed (`name!(inside)`): a macro's token tree is no syntax
   * until it is parsed again as a fragment of its own, from the text. Without it, a macro's braces are a block
   * like any other.
   */
  macroArguments?: (name: string, inside: string) => boolean;
  /**
   * Whether a top-level item (its attributes and doc comments with it) that holds nothing needed is skipped
   * whole, not only its blocks' insides; one that says a word of `keptBy` (`use`) is always kept. For analyses
   * that read no item around the code they look at other than those: a hit reads the items it sits in, a
   * `mod name;` its own attributes, both the file's inner attributes (kept).
   */
  wholeItems?: { keptBy: ReadonlySet<string> };
}

/**
 * The `{ … }` blocks (and macro arguments) of a Rust text whose inside no analysis needs, found from the text
 * alone: a block is kept when its code (comments and literals skipped) names a relevant word, the body of an item
 * introduced by a `wholeBodies` keyword is kept whole, and a macro's arguments when `macroArguments` says so.
 * Returns the insides of the outermost skippable blocks as sorted, disjoint [from, to) offsets, or null when the
 * brackets do not balance (the text is then parsed whole). Parsing without those insides leaves every kept node,
 * its ancestors and their siblings as a whole parse makes them; a skipped block parses as `{}`. With `wholeItems`,
 * the top-level items that need nothing are skipped whole, and are no longer among those siblings.
 */
export function skippableBlocks(text: string, policy: BlockPolicy): Array<[number, number]> | null {
  const { relevant, methods, paths, wholeBodies, externBlockTails, macroArguments, wholeItems } = policy;
  const mayMatter = wordFilter([relevant, methods, paths?.starts, wholeBodies, wholeItems?.keptBy, ['use', 'extern']]);
  const spans: Array<[number, number]> = [];
  // One frame per open brace: where it opened, whether its inside is needed, how many spans it had at its start.
  const openedAt: number[] = [];
  const kept: boolean[] = [];
  const keptWhole: boolean[] = [];
  const spansBefore: number[] = [];
  // For an extern block's body: the parenthesis depth inside it, where its first declaration ends, the spans before that.
  const externParens: number[] = [];
  const tailFrom: number[] = [];
  const spansBeforeTail: number[] = [];
  // The top-level item being read: where it began (after the last one's end), whether it is needed, the spans before it.
  let itemFrom = 0;
  let itemNeeded = false;
  let spansBeforeItem = 0;
  const keepInnermost = (): void => {
    if (kept.length > 0) kept[kept.length - 1] = true;
    else itemNeeded = true;
  };
  const endItem = (end: number): void => {
    if (!itemNeeded) {
      spans.length = spansBeforeItem;
      const last = spans[spans.length - 1];
      if (last && last[1] === itemFrom) last[1] = end;
      else if (end - itemFrom > MIN_SKIPPED) spans.push([itemFrom, end]);
    }
    itemFrom = end;
    itemNeeded = false;
    spansBeforeItem = spans.length;
  };
  const atTopLevel = (): boolean => wholeItems !== undefined && openedAt.length === 0 && parens === 0;
  const top = (): number => openedAt.length - 1;
  const inExternBody = (): boolean => top() >= 0 && externParens[top()] !== -1;
  let externOpener = -1;
  let useListsUntil = -1;
  // After a keyword of `wholeBodies`: the next block opened at this depth (and parenthesis depth) is its body.
  let bodyPendingAt = -1;
  let parens = 0;
  let bodyPendingParens = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const afterTrivia = triviaEnd(text, i);
    if (afterTrivia !== null) {
      i = afterTrivia;
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < n && isWordPart(text.charCodeAt(end))) end++;
      const literalEnd = prefixedLiteralEnd(text, i, end);
      if (literalEnd !== null) {
        i = literalEnd;
        continue;
      }
      if (text.charCodeAt(end) === HASH && end - i === 1 && c === LOWER_R) {
        // A raw identifier (`r#type`): the word after the hash.
        const from = end + 1;
        end = from;
        while (end < n && isWordPart(text.charCodeAt(end))) end++;
        if (end > from && relevant.has(text.slice(from, end))) keepInnermost();
        i = end;
        continue;
      }
      const start = i;
      i = end;
      const opener = macroArguments ? macroOpener(text, end) : -1;
      // Most words matter to nothing here and are not sliced out (the scan's own time: 0.79 → 0.68 s over three corpus scans).
      if (opener < 0 && !mayMatter(c, end - start)) continue;
      const word = text.slice(start, end);
      // A use declaration's `{ … }` lists are its bindings, not blocks.
      if (word === 'use') useListsUntil = useDeclarationEnd(text, end);
      if (wholeItems?.keptBy.has(word) && atTopLevel()) itemNeeded = true;
      if (opener >= 0 && !KEYWORDS.has(word)) {
        const close = closingBracket(text, opener);
        if (close < 0) return null;
        if (!macroArguments!(word, text.slice(opener + 1, close))) {
          if (close - opener > MIN_SKIPPED) spans.push([opener + 1, close]);
          i = close + 1;
          if (text.charCodeAt(opener) === OPEN && atTopLevel() && itemEndsAfterBrace(text, i)) endItem(i);
          continue;
        }
        keepInnermost();
        continue;
      }
      if (word === 'extern' && externBlockTails) externOpener = foreignBlockOpener(text, end);
      if (wholeBodies.has(word)) {
        bodyPendingAt = openedAt.length;
        bodyPendingParens = parens;
      }
      // Words name nothing in an extern block's declarations; only a needed macro there keeps them.
      if (inExternBody()) continue;
      if (relevant.has(word) || (methods?.has(word) && afterDot(text, i - word.length)) || (paths?.starts.has(word) && paths.relevant(writtenPath(text, word, end)))) keepInnermost();
    } else if (c >= DIGIT_0 && c <= DIGIT_9) {
      i++;
      while (i < n && isWordPart(text.charCodeAt(i))) i++;
    } else if (c === OPEN && i >= useListsUntil) {
      const whole = (keptWhole.length > 0 && keptWhole[keptWhole.length - 1]) || bodyPendingAt === openedAt.length;
      openedAt.push(i);
      kept.push(whole);
      keptWhole.push(whole);
      spansBefore.push(spans.length);
      externParens.push(i === externOpener && !whole ? parens : -1);
      tailFrom.push(-1);
      spansBeforeTail.push(0);
      i++;
    } else if (c === CLOSE && i >= useListsUntil) {
      const opened = openedAt.pop();
      if (opened === undefined) return null;
      const wasKept = kept.pop()!;
      const wasWhole = keptWhole.pop()!;
      const before = spansBefore.pop()!;
      const externBody = externParens.pop()! !== -1;
      const tail = tailFrom.pop()!;
      const beforeTail = spansBeforeTail.pop()!;
      if (wasWhole && bodyPendingAt === openedAt.length && !afterExpressionStart(text, opened)) bodyPendingAt = -1;
      if (externBody) {
        if (!wasKept && tail >= 0 && i - tail > MIN_SKIPPED) {
          spans.length = beforeTail;
          spans.push([tail, i]);
        }
        keepInnermost();
      } else if (wasKept) keepInnermost();
      else if (i - opened > MIN_SKIPPED) {
        spans.length = before;
        spans.push([opened + 1, i]);
      }
      i++;
      if (atTopLevel() && itemEndsAfterBrace(text, i)) endItem(i);
    } else if (c === HASH && atTopLevel() && innerAttributeOpener(text, i) >= 0) {
      // `#![cfg(…)]` applies to the whole file: kept, between the items before and after it.
      const close = closingBracket(text, innerAttributeOpener(text, i));
      if (close < 0) return null;
      endItem(i);
      i = itemFrom = close + 1;
    } else {
      if (c === 0x28 || c === 0x5b) parens++;
      else if (c === 0x29 || c === 0x5d) parens--;
      else if (c === SEMICOLON) {
        if (bodyPendingAt === openedAt.length && parens === bodyPendingParens) bodyPendingAt = -1; // `struct A(u8);`
        const t = top();
        if (t >= 0 && externParens[t] === parens && tailFrom[t] === -1) {
          tailFrom[t] = i + 1;
          spansBeforeTail[t] = spans.length;
        }
        if (atTopLevel()) endItem(i + 1);
      }
      i++;
    }
  }
  return openedAt.length === 0 ? spans : null;
}

/**
 * A test on a word's first character and length that every word of `sets` passes (and few others): a bit per
 * ASCII first character and length up to 31; longer words and other first characters always pass.
 */
function wordFilter(sets: Array<Iterable<string> | undefined>): (first: number, length: number) => boolean {
  const bits = new Uint32Array(128);
  for (const set of sets) for (const word of set ?? []) if (word.length > 0) bits[word.charCodeAt(0) & 127] |= 1 << Math.min(word.length, 31);
  return (first, length) => first >= 128 || length >= 31 || (bits[first] & (1 << length)) !== 0;
}

/** Keywords a `!` may follow without making a macro call (`if !(a || b)`). */
const KEYWORDS = new Set(['as', 'async', 'await', 'box', 'break', 'const', 'continue', 'crate', 'dyn', 'else', 'enum', 'extern', 'fn', 'for', 'if', 'impl', 'in', 'let', 'loop', 'match', 'mod', 'move', 'mut', 'pub', 'ref', 'return', 'static', 'struct', 'super', 'trait', 'type', 'union', 'unsafe', 'use', 'where', 'while', 'yield']);

/**
 * After `use`: the offset after the `;` ending the declaration, or -1 when what follows is no use tree
 * (`impl Sized + use<'a>`).
 */
function useDeclarationEnd(text: string, at: number): number {
  let depth = 0;
  let i = at;
  while (i < text.length) {
    const afterTrivia = triviaEnd(text, i);
    if (afterTrivia !== null) {
      i = afterTrivia;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === SEMICOLON) return depth === 0 ? i + 1 : -1;
    if (c === OPEN) depth++;
    else if (c === CLOSE) {
      if (--depth < 0) return -1;
    } else if (!(isWordPart(c) || isBlank(c) || c === COLON || c === 0x2c || c === STAR || c === HASH || c === 0x24)) return -1;
    i++;
  }
  return -1;
}

/**
 * The path a word starts, as written (`std::thread::spawn`), up to generic arguments (`Vec::<u8>::new` is
 * [Vec]): a prefix of the path the parse sees.
 */
function writtenPath(text: string, first: string, end: number): string[] {
  const segments = [first];
  let i = end;
  for (;;) {
    let j = i;
    while (isBlank(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== COLON || text.charCodeAt(j + 1) !== COLON) return segments;
    j += 2;
    while (isBlank(text.charCodeAt(j))) j++;
    if (!isWordStart(text.charCodeAt(j))) return segments;
    let k = j + 1;
    while (k < text.length && isWordPart(text.charCodeAt(k))) k++;
    segments.push(text.slice(j, k));
    i = k;
  }
}

/** After `extern`: the offset of the brace of a foreign block (`extern "C" {`), or -1 (`extern "C" fn`, `extern crate`). */
function foreignBlockOpener(text: string, at: number): number {
  let i = at;
  while (isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === QUOTE) {
    i = stringEnd(text, i + 1);
    while (isBlank(text.charCodeAt(i))) i++;
  }
  return text.charCodeAt(i) === OPEN ? i : -1;
}

/**
 * After a top-level `}`: whether it ends an item, as what follows starts another (an attribute, a word, the end
 * of the text). Not before `;` (`static A: S = S { … };` ends there), `else` or `as`, nor before anything else
 * (`struct A<const N: usize = { 3 }>`).
 */
function itemEndsAfterBrace(text: string, at: number): boolean {
  let i = at;
  for (;;) {
    while (isBlank(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== SLASH) break;
    const next = text.charCodeAt(i + 1);
    if (next !== SLASH && next !== STAR) break;
    i = triviaEnd(text, i)!;
  }
  if (i >= text.length || text.charCodeAt(i) === HASH) return true;
  if (!isWordStart(text.charCodeAt(i))) return false;
  let end = i + 1;
  while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
  const word = text.slice(i, end);
  return word !== 'else' && word !== 'as';
}

/** At `#`: the offset of the bracket of an inner attribute (`#![…]`), or -1. */
function innerAttributeOpener(text: string, at: number): number {
  if (text.charCodeAt(at + 1) !== BANG) return -1;
  let i = at + 2;
  while (isBlank(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 0x5b ? i : -1;
}

/** After a word: the offset of the bracket that opens its macro arguments (`name!(`, `name! {`), or -1. */
function macroOpener(text: string, at: number): number {
  let i = at;
  while (isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== BANG || text.charCodeAt(i + 1) === 0x3d) return -1;
  i++;
  while (isBlank(text.charCodeAt(i))) i++;
  const c = text.charCodeAt(i);
  return c === 0x28 || c === 0x5b || c === OPEN ? i : -1;
}

/** The offset of the bracket closing the one at `open` (all three kinds nest), or -1. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const afterTrivia = triviaEnd(text, i);
    if (afterTrivia !== null) {
      i = afterTrivia;
      continue;
    }
    const c = text.charCodeAt(i);
    if (isWordStart(c)) {
      let end = i + 1;
      while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
      i = prefixedLiteralEnd(text, i, end) ?? end;
      continue;
    }
    if (c === 0x28 || c === 0x5b || c === OPEN) depth++;
    else if (c === 0x29 || c === 0x5d || c === CLOSE) {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return -1;
}

/** At a comment, a string or a character literal: the offset after it; otherwise null. */
function triviaEnd(text: string, i: number): number | null {
  const c = text.charCodeAt(i);
  if (c === SLASH) {
    const next = text.charCodeAt(i + 1);
    if (next === SLASH) {
      const end = text.indexOf('\n', i);
      return end < 0 ? text.length : end;
    }
    if (next === STAR) return blockCommentEnd(text, i);
    return null;
  }
  if (c === QUOTE) return stringEnd(text, i + 1);
  if (c === APOSTROPHE) return charLiteralEnd(text, i);
  return null;
}

function afterDot(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  return text.charCodeAt(i) === 0x2e;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Blocks this short are parsed anyway: an included range costs more than the few tokens it saves. */
const MIN_SKIPPED = 16;

const SLASH = 0x2f;
const STAR = 0x2a;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BACKSLASH = 0x5c;
const HASH = 0x23;
const BANG = 0x21;
const COLON = 0x3a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const SEMICOLON = 0x3b;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const LOWER_R = 0x72;
const LOWER_B = 0x62;
const LOWER_C = 0x63;

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= DIGIT_0 && c <= DIGIT_9);
}

/** Rust block comments nest: an inner opener needs its own closer before the comment ends. */
function blockCommentEnd(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      depth++;
      i += 2;
    } else if (c === STAR && text.charCodeAt(i + 1) === SLASH) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return text.length;
}

/** The offset after the closing quote of a string whose body starts at `from` (escapes honoured). */
function stringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return text.length;
}

/** `'x'`, `'\n'`, `'\u{1F600}'` and a character outside the BMP are literals; `'a` (a lifetime or label) is not. */
function charLiteralEnd(text: string, at: number): number {
  const next = text.charCodeAt(at + 1);
  if (next === BACKSLASH) {
    const close = text.indexOf("'", at + 3);
    return close >= 0 && close - at <= 12 ? close + 1 : at + 1;
  }
  if (text.charCodeAt(at + 2) === APOSTROPHE) return at + 3;
  if (next >= 0xd800 && next <= 0xdbff && text.charCodeAt(at + 3) === APOSTROPHE) return at + 4;
  return at + 1;
}

/** `b"…"`, `c"…"`, `b'x'`, and raw strings `r"…"`, `br#"…"#`, `cr"…"`: the offset after the literal, or null. */
function prefixedLiteralEnd(text: string, start: number, wordEnd: number): number | null {
  const length = wordEnd - start;
  if (length > 2) return null;
  const first = text.charCodeAt(start);
  const next = text.charCodeAt(wordEnd);
  if (length === 1 && (first === LOWER_B || first === LOWER_C)) {
    if (next === QUOTE) return stringEnd(text, wordEnd + 1);
    if (next === APOSTROPHE && first === LOWER_B) return charLiteralEnd(text, wordEnd);
    return null;
  }
  const raw = length === 1 ? first === LOWER_R : (first === LOWER_B || first === LOWER_C) && text.charCodeAt(start + 1) === LOWER_R;
  if (!raw || (next !== QUOTE && next !== HASH)) return null;
  let hashes = 0;
  while (text.charCodeAt(wordEnd + hashes) === HASH) hashes++;
  if (text.charCodeAt(wordEnd + hashes) !== QUOTE) return null;
  const terminator = `"${'#'.repeat(hashes)}`;
  const close = text.indexOf(terminator, wordEnd + hashes + 1);
  return close < 0 ? text.length : close + terminator.length;
}

/**
 * Whether the brace at `at` follows `=`, `<`, `,`, `(` or `[`: a block in a struct's generics or where clause
 * (`struct A<const N: usize = { 3 }>`), not its body, which is still to come.
 */
function afterExpressionStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  const c = text.charCodeAt(i);
  return c === 0x3d || c === 0x3c || c === 0x2c || c === 0x28 || c === 0x5b;
}
