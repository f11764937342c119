;; go-js.wat — the import/export shape of `GOOS=js GOARCH=wasm go build`
;; (Go >= 1.21): every runtime/syscall hook is imported from module `gojs`
;; with a single i32 parameter (the Go stack pointer; wasm_exec.js reads the
;; real arguments from linear memory), and the module exports `mem`, `run`,
;; `resume`, `getsp` (not `memory`/`_start`).
;;
;; Modelled on: wasi-facts.md §F "Go js/wasm" (golang misc/wasm/wasm_exec.js
;; importObject `gojs: {...}`: runtime.wasmExit, runtime.wasmWrite,
;; runtime.resetMemoryDataView, runtime.nanotime1, runtime.walltime,
;; runtime.scheduleTimeoutEvent, runtime.clearTimeoutEvent,
;; runtime.getRandomData, syscall/js.*, debug); toolchains.md §4 esbuild-wasm
;; ships such a module (gojs×22). Older Go (<1.21) used module `go`.
;; Only runs under wasm_exec.js in a JS engine. The WASI build of the same
;; program is `GOOS=wasip1` (wasi_snapshot_preview1 imports only).
(module
  (import "gojs" "runtime.wasmExit" (func $wasmExit (param i32)))
  (import "gojs" "runtime.wasmWrite" (func $wasmWrite (param i32)))
  (import "gojs" "runtime.resetMemoryDataView" (func $resetMemoryDataView (param i32)))
  (import "gojs" "runtime.nanotime1" (func $nanotime1 (param i32)))
  (import "gojs" "runtime.walltime" (func $walltime (param i32)))
  (import "gojs" "runtime.scheduleTimeoutEvent" (func $scheduleTimeoutEvent (param i32)))
  (import "gojs" "runtime.clearTimeoutEvent" (func $clearTimeoutEvent (param i32)))
  (import "gojs" "runtime.getRandomData" (func $getRandomData (param i32)))
  (import "gojs" "syscall/js.finalizeRef" (func $finalizeRef (param i32)))
  (import "gojs" "syscall/js.stringVal" (func $stringVal (param i32)))
  (import "gojs" "syscall/js.valueGet" (func $valueGet (param i32)))
  (import "gojs" "syscall/js.valueSet" (func $valueSet (param i32)))
  (import "gojs" "syscall/js.valueCall" (func $valueCall (param i32)))
  (import "gojs" "syscall/js.valueNew" (func $valueNew (param i32)))
  (import "gojs" "syscall/js.valueLength" (func $valueLength (param i32)))
  (import "gojs" "syscall/js.valuePrepareString" (func $valuePrepareString (param i32)))
  (import "gojs" "syscall/js.valueLoadString" (func $valueLoadString (param i32)))
  (import "gojs" "syscall/js.copyBytesToJS" (func $copyBytesToJS (param i32)))
  (import "gojs" "debug" (func $debug (param i32)))

  (memory (export "mem") 272)
  (global $sp (mut i32) (i32.const 69632))

  (func (export "getsp") (result i32) (global.get $sp))

  ;; run(argc, argv): the scheduler loop, heavily abridged
  (func (export "run") (param $argc i32) (param $argv i32)
    (call $resetMemoryDataView (global.get $sp))
    (call $nanotime1 (global.get $sp))
    (call $getRandomData (global.get $sp))
    ;; js.Global().Get("document").Call("getElementById", "app") ...
    (call $valueGet (global.get $sp))
    (call $valueCall (global.get $sp))
    (call $wasmWrite (global.get $sp))
    (call $scheduleTimeoutEvent (global.get $sp)))

  ;; resume(): called by wasm_exec.js when a timer or JS callback fires
  (func (export "resume")
    (call $clearTimeoutEvent (global.get $sp))
    (call $walltime (global.get $sp))
    (call $wasmExit (global.get $sp)))
)
