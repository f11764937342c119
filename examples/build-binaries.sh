#!/usr/bin/env bash
# Rebuilds every committed .wasm under examples/ from its sources.
#
#   bash examples/build-binaries.sh          # from anywhere
#
# Needs (Debian 12):
#   apt-get install -y wabt clang lld wasi-libc libclang-rt-dev-wasm32 \
#                      rustc libstd-rust-dev-wasm32
# and @bytecodealliance/jco 1.35.0 in .tools/ (node scripts/install-tools.mjs;
# which brings jco-transpile's wasm-tools and the WASI preview1 adapters).
#
# Tools used, on purpose by full path:
#   /usr/bin/rustc     Debian rustc 1.63 (target wasm32-wasi). rustup's rustc
#                      comes first on PATH and has no wasm std.
#   /usr/bin/wat2wasm  Debian wabt 1.0.32 (node_modules/.bin/wat2wasm is npm wabt)
#   clang              Debian clang 14 + wasi-libc (--target=wasm32-wasi)
#   jco                .tools/node_modules/@bytecodealliance/jco (new --wasi-command)
#   tools/wasm-tools.mjs  jco's bundled wasm-tools (component embed/new/wit),
#                      see that file for why `jco embed` is not called directly
#
# Idempotent: every output is rewritten from scratch; nothing else is touched.
# The componentize-js component (~14 MB) is not built here, see
# build-js-component.sh.
set -euo pipefail

EX="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$EX/.." && pwd)"

RUSTC=/usr/bin/rustc
WAT2WASM=/usr/bin/wat2wasm
CLANG="$(command -v clang || true)"
JCO_JS="$ROOT/.tools/node_modules/@bytecodealliance/jco/dist/jco.js"
WIT_BUILTIN="$ROOT/.tools/node_modules/@bytecodealliance/jco/lib/wit/builtin"
MAX_BYTES=$((2 * 1024 * 1024))

die() { echo "build-binaries.sh: $*" >&2; exit 1; }

[ -x "$RUSTC" ] || die "$RUSTC missing: apt-get install rustc libstd-rust-dev-wasm32"
[ -d /usr/lib/rustlib/wasm32-wasi ] || die "Rust wasm32-wasi std missing: apt-get install libstd-rust-dev-wasm32"
[ -x "$WAT2WASM" ] || die "$WAT2WASM missing: apt-get install wabt"
[ -n "$CLANG" ] || die "clang missing: apt-get install clang lld wasi-libc libclang-rt-dev-wasm32"
[ -d /usr/lib/wasm32-wasi ] || die "wasi-libc missing: apt-get install wasi-libc libclang-rt-dev-wasm32"
[ -f "$JCO_JS" ] || die "$JCO_JS missing: run npm install in $ROOT"
command -v node >/dev/null || die "node missing"

jco() { node "$JCO_JS" "$@"; }
wasm_tools() { node "$EX/tools/wasm-tools.mjs" "$@"; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/wasi-ready-examples.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

OUTPUTS=()
step() { printf '==> %s\n' "$*"; }
built() { OUTPUTS+=("$1"); }

# assemble <dir> <world.wit> <wit version dir> <package...>: a WIT directory
# made of a world file plus jco's bundled WASI packages as deps/
assemble_wit() {
  local dir="$1" world="$2" version="$3"; shift 3
  mkdir -p "$dir/deps"
  cp "$world" "$dir/world.wit"
  local p
  for p in "$@"; do
    mkdir -p "$dir/deps/$p"
    cp "$WIT_BUILTIN/$version/wasi-$p/package.wit" "$dir/deps/$p/package.wit"
  done
}

# A core module written in WAT + a WIT world -> component (wasm-tools component embed + new).
component_from_wat() { # <in.wat> <wit dir> <world> <out.wasm>
  local name; name=$(basename "$1" .wat)
  "$WAT2WASM" "$1" -o "$TMP/$name.core.wasm"
  wasm_tools embed --wit "$2" --world "$3" "$TMP/$name.core.wasm" -o "$TMP/$name.embedded.wasm"
  wasm_tools new "$TMP/$name.embedded.wasm" -o "$4"
  built "$4"
}

# ---------------------------------------------------------------------------
# 1. spin-app/api: hand-written canonical-ABI core module + WIT -> component
# ---------------------------------------------------------------------------
step "spin-app/api/api.wasm (wasi:http/proxy@0.2.0 component)"
API="$EX/spin-app/api"
component_from_wat "$API/src/api.wat" "$API/wit" api "$API/api.wasm"

# ---------------------------------------------------------------------------
# 2. spin-app/thumbnailer: C + wasi-libc -> P1 core module (+ P2 command)
# ---------------------------------------------------------------------------
step "spin-app/thumbnailer/thumbnailer.wasm (clang wasm32-wasi, P1 core)"
THUMB="$EX/spin-app/thumbnailer"
(cd "$THUMB" && "$CLANG" --target=wasm32-wasi -O2 -Wall -Wextra -s \
    -o thumbnailer.wasm src/main.c src/cache.c src/ppm.c)
built "$THUMB/thumbnailer.wasm"
step "spin-app/thumbnailer/thumbnailer.component.wasm (jco new --wasi-command)"
jco new "$THUMB/thumbnailer.wasm" --wasi-command -o "$THUMB/thumbnailer.component.wasm" >/dev/null
built "$THUMB/thumbnailer.component.wasm"

# ---------------------------------------------------------------------------
# 3. rust-worker: Debian rustc 1.63, no cargo needed (std only)
# ---------------------------------------------------------------------------
step "rust-worker/rust-worker.wasm (/usr/bin/rustc --target wasm32-wasi)"
RW="$EX/rust-worker"
(cd "$RW" && "$RUSTC" --edition 2021 --crate-name rust_worker --crate-type bin \
    --target wasm32-wasi -C opt-level=s -C debuginfo=0 -C strip=debuginfo \
    -o rust-worker.wasm src/main.rs)
built "$RW/rust-worker.wasm"
step "rust-worker/rust-worker.component.wasm (jco new --wasi-command)"
jco new "$RW/rust-worker.wasm" --wasi-command -o "$RW/rust-worker.component.wasm" >/dev/null
built "$RW/rust-worker.component.wasm"

# ---------------------------------------------------------------------------
# 4. fastly-app: P1 core module with fastly_* hostcalls
# ---------------------------------------------------------------------------
step "fastly-app/bin/main.wasm (Fastly Compute P1 core module)"
mkdir -p "$EX/fastly-app/bin"
"$WAT2WASM" "$EX/fastly-app/wat/main.wat" -o "$EX/fastly-app/bin/main.wasm"
built "$EX/fastly-app/bin/main.wasm"

# ---------------------------------------------------------------------------
# 5. wat/: one core module per toolchain shape
# ---------------------------------------------------------------------------
WAT="$EX/wat"
for src in "$WAT"/*.wat; do
  name="$(basename "$src" .wat)"
  flags=()
  case "$name" in
    wasi-threads|napi-wasi-threads) flags=(--enable-threads) ;;
    memory64) flags=(--enable-memory64) ;;
  esac
  step "wat/$name.wasm (wat2wasm${flags[*]:+ ${flags[*]}})"
  "$WAT2WASM" ${flags[@]+"${flags[@]}"} "$src" -o "$WAT/$name.wasm"
  built "$WAT/$name.wasm"
done

# ---------------------------------------------------------------------------
# 6. wat/component-newer-wasi: WASI 0.2.12 command component
# ---------------------------------------------------------------------------
step "wat/component-newer-wasi.component.wasm (WASI 0.2.12, embed + new)"
CNW="$WAT/component-newer-wasi"
assemble_wit "$TMP/cnw-wit" "$CNW/wit/world.wit" 0.2.12 cli clocks filesystem io random sockets
component_from_wat "$CNW/fileserver.wat" "$TMP/cnw-wit" fileserver "$WAT/component-newer-wasi.component.wasm"

# ---------------------------------------------------------------------------
# 7. wat/component-p3: WASI 0.3.0 wasi:http/handler component
# ---------------------------------------------------------------------------
step "wat/component-p3.component.wasm (WASI 0.3.0, embed + new)"
P3="$WAT/component-p3"
assemble_wit "$TMP/p3-wit" "$P3/wit/world.wit" 0.3.0 cli clocks filesystem http random sockets
component_from_wat "$P3/hello-p3.wat" "$TMP/p3-wit" hello "$WAT/component-p3.component.wasm"

# ---------------------------------------------------------------------------
# Summary + size / format checks
# ---------------------------------------------------------------------------
echo
printf '%-58s %10s  %s\n' "output (relative to repo root)" "bytes" "kind"
status=0
for f in "${OUTPUTS[@]}"; do
  size=$(stat -c %s "$f")
  magic=$(od -An -tx1 -j4 -N4 "$f" | tr -d ' \n')
  case "$magic" in
    01000000) kind="core module" ;;
    0d000100) kind="component" ;;
    *) kind="UNKNOWN ($magic)"; status=1 ;;
  esac
  printf '%-58s %10d  %s\n' "${f#"$ROOT"/}" "$size" "$kind"
  if [ "$size" -gt "$MAX_BYTES" ]; then
    echo "build-binaries.sh: ${f#"$ROOT"/} is larger than 2 MB" >&2
    status=1
  fi
done
exit "$status"
