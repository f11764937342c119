;; wasm-bindgen.wat — what rustc emits for a `#[wasm_bindgen]` crate built
;; with `cargo build --target wasm32-unknown-unknown`, *before* the
;; wasm-bindgen CLI post-processes it: every JS binding is an import from the
;; placeholder module `__wbindgen_placeholder__`, plus the `__wbindgen_describe_*`
;; descriptor exports the CLI interprets and strips.
;;
;; Modelled on: wasi-facts.md §F "wasm-bindgen" (wasm-bindgen
;; crates/cli-support/src/lib.rs PLACEHOLDER_MODULE; __wbindgen_describe,
;; __wbindgen_throw, __wbindgen_externref_xform__); toolchains.md §4 swc-wasm
;; ships a module like this (__wbindgen_placeholder__×68).
;; Needs the generated JS glue; not runnable on any WASI host.
(module
  (import "__wbindgen_placeholder__" "__wbindgen_describe" (func $describe (param i32)))
  (import "__wbindgen_placeholder__" "__wbindgen_throw" (func $throw (param i32 i32)))
  (import "__wbindgen_placeholder__" "__wbg_log_0b2d6f6f1a3c2e1d" (func $log (param i32 i32)))
  (import "__wbindgen_externref_xform__" "__wbindgen_externref_table_grow"
    (func $externref_table_grow (param i32) (result i32)))
  (memory (export "memory") 17)
  (global $heap (mut i32) (i32.const 1048576))
  (data (i32.const 1024) "Hello, ")
  (data (i32.const 1040) "name too long")

  (func $__wbindgen_malloc (export "__wbindgen_malloc") (param $size i32) (param $align i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (local.get $p))
  (func (export "__wbindgen_realloc")
        (param $old i32) (param $old_size i32) (param $new_size i32) (param $align i32) (result i32)
    (call $__wbindgen_malloc (local.get $new_size) (local.get $align)))
  (func (export "__wbindgen_free") (param i32 i32 i32))

  ;; #[wasm_bindgen] pub fn greet(name: &str)
  (func (export "greet") (param $ptr i32) (param $len i32)
    (if (i32.gt_u (local.get $len) (i32.const 256))
      (then (call $throw (i32.const 1040) (i32.const 13))))
    (call $log (i32.const 1024) (i32.const 7))
    (call $log (local.get $ptr) (local.get $len)))

  ;; descriptor consumed by the wasm-bindgen CLI
  (func (export "__wbindgen_describe_greet")
    (call $describe (i32.const 11))   ;; FUNCTION
    (call $describe (i32.const 1))
    (call $describe (i32.const 15))   ;; REF STRING
    (call $describe (i32.const 0)))   ;; UNIT
)
