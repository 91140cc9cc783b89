#!/usr/bin/env bash
# Records what Node does when a Worker that holds async work, a pending promise and a thread-safe function exits
# (process.exit() in the Worker) or is terminated (worker.terminate()). Usage: run.sh [exit|terminate] [work|tsfn]
# Without arguments, runs the four combinations. Needs node and gcc; see docs/lifecycle.md for what it showed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
include="$here/../../../../addon.api/src/main/include"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -shared -fPIC -O1 -Wall -Werror -I"$include" -o "$out/teardown.node" "$here/teardown.c" -lpthread
cp "$here/run.js" "$out/"
for how in ${1:-exit terminate}; do
  for mode in ${2:-work tsfn}; do
    echo "=== worker $how, $mode"
    (cd "$out" && timeout 30 node run.js "$how" "$mode" 2>&1) || echo "(node ended with status $?)"
  done
done
