;; wasm-bindgen-web.wat — the same crate after `wasm-bindgen --target bundler`
;; (or web/no-modules since 0.2.107): imports come from the generated ES module
;; `./app_bg.js` (crate name `app`), with hashed `__wbg_*` shim names and
;; `__wbindgen_*` intrinsics.
;;
;; Modelled on: wasi-facts.md §F "wasm-bindgen" (module `./<crate>_bg.js`,
;; commit f9e8377a #4850; older web targets used `wbg`); toolchains.md §4
;; rollup-wasm-node ships `./bindings_wasm_bg.js` imports.
;; Needs app_bg.js in a JS engine; not runnable on any WASI host.
(module
  (import "./app_bg.js" "__wbg_log_0b2d6f6f1a3c2e1d" (func $log (param i32 i32)))
  (import "./app_bg.js" "__wbg_now_7c8e9a3b5d4f2e10" (func $now (result f64)))
  (import "./app_bg.js" "__wbg_getRandomValues_3aa5bd0ed5bc1c5b" (func $random (param i32 i32)))
  (import "./app_bg.js" "__wbindgen_throw" (func $throw (param i32 i32)))
  (import "./app_bg.js" "__wbindgen_init_externref_table" (func $init_table))
  (memory (export "memory") 17)
  (table $externrefs (export "__wbindgen_export_2") 128 externref)
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
  (func (export "__wbindgen_start") (call $init_table))

  (func (export "greet") (param $ptr i32) (param $len i32)
    (if (i32.gt_u (local.get $len) (i32.const 256))
      (then (call $throw (i32.const 1040) (i32.const 13))))
    (call $random (i32.const 2048) (i32.const 16))
    (drop (call $now))
    (call $log (i32.const 1024) (i32.const 7))
    (call $log (local.get $ptr) (local.get $len)))
)
