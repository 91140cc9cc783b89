#!/bin/sh
# Prints one line per JUnit XML report the bnd tester wrote (bnd-testing-maven-plugin itself only says
# "No Errors" or "N Error(s)"), in surefire's words:
#   [webconsole-itest] Tests run: 5, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 1.4 s - in <bundle>
# Argument: the reports directory (target/test-reports).
set -eu
found=0
for report in "$1"/*/TEST-*.xml; do
  [ -f "$report" ] || continue
  found=1
  sed -n 's/.*<testsuite name="\([^"]*\)" tests="\([0-9]*\)" skipped="\([0-9]*\)" failures="\([0-9]*\)" errors="\([0-9]*\)" time="\([^"]*\)".*/[webconsole-itest] Tests run: \2, Failures: \4, Errors: \5, Skipped: \3, Time elapsed: \6 s - in \1/p' "$report"
done
[ "$found" = 1 ] || echo "[webconsole-itest] no test report under $1"
