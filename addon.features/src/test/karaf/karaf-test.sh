#!/usr/bin/env bash
# The addon features in Apache Karaf, as a person would use them over Karaf's console (bin/client, SSH):
# add the features repository, install addon-runtime, addon-shell and addon-examples, call the instance-data addon,
# stop the cleanup-hooks addon and see its hooks run, refresh the runtime a few times, check that no extracted addon
# library stays mapped in the Karaf JVM after stop, then shut Karaf down. Prints "karaf-test: N passed, M failed".
#
#   bash addon.features/src/test/karaf/karaf-test.sh [features.xml] [bundles dir]
#
# Needs a build first (mvn verify): the filtered features XML (addon.features/target/features/features.xml) and the
# bundles it names (addon.features/target/karaf-test/bundles, copied by addon.features' pom). Karaf itself,
# org.apache.karaf:apache-karaf:${KARAF_VERSION}:tar.gz, comes from Maven Central through `mvn dependency:copy`.
#
# Where the bundles come from: Karaf resolves mvn: URLs through its own Maven resolver, which would need the
# SNAPSHOTs installed in a local repository (this test must not `mvn install`). So the test runs the real features
# XML with each mvn:dev.addons/<artifactId>/<version> URL turned into file:<bundles dir>/<artifactId>.jar: the
# feature names, dependencies and bundle lists are the published ones, only the bundles' locations differ.
#
# Environment: JAVA_HOME (default: the java on PATH; Karaf 4.4 runs on JDK 11..21), KARAF_VERSION (4.4.10),
# KARAF_TEST_KEEP=1 keeps the temporary Karaf for a look afterwards. Uses a free SSH port on 127.0.0.1 and no other
# port (the management feature, with its fixed RMI ports, is left out of the boot features).
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
MODULE=$(cd "$HERE/../../.." && pwd)
FEATURES=${1:-$MODULE/target/features/features.xml}
BUNDLES=${2:-$MODULE/target/karaf-test/bundles}
KARAF_VERSION=${KARAF_VERSION:-4.4.10}
REFRESHES=3

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
summary() { echo "karaf-test: $passed passed, $failed failed"; }
die() { echo "karaf-test: $*" >&2; fail "$*"; summary; exit 1; }

for f in "$FEATURES" "$BUNDLES"; do
  [ -e "$f" ] || die "$f is missing: build first (mvn verify, or mvn package -pl addon.features -am)"
done

WORK=$(mktemp -d /tmp/karaf-test.XXXXXX)
KARAF_PID=
cleanup() {
  if [ -n "$KARAF_PID" ] && kill -0 "$KARAF_PID" 2>/dev/null; then
    kill "$KARAF_PID" 2>/dev/null
    wait "$KARAF_PID" 2>/dev/null
  fi
  if [ "${KARAF_TEST_KEEP:-0}" = 1 ]; then
    echo "karaf-test: kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# --- Karaf from Maven Central ----------------------------------------------------------------------------------------
echo "karaf-test: Apache Karaf $KARAF_VERSION on $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1)"
(cd "$WORK" && mvn -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz" -DoutputDirectory="$WORK" > "$WORK/mvn.log" 2>&1) \
  || { cat "$WORK/mvn.log" >&2; die "mvn dependency:copy of org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz failed"; }
tar xzf "$WORK/apache-karaf-$KARAF_VERSION.tar.gz" -C "$WORK" || die "cannot unpack the Karaf tarball"
KH=$WORK/apache-karaf-$KARAF_VERSION

free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
SSH_PORT=$(free_port) || die "no free port found for Karaf's SSH console"
sed -i -e "s/^sshPort *=.*/sshPort = $SSH_PORT/" -e "s/^sshHost *=.*/sshHost = 127.0.0.1/" \
  "$KH/etc/org.apache.karaf.shell.cfg"
# The stock karaf/karaf user of the distribution, commented out there.
sed -i -e 's/^#karaf = karaf,_g_:admingroup/karaf = karaf,_g_:admingroup/' \
  -e 's/^#_g_\\:admingroup = /_g_\\:admingroup = /' "$KH/etc/users.properties"
sed -i -e '/^ *management\//d' "$KH/etc/org.apache.karaf.features.cfg"

# The published features XML with file: bundle locations (see the header).
TEST_FEATURES=$WORK/addon-features.xml
sed -E "s#<bundle>mvn:dev\.addons/([^/<]+)/[^<]+</bundle>#<bundle>file:$BUNDLES/\1.jar</bundle>#g" "$FEATURES" \
  > "$TEST_FEATURES"
missing=$(grep -oE '<bundle>file:[^<]+' "$TEST_FEATURES" | sed 's/^<bundle>file://' | while read -r jar; do
  [ -f "$jar" ] || echo "$jar"; done)
[ -z "$missing" ] || die "bundles named by the features are missing: $missing"

# --- start Karaf -----------------------------------------------------------------------------------------------------
# KARAF_EXEC=exec: the java process replaces the script, so $! is the JVM's pid (for /proc/<pid>/maps).
# stdbuf -oL: the cleanup-hooks addon prints with C stdio; line-buffered, its lines reach karaf.out at once.
OUT=$WORK/karaf.out
LINEBUF=()
command -v stdbuf >/dev/null 2>&1 && LINEBUF=(stdbuf -oL)
(cd "$KH" && KARAF_EXEC=exec exec "${LINEBUF[@]}" bin/karaf server) > "$OUT" 2>&1 < /dev/null &
KARAF_PID=$!

client() {
  # Batch mode (-b, the commands on standard input): with the command as an argument, bin/client 4.4 on a
  # non-terminal printed nothing or hung here.
  printf '%s\n' "$@" | "$KH/bin/client" -a "$SSH_PORT" -h 127.0.0.1 -u karaf -p karaf -r 2 -d 1 -b 2>&1 \
    | tr -d '\r' | grep -v '^client: JAVA_HOME not set'
}
# Waits for the console: the first connection takes as long as Karaf's boot features do.
ready=
for i in $(seq 1 60); do
  kill -0 "$KARAF_PID" 2>/dev/null || break
  if client "shell:echo karaf-ready" | grep -q '^karaf-ready'; then ready=1; break; fi
done
[ -n "$ready" ] || { tail -n 40 "$OUT" >&2; die "Karaf's console did not come up on port $SSH_PORT"; }
pass "Karaf $KARAF_VERSION started (pid $KARAF_PID), console on 127.0.0.1:$SSH_PORT"

# --- the features ----------------------------------------------------------------------------------------------------
client "feature:repo-add file:$TEST_FEATURES" > "$WORK/repo-add.txt"
client "feature:install addon-runtime addon-shell addon-examples" > "$WORK/install.txt"
installed=$(client "feature:list -i")
for f in addon-runtime addon-shell addon-examples; do
  check "feature $f is installed" grep -qE "^$f +\|" <<< "$installed"
done
[ "$failed" = 0 ] || { cat "$WORK/repo-add.txt" "$WORK/install.txt" >&2; die "the features did not install"; }

# bundle:list -s -t 0 rows: "ID | State | Lvl | Version | Symbolic name".
bundles() { client "bundle:list -s -t 0"; }
column_of() { awk -F'|' -v key="$2" -v k="$3" -v v="$4" \
  '{ for (i = 1; i <= NF; i++) gsub(/^ +| +$/, "", $i) } $k == key { print $v; exit }' <<< "$1"; }
LIST=$(bundles)
bundle_id() { column_of "$LIST" "$1" 5 1; }
IMPL=$(bundle_id addon.impl)
NATIVE=$(bundle_id addon.native)
HOOKS=$(bundle_id addon.demo.cleanuphooks)
DATA=$(bundle_id addon.demo.instancedata)
[ -n "$IMPL" ] && [ -n "$NATIVE" ] && [ -n "$HOOKS" ] && [ -n "$DATA" ] \
  || die "bundle ids not found (impl=$IMPL native=$NATIVE hooks=$HOOKS data=$DATA)"
check "addon.impl [$IMPL] is Active" [ "$(column_of "$LIST" "$IMPL" 1 2)" = Active ]
check "the addon.native fragment [$NATIVE] is Resolved (attached)" [ "$(column_of "$LIST" "$NATIVE" 1 2)" = Resolved ]
check "both example addon bundles are Active" \
  [ "$(column_of "$LIST" "$HOOKS" 1 2)/$(column_of "$LIST" "$DATA" 1 2)" = Active/Active ]

# --- use it ----------------------------------------------------------------------------------------------------------
call_increment() { client "addon:call multiple_load increment" | grep -E '^-?[0-9]+$' | head -n 1; }
contexts=$(client "addon:contexts")
check "addon:contexts lists the contexts of both example bundles" \
  grep -qE "addon\.demo\.instancedata \[$DATA\].*multiple_load" <<< "$contexts"
first=$(call_increment)
second=$(call_increment)
counts_up() { [ -n "$1" ] && [ -n "$2" ] && [ "$2" = $(($1 + 1)) ]; }
check "addon:call multiple_load increment counts up ($first, $second)" counts_up "$first" "$second"

hooks_ran() {
  # The four hooks of one stop, in reverse order of registration, as the n-th such run in karaf.out.
  local n=$1 i
  for i in $(seq 1 50); do
    if [ "$(grep -c '^cleanup(1)$' "$OUT")" -ge "$n" ]; then
      grep -E '^cleanup\([0-9]\)$' "$OUT" | tail -n 4 | tr '\n' ' ' | grep -q '^cleanup(4) cleanup(3) cleanup(2) cleanup(1) $'
      return
    fi
    sleep 0.2
  done
  return 1
}
both_addon_libraries_mapped() {
  grep -qE '/libmultiple_load[^/]*\.so' "/proc/$KARAF_PID/maps" && grep -qE '/libcleanup_hooks[^/]*\.so' "/proc/$KARAF_PID/maps"
}
# The other side of the checks after stop below: while the bundles are active, their libraries are seen mapped.
check "while active, both extracted addon libraries are mapped in /proc/$KARAF_PID/maps" both_addon_libraries_mapped

client "bundle:stop $HOOKS" > /dev/null
check "stopping addon.demo.cleanuphooks runs its hooks: cleanup(4) .. cleanup(1) on Karaf's output" hooks_ran 1

no_addon_library_mapped() {
  # Extracted addon modules (and isolated copies) live in addon.impl's data area under Karaf's bundle cache.
  local mapped
  mapped=$(grep -E '/(libmultiple_load|libcleanup_hooks)[^/]*\.so' "/proc/$KARAF_PID/maps")
  [ -z "$mapped" ] || { echo "still mapped: $mapped"; return 1; }
}
client "bundle:stop $DATA" > /dev/null
check "after both example bundles stopped, no extracted addon library is mapped in /proc/$KARAF_PID/maps" \
  no_addon_library_mapped
lists_no_module() { ! grep -qE 'multiple_load|cleanup_hooks' <<< "$1"; }
check "addon:modules lists no module after stop" lists_no_module "$(client "addon:modules")"

# --- refresh the runtime: the example bundles (wired to its extender) are stopped and restarted with it -------------
client "bundle:start $HOOKS" > /dev/null
client "bundle:start $DATA" > /dev/null
hook_runs=$(grep -c '^cleanup(1)$' "$OUT")
for r in $(seq 1 $REFRESHES); do
  client "bundle:refresh $IMPL" > "$WORK/refresh-$r.txt"
  state=
  for i in $(seq 1 50); do
    LIST=$(bundles)
    state="$(column_of "$LIST" "$IMPL" 1 2)/$(column_of "$LIST" "$HOOKS" 1 2)/$(column_of "$LIST" "$DATA" 1 2)"
    [ "$state" = Active/Active/Active ] && break
    sleep 0.2
  done
  check "refresh $r of addon.impl: runtime and example bundles Active again ($state)" [ "$state" = Active/Active/Active ]
  check "refresh $r: the refresh stopped the cleanup-hooks bundle and its hooks ran" hooks_ran $((hook_runs + r))
  value=$(call_increment)
  check "refresh $r: addon:call multiple_load increment works on the new runtime ($value)" [ -n "$value" ]
done

client "bundle:stop $HOOKS" > /dev/null
client "bundle:stop $DATA" > /dev/null
check "after the refreshes and a stop, no extracted addon library is mapped in /proc/$KARAF_PID/maps" \
  no_addon_library_mapped

no_addon_errors() {
  local errors
  errors=$(grep -E '\| *ERROR *\|' "$KH/data/log/karaf.log" | grep -iE 'dev\.addons|addon\.')
  [ -z "$errors" ] || { echo "$errors"; return 1; }
}
check "Karaf's log has no ERROR from the addon runtime or bundles" no_addon_errors

# --- stop Karaf ------------------------------------------------------------------------------------------------------
client "system:shutdown -f" > /dev/null
for i in $(seq 1 100); do
  kill -0 "$KARAF_PID" 2>/dev/null || break
  sleep 0.2
done
if kill -0 "$KARAF_PID" 2>/dev/null; then
  fail "Karaf did not stop within 20 s of system:shutdown"
else
  wait "$KARAF_PID" 2>/dev/null
  pass "Karaf stopped"
  KARAF_PID=
fi

summary
[ "$failed" = 0 ]
