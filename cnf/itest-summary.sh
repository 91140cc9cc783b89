#!/bin/sh
# Prints one line per JUnit XML report the bnd tester wrote (bnd-testing-maven-plugin itself only says
# "No Errors" or "N Error(s)"), in surefire's words, so that CI logs show the counts:
#   [itest] Tests run: 16, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 1.4 s - in <bundle> (<run descriptor>)
# Arguments: the reports directory (target/test-reports) and the label to print ([itest] above).
set -eu
reports="$1"
label="$2"
found=0
for report in "$reports"/*/TEST-*.xml; do
  [ -f "$report" ] || continue
  found=1
  run=$(basename "$(dirname "$report")")
  sed -n 's/.*<testsuite name="\([^"]*\)" tests="\([0-9]*\)" skipped="\([0-9]*\)" failures="\([0-9]*\)" errors="\([0-9]*\)" time="\([^"]*\)".*/['"$label"'] Tests run: \2, Failures: \4, Errors: \5, Skipped: \3, Time elapsed: \6 s - in \1 ('"$run"')/p' "$report"
done
[ "$found" = 1 ] || echo "[$label] no test report under $reports"
