#!/usr/bin/env bash
# The native harness for linux_aarch64: the runtime, the fixture and demo addons and the harness cross-compiled
# with Debian's aarch64-linux-gnu-gcc into a temporary directory and run under qemu-user (qemu-aarch64). Called by
# .ci/run; see docs/platforms.md. Extra argument: a test-name substring, to run only matching tests.
# Needs the Debian packages gcc-aarch64-linux-gnu, libc6-dev-arm64-cross and qemu-user.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-aarch64.sh: $tool not found (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)" >&2
    exit 2
  fi
done
out=$(mktemp -d "${TMPDIR:-/tmp}/addon-harness-aarch64.XXXXXX")
trap 'rm -rf "$out"' EXIT
bash "$here/run-harness.sh" --target aarch64 "$out" "$@"
