;; wasmedge-server.wat — an HTTP server built for WasmEdge with the
;; `wasmedge_wasi_socket` crate (what tokio_wasi / hyper_wasi servers link):
;; it *creates* and *binds* its own listening socket through WasmEdge's socket
;; extension, which registers extra functions inside the standard module name
;; `wasi_snapshot_preview1`.
;;
;; Modelled on: wasi-facts.md §A.6 (WasmEdge/WasmEdge lib/host/wasi/wasimodule.cpp:
;; sock_open, sock_bind, sock_listen, sock_getaddrinfo, sock_setsockopt, ...)
;; with the core signatures of lib/host/wasi/wasifunc.cpp. Note WasmEdge's
;; sock_accept takes (fd, fd_out) — two parameters — while the standard
;; preview1 sock_accept is (fd, flags, fd_out).
;;
;; Runs only on WasmEdge: any other P1 host fails at link time (unknown
;; import wasi_snapshot_preview1.sock_open ...), and even hosts that know
;; sock_accept would reject the 2-parameter signature.
(module
  (import "wasi_snapshot_preview1" "sock_getaddrinfo"
    (func $sock_getaddrinfo (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_open"
    (func $sock_open (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_setsockopt"
    (func $sock_setsockopt (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_bind"
    (func $sock_bind (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_listen"
    (func $sock_listen (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept"
    (func $sock_accept (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send"
    (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (memory (export "memory") 2)

  (data (i32.const 0x100) "0.0.0.0")        ;; node, 7
  (data (i32.const 0x108) "8080")           ;; service, 4
  (data (i32.const 0x120) "\00\00\00\00")   ;; 0.0.0.0 as 4 address bytes
  (data (i32.const 0x140) "HTTP/1.1 200 OK\r\ncontent-length: 6\r\n\r\nhello\n") ;; 43
  (data (i32.const 0x180) "listening on 0.0.0.0:8080\n")  ;; 26

  (func (export "_start")
    (local $listener i32) (local $conn i32)
    ;; getaddrinfo("0.0.0.0", "8080", hints=0x200, res=0x240, max=1, &len=0x248)
    (drop (call $sock_getaddrinfo (i32.const 0x100) (i32.const 7) (i32.const 0x108) (i32.const 4)
                (i32.const 0x200) (i32.const 0x240) (i32.const 1) (i32.const 0x248)))
    ;; socket(AF_INET=0 in WasmEdge's enum, SOCK_STREAM=1)
    (if (call $sock_open (i32.const 0) (i32.const 1) (i32.const 0x300))
      (then (call $proc_exit (i32.const 1))))
    (local.set $listener (i32.load (i32.const 0x300)))
    ;; SO_REUSEADDR
    (i32.store (i32.const 0x304) (i32.const 1))
    (drop (call $sock_setsockopt (local.get $listener) (i32.const 0) (i32.const 2)
                (i32.const 0x304) (i32.const 4)))
    ;; __wasi_address_t { buf = 0x120, buf_len = 4 } at 0x310
    (i32.store (i32.const 0x310) (i32.const 0x120))
    (i32.store (i32.const 0x314) (i32.const 4))
    (if (call $sock_bind (local.get $listener) (i32.const 0x310) (i32.const 8080))
      (then (call $proc_exit (i32.const 2))))
    (if (call $sock_listen (local.get $listener) (i32.const 128))
      (then (call $proc_exit (i32.const 3))))
    (i32.store (i32.const 0x320) (i32.const 0x180))
    (i32.store (i32.const 0x324) (i32.const 26))
    (drop (call $fd_write (i32.const 1) (i32.const 0x320) (i32.const 1) (i32.const 0x328)))
    (loop $serve
      (if (i32.eqz (call $sock_accept (local.get $listener) (i32.const 0x330)))
        (then
          (local.set $conn (i32.load (i32.const 0x330)))
          (i32.store (i32.const 0x340) (i32.const 0x1000))
          (i32.store (i32.const 0x344) (i32.const 4096))
          (drop (call $sock_recv (local.get $conn) (i32.const 0x340) (i32.const 1)
                      (i32.const 0) (i32.const 0x348) (i32.const 0x34c)))
          (i32.store (i32.const 0x350) (i32.const 0x140))
          (i32.store (i32.const 0x354) (i32.const 43))
          (drop (call $sock_send (local.get $conn) (i32.const 0x350) (i32.const 1)
                      (i32.const 0) (i32.const 0x358)))
          (drop (call $fd_close (local.get $conn)))))
      (br $serve)))
)
