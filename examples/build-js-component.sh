#!/usr/bin/env bash
# Builds the JS HTTP handler (examples/js-handler) into a real WASI 0.2
# component with componentize-js (StarlingMonkey engine):
#
#   bash examples/build-js-component.sh OUTDIR
#
# The result (~14 MB: the whole SpiderMonkey engine is inside) is too big to
# commit, so tests build it on demand. Takes ~15-25 s. The only line written
# to stdout is the absolute path of the component; progress goes to stderr.
#
# Needs .tools/ (node scripts/install-tools.mjs: @bytecodealliance/jco 1.35.0 pulls in
# @bytecodealliance/componentize-js). The engine is pinned to wasi:*@0.2.10,
# which is why js-handler/wit/ says 0.2.10 (see js-handler/wit/world.wit).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi

EX="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$EX/.." && pwd)"
CJS="$ROOT/.tools/node_modules/@bytecodealliance/componentize-js/src/cli.js"
[ -f "$CJS" ] || { echo "build-js-component.sh: $CJS missing: run node scripts/install-tools.mjs in $ROOT" >&2; exit 1; }

mkdir -p "$1"
OUT="$(cd "$1" && pwd)/js-handler.component.wasm"

echo "==> componentize-js examples/js-handler/handler.js -> $OUT" >&2
node "$CJS" "$EX/js-handler/handler.js" \
  --wit "$EX/js-handler/wit" --world-name handler \
  -o "$OUT" >&2

magic="$(od -An -tx1 -j4 -N4 "$OUT" | tr -d ' \n')"
[ "$magic" = "0d000100" ] || { echo "build-js-component.sh: $OUT is not a component ($magic)" >&2; exit 1; }
echo "==> $(stat -c %s "$OUT") bytes" >&2
echo "$OUT"
