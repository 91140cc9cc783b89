#!/usr/bin/env bash
# Builds everything (tests skipped) and runs every benchmark once, printing the results table (about 4-5 minutes
# on 2 cores). Extra arguments go to the report: --quick, --out FILE, --no-rss, --no-node.
# Run it on a quiet machine: the report prints the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests
exec java --enable-native-access=ALL-UNNAMED -jar addon.bench/target/benchmarks.jar "$@"
