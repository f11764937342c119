import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { REPO, TOOLS } from '../support/paths';

/** The WASI (0.2.10, 0.2.12, 0.3.0), wasi-tls and jco node WIT that jco 1.35.0 ships (scripts/install-tools.mjs). */
const JCO_WIT = path.join(TOOLS, '@bytecodealliance', 'jco', 'lib', 'wit', 'builtin');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'wit');
const GRAMMAR = path.join(REPO, 'syntaxes', 'wit.tmLanguage.json');

/** The reserved words of design/mvp/WIT.md ("Keywords"), plus the handle and error-context types wit-parser accepts. */
const KEYWORDS = new Set([
  'as', 'async', 'bool', 'borrow', 'char', 'constructor', 'enum', 'export', 'f32', 'f64', 'flags', 'from', 'func',
  'future', 'import', 'include', 'interface', 'list', 'map', 'option', 'own', 'package', 'record', 'resource', 'result',
  's16', 's32', 's64', 's8', 'static', 'stream', 'string', 'tuple', 'type', 'u16', 'u32', 'u64', 'u8', 'use', 'variant',
  'with', 'world', 'error-context',
]);
const GATES = new Set(['since', 'unstable', 'deprecated', 'external-id']);

interface Token { text: string; scopes: string[] }
/** A file's lines, each as its tokens (whitespace-only tokens included), and the rule stack left after the last line. */
interface Tokenised { lines: Token[][]; endDepth: number }

/** A row: the line's non-whitespace tokens in order, each as its text then every scope after `source.wit`. */
type Row = [text: string, ...scopes: string[]];

function witFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.wit')).sort().map((f) => path.join(dir, f));
}

describe('WIT grammar (syntaxes/wit.tmLanguage.json)', () => {
  let grammar: textmate.IGrammar;
  const cache = new Map<string, Tokenised>();

  before(async () => {
    const wasm = fs.readFileSync(path.join(REPO, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) => scopeName === 'source.wit' ? textmate.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null,
    });
    const loaded = await registry.loadGrammar('source.wit');
    assert.ok(loaded, 'source.wit loads');
    grammar = loaded;
  });

  function tokenise(file: string): Tokenised {
    const cached = cache.get(file);
    if (cached) return cached;
    let state = textmate.INITIAL;
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).map((line) => {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
    const tokenised = { lines, endDepth: state.depth };
    cache.set(file, tokenised);
    return tokenised;
  }

  function rows(file: string, line: number): Row[] {
    return tokenise(file).lines[line - 1]
      .filter((t) => /\S/.test(t.text))
      .map((t): Row => {
        assert.equal(t.scopes[0], 'source.wit', `${file}:${line}: ${JSON.stringify(t.text)} outside source.wit`);
        return [t.text, ...t.scopes.slice(1)];
      });
  }

  /** Every non-whitespace token of every line: where it is and what it is. */
  function* allTokens(files: string[]): Generator<{ where: string; line: string; token: Token }> {
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8').split(/\r?\n/);
      for (const [i, tokens] of tokenise(file).lines.entries()) {
        for (const token of tokens) {
          if (/\S/.test(token.text)) yield { where: `${path.relative(REPO, file)}:${i + 1}`, line: source[i], token };
        }
      }
    }
  }

  describe("the WASI WIT that jco ships", () => {
    let files: string[] = [];
    const jco = (relative: string): string => path.join(JCO_WIT, relative);
    const HTTP_0_2 = 'builtin/0.2.12/wasi-http/package.wit';

    before(function () {
      if (!fs.existsSync(JCO_WIT)) {
        const reason = `jco's WIT is not at ${JCO_WIT}: run node scripts/install-tools.mjs (npm test does)`;
        if (process.env.CI === 'true') throw new Error(`${reason}; required under CI=true`);
        console.warn(`    skipped: ${reason}`);
        this.skip();
      }
      files = witFiles(JCO_WIT);
    });

    it('finds the WASI 0.2.10, 0.2.12 and 0.3.0 packages among the files', () => {
      const relative = files.map((f) => path.relative(JCO_WIT, f));
      for (const expected of [
        '0.2.10/wasi-sockets/package.wit', '0.2.12/wasi-http/package.wit', '0.2.12/wasi-filesystem/package.wit',
        '0.3.0/wasi-cli/package.wit', '0.3.0/wasi-filesystem/package.wit', '0.3.0/wasi-http/package.wit',
        'jco-node-0.1.0/http2.wit', 'jco-node-0.1.0/v8.wit',
      ]) assert.ok(relative.includes(expected), `${expected} in ${relative.join(', ')}`);
    });

    const lines: [file: string, line: number, source: string, expected: Row[]][] = [
      ['0.2.12/wasi-http/package.wit', 1, 'package wasi:http@0.2.12;', [
        ['package', 'keyword.other.package.wit'],
        ['wasi', 'entity.name.namespace.wit'],
        [':', 'punctuation.separator.namespace.wit'],
        ['http', 'entity.name.namespace.package.wit'],
        ['@', 'punctuation.separator.version.wit'],
        ['0.2.12', 'constant.numeric.version.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 2, 'interface incoming-handler {', [
        ['interface', 'storage.type.interface.wit'],
        ['incoming-handler', 'entity.name.type.interface.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 3, '  use types.{incoming-request, response-outparam};', [
        ['use', 'keyword.other.use.wit'],
        ['types', 'entity.name.type.interface.wit'],
        ['.', 'punctuation.accessor.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
        ['incoming-request', 'entity.name.type.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['response-outparam', 'entity.name.type.wit'],
        ['}', 'punctuation.section.block.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      // A `use` list spread over three lines (10–12): the middle line is still the list.
      ['0.2.12/wasi-http/package.wit', 11, '    outgoing-request, request-options, future-incoming-response, error-code', [
        ['outgoing-request', 'entity.name.type.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['request-options', 'entity.name.type.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['future-incoming-response', 'entity.name.type.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['error-code', 'entity.name.type.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 16, '  ) -> result<future-incoming-response, error-code>;', [
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['future-incoming-response', 'entity.name.type.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['error-code', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 19, '  import wasi:clocks/monotonic-clock@0.2.12;', [
        ['import', 'keyword.other.import.wit'],
        ['wasi', 'entity.name.namespace.wit'],
        [':', 'punctuation.separator.namespace.wit'],
        ['clocks', 'entity.name.namespace.package.wit'],
        ['/', 'punctuation.separator.path.wit'],
        ['monotonic-clock', 'entity.name.type.interface.wit'],
        ['@', 'punctuation.separator.version.wit'],
        ['0.2.12', 'constant.numeric.version.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 28, '  include imports;', [
        ['include', 'keyword.other.include.wit'],
        ['imports', 'entity.name.type.world.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 29, '  export incoming-handler;', [
        ['export', 'keyword.other.export.wit'],
        ['incoming-handler', 'entity.name.type.interface.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 34, '  use wasi:io/error@0.2.12.{error as io-error};', [
        ['use', 'keyword.other.use.wit'],
        ['wasi', 'entity.name.namespace.wit'],
        [':', 'punctuation.separator.namespace.wit'],
        ['io', 'entity.name.namespace.package.wit'],
        ['/', 'punctuation.separator.path.wit'],
        ['error', 'entity.name.type.interface.wit'],
        ['@', 'punctuation.separator.version.wit'],
        ['0.2.12', 'constant.numeric.version.wit'],
        ['.', 'punctuation.accessor.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
        ['error', 'entity.name.type.wit'],
        ['as', 'keyword.other.as.wit'],
        ['io-error', 'entity.name.type.wit'],
        ['}', 'punctuation.section.block.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 55, '    DNS-error(DNS-error-payload),', [
        ['DNS-error', 'variable.other.enummember.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['DNS-error-payload', 'entity.name.type.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        [',', 'punctuation.separator.comma.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 95, '    rcode: option<string>,', [
        ['rcode', 'variable.other.member.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['option', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['string', 'support.type.primitive.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [',', 'punctuation.separator.comma.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 106, '  http-error-code: func(err: borrow<io-error>) -> option<error-code>;', [
        ['http-error-code', 'entity.name.function.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['err', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['borrow', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['io-error', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['option', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['error-code', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 112, '  type field-name = field-key;', [
        ['type', 'storage.type.alias.wit'],
        ['field-name', 'entity.name.type.alias.wit'],
        ['=', 'keyword.operator.assignment.wit'],
        ['field-key', 'entity.name.type.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 115, '  resource fields {', [
        ['resource', 'storage.type.resource.wit'],
        ['fields', 'entity.name.type.resource.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 116, '    constructor();', [
        ['constructor', 'storage.type.constructor.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 117, '    from-list: static func(', [
        ['from-list', 'entity.name.function.static.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['static', 'storage.modifier.static.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 120, '    get: func(name: field-name) -> list<field-value>;', [
        ['get', 'entity.name.function.method.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['name', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['field-name', 'entity.name.type.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['list', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['field-value', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 122, '    set: func(name: field-name, value: list<field-value>) -> result<_, header-error>;', [
        ['set', 'entity.name.function.method.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['name', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['field-name', 'entity.name.type.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['value', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['list', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['field-value', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['_', 'variable.language.placeholder.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['header-error', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 163, '    @unstable(feature = informational-outbound-responses)', [
        ['@', 'punctuation.definition.annotation.wit'],
        ['unstable', 'storage.type.annotation.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['feature', 'variable.parameter.annotation.wit'],
        ['=', 'keyword.operator.assignment.wit'],
        ['informational-outbound-responses', 'variable.other.constant.feature.wit'],
        [')', 'punctuation.section.parens.end.wit'],
      ]],
      ['0.2.12/wasi-http/package.wit', 180, '    %stream: func() -> result<input-stream>;', [
        ['%stream', 'entity.name.function.method.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['input-stream', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.2.10/wasi-sockets/package.wit', 7, '    /// Work around a ComponentizeJS 0.22 bindings bug: it omits the wrapper', [
        ['///', 'comment.line.documentation.wit', 'punctuation.definition.comment.wit'],
        [' Work around a ComponentizeJS 0.22 bindings bug: it omits the wrapper', 'comment.line.documentation.wit'],
      ]],
      ['0.2.10/wasi-sockets/package.wit', 38, '  enum ip-address-family { ipv4, ipv6 }', [
        ['enum', 'storage.type.enum.wit'],
        ['ip-address-family', 'entity.name.type.enum.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
        ['ipv4', 'variable.other.enummember.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['ipv6', 'variable.other.enummember.wit'],
        ['}', 'punctuation.section.block.end.wit'],
      ]],
      ['0.3.0/wasi-cli/package.wit', 32, '  run: async func() -> result;', [
        ['run', 'entity.name.function.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['async', 'storage.modifier.async.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['0.3.0/wasi-filesystem/package.wit', 19, '    flags descriptor-flags {', [
        ['flags', 'storage.type.flags.wit'],
        ['descriptor-flags', 'entity.name.type.flags.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
      ]],
      ['0.3.0/wasi-filesystem/package.wit', 127, '        read-directory: func() -> tuple<stream<directory-entry>, future<result<_, error-code>>>;', [
        ['read-directory', 'entity.name.function.method.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['tuple', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['stream', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['directory-entry', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['future', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['_', 'variable.language.placeholder.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['error-code', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      ['jco-node-0.1.0/v8.wit', 44, '  set-flags-from-string: func(%flags: string) -> result<_, error>;', [
        ['set-flags-from-string', 'entity.name.function.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['%flags', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['string', 'support.type.primitive.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['_', 'variable.language.placeholder.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['error', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
    ];

    for (const [file, line, source, expected] of lines) {
      it(`${file}:${line}  ${source.trim()}`, () => {
        const text = fs.readFileSync(jco(file), 'utf8').split(/\r?\n/)[line - 1];
        assert.equal(text, source, `jco 1.35.0's ${file} line ${line}`);
        assert.deepEqual(rows(jco(file), line), expected);
      });
    }

    it('leaves no token in the bare source.wit scope, on any line of any file', () => {
      const bare = [...allTokens(files)].filter(({ token }) => token.scopes.length === 1).map(({ where, token }) => `${where} ${JSON.stringify(token.text)}`);
      assert.deepEqual(bare, []);
      assert.ok(files.length >= 40, `${files.length} files`);
    });

    it('closes every block and comment by the end of each file', () => {
      const open = files.filter((f) => tokenise(f).endDepth !== 1).map((f) => path.relative(JCO_WIT, f));
      assert.deepEqual(open, []);
    });

    it('scopes as a keyword only WIT keywords, never a word inside a kebab-case name (get-type, future-trailers)', () => {
      const wrong = [...allTokens(files)].filter(({ token }) => {
        const last = token.scopes[token.scopes.length - 1];
        if (last === 'storage.type.annotation.wit') return !GATES.has(token.text);
        if (/^(keyword\.other|storage\.type|storage\.modifier|support\.type)\./.test(last)) return !KEYWORDS.has(token.text);
        return false;
      }).map(({ where, token }) => `${where} ${JSON.stringify(token.text)} ${token.scopes.at(-1)}`);
      assert.deepEqual(wrong, []);
    });

    it('names every declaration and function as a line-by-line reading of the files does', () => {
      // An oracle independent of the grammar: declarations and function items recognised by regular expressions.
      const DECLARATION = /^\s*(record|variant|enum|flags|resource|interface|world|type)\s+(%?[A-Za-z][\w-]*)/;
      const FUNCTION = /^\s*(%?[A-Za-z][\w-]*)\s*:\s*(static\s+)?(async\s+)?func\b/;
      const WORLD_FUNCTION = /^\s*(?:import|export)\s+(%?[A-Za-z][\w-]*)\s*:\s*(async\s+)?func\b/;
      const SCOPE: Record<string, string> = { type: 'alias' };
      const mismatches: string[] = [];
      let checked = 0;
      for (const file of files) {
        const source = fs.readFileSync(file, 'utf8').split(/\r?\n/);
        source.forEach((text, i) => {
          const tokens = tokenise(file).lines[i];
          const scopeOf = (word: string): string | undefined => tokens.find((t) => t.text === word)?.scopes.at(-1);
          const declaration = DECLARATION.exec(text);
          const fn = FUNCTION.exec(text);
          const worldFn = WORLD_FUNCTION.exec(text);
          let expected: string | undefined;
          let word: string | undefined;
          if (declaration) [word, expected] = [declaration[2], `entity.name.type.${SCOPE[declaration[1]] ?? declaration[1]}.wit`];
          else if (worldFn) [word, expected] = [worldFn[1], 'entity.name.function.wit'];
          else if (fn) [word, expected] = [fn[1], fn[2] ? 'entity.name.function.static.wit' : undefined];
          else if (/^\s*\/\/\//.test(text)) {
            checked++;
            const notDoc = tokens.filter((t) => /\S/.test(t.text) && !t.scopes.includes('comment.line.documentation.wit'));
            if (notDoc.length > 0) mismatches.push(`${path.relative(JCO_WIT, file)}:${i + 1} doc comment`);
            return;
          } else return;
          checked++;
          const actual = scopeOf(word);
          // A non-static function is a method in a resource and a plain function elsewhere: either name scope.
          const ok = expected ? actual === expected : actual === 'entity.name.function.wit' || actual === 'entity.name.function.method.wit';
          if (!ok) mismatches.push(`${path.relative(JCO_WIT, file)}:${i + 1} ${word}: ${actual} ≠ ${expected ?? 'entity.name.function(.method).wit'}`);
        });
      }
      assert.deepEqual(mismatches, []);
      assert.ok(checked > 1000, `${checked} lines checked`);
    });
  });

  describe('fixtures: WASI 0.3 async, streams, futures, nested comments and packages, gates, include … with', () => {
    const COMPRESSOR = path.join(FIXTURES, 'compressor.wit');
    const NESTED = path.join(FIXTURES, 'nested-packages.wit');

    const lines: [file: string, line: number, expected: Row[]][] = [
      [COMPRESSOR, 1, [
        ['///', 'comment.line.documentation.wit', 'punctuation.definition.comment.wit'],
        [' An HTTP middleware for WASI 0.3 that compresses response bodies while they stream through.', 'comment.line.documentation.wit'],
      ]],
      [COMPRESSOR, 4, [
        ['/*', 'comment.block.wit', 'punctuation.definition.comment.begin.wit'],
        [' Block comments nest in WIT:', 'comment.block.wit'],
      ]],
      [COMPRESSOR, 5, [
        ['/*', 'comment.block.wit', 'comment.block.wit', 'punctuation.definition.comment.begin.wit'],
        [' this inner comment closes here ', 'comment.block.wit', 'comment.block.wit'],
        ['*/', 'comment.block.wit', 'comment.block.wit', 'punctuation.definition.comment.end.wit'],
        [' and the outer one is still open', 'comment.block.wit'],
      ]],
      [COMPRESSOR, 6, [
        ['   until this line ends it. ', 'comment.block.wit'],
        ['*/', 'comment.block.wit', 'punctuation.definition.comment.end.wit'],
      ]],
      [COMPRESSOR, 7, [
        ['use', 'keyword.other.use.wit'],
        ['wasi', 'entity.name.namespace.wit'],
        [':', 'punctuation.separator.namespace.wit'],
        ['http', 'entity.name.namespace.package.wit'],
        ['/', 'punctuation.separator.path.wit'],
        ['types', 'entity.name.type.interface.wit'],
        ['@', 'punctuation.separator.version.wit'],
        ['0.3.0', 'constant.numeric.version.wit'],
        ['as', 'keyword.other.as.wit'],
        ['http-types', 'entity.name.type.interface.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [COMPRESSOR, 22, [
        ['%static', 'variable.other.enummember.wit'],
        [',', 'punctuation.separator.comma.wit'],
      ]],
      [COMPRESSOR, 26, [
        ['magic', 'variable.other.member.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['list', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['u8', 'support.type.primitive.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['4', 'constant.numeric.integer.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [',', 'punctuation.separator.comma.wit'],
      ]],
      [COMPRESSOR, 27, [
        ['%type', 'variable.other.member.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['encoding', 'entity.name.type.wit'],
        [',', 'punctuation.separator.comma.wit'],
      ]],
      [COMPRESSOR, 34, [
        ['closed', 'variable.other.enummember.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['error-context', 'support.type.primitive.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        [',', 'punctuation.separator.comma.wit'],
      ]],
      [COMPRESSOR, 40, [
        ['encode', 'entity.name.function.method.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['input', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['stream', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['u8', 'support.type.primitive.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['tuple', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['stream', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['u8', 'support.type.primitive.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['future', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['_', 'variable.language.placeholder.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['codec-error', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [COMPRESSOR, 41, [
        ['flush', 'entity.name.function.method.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['async', 'storage.modifier.async.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['u64', 'support.type.primitive.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['codec-error', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [COMPRESSOR, 42, [
        ['for-encoding', 'entity.name.function.static.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['static', 'storage.modifier.static.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['%enum', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['encoding', 'entity.name.type.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['option', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['own', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['encoder', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [COMPRESSOR, 46, [
        ['@', 'punctuation.definition.annotation.wit'],
        ['since', 'storage.type.annotation.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['version', 'variable.parameter.annotation.wit'],
        ['=', 'keyword.operator.assignment.wit'],
        ['0.1.0', 'constant.numeric.version.wit'],
        [')', 'punctuation.section.parens.end.wit'],
      ]],
      [COMPRESSOR, 47, [
        ['compress', 'entity.name.function.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['async', 'storage.modifier.async.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['body', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['stream', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['u8', 'support.type.primitive.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['%interface', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['encoding', 'entity.name.type.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['stream', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['u8', 'support.type.primitive.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['codec-error', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [COMPRESSOR, 53, [
        ['@', 'punctuation.definition.annotation.wit'],
        ['deprecated', 'storage.type.annotation.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['version', 'variable.parameter.annotation.wit'],
        ['=', 'keyword.operator.assignment.wit'],
        ['0.2.0', 'constant.numeric.version.wit'],
        [')', 'punctuation.section.parens.end.wit'],
      ]],
      [COMPRESSOR, 56, [
        ['done', 'entity.name.function.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['future', 'support.type.builtin.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [COMPRESSOR, 67, [
        ['include', 'keyword.other.include.wit'],
        ['logger', 'entity.name.type.world.wit'],
        ['with', 'keyword.other.with.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
        ['log', 'variable.other.import.wit'],
        ['as', 'keyword.other.as.wit'],
        ['log-line', 'variable.other.import.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['flush-logs', 'variable.other.import.wit'],
        ['as', 'keyword.other.as.wit'],
        ['drain', 'variable.other.import.wit'],
        ['}', 'punctuation.section.block.end.wit'],
      ]],
      [COMPRESSOR, 70, [
        ['export', 'keyword.other.export.wit'],
        ['handle', 'entity.name.function.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['async', 'storage.modifier.async.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['request', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['request', 'entity.name.type.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['response', 'entity.name.type.wit'],
        [',', 'punctuation.separator.comma.wit'],
        ['error-code', 'entity.name.type.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [NESTED, 1, [
        ['//', 'comment.line.double-slash.wit', 'punctuation.definition.comment.wit'],
        [' A root package and a dependency defined in the same file with nested package blocks.', 'comment.line.double-slash.wit'],
      ]],
      [NESTED, 6, [
        ['import', 'keyword.other.import.wit'],
        ['config', 'entity.name.type.interface.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['interface', 'storage.type.interface.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
      ]],
      [NESTED, 7, [
        ['get', 'entity.name.function.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        ['key', 'variable.parameter.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['string', 'support.type.primitive.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['option', 'support.type.builtin.wit'],
        ['<', 'punctuation.definition.typeparameters.begin.wit'],
        ['string', 'support.type.primitive.wit'],
        ['>', 'punctuation.definition.typeparameters.end.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [NESTED, 9, [
        ['export', 'keyword.other.export.wit'],
        ['run', 'entity.name.function.wit'],
        [':', 'punctuation.separator.colon.wit'],
        ['func', 'storage.type.function.wit'],
        ['(', 'punctuation.section.parens.begin.wit'],
        [')', 'punctuation.section.parens.end.wit'],
        ['->', 'keyword.operator.arrow.wit'],
        ['result', 'support.type.builtin.wit'],
        [';', 'punctuation.terminator.statement.wit'],
      ]],
      [NESTED, 12, [
        ['package', 'keyword.other.package.wit'],
        ['example', 'entity.name.namespace.wit'],
        [':', 'punctuation.separator.namespace.wit'],
        ['kv', 'entity.name.namespace.package.wit'],
        ['@', 'punctuation.separator.version.wit'],
        ['0.1.0', 'constant.numeric.version.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
      ]],
      [NESTED, 13, [
        ['interface', 'storage.type.interface.wit'],
        ['store', 'entity.name.type.interface.wit'],
        ['{', 'punctuation.section.block.begin.wit'],
      ]],
      [NESTED, 20, [
        ['}', 'punctuation.section.block.end.wit'],
      ]],
    ];

    for (const [file, line, expected] of lines) {
      it(`${path.basename(file)}:${line}`, () => assert.deepEqual(rows(file, line), expected));
    }

    it('leaves no token in the bare source.wit scope and closes every block', () => {
      const files = witFiles(FIXTURES);
      assert.deepEqual(files.map((f) => path.basename(f)), ['compressor.wit', 'nested-packages.wit']);
      const bare = [...allTokens(files)].filter(({ token }) => token.scopes.length === 1).map(({ where, token }) => `${where} ${JSON.stringify(token.text)}`);
      assert.deepEqual(bare, []);
      assert.deepEqual(files.filter((f) => tokenise(f).endDepth !== 1), []);
    });
  });
});
