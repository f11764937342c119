import { evaluateCondition, type CMakeWorld } from './cmakeCondition';
import { lexCMake, type CMakeArg, type CMakeCommand } from './cmakeLexer';
import { genexExcluded } from './genex';
import { flagEntry, lookup, type CBuildRules } from './rules';
import type { BuildHit } from './types';

/** Commands whose arguments are compiler or linker options, libraries or lists of them. */
const LINK_COMMANDS = new Set(['target_link_libraries', 'link_libraries']);
const OPTION_COMMANDS = new Set([
  'target_link_libraries', 'link_libraries', 'target_link_options', 'add_link_options', 'target_compile_options', 'add_compile_options',
  'add_definitions', 'set', 'list', 'string', 'set_property', 'set_target_properties', 'set_source_files_properties', 'find_library',
]);
/** Word-shaped pieces of an argument: flags, names, imported targets (`Threads::Threads`), split on lists, commas and generator-expression syntax. */
const WORD = /(?:[A-Za-z0-9_.+/=@-]|::)+/g;
const VARIABLE_REF = /\$\{([A-Za-z0-9_]+)\}/g;

interface Frame {
  /** A branch before the current one was certainly taken. */
  taken: boolean;
  /** The current branch is certainly not configured by a WASI build. */
  excluded: boolean;
  /** The current branch is certainly configured (its condition holds and no earlier branch was). */
  sure: boolean;
  /** Every condition so far is certainly false. */
  allFalse: boolean;
  test: boolean;
}

/**
 * CMakeLists.txt and *.cmake: find_package of a package an entry names, imported targets, ${VARIABLE}
 * references, flags and libraries in link and option commands; if()/elseif()/else() regions a wasi-sdk build does
 * not configure (`if(NOT WASI)`, `if(WIN32)`, `if(NOT CMAKE_SYSTEM_NAME STREQUAL "WASI")`), code after a
 * `return()` that a WASI build reaches, and `$<$<PLATFORM_ID:…>:…>` generator expressions without WASI are
 * guarded; if(BUILD_TESTING) regions are test code.
 */
export function scanCMake(text: string, rules: CBuildRules): BuildHit[] {
  const commands = lexCMake(text);
  const world: CMakeWorld = {
    defined: new Map(Object.entries(rules.file.cmake.defined)),
    undefined: new Set(rules.file.cmake.undefined),
    absentTargets: new Set(rules.file.cmake.absentTargets),
  };
  const testVariable = new RegExp(rules.file.cmake.testVariables);
  const stack: Frame[] = [];
  let returned = false;
  let functionDepth = 0;
  const hits: BuildHit[] = [];
  for (const command of commands) {
    const excluded = returned || stack.some((f) => f.excluded);
    const test = stack.some((f) => f.test);
    switch (command.name) {
      case 'if': {
        const truth = evaluateCondition(command.args, world);
        stack.push({ taken: truth === true, excluded: truth === false, sure: truth === true, allFalse: truth === false, test: isTestCondition(command.args, testVariable) });
        continue;
      }
      case 'elseif': {
        const frame = stack[stack.length - 1];
        if (!frame) continue;
        const truth = evaluateCondition(command.args, world);
        frame.excluded = frame.taken || truth === false;
        frame.sure = frame.allFalse && truth === true;
        frame.taken ||= truth === true;
        frame.allFalse &&= truth === false;
        frame.test = isTestCondition(command.args, testVariable);
        continue;
      }
      case 'else': {
        const frame = stack[stack.length - 1];
        if (!frame) continue;
        frame.excluded = frame.taken;
        frame.sure = frame.allFalse;
        frame.test = false;
        continue;
      }
      case 'endif':
        stack.pop();
        continue;
      case 'function':
      case 'macro':
        functionDepth++;
        continue;
      case 'endfunction':
      case 'endmacro':
        functionDepth = Math.max(0, functionDepth - 1);
        continue;
      case 'return':
        // return() in a file's top level, in a region every WASI build configures: the rest of the file is not.
        if (functionDepth === 0 && !excluded && stack.every((f) => f.sure)) returned = true;
        continue;
    }
    for (const hit of commandHits(command, rules, world)) hits.push({ ...hit, guarded: hit.guarded || excluded, test });
  }
  return hits;
}

/** `if(BUILD_TESTING)`, `if(FOO_BUILD_TESTS AND …)`: a test variable in the condition's top-level AND chain, not negated. */
function isTestCondition(args: readonly CMakeArg[], testVariable: RegExp): boolean {
  if (args.some((a) => a.kind === 'unquoted' && a.text === 'OR')) return false;
  return args.some((a, i) => a.kind === 'unquoted' && testVariable.test(a.text) && !(i > 0 && args[i - 1].text === 'NOT'));
}

function commandHits(command: CMakeCommand, rules: CBuildRules, world: CMakeWorld): BuildHit[] {
  const hits: BuildHit[] = [];
  const args = command.args.filter((a) => a.kind === 'unquoted' || a.kind === 'quoted');
  if (command.name === 'find_package' || command.name === 'find_dependency') {
    const first = args[0];
    const entry = first && first.kind !== 'quoted' ? lookup(rules, 'cmake-package', first.text) : undefined;
    if (entry) {
      const required = args.some((a) => a.kind === 'unquoted' && a.text === 'REQUIRED');
      hits.push({ entry, subject: `find_package(${first.text}${required ? ' REQUIRED' : ''})`, start: first.start, end: first.start + first.text.length, guarded: false, test: false, required });
    }
    return hits;
  }
  if (!OPTION_COMMANDS.has(command.name)) return hits;
  // set(VAR …)/list(APPEND VAR …): the variable's own name is no use; bare library names count only in lists of libraries.
  const skip = command.name === 'set' ? 1 : command.name === 'list' || command.name === 'string' ? 2 : command.name === 'find_library' ? 1 : 0;
  const listVariable = command.name === 'set' || command.name === 'list' ? args[skip - 1]?.text ?? '' : '';
  const librariesByName = LINK_COMMANDS.has(command.name) || command.name === 'find_library' || /LIB/i.test(listVariable);
  for (const arg of args.slice(skip)) {
    for (const m of arg.text.matchAll(VARIABLE_REF)) {
      const entry = lookup(rules, 'cmake-variable', m[1]);
      if (entry) hits.push(hitAt(entry, m[0], arg, m.index!, world));
    }
    const withoutRefs = arg.text.replace(VARIABLE_REF, (ref) => ' '.repeat(ref.length));
    for (const m of withoutRefs.matchAll(WORD)) {
      const word = m[0];
      const entry = lookup(rules, 'cmake-target', word) ?? flagEntry(rules, word) ?? (librariesByName && bareLibrary(word, arg, m.index!) ? lookup(rules, 'library', word) : undefined);
      if (entry) hits.push(hitAt(entry, word, arg, m.index!, world));
    }
  }
  return hits;
}

/** A bare word is a library by name only where it stands alone in its list item (not `foo/pthread`, not `NAMES`). */
function bareLibrary(word: string, arg: CMakeArg, index: number): boolean {
  const before = arg.text[index - 1];
  const after = arg.text[index + word.length];
  return (before === undefined || before === ';' || before === ':' || before === ' ') && (after === undefined || after === ';' || after === '>' || after === ' ');
}

function hitAt(entry: BuildHit['entry'], subject: string, arg: CMakeArg, index: number, world: CMakeWorld): BuildHit {
  const shown = entry.reach.kind === 'library' && !subject.startsWith('-l') ? `${subject} (a library linked by name)` : subject;
  const guarded = genexExcluded(arg.text, index, world) === true;
  return { entry, subject: shown, start: arg.start + index, end: arg.start + index + subject.length, guarded, test: false };
}

