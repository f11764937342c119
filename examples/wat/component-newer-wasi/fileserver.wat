;; fileserver.wat — core module of component-newer-wasi.component.wasm.
;;
;; A tiny static HTTP server targeting WASI 0.2.12, in the legacy
;; canonical-ABI naming that wit-bindgen / wasi-libc (wasm32-wasip2) emit:
;;   * wasi:cli/exit@0.2.12 `exit-with-code` (stable only since 0.2.12; an
;;     @unstable feature in 0.2.1-0.2.11 and absent in 0.2.0, wasi-facts.md §B.1)
;;   * wasi:filesystem/types@0.2.12 `[method]descriptor.open-at` (create +
;;     write flags) and `[method]descriptor.write-via-stream` — writes a file
;;   * wasi:filesystem/preopens@0.2.12 `get-directories`
;;   * wasi:sockets/tcp@0.2.12 `start-bind`/`start-listen`/`accept` — a
;;     *listening* server socket (§B.5), which Spin (TcpBind => false) and
;;     wasmCloud components ("never listens") refuse.
;; Exports wasi:cli/run@0.2.12#run, cabi_realloc, memory.
(module
  (import "wasi:cli/exit@0.2.12" "exit-with-code" (func $exit-with-code (param i32)))
  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get-stdout (result i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush"
    (func $blocking-write-and-flush (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $output-stream.drop (param i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]input-stream" (func $input-stream.drop (param i32)))
  (import "wasi:io/poll@0.2.12" "[method]pollable.block" (func $pollable.block (param i32)))
  (import "wasi:io/poll@0.2.12" "[resource-drop]pollable" (func $pollable.drop (param i32)))
  (import "wasi:filesystem/preopens@0.2.12" "get-directories" (func $get-directories (param i32)))
  (import "wasi:filesystem/types@0.2.12" "[method]descriptor.open-at"
    (func $descriptor.open-at (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:filesystem/types@0.2.12" "[method]descriptor.write-via-stream"
    (func $descriptor.write-via-stream (param i32 i64 i32)))
  (import "wasi:filesystem/types@0.2.12" "[resource-drop]descriptor" (func $descriptor.drop (param i32)))
  (import "wasi:sockets/instance-network@0.2.12" "instance-network" (func $instance-network (result i32)))
  (import "wasi:sockets/tcp-create-socket@0.2.12" "create-tcp-socket"
    (func $create-tcp-socket (param i32 i32)))
  (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.start-bind"
    (func $tcp.start-bind (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.finish-bind" (func $tcp.finish-bind (param i32 i32)))
  (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.start-listen" (func $tcp.start-listen (param i32 i32)))
  (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.finish-listen" (func $tcp.finish-listen (param i32 i32)))
  (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.accept" (func $tcp.accept (param i32 i32)))
  (import "wasi:sockets/tcp@0.2.12" "[method]tcp-socket.subscribe" (func $tcp.subscribe (param i32) (result i32)))
  (import "wasi:sockets/tcp@0.2.12" "[resource-drop]tcp-socket" (func $tcp.drop (param i32)))

  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 16384))
  (global $RET i32 (i32.const 1024))

  (data (i32.const 2048) "access.log")                                   ;; 10
  (data (i32.const 2064) "fileserver listening on 0.0.0.0:8080\n")       ;; 37
  (data (i32.const 2112) "GET 200\n")                                    ;; 8
  (data (i32.const 2128) "HTTP/1.0 200 OK\r\ncontent-length: 3\r\n\r\nok\n") ;; 41

  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $new_size)))
    (local.get $p))

  (func $fail (param $code i32)
    (call $exit-with-code (local.get $code))
    (unreachable))

  ;; result<_, error-code>: discriminant byte at RET; retry while would-block
  (func $wait_ok (param $sock i32) (param $finish i32)
    (local $p i32)
    (loop $again
      (if (local.get $finish)
        (then (call $tcp.finish-listen (local.get $sock) (global.get $RET)))
        (else (call $tcp.finish-bind (local.get $sock) (global.get $RET))))
      (if (i32.load8_u (global.get $RET))
        (then
          ;; error-code::would-block is case 8
          (if (i32.ne (i32.load8_u offset=1 (global.get $RET)) (i32.const 8))
            (then (call $fail (i32.const 3))))
          (local.set $p (call $tcp.subscribe (local.get $sock)))
          (call $pollable.block (local.get $p))
          (call $pollable.drop (local.get $p))
          (br $again)))))

  (func (export "wasi:cli/run@0.2.12#run") (result i32)
    (local $stdout i32) (local $root i32) (local $log_fd i32) (local $log i32)
    (local $net i32) (local $sock i32) (local $conn i32) (local $in i32) (local $out i32)
    (local $p i32)
    (local.set $stdout (call $get-stdout))

    ;; first preopened directory
    (call $get-directories (global.get $RET))
    (if (i32.eqz (i32.load offset=4 (global.get $RET))) (then (call $fail (i32.const 2))))
    (local.set $root (i32.load (i32.load (global.get $RET))))

    ;; open-at(root, symlink-follow, "access.log", create, write|mutate-directory)
    (call $descriptor.open-at (local.get $root) (i32.const 1) (i32.const 2048) (i32.const 10)
          (i32.const 1) (i32.const 34) (global.get $RET))
    (if (i32.load8_u (global.get $RET)) (then (call $fail (i32.const 4))))
    (local.set $log_fd (i32.load offset=4 (global.get $RET)))
    (call $descriptor.write-via-stream (local.get $log_fd) (i64.const 0) (global.get $RET))
    (if (i32.load8_u (global.get $RET)) (then (call $fail (i32.const 4))))
    (local.set $log (i32.load offset=4 (global.get $RET)))

    ;; socket(AF_INET) / bind(0.0.0.0:8080) / listen()
    (local.set $net (call $instance-network))
    (call $create-tcp-socket (i32.const 0) (global.get $RET))
    (if (i32.load8_u (global.get $RET)) (then (call $fail (i32.const 3))))
    (local.set $sock (i32.load offset=4 (global.get $RET)))
    (call $tcp.start-bind (local.get $sock) (local.get $net)
          (i32.const 0) (i32.const 8080) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
          (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
          (global.get $RET))
    (if (i32.load8_u (global.get $RET)) (then (call $fail (i32.const 3))))
    (call $wait_ok (local.get $sock) (i32.const 0))
    (call $tcp.start-listen (local.get $sock) (global.get $RET))
    (if (i32.load8_u (global.get $RET)) (then (call $fail (i32.const 3))))
    (call $wait_ok (local.get $sock) (i32.const 1))
    (call $blocking-write-and-flush (local.get $stdout) (i32.const 2064) (i32.const 37) (global.get $RET))

    (loop $serve
      (call $tcp.accept (local.get $sock) (global.get $RET))
      (if (i32.load8_u (global.get $RET))
        (then
          (local.set $p (call $tcp.subscribe (local.get $sock)))
          (call $pollable.block (local.get $p))
          (call $pollable.drop (local.get $p)))
        (else
          (local.set $conn (i32.load offset=4 (global.get $RET)))
          (local.set $in (i32.load offset=8 (global.get $RET)))
          (local.set $out (i32.load offset=12 (global.get $RET)))
          (call $blocking-write-and-flush (local.get $out) (i32.const 2128) (i32.const 41) (global.get $RET))
          (call $blocking-write-and-flush (local.get $log) (i32.const 2112) (i32.const 8) (global.get $RET))
          (call $input-stream.drop (local.get $in))
          (call $output-stream.drop (local.get $out))
          (call $tcp.drop (local.get $conn))))
      (br $serve))
    (i32.const 0))
)
