;; assemblyscript-abort.wat — an AssemblyScript module (`asc index.ts
;; --runtime stub`) for a JS host: the compiler wires `abort()` and
;; `Math.random` seeding to `env.abort` / `env.seed`, and `trace()` to
;; `env.trace`; the loader (or --bindings esm) supplies them.
;;
;; Modelled on: wasi-facts.md §F "AssemblyScript" (std/assembly/builtins.ts
;; `@external("env", "abort")` with signature (message, fileName, lineNumber,
;; columnNumber: i32) -> void; env.trace, env.seed). A WASI host has no
;; env.abort; AssemblyScript's `@assemblyscript/wasi-shim` replaces it with
;; wasi_snapshot_preview1 imports.
(module
  (import "env" "abort" (func $abort (param i32 i32 i32 i32)))
  (import "env" "trace" (func $trace (param i32 i32 f64 f64 f64 f64 f64)))
  (import "env" "seed" (func $seed (result f64)))
  (memory (export "memory") 1)
  (global $~lib/rt/stub/offset (mut i32) (i32.const 1164))
  (global $random_state (mut i64) (i64.const 0))
  ;; UTF-16 strings with AssemblyScript's 20-byte object header
  (data (i32.const 1036) "\1c\00\00\00\00\00\00\00\00\00\00\00\02\00\00\00\0a\00\00\00i\00n\00d\00e\00x\00")
  (data (i32.const 1068) "\3c\00\00\00\00\00\00\00\00\00\00\00\02\00\00\00\20\00\00\00d\00i\00v\00i\00s\00i\00o\00n\00 \00b\00y\00 \00z\00e\00r\00o\00")

  ;; export function divide(a: i32, b: i32): i32 { assert(b != 0, "division by zero"); ... }
  (func (export "divide") (param $a i32) (param $b i32) (result i32)
    (if (i32.eqz (local.get $b))
      (then
        (call $abort (i32.const 1088) (i32.const 1056) (i32.const 3) (i32.const 3))
        (unreachable)))
    (i32.div_s (local.get $a) (local.get $b)))

  ;; export function roll(): f64 — Math.random() seeds itself from env.seed
  (func (export "roll") (result f64)
    (if (i64.eqz (global.get $random_state))
      (then (global.set $random_state (i64.reinterpret_f64 (call $seed)))))
    (global.set $random_state
      (i64.add (i64.mul (global.get $random_state) (i64.const 6364136223846793005))
               (i64.const 1442695040888963407)))
    (call $trace (i32.const 1056) (i32.const 0) (f64.const 0) (f64.const 0) (f64.const 0)
                 (f64.const 0) (f64.const 0))
    (f64.div (f64.convert_i64_u (i64.shr_u (global.get $random_state) (i64.const 11)))
             (f64.const 9007199254740992)))

  (func (export "__new") (param $size i32) (param $id i32) (result i32)
    (local $p i32)
    (local.set $p (i32.add (global.get $~lib/rt/stub/offset) (i32.const 20)))
    (global.set $~lib/rt/stub/offset
      (i32.and (i32.add (i32.add (local.get $p) (local.get $size)) (i32.const 15)) (i32.const -16)))
    (local.get $p))
  (func (export "__pin") (param i32) (result i32) (local.get 0))
  (func (export "__unpin") (param i32))
  (func (export "__collect"))
)
