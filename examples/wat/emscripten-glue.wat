;; emscripten-glue.wat — a C program (sqlite-style: opens a file, uses
;; setjmp/longjmp and C++-style invoke_* trampolines) compiled with
;; `emcc -O1` *without* -sSTANDALONE_WASM: the .wasm is half of a pair and
;; only runs with the generated JS glue (app.js) that implements every `env`
;; import and, through Emscripten's own libwasi.js, the wasi_snapshot_preview1
;; ones.
;;
;; Modelled on: wasi-facts.md §F "Emscripten" (emscripten src/lib/libsyscall.js
;; __syscall_*, libcore.js emscripten_resize_heap / _emscripten_throw_longjmp /
;; _abort_js, tools/emscripten.py create_invoke_wrappers -> invoke_*;
;; import object {env: wasmImports, wasi_snapshot_preview1: wasmImports}).
;; Unminified import names (-O1); -O2+ builds rename the module to "a" and
;; the fields to "a", "b", ... (toolchains.md §4: ffmpeg-core, sql.js).
(module
  (type $v_ii (func (param i32 i32)))
  (import "env" "emscripten_resize_heap" (func $emscripten_resize_heap (param i32) (result i32)))
  (import "env" "__syscall_openat" (func $__syscall_openat (param i32 i32 i32 i32) (result i32)))
  (import "env" "__syscall_fcntl64" (func $__syscall_fcntl64 (param i32 i32 i32) (result i32)))
  (import "env" "__syscall_ioctl" (func $__syscall_ioctl (param i32 i32 i32) (result i32)))
  (import "env" "invoke_vii" (func $invoke_vii (param i32 i32 i32)))
  (import "env" "_emscripten_throw_longjmp" (func $_emscripten_throw_longjmp))
  (import "env" "emscripten_date_now" (func $emscripten_date_now (result f64)))
  (import "env" "_abort_js" (func $_abort_js))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (memory (export "memory") 256 32768)
  (table $__indirect_function_table (export "__indirect_function_table") 2 funcref)
  (elem (i32.const 1) $log_row)
  (global $__stack_pointer (mut i32) (i32.const 5247008))
  (global $__THREW__ (mut i32) (i32.const 0))
  (global $__threwValue (mut i32) (i32.const 0))
  (global $heap_end (mut i32) (i32.const 5247008))

  (data (i32.const 1024) "data/app.db\00")
  (data (i32.const 1040) "opened\n")

  (func $__wasm_call_ctors (export "__wasm_call_ctors"))

  (func $log_row (type $v_ii) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 2048) (local.get $ptr))
    (i32.store (i32.const 2052) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 2048) (i32.const 1) (i32.const 2056))))

  (func $malloc (export "malloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap_end))
    (global.set $heap_end (i32.add (local.get $p) (local.get $n)))
    (if (i32.gt_u (global.get $heap_end) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eqz (call $emscripten_resize_heap (global.get $heap_end)))
          (then (call $_abort_js)))))
    (local.get $p))
  (func $free (export "free") (param i32))

  (func $main (export "__main_argc_argv") (param $argc i32) (param $argv i32) (result i32)
    (local $fd i32)
    (drop (call $emscripten_date_now))
    ;; open("data/app.db", O_RDWR|O_CREAT) relative to AT_FDCWD (-100)
    (local.set $fd (call $__syscall_openat (i32.const -100) (i32.const 1024)
                         (i32.const 66) (i32.const 420)))
    (if (i32.lt_s (local.get $fd) (i32.const 0))
      (then (call $_emscripten_throw_longjmp)))
    (drop (call $__syscall_fcntl64 (local.get $fd) (i32.const 1) (i32.const 0)))
    (drop (call $__syscall_ioctl (i32.const 1) (i32.const 21523) (i32.const 3072)))
    ;; callback through the table, wrapped so a longjmp/throw can unwind it
    (global.set $__THREW__ (i32.const 0))
    (call $invoke_vii (i32.const 1) (i32.const 1040) (i32.const 7))
    (if (global.get $__THREW__) (then (return (i32.const 1))))
    (drop (call $fd_close (local.get $fd)))
    (i32.const 0))

  (func (export "setThrew") (param $threw i32) (param $value i32)
    (if (i32.eqz (global.get $__THREW__))
      (then
        (global.set $__threwValue (local.get $value))
        (global.set $__THREW__ (local.get $threw)))))
  (func (export "emscripten_stack_get_current") (result i32) (global.get $__stack_pointer))
  (func (export "_emscripten_stack_restore") (param i32) (global.set $__stack_pointer (local.get 0)))
  (func (export "_emscripten_stack_alloc") (param $n i32) (result i32)
    (global.set $__stack_pointer
      (i32.and (i32.sub (global.get $__stack_pointer) (local.get $n)) (i32.const -16)))
    (global.get $__stack_pointer))
)
