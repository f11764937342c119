;; acme-api: the HTTP API component of the spin-app example.
;;
;; This is the *core module* half of a wasi:http/proxy@0.2.0 guest, written by
;; hand in the shape `wit-bindgen` (Rust, C) emits with the legacy
;; canonical-ABI name mangling:
;;   * imports: module = WIT interface ("wasi:http/types@0.2.0"),
;;     field = function ("[method]outgoing-response.body",
;;     "[static]response-outparam.set", "[resource-drop]output-stream", ...)
;;   * export "wasi:http/incoming-handler@0.2.0#handle", "cabi_realloc", "memory"
;; build-binaries.sh turns it into a component with
;;   wasm-tools component embed --world api wit/ api.core.wasm
;;   wasm-tools component new   api.embedded.wasm -o api.wasm
;; (jco's bundled wasm-tools; see examples/tools/wasm-tools.mjs).
;;
;; Behaviour (it really answers; tested with `jco serve`):
;;   GET /api/warm-cache  -> outbound GET https://origin.example.com/healthz,
;;                           200 "origin answered <status>" or 502
;;   GET /api/<anything>  -> 200 "hello from acme-api\npath: <path>"
;; Every response carries content-type and a random x-request-id header, and
;; a log line "<METHOD> <path> -> <status> <n>us" goes to stdout.
;;
;; Host requirements (all inside the wasi:http/proxy world): wasi:http/types,
;; wasi:http/outgoing-handler, wasi:io/streams, wasi:io/poll,
;; wasi:clocks/monotonic-clock, wasi:random/random, wasi:cli/stdout.
(module
  ;; ---- wasi:http/types@0.2.0 -------------------------------------------
  (import "wasi:http/types@0.2.0" "[constructor]fields"
    (func $fields.new (result i32)))
  (import "wasi:http/types@0.2.0" "[method]fields.append"
    (func $fields.append (param i32 i32 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.0" "[method]incoming-request.method"
    (func $incoming-request.method (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[method]incoming-request.path-with-query"
    (func $incoming-request.path-with-query (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[resource-drop]incoming-request"
    (func $incoming-request.drop (param i32)))
  (import "wasi:http/types@0.2.0" "[constructor]outgoing-response"
    (func $outgoing-response.new (param i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[method]outgoing-response.set-status-code"
    (func $outgoing-response.set-status-code (param i32 i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[method]outgoing-response.body"
    (func $outgoing-response.body (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[method]outgoing-body.write"
    (func $outgoing-body.write (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[static]outgoing-body.finish"
    (func $outgoing-body.finish (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.0" "[static]response-outparam.set"
    (func $response-outparam.set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.0" "[constructor]outgoing-request"
    (func $outgoing-request.new (param i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[method]outgoing-request.set-scheme"
    (func $outgoing-request.set-scheme (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[method]outgoing-request.set-authority"
    (func $outgoing-request.set-authority (param i32 i32 i32 i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[method]outgoing-request.set-path-with-query"
    (func $outgoing-request.set-path-with-query (param i32 i32 i32 i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[method]future-incoming-response.subscribe"
    (func $future-incoming-response.subscribe (param i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[method]future-incoming-response.get"
    (func $future-incoming-response.get (param i32 i32)))
  (import "wasi:http/types@0.2.0" "[resource-drop]future-incoming-response"
    (func $future-incoming-response.drop (param i32)))
  (import "wasi:http/types@0.2.0" "[method]incoming-response.status"
    (func $incoming-response.status (param i32) (result i32)))
  (import "wasi:http/types@0.2.0" "[resource-drop]incoming-response"
    (func $incoming-response.drop (param i32)))
  ;; ---- wasi:http/outgoing-handler@0.2.0 --------------------------------
  (import "wasi:http/outgoing-handler@0.2.0" "handle"
    (func $outgoing-handler.handle (param i32 i32 i32 i32)))
  ;; ---- wasi:io -----------------------------------------------------------
  (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush"
    (func $output-stream.blocking-write-and-flush (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.0" "[resource-drop]output-stream"
    (func $output-stream.drop (param i32)))
  (import "wasi:io/poll@0.2.0" "[method]pollable.block"
    (func $pollable.block (param i32)))
  (import "wasi:io/poll@0.2.0" "[resource-drop]pollable"
    (func $pollable.drop (param i32)))
  ;; ---- clocks, random, stdout ------------------------------------------
  (import "wasi:clocks/monotonic-clock@0.2.0" "now"
    (func $monotonic-clock.now (result i64)))
  (import "wasi:random/random@0.2.0" "get-random-u64"
    (func $random.get-random-u64 (result i64)))
  (import "wasi:cli/stdout@0.2.0" "get-stdout"
    (func $stdout.get-stdout (result i32)))

  (memory (export "memory") 2)

  ;; ---- static data (offset: length) --------------------------------------
  (data (i32.const 1024) "content-type")                 ;; 12
  (data (i32.const 1040) "text/plain; charset=utf-8")    ;; 25
  (data (i32.const 1072) "x-request-id")                 ;; 12
  (data (i32.const 1088) "/api/warm-cache")              ;; 15
  (data (i32.const 1104) "origin.example.com")           ;; 18
  (data (i32.const 1128) "/healthz")                     ;; 8
  (data (i32.const 1136) "hello from acme-api\n")        ;; 20
  (data (i32.const 1160) "path: ")                       ;; 6
  (data (i32.const 1168) "origin answered ")             ;; 16
  (data (i32.const 1184) "origin unreachable\n")         ;; 19
  (data (i32.const 1208) " -> ")                         ;; 4
  (data (i32.const 1216) "us\n")                         ;; 3
  (data (i32.const 1220) "0123456789abcdef")             ;; 16
  (data (i32.const 1240) "GET HEADPOSTPUT DELETE  CONNECTOPTIONSTRACE   PATCH")
  ;; method name table: (offset, length) per wasi:http `method` case
  (data (i32.const 1296)
    "\d8\04\00\00\03\00\00\00"   ;; get     1240,3
    "\dc\04\00\00\04\00\00\00"   ;; head    1244,4
    "\e0\04\00\00\04\00\00\00"   ;; post    1248,4
    "\e4\04\00\00\03\00\00\00"   ;; put     1252,3
    "\e8\04\00\00\06\00\00\00"   ;; delete  1256,6
    "\f0\04\00\00\07\00\00\00"   ;; connect 1264,7
    "\f7\04\00\00\07\00\00\00"   ;; options 1271,7
    "\fe\04\00\00\05\00\00\00"   ;; trace   1278,5
    "\06\05\00\00\05\00\00\00")  ;; patch   1286,5

  ;; scratch areas
  (global $RET i32 (i32.const 2048))     ;; canonical-ABI return area (8-aligned)
  (global $OUT i32 (i32.const 4096))     ;; response body buffer (4 KiB)
  (global $LOG i32 (i32.const 8192))     ;; log line buffer (4 KiB)
  (global $HEAP_BASE i32 (i32.const 16384))
  (global $heap (mut i32) (i32.const 16384))
  (global $cur (mut i32) (i32.const 0))  ;; write cursor of the current buffer

  ;; ---- allocator: bump, reset at the start of every request ---------------
  (func $alloc (param $size i32) (param $align i32) (result i32)
    (local $p i32)
    (local.set $p
      (i32.and
        (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $p) (local.get $size)))
    (if (i32.gt_u (global.get $heap)
                  (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
          (then unreachable))))
    (local.get $p))

  (func $memcpy (param $dst i32) (param $src i32) (param $n i32)
    (block $done
      (loop $copy
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $copy))))

  (func (export "cabi_realloc")
        (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32)
        (result i32)
    (local $p i32)
    (local.set $p (call $alloc (local.get $new_size) (local.get $align)))
    (if (local.get $old)
      (then (call $memcpy (local.get $p) (local.get $old)
                  (select (local.get $old_size) (local.get $new_size)
                          (i32.lt_u (local.get $old_size) (local.get $new_size))))))
    (local.get $p))

  ;; ---- tiny string builder -------------------------------------------------
  (func $put (param $ptr i32) (param $len i32)
    (call $memcpy (global.get $cur) (local.get $ptr) (local.get $len))
    (global.set $cur (i32.add (global.get $cur) (local.get $len))))

  (func $put_byte (param $b i32)
    (i32.store8 (global.get $cur) (local.get $b))
    (global.set $cur (i32.add (global.get $cur) (i32.const 1))))

  (func $put_dec (param $v i64)
    (local $tmp i32) (local $n i32)
    ;; digits reversed into a 24-byte scratch area at RET+32
    (local.set $tmp (i32.add (global.get $RET) (i32.const 32)))
    (loop $digits
      (i32.store8 (i32.add (local.get $tmp) (local.get $n))
        (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $v) (i64.const 10)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $v) (i64.const 0))))
    (loop $emit
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (call $put_byte (i32.load8_u (i32.add (local.get $tmp) (local.get $n))))
      (br_if $emit (local.get $n))))

  (func $put_hex64 (param $v i64)
    (local $i i32)
    (local.set $i (i32.const 60))
    (loop $nibbles
      (call $put_byte
        (i32.load8_u
          (i32.add (i32.const 1220)
            (i32.wrap_i64 (i64.and (i64.shr_u (local.get $v) (i64.extend_i32_u (local.get $i)))
                                   (i64.const 15))))))
      (local.set $i (i32.sub (local.get $i) (i32.const 4)))
      (br_if $nibbles (i32.ge_s (local.get $i) (i32.const 0)))))

  (func $starts_with (param $s i32) (param $slen i32) (param $p i32) (param $plen i32)
        (result i32)
    (local $i i32)
    (if (i32.lt_u (local.get $slen) (local.get $plen)) (then (return (i32.const 0))))
    (block $done
      (loop $cmp
        (br_if $done (i32.ge_u (local.get $i) (local.get $plen)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $s) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $p) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $cmp)))
    (i32.const 1))

  ;; write [ptr, ptr+len) to an output-stream, ignoring stream errors
  (func $write_all (param $stream i32) (param $ptr i32) (param $len i32)
    (call $output-stream.blocking-write-and-flush
      (local.get $stream) (local.get $ptr) (local.get $len) (global.get $RET)))

  ;; ---- outbound call: GET https://origin.example.com/healthz --------------
  ;; returns the upstream status code, or 0 when the request failed
  (func $probe_origin (result i32)
    (local $req i32) (local $future i32) (local $pollable i32) (local $resp i32)
    (local $status i32)
    (local.set $req (call $outgoing-request.new (call $fields.new)))
    ;; Some(scheme::HTTPS)
    (drop (call $outgoing-request.set-scheme (local.get $req)
                (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 0)))
    (drop (call $outgoing-request.set-authority (local.get $req)
                (i32.const 1) (i32.const 1104) (i32.const 18)))
    (drop (call $outgoing-request.set-path-with-query (local.get $req)
                (i32.const 1) (i32.const 1128) (i32.const 8)))
    ;; handle(request, options: none) -> result<future-incoming-response, error-code>
    (call $outgoing-handler.handle (local.get $req) (i32.const 0) (i32.const 0)
          (global.get $RET))
    (if (i32.load8_u (global.get $RET)) (then (return (i32.const 0))))
    (local.set $future (i32.load offset=8 (global.get $RET)))
    (local.set $pollable (call $future-incoming-response.subscribe (local.get $future)))
    (call $pollable.block (local.get $pollable))
    (call $pollable.drop (local.get $pollable))
    ;; get -> option<result<result<incoming-response, error-code>>>
    ;;        disc @0, outer result @8, inner result @16, handle @24
    (call $future-incoming-response.get (local.get $future) (global.get $RET))
    (if (i32.and
          (i32.eq (i32.load8_u (global.get $RET)) (i32.const 1))
          (i32.and
            (i32.eqz (i32.load8_u offset=8 (global.get $RET)))
            (i32.eqz (i32.load8_u offset=16 (global.get $RET)))))
      (then
        (local.set $resp (i32.load offset=24 (global.get $RET)))
        (local.set $status (call $incoming-response.status (local.get $resp)))
        (call $incoming-response.drop (local.get $resp))))
    (call $future-incoming-response.drop (local.get $future))
    (local.get $status))

  ;; ---- wasi:http/incoming-handler@0.2.0#handle ------------------------------
  (func (export "wasi:http/incoming-handler@0.2.0#handle")
        (param $request i32) (param $response_out i32)
    (local $t0 i64) (local $path i32) (local $path_len i32)
    (local $method_ptr i32) (local $method_len i32) (local $m i32)
    (local $headers i32) (local $response i32) (local $body i32) (local $stream i32)
    (local $status i32) (local $upstream i32) (local $body_len i32) (local $stdout i32)

    (global.set $heap (global.get $HEAP_BASE))
    (local.set $t0 (call $monotonic-clock.now))

    ;; method (for the access log)
    (call $incoming-request.method (local.get $request) (global.get $RET))
    (local.set $m (i32.load8_u (global.get $RET)))
    (if (i32.lt_u (local.get $m) (i32.const 9))
      (then
        (local.set $method_ptr (i32.load (i32.add (i32.const 1296) (i32.shl (local.get $m) (i32.const 3)))))
        (local.set $method_len (i32.load offset=4 (i32.add (i32.const 1296) (i32.shl (local.get $m) (i32.const 3))))))
      (else ;; method::other(string)
        (local.set $method_ptr (i32.load offset=4 (global.get $RET)))
        (local.set $method_len (i32.load offset=8 (global.get $RET)))))

    ;; path-with-query: option<string>
    (call $incoming-request.path-with-query (local.get $request) (global.get $RET))
    (if (i32.load8_u (global.get $RET))
      (then
        (local.set $path (i32.load offset=4 (global.get $RET)))
        (local.set $path_len (i32.load offset=8 (global.get $RET))))
      (else
        (local.set $path (i32.const 1088))   ;; any non-null pointer
        (local.set $path_len (i32.const 0))))
    (call $incoming-request.drop (local.get $request))

    ;; build the body into OUT
    (global.set $cur (global.get $OUT))
    (local.set $status (i32.const 200))
    (if (call $starts_with (local.get $path) (local.get $path_len) (i32.const 1088) (i32.const 15))
      (then
        (local.set $upstream (call $probe_origin))
        (if (local.get $upstream)
          (then
            (call $put (i32.const 1168) (i32.const 16))
            (call $put_dec (i64.extend_i32_u (local.get $upstream)))
            (call $put_byte (i32.const 10)))
          (else
            (local.set $status (i32.const 502))
            (call $put (i32.const 1184) (i32.const 19)))))
      (else
        (call $put (i32.const 1136) (i32.const 20))
        (call $put (i32.const 1160) (i32.const 6))
        (call $put (local.get $path) (local.get $path_len))
        (call $put_byte (i32.const 10))))
    (local.set $body_len (i32.sub (global.get $cur) (global.get $OUT)))

    ;; headers: content-type + x-request-id (16 hex digits of wasi:random)
    (local.set $headers (call $fields.new))
    (call $fields.append (local.get $headers)
          (i32.const 1024) (i32.const 12) (i32.const 1040) (i32.const 25) (global.get $RET))
    (global.set $cur (global.get $LOG))
    (call $put_hex64 (call $random.get-random-u64))
    (call $fields.append (local.get $headers)
          (i32.const 1072) (i32.const 12) (global.get $LOG) (i32.const 16) (global.get $RET))

    ;; response + body, hand the response to the host, then stream the body
    (local.set $response (call $outgoing-response.new (local.get $headers)))
    (drop (call $outgoing-response.set-status-code (local.get $response) (local.get $status)))
    (call $outgoing-response.body (local.get $response) (global.get $RET))
    (local.set $body (i32.load offset=4 (global.get $RET)))
    (call $response-outparam.set (local.get $response_out)
          (i32.const 0) (local.get $response) (i32.const 0) (i64.const 0)
          (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
    (call $outgoing-body.write (local.get $body) (global.get $RET))
    (local.set $stream (i32.load offset=4 (global.get $RET)))
    (call $write_all (local.get $stream) (global.get $OUT) (local.get $body_len))
    (call $output-stream.drop (local.get $stream))
    (call $outgoing-body.finish (local.get $body) (i32.const 0) (i32.const 0) (global.get $RET))

    ;; access log: "<METHOD> <path> -> <status> <elapsed>us"
    (global.set $cur (global.get $LOG))
    (call $put (local.get $method_ptr) (local.get $method_len))
    (call $put_byte (i32.const 32))
    (call $put (local.get $path) (local.get $path_len))
    (call $put (i32.const 1208) (i32.const 4))
    (call $put_dec (i64.extend_i32_u (local.get $status)))
    (call $put_byte (i32.const 32))
    (call $put_dec (i64.div_u (i64.sub (call $monotonic-clock.now) (local.get $t0)) (i64.const 1000)))
    (call $put (i32.const 1216) (i32.const 3))
    (local.set $stdout (call $stdout.get-stdout))
    (call $write_all (local.get $stdout) (global.get $LOG)
          (i32.sub (global.get $cur) (global.get $LOG)))
    (call $output-stream.drop (local.get $stdout)))
)
