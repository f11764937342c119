;; wasi-unstable.wat — a "hello" command built against the pre-snapshot
;; WASI API, module name `wasi_unstable` (a.k.a. preview0): what Rust
;; wasm32-wasi (before the 2019-12 switch to wasi_snapshot_preview1),
;; early wasi-sdk and AssemblyScript's old `wasi` bindings emitted, and what
;; wasmer's demo.wasm still imports (toolchains.md §4: wasmer-wasi-1.2.2/demo.wasm,
;; wasi_unstable×1).
;;
;; Modelled on: wasi-facts.md §A.4 — same names as preview1 (minus
;; sock_accept) but a different ABI (whence order, linkcount width,
;; subscription layout), so a preview1 host cannot alias it. wasmtime still
;; links it by default for core modules (-S preview0); Spin's componentizer,
;; jco's adapter, Fastly and wasmCloud do not.
(module
  (import "wasi_unstable" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 8) "\10\00\00\00\0e\00\00\00")   ;; iovec { buf = 16, len = 14 }
  (data (i32.const 16) "Hello, world!\n")
  (func (export "_start")
    (if (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 32))
      (then (call $proc_exit (i32.const 1))))
    (call $proc_exit (i32.const 0)))
)
