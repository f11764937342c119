;; acme-edge bin/main.wasm — the core-module shape of a Fastly Compute
;; program built from src/main.rs with the `fastly` crate for
;; wasm32-wasip1 (`fastly compute build`): a preview1 *command* (`_start`,
;; `memory`) whose WASI imports are the ones Rust std + the crate use, plus
;; Fastly's hostcall modules (fastly_abi, fastly_http_req, fastly_http_resp,
;; fastly_http_body).
;;
;; Modelled on: wasi-facts.md §D "Fastly Compute" (Viceroy links
;; wasmtime_wasi::p1 + the fastly_* witx modules) and the hostcall
;; signatures in Viceroy's wasm_abi/compute-at-edge-abi/compute-at-edge.witx
;; (witx lowering: every call returns a fastly_status i32, `expected` values
;; and tuple members come back through out-pointers, `string`/`list u8` are
;; (ptr, len)). No filesystem, socket or thread imports: clean on Fastly.
(module
  ;; ---- WASI preview1 (Rust std + fastly crate) ----
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  ;; ---- Fastly hostcalls ----
  (import "fastly_abi" "init" (func $abi_init (param i64) (result i32)))
  (import "fastly_http_req" "body_downstream_get"
    (func $req_body_downstream_get (param i32 i32) (result i32)))
  (import "fastly_http_req" "uri_get" (func $req_uri_get (param i32 i32 i32 i32) (result i32)))
  (import "fastly_http_req" "send" (func $req_send (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "fastly_http_resp" "new" (func $resp_new (param i32) (result i32)))
  (import "fastly_http_resp" "status_set" (func $resp_status_set (param i32 i32) (result i32)))
  (import "fastly_http_resp" "header_append"
    (func $resp_header_append (param i32 i32 i32 i32 i32) (result i32)))
  (import "fastly_http_resp" "send_downstream"
    (func $resp_send_downstream (param i32 i32 i32) (result i32)))
  (import "fastly_http_body" "new" (func $body_new (param i32) (result i32)))
  (import "fastly_http_body" "write" (func $body_write (param i32 i32 i32 i32 i32) (result i32)))

  (memory (export "memory") 17)

  ;; out-params at 0x100.., URI buffer at 0x1000 (8 KiB)
  (data (i32.const 0x200) "origin")                         ;; 6
  (data (i32.const 0x210) "/api/")                          ;; 5
  (data (i32.const 0x220) "cache-control")                  ;; 13
  (data (i32.const 0x230) "public, max-age=60")             ;; 18
  (data (i32.const 0x250) "content-type")                   ;; 12
  (data (i32.const 0x260) "text/plain; charset=utf-8")      ;; 25
  (data (i32.const 0x280) "Hello from acme-edge\n")         ;; 21
  (data (i32.const 0x2a0) "acme-edge: hostcall failed\n")   ;; 27

  (func $check (param $status i32)
    (if (local.get $status)
      (then
        (i32.store (i32.const 0x100) (i32.const 0x2a0))
        (i32.store (i32.const 0x104) (i32.const 27))
        (drop (call $fd_write (i32.const 2) (i32.const 0x100) (i32.const 1) (i32.const 0x108)))
        (call $proc_exit (i32.const 1)))))

  ;; does the URI (scheme://host/path) contain "/api/" right after the host?
  (func $is_api (param $uri i32) (param $len i32) (result i32)
    (local $i i32) (local $slashes i32)
    ;; skip "scheme://host"
    (block $found
      (loop $scan
        (br_if $found (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eq (i32.load8_u (i32.add (local.get $uri) (local.get $i))) (i32.const 47))
          (then
            (local.set $slashes (i32.add (local.get $slashes) (i32.const 1)))
            (br_if $found (i32.eq (local.get $slashes) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (if (i32.gt_u (i32.add (local.get $i) (i32.const 5)) (local.get $len))
      (then (return (i32.const 0))))
    (i32.and
      (i32.eq (i32.load (i32.add (local.get $uri) (local.get $i))) (i32.load (i32.const 0x210)))
      (i32.eq (i32.load8_u (i32.add (local.get $uri) (i32.add (local.get $i) (i32.const 4))))
              (i32.load8_u (i32.const 0x214)))))

  (func (export "_start")
    (local $req i32) (local $req_body i32) (local $resp i32) (local $body i32)
    (call $check (call $abi_init (i64.const 1)))
    ;; std's runtime init: environment + hash seed
    (drop (call $environ_sizes_get (i32.const 0x110) (i32.const 0x114)))
    (drop (call $random_get (i32.const 0x118) (i32.const 16)))
    (drop (call $clock_time_get (i32.const 1) (i64.const 1000) (i32.const 0x128)))

    (call $check (call $req_body_downstream_get (i32.const 0x130) (i32.const 0x134)))
    (local.set $req (i32.load (i32.const 0x130)))
    (local.set $req_body (i32.load (i32.const 0x134)))
    (call $check (call $req_uri_get (local.get $req) (i32.const 0x1000) (i32.const 8192)
                       (i32.const 0x138)))

    (if (call $is_api (i32.const 0x1000) (i32.load (i32.const 0x138)))
      (then
        ;; req.send("origin") and stream the backend response back
        (call $check (call $req_send (local.get $req) (local.get $req_body)
                           (i32.const 0x200) (i32.const 6) (i32.const 0x140) (i32.const 0x144)))
        (call $check (call $resp_send_downstream (i32.load (i32.const 0x140))
                           (i32.load (i32.const 0x144)) (i32.const 0)))
        (return)))

    (call $check (call $resp_new (i32.const 0x148)))
    (local.set $resp (i32.load (i32.const 0x148)))
    (call $check (call $resp_status_set (local.get $resp) (i32.const 200)))
    (call $check (call $resp_header_append (local.get $resp)
                       (i32.const 0x220) (i32.const 13) (i32.const 0x230) (i32.const 18)))
    (call $check (call $resp_header_append (local.get $resp)
                       (i32.const 0x250) (i32.const 12) (i32.const 0x260) (i32.const 25)))
    (call $check (call $body_new (i32.const 0x14c)))
    (local.set $body (i32.load (i32.const 0x14c)))
    ;; body_write_end::back = 0
    (call $check (call $body_write (local.get $body) (i32.const 0x280) (i32.const 21)
                       (i32.const 0) (i32.const 0x150)))
    (call $check (call $resp_send_downstream (local.get $resp) (local.get $body) (i32.const 0))))
)
