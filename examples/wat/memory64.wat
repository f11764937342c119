;; memory64.wat — a module with a 64-bit linear memory (memory64 proposal),
;; as emitted by `clang --target=wasm64-unknown-unknown` (or Emscripten
;; -sMEMORY64): the memory type carries limits flag 0x04 and i64 addresses.
;;
;; Modelled on: wasi-facts.md §A.5 / §C.5 (limits flag bits: 0x01 has-max,
;; 0x02 shared, 0x04 memory64 -> min/max read as u64); toolchains.md §5 notes
;; @webassemblyjs/wasm-parser cannot decode it. There is no wasm64 WASI
;; target in production; no edge host listed in §D enables memory64.
(module
  (import "env" "host_log" (func $host_log (param i64 i64)))
  (memory (export "memory") i64 2 65536)
  (data (i64.const 1024) "checksum done")
  ;; sum `len` bytes starting at `ptr` (both 64-bit)
  (func (export "checksum") (param $ptr i64) (param $len i64) (result i64)
    (local $sum i64) (local $end i64)
    (local.set $end (i64.add (local.get $ptr) (local.get $len)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $ptr) (local.get $end)))
        (local.set $sum (i64.add (local.get $sum) (i64.load8_u (local.get $ptr))))
        (local.set $ptr (i64.add (local.get $ptr) (i64.const 1)))
        (br $next)))
    (call $host_log (i64.const 1024) (i64.const 13))
    (local.get $sum))
  (func (export "grow") (param $pages i64) (result i64)
    (memory.grow (local.get $pages)))
)
