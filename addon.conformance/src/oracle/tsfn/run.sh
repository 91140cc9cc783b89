#!/usr/bin/env bash
# Records what Node 20 does with thread-safe functions (statuses, order of finalizer and call_js after an abort,
# a function without call_js). Needs node and gcc; docs/async.md ("Thread-safe functions") lists what it showed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
include="$here/../../../../addon.api/src/main/include"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -shared -fPIC -O1 -Wall -Werror -I"$include" -o "$out/tsfn.node" "$here/tsfn.c" -lpthread
cp "$here/run.js" "$out/"
(cd "$out" && timeout 30 node run.js 2>&1)
