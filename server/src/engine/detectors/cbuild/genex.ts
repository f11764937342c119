import type { CMakeWorld, Truth } from './cmakeCondition';
import { expand } from './cmakeCondition';

/**
 * Whether the character at `index` sits in the value of a conditional generator expression whose condition is
 * false for a WASI build: `$<$<PLATFORM_ID:Linux,Darwin>:pthread>`, `$<$<NOT:$<PLATFORM_ID:WASI>>:-pthread>`,
 * `$<$<BOOL:${UNIX}>:dl>`, `$<0:…>`. PLATFORM_ID is CMAKE_SYSTEM_NAME (WASI under wasi-sdk); any other
 * condition is unknown.
 */
export function genexExcluded(text: string, index: number, world: CMakeWorld): Truth {
  const stack: Array<{ start: number; colon: number; condition: Truth }> = [];
  for (let i = 0; i < index && i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '<') {
      stack.push({ start: i + 2, colon: -1, condition: null });
      i++;
    } else if (text[i] === ':' && stack.length > 0 && stack[stack.length - 1].colon < 0 && text[i + 1] !== ':' && text[i - 1] !== ':') {
      const frame = stack[stack.length - 1];
      frame.colon = i;
      frame.condition = genexCondition(text.slice(frame.start, i), world);
    } else if (text[i] === '>' && stack.length > 0) {
      stack.pop();
    }
  }
  return stack.some((f) => f.colon >= 0 && f.condition === false) ? true : null;
}

/** The condition part of `$<condition:value>`: a genex yielding 0 or 1, or a literal 0/1. */
function genexCondition(condition: string, world: CMakeWorld): Truth {
  if (condition === '0') return false;
  if (condition === '1') return true;
  const not = /^\$<NOT:(.*)>$/.exec(condition);
  if (not) {
    const inner = genexCondition(not[1], world);
    return inner === null ? null : !inner;
  }
  const platform = /^\$<PLATFORM_ID:([^<>$]*)>$/.exec(condition);
  if (platform) {
    const id = world.defined.get('CMAKE_SYSTEM_NAME');
    return id === undefined ? null : platform[1].split(',').includes(id);
  }
  const bool = /^\$<BOOL:([^<>]*)>$/.exec(condition);
  if (bool) {
    const value = expand(bool[1], world);
    if (value === null) return null;
    return !/^(0|OFF|NO|FALSE|N|IGNORE|NOTFOUND|)$/i.test(value) && !/-NOTFOUND$/.test(value);
  }
  return null;
}
