;; p1-sockets-signals.wat — a preview1 "accept loop" server in the shape an
;; older wasi-sdk (wasi-libc before 2022-03, which still had raise() ->
;; proc_raise) emits for a C program using accept()/recv()/send() on a
;; host-preopened listening socket (fd 3, e.g. `wasmtime run --tcplisten`),
;; logging requests to a file and removing a stale pid file.
;;
;; Modelled on: wasi-facts.md §A.2 (#32 path_open, #37 path_unlink_file,
;; #40 proc_raise, #43-45 sock_accept/sock_recv/sock_send with their core
;; signatures from wasi-libc `__wasilibc_real.c`; proc_raise (i32)->i32 from
;; the witx) and the notes under it: the P1->P2 adapter traps on sock_* and
;; proc_raise; P1 has no socket creation; wasmtime's --tcplisten went away
;; with wasi-common in 47.
(module
  (import "wasi_snapshot_preview1" "sock_accept"
    (func $sock_accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv"
    (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send"
    (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_raise"
    (func $proc_raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file"
    (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))

  (memory (export "memory") 2)

  ;; 0x100 log file name, 0x120 pid file name, 0x140 response,
  ;; 0x400 iovecs / out-params, 0x1000 receive buffer (4 KiB)
  (data (i32.const 0x100) "access.log")                       ;; 10
  (data (i32.const 0x120) "server.pid")                       ;; 10
  (data (i32.const 0x140) "HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nok\n")  ;; 41

  (func (export "_start")
    (local $log i32) (local $conn i32) (local $n i32)
    ;; unlink("server.pid") relative to the first preopen (fd 4 after the socket)
    (drop (call $path_unlink_file (i32.const 4) (i32.const 0x120) (i32.const 10)))
    ;; open("access.log", O_WRONLY|O_CREAT|O_APPEND)
    ;;   oflags=creat(1), rights=fd_write(1<<6), fdflags=append(1)
    (if (call $path_open (i32.const 4) (i32.const 1) (i32.const 0x100) (i32.const 10)
              (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 1) (i32.const 0x400))
      (then
        ;; raise(SIGABRT) — SIGABRT is 6 in the wasi signal enum
        (drop (call $proc_raise (i32.const 6)))
        (call $proc_exit (i32.const 70))))
    (local.set $log (i32.load (i32.const 0x400)))
    (loop $accept
      ;; accept on the preopened listening socket, fd 3
      (if (i32.eqz (call $sock_accept (i32.const 3) (i32.const 0) (i32.const 0x404)))
        (then
          (local.set $conn (i32.load (i32.const 0x404)))
          ;; recv into a 4 KiB buffer: iovec {0x1000, 4096}
          (i32.store (i32.const 0x410) (i32.const 0x1000))
          (i32.store (i32.const 0x414) (i32.const 4096))
          (drop (call $sock_recv (local.get $conn) (i32.const 0x410) (i32.const 1)
                      (i32.const 0) (i32.const 0x408) (i32.const 0x40c)))
          (local.set $n (i32.load (i32.const 0x408)))
          ;; append the request head to the access log
          (i32.store (i32.const 0x418) (i32.const 0x1000))
          (i32.store (i32.const 0x41c) (local.get $n))
          (drop (call $fd_write (local.get $log) (i32.const 0x418) (i32.const 1) (i32.const 0x420)))
          ;; answer
          (i32.store (i32.const 0x418) (i32.const 0x140))
          (i32.store (i32.const 0x41c) (i32.const 41))
          (drop (call $sock_send (local.get $conn) (i32.const 0x418) (i32.const 1)
                      (i32.const 0) (i32.const 0x420)))))
      (br $accept)))
)
