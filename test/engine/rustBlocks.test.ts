import * as assert from 'node:assert/strict';
import { skippableBlocks, type BlockPolicy } from 'wasi-ready/engine/detectors/rust/blocks';

const POLICY: BlockPolicy = { relevant: new Set(['spawn']), wholeBodies: new Set(['struct', 'extern']) };

/** The skipped insides, as text. */
function skipped(text: string, policy: BlockPolicy = POLICY): string[] | null {
  return skippableBlocks(text, policy)?.map(([from, to]) => text.slice(from, to)) ?? null;
}

describe('Rust sources: blocks parsed as {} (rust/blocks.ts)', () => {
  it('skips the outermost blocks naming no relevant word, keeps the way to one that does', () => {
    const text = 'fn a() { let v = vec_of_many_things(); }\nfn b() { if x { thread::spawn(f); } else { let unrelated = 1 + 2; } }';
    assert.deepEqual(skipped(text), [' let v = vec_of_many_things(); ', ' let unrelated = 1 + 2; ']);
  });

  it('reads past comments, strings, raw strings, char literals and lifetimes, and nested block comments', () => {
    const text = [
      "fn a<'a>(x: &'a str) { let c = '{'; let s = \"}{\"; let r = r#\"}\"#; /* } /* { */ } */ // }",
      ' helper_function_call(); }',
      'fn b() { spawn(); }',
    ].join('\n');
    assert.equal(skipped(text)?.length, 1);
    assert.ok(skipped(text)![0].endsWith(' helper_function_call(); '));
  });

  it('keeps struct bodies and extern blocks whole (fields, declarations), not a block in their generics', () => {
    const text = 'struct A<const N: usize = { 3 }> { field: SomeLongTypeName }\nextern "C" { fn declared_function(); }';
    assert.deepEqual(skipped(text), []);
  });

  it('skips macro arguments the policy does not need, whatever their brackets', () => {
    const policy: BlockPolicy = { ...POLICY, macroArguments: (name) => name === 'needed' };
    const text = 'fn f() { spawn(); println!("{}", some_long_argument_list); needed![spawn_with_long_argument]; }';
    assert.deepEqual(skipped(text, policy), ['"{}", some_long_argument_list']);
    assert.deepEqual(skipped('fn f() { if !(some_condition && other_condition) { spawn(); } }', policy), []);
  });

  it('a method name counts only after a dot', () => {
    const policy: BlockPolicy = { ...POLICY, methods: new Set(['lock']) };
    assert.deepEqual(skipped('fn f() { let guard = lock_for_a_while(); }', policy), [' let guard = lock_for_a_while(); ']);
    assert.deepEqual(skipped('fn f() { let guard = mutex\n    .lock(); }', policy), []);
  });

  it('an extern block keeps its first declaration, the rest unless a needed macro is there; an extern fn is code', () => {
    const policy: BlockPolicy = { ...POLICY, wholeBodies: new Set(), externBlockTails: true, macroArguments: (name) => name === 'needed' };
    const text = 'extern "C" { fn first(a: [u8; 4]); fn second(); fn third(); }';
    assert.deepEqual(skipped(text, policy), [' fn second(); fn third(); ']);
    assert.deepEqual(skipped('extern "C" { fn first(); fn second(); needed!(x); }', policy), []);
    assert.deepEqual(skipped('extern "C" fn callback() { let unrelated_local = 1; }', policy), [' let unrelated_local = 1; ']);
  });

  it("a use declaration's lists are bindings, not blocks", () => {
    assert.deepEqual(skipped('use crate::sys::{self, Handle, LocalThing};\nfn f() { let unrelated_local = 1; }'), [' let unrelated_local = 1; ']);
  });

  it('a path start counts when the path it starts, as written, can reach what the rules name', () => {
    const policy: BlockPolicy = { ...POLICY, relevant: new Set(), paths: { starts: new Set(['std']), relevant: (path) => path.join('::').startsWith('std::thread') } };
    assert.deepEqual(skipped('fn f() { std::mem::swap(&mut a, &mut b); }', policy), [' std::mem::swap(&mut a, &mut b); ']);
    assert.deepEqual(skipped('fn f() { std :: thread::spawn(work_to_do); }', policy), []);
  });

  it('with wholeItems, a top-level item naming no relevant word goes whole, attributes and all; inner attributes and `keptBy` items stay', () => {
    const policy: BlockPolicy = { relevant: new Set(['mod']), wholeBodies: new Set(), wholeItems: { keptBy: new Set(['use']) } };
    const text = [
      '#![cfg(unix)]',
      'use crate::sys::{self, Handle};',
      '#[cfg(feature = "x")] pub const SOME_CONSTANT: u32 = 1;',
      'pub static TABLE: Table = Table { entries: 4 };',
      'impl Clone for SomeType { fn clone(&self) -> Self { *self } }',
      '#[cfg(test)]',
      'mod tests;',
      'pub type Short = u8;',
      'const N: [u8; 2] = if X { [1, 2] } else { [3, 4] };',
    ].join('\n');
    assert.deepEqual(skipped(text, policy), [
      '\n#[cfg(feature = "x")] pub const SOME_CONSTANT: u32 = 1;\npub static TABLE: Table = Table { entries: 4 };\nimpl Clone for SomeType { fn clone(&self) -> Self { *self } }',
      '\npub type Short = u8;\nconst N: [u8; 2] = if X { [1, 2] } else { [3, 4] };',
    ]);
    assert.deepEqual(skipped('struct A<const N: usize = { 3 }> { a: u8 }\nmod a;', { ...policy, wholeItems: undefined }), []);
    assert.deepEqual(skipped('struct A<const N: usize = { 3 }> { field_a: u8 }\nmod a;', policy), ['struct A<const N: usize = { 3 }> { field_a: u8 }']);
  });

  it('gives up when the braces do not balance', () => {
    assert.equal(skipped('fn f() { '), null);
    assert.equal(skipped('} fn f() {}'), null);
  });
});
