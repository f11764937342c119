;; hello-p3.wat — core module of component-p3.component.wasm.
;;
;; WASI 0.3 (P3) guest for wasi:http/handler@0.3.0 (wasi-facts.md §B.6).
;; Real P3 guests (wit-bindgen 0.4x async, componentize-py P3 examples) lift
;; `handle` with the async callback ABI and move bodies through CM
;; stream<u8>/future built-ins. Hand-writing that ABI is out of scope here, so
;; this stub lifts the async-typed `handle` synchronously (allowed by the
;; component model) and always answers Err(error-code::internal-error(
;; "not implemented")), which the host turns into a 500. The component type
;; still carries the P3 signals a linter looks for: `@0.3.0` interface
;; versions and an `async` function type in the export.
(module
  (import "wasi:clocks/monotonic-clock@0.3.0" "now" (func $now (result i64)))
  (import "wasi:cli/stdout@0.3.0" "write-via-stream" (func $write-via-stream (param i32) (result i32)))
  (import "wasi:http/types@0.3.0" "[resource-drop]request" (func $request.drop (param i32)))

  (memory (export "memory") 1)
  (data (i32.const 1024) "not implemented")   ;; 15
  (global $started (mut i64) (i64.const 0))

  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (unreachable))

  ;; handle: async func(request: request) -> result<response, error-code>
  ;; return area at 2048: result disc @0, error-code disc @8,
  ;; option<string> @16 (disc), @20 (ptr), @24 (len)
  (func (export "wasi:http/handler@0.3.0#handle") (param $request i32) (result i32)
    (global.set $started (call $now))
    (call $request.drop (local.get $request))
    (i32.store8 (i32.const 2048) (i32.const 1))        ;; err
    (i32.store8 (i32.const 2056) (i32.const 38))       ;; error-code::internal-error
    (i32.store8 (i32.const 2064) (i32.const 1))        ;; some(
    (i32.store (i32.const 2068) (i32.const 1024))      ;;   "not implemented"
    (i32.store (i32.const 2072) (i32.const 15))        ;; )
    (i32.const 2048))
  (func (export "cabi_post_wasi:http/handler@0.3.0#handle") (param i32))
)
