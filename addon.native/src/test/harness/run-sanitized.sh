#!/usr/bin/env bash
# The native harness under AddressSanitizer + UndefinedBehaviorSanitizer, leak checking on: the runtime, the
# fixture and demo addons and the harness are compiled with -fsanitize=address,undefined into a temporary
# directory and run there. Any report stops the run with a non-zero status. Called by .ci/run after the Maven
# builds; see docs/testing-native.md. Extra argument: a test-name substring, to run only matching tests.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/addon-harness-sanitized.XXXXXX")
trap 'rm -rf "$out"' EXIT
bash "$here/run-harness.sh" --sanitize "$out" "$@"
