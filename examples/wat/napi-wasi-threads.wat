;; napi-wasi-threads.wat — a napi-rs native addon compiled for
;; `wasm32-wasip1-threads` (the `@scope/binding-wasm32-wasi` packages that
;; oxc-parser, rolldown, tailwindcss-oxide publish). It is loaded by
;; @napi-rs/wasm-runtime / emnapi in Node or a browser: Node-API calls are
;; imported from `env` (emnapi merges its `napi` and `emnapi` objects into env
;; as well), threads come from wasi-threads, memory is imported and shared.
;;
;; Modelled on: toolchains.md §4 (oxc-parser-binding-wasm32-wasi-0.154.0:
;; env×68, emnapi×1, napi×2, wasi_snapshot_preview1×7, wasi×1, shared
;; memory), wasi-facts.md §A.5 (wasi.thread-spawn, wasi_thread_start) and the
;; emnapi import object shape {env, napi, emnapi, wasi}. The individual
;; `napi`/`emnapi` field names below are illustrative (the exact two/one
;; names used by a given emnapi release were not recorded).
;; Runs only in a JS host with emnapi; no WASI edge host provides napi_*.
(module
  (import "env" "memory" (memory 256 65536 shared))
  (import "env" "napi_create_function"
    (func $napi_create_function (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "napi_define_properties"
    (func $napi_define_properties (param i32 i32 i32 i32) (result i32)))
  (import "env" "napi_get_cb_info"
    (func $napi_get_cb_info (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "napi_create_string_utf8"
    (func $napi_create_string_utf8 (param i32 i32 i32 i32) (result i32)))
  (import "env" "napi_get_value_string_utf8"
    (func $napi_get_value_string_utf8 (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "napi_throw_error" (func $napi_throw_error (param i32 i32 i32) (result i32)))
  (import "napi" "napi_set_last_error"
    (func $napi_set_last_error (param i32 i32 i32 i32) (result i32)))
  (import "napi" "napi_clear_last_error" (func $napi_clear_last_error (param i32) (result i32)))
  (import "emnapi" "_emnapi_async_send_js"
    (func $_emnapi_async_send_js (param i32 i32 i32)))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (table $__indirect_function_table (export "__indirect_function_table") 2 funcref)
  (elem (i32.const 1) $parse_sync)
  (global $heap (mut i32) (i32.const 1048576))
  (data $names "parseSync\00")

  (func (export "_initialize")
    (memory.init $names (i32.const 1024) (i32.const 0) (i32.const 10))
    (data.drop $names))

  (func $malloc (export "malloc") (param $n i32) (result i32)
    (i32.atomic.rmw.add (i32.const 1016) (local.get $n)))
  (func (export "free") (param i32))

  ;; JS: binding.parseSync(source) -> string
  (func $parse_sync (param $env i32) (param $info i32) (result i32)
    (drop (call $napi_get_cb_info (local.get $env) (local.get $info)
                (i32.const 2000) (i32.const 2004) (i32.const 0) (i32.const 0)))
    (drop (call $napi_clear_last_error (local.get $env)))
    ;; hand the heavy lifting to a worker thread
    (if (i32.lt_s (call $thread_spawn (i32.const 2048)) (i32.const 0))
      (then
        (drop (call $napi_throw_error (local.get $env) (i32.const 0) (i32.const 1024)))
        (return (i32.const 0))))
    (drop (call $napi_create_string_utf8 (local.get $env) (i32.const 1024) (i32.const 9)
                (i32.const 2008)))
    (i32.load (i32.const 2008)))

  (func (export "napi_register_wasm_v1") (param $env i32) (param $exports i32) (result i32)
    (drop (call $napi_create_function (local.get $env) (i32.const 1024) (i32.const 9)
                (i32.const 1) (i32.const 0) (i32.const 2012)))
    (drop (call $napi_define_properties (local.get $env) (local.get $exports)
                (i32.const 1) (i32.const 2016)))
    (local.get $exports))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (i32.atomic.rmw.add (i32.const 2040) (i32.const 1)))
    (call $_emnapi_async_send_js (i32.const 0) (i32.const 0) (local.get $arg))
    (drop (memory.atomic.notify (i32.const 2040) (i32.const 1))))
)
