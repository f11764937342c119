;; proxy-wasm-filter.wat — an Envoy/Istio HTTP filter written with the Rust
;; `proxy-wasm` crate (ABI 0.2.1) and built as a wasm32-wasi cdylib, i.e. a
;; WASI *reactor*: `_initialize` + `memory`, proxy_on_* callbacks exported,
;; host functions imported from module `env` (plus a few
;; wasi_snapshot_preview1 functions that Rust std pulls in).
;;
;; Modelled on: the proxy-wasm ABI spec (proxy-wasm/spec abi-versions/v0.2.1:
;; proxy_log, proxy_get_header_map_value, proxy_add_header_map_value,
;; proxy_send_local_response, proxy_on_context_create,
;; proxy_on_request_headers, proxy_on_memory_allocate,
;; proxy_abi_version_0_2_1); wasi-facts.md §F ("plain env imports alone are
;; ambiguous") and §A.1 (reactor ABI).
;; Runs only inside a proxy-wasm host (Envoy, Istio, APISIX, ...), not on
;; Spin/Fastly/wasmCloud/wasmtime, which do not provide the env.proxy_* calls.
(module
  (import "env" "proxy_log" (func $proxy_log (param i32 i32 i32) (result i32)))
  (import "env" "proxy_get_header_map_value"
    (func $proxy_get_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value"
    (func $proxy_add_header_map_value (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_send_local_response"
    (func $proxy_send_local_response (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_tick_period_milliseconds"
    (func $proxy_set_tick_period_milliseconds (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (memory (export "memory") 17)
  (global $heap (mut i32) (i32.const 1048576))

  (data (i32.const 1024) "x-api-key")              ;; 9
  (data (i32.const 1040) "missing x-api-key")      ;; 17
  (data (i32.const 1072) "unauthorized\n")         ;; 13
  (data (i32.const 1088) "x-filter")               ;; 8
  (data (i32.const 1104) "acme-auth")              ;; 9

  (func (export "_initialize"))
  (func (export "proxy_abi_version_0_2_1"))

  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (local.get $p))

  (func (export "proxy_on_vm_start") (param $root i32) (param $config_size i32) (result i32)
    (drop (call $random_get (i32.const 2048) (i32.const 8)))
    (i32.const 1))
  (func (export "proxy_on_configure") (param $root i32) (param $config_size i32) (result i32)
    (drop (call $proxy_set_tick_period_milliseconds (i32.const 5000)))
    (i32.const 1))
  (func (export "proxy_on_context_create") (param $context i32) (param $parent i32))
  (func (export "proxy_on_done") (param $context i32) (result i32) (i32.const 1))
  (func (export "proxy_on_delete") (param $context i32))

  ;; map_type 0 = HttpRequestHeaders, 1 = HttpResponseHeaders
  (func (export "proxy_on_request_headers")
        (param $context i32) (param $headers i32) (param $end_of_stream i32) (result i32)
    (if (call $proxy_get_header_map_value (i32.const 0) (i32.const 1024) (i32.const 9)
              (i32.const 2056) (i32.const 2060))
      (then
        ;; warn + 401, stop iteration (Action::Pause = 1)
        (drop (call $proxy_log (i32.const 3) (i32.const 1040) (i32.const 17)))
        (drop (call $proxy_send_local_response (i32.const 401) (i32.const 0) (i32.const 0)
                    (i32.const 1072) (i32.const 13) (i32.const 0) (i32.const 0) (i32.const -1)))
        (return (i32.const 1))))
    (drop (call $proxy_add_header_map_value (i32.const 0) (i32.const 1088) (i32.const 8)
                (i32.const 1104) (i32.const 9)))
    (i32.const 0))

  (func (export "proxy_on_response_headers")
        (param $context i32) (param $headers i32) (param $end_of_stream i32) (result i32)
    (i32.const 0))
)
