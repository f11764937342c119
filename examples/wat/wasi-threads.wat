;; wasi-threads.wat — the import/export shape of a wasi-libc / Rust
;; `wasm32-wasip1-threads` program that starts a worker with pthread_create.
;;
;; Modelled on: wasi-facts.md §A.5 (WebAssembly/wasi-threads `wasi-threads.abi.md`,
;; wasi-libc `__wasilibc_real.c`: __import_module__("wasi"),
;; __import_name__("thread-spawn")); the toolchain links with
;; --import-memory --export-memory --shared-memory, so the memory is imported
;; as env.memory (min 17 pages, max 16384 pages, shared) and re-exported.
;;
;; Host reality (§A.5, §D): wasmtime removed wasi-threads in 47.0.0; Spin,
;; Fastly, wasmCloud, `wasmtime serve` have no threads. Only WAMR-style or
;; JS (emnapi / @tybys/wasm-util) hosts run it.
(module
  (import "env" "memory" (memory 17 16384 shared))
  (import "wasi" "thread-spawn" (func $thread_spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  ;; shared counter at 1024, "done" flag at 1028, iovec at 1032, text at 1040,
  ;; init guard at 1020. Shared memories get *passive* data segments that
  ;; wasm-ld's __wasm_init_memory copies in exactly once (bulk memory).
  (data $msg "worker finished\n")

  (func $__wasm_init_memory
    (if (i32.eqz (i32.atomic.rmw.cmpxchg (i32.const 1020) (i32.const 0) (i32.const 1)))
      (then
        (memory.init $msg (i32.const 1040) (i32.const 0) (i32.const 16))
        (i32.atomic.store (i32.const 1020) (i32.const 2))
        (drop (memory.atomic.notify (i32.const 1020) (i32.const -1))))
      (else
        (drop (memory.atomic.wait32 (i32.const 1020) (i32.const 1) (i64.const -1)))))
    (data.drop $msg))
  (start $__wasm_init_memory)

  ;; entry point of every spawned thread: (tid, start_arg)
  (func (export "wasi_thread_start") (param $tid i32) (param $start_arg i32)
    (local $i i32)
    (loop $work
      (drop (i32.atomic.rmw.add (i32.const 1024) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $work (i32.lt_u (local.get $i) (local.get $start_arg))))
    (i32.atomic.store (i32.const 1028) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 1028) (i32.const 1))))

  (func (export "_start")
    (local $tid i32)
    (local.set $tid (call $thread_spawn (i32.const 1000)))
    (if (i32.lt_s (local.get $tid) (i32.const 0))
      (then (call $proc_exit (i32.const 1))))
    ;; pthread_join: wait until the worker flips the flag
    (block $joined
      (loop $wait
        (br_if $joined (i32.atomic.load (i32.const 1028)))
        (drop (memory.atomic.wait32 (i32.const 1028) (i32.const 0) (i64.const 1000000)))
        (drop (call $sched_yield))
        (br $wait)))
    (i32.store (i32.const 1032) (i32.const 1040))
    (i32.store (i32.const 1036) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 1032) (i32.const 1) (i32.const 1056))))

  (export "memory" (memory 0))
)
