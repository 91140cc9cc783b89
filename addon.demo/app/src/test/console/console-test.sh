#!/usr/bin/env bash
# The demo application's Gogo console, used as a person uses it: the jar runs in a pseudo-terminal (a tmux pane),
# commands are typed into it, and the assertions read what the screen shows.
#
#   bash addon.demo/app/src/test/console/console-test.sh [path/to/addon-demo.jar]
#
# Java: $JAVA_CMD, else $JAVA_HOME/bin/java, else java. Needs tmux: without it the test is skipped with a message,
# except under CI (CI=true), where it fails (.ci/run installs tmux). Ends with "console-test: N passed, M failed".
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(realpath "${1:-$HERE/../../../target/addon-demo.jar}")
if [ -n "${JAVA_CMD:-}" ]; then JAVA=$JAVA_CMD; elif [ -n "${JAVA_HOME:-}" ]; then JAVA=$JAVA_HOME/bin/java; else JAVA=java; fi
TIMEOUT=${CONSOLE_TEST_TIMEOUT:-120}

if ! command -v tmux >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    echo "console-test: tmux is not installed, and CI must run this test (.ci/run installs it)"
    echo "console-test: 0 passed, 1 failed"
    exit 1
  fi
  echo "console-test: SKIPPED: tmux is not installed (apt-get install tmux, or run .ci/run)"
  exit 0
fi
if [ ! -f "$JAR" ]; then
  echo "console-test: $JAR is missing: build it first (mvn install -DskipTests)"
  echo "console-test: 0 passed, 1 failed"
  exit 1
fi

WORK=$(mktemp -d)
SOCKET="addon-console-test-$$"   # a tmux server of our own: other tmux sessions are left alone
passed=0
failed=0

tmx() { tmux -L "$SOCKET" -f "$WORK/tmux.conf" "$@"; }
cleanup() {
  tmx kill-server >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

# The whole pane history, wrapped lines joined, trailing blanks gone.
screen() { tmx capture-pane -p -J -S - -t console 2>/dev/null | sed -e 's/[[:space:]]*$//'; }
# What the screen shows after the last time "g! <command>" was typed.
after() { screen | awk -v cmd="g! $1" '$0 == cmd { out = ""; seen = 1; next } seen { out = out $0 "\n" } END { printf "%s", out }'; }

# grep that reads all its input: "grep -q" may exit first, and with pipefail the writer's SIGPIPE fails the pipe.
has() { grep "$@" >/dev/null; }

ok()  { passed=$((passed + 1)); echo "ok - $1"; }
nok() {
  failed=$((failed + 1)); echo "not ok - $1"
  echo "---- screen (last 40 lines) ----"; screen | tail -n 40; echo "----"
}
check() { if [ "$2" = 0 ]; then ok "$1"; else nok "$1"; fi; }

# Waits until the screen matches an extended regexp; 0 if it did within the timeout.
wait_for() {
  local pattern=$1 limit=${2:-$TIMEOUT} i
  for ((i = 0; i < limit * 4; i++)); do
    if screen | has -E -- "$pattern"; then return 0; fi
    sleep 0.25
  done
  return 1
}

# How many times "g! <command>" is on the screen.
typed() { screen | grep -cxF -- "g! $1"; }

# Types a command and waits until it is echoed (once more than before: commands repeat) and its output ends with
# a fresh prompt.
type_command() {
  local command=$1 before i
  before=$(typed "$command")
  tmx send-keys -t console -l -- "$command"
  tmx send-keys -t console Enter
  for ((i = 0; i < TIMEOUT * 4; i++)); do
    if [ "$(typed "$command")" -gt "$before" ] && after "$command" | has '^g!$'; then return 0; fi
    sleep 0.25
  done
  echo "console-test: no prompt after '$command' within ${TIMEOUT}s"
  return 1
}

cat > "$WORK/tmux.conf" <<'EOF'
set -g history-limit 100000
EOF
cat > "$WORK/run.sh" <<EOF
#!/usr/bin/env bash
"$JAVA" -jar "$JAR" --shell --cycles 10 --iterations 20
echo "[exit status \$?]"
sleep 600
EOF
chmod +x "$WORK/run.sh"

echo "console-test: $JAVA -jar $JAR --shell (in tmux $(tmux -V | cut -d' ' -f2), 200x50)"
cd "$WORK" && tmx new-session -d -s console -x 200 -y 50 "$WORK/run.sh"

wait_for '^g!$'; check "the scenario runs, then the Gogo prompt appears" $?
screen | has '^  verdict: *no leak$'; check "the scenario's cycles report no leak" $?
screen | has '^addon-demo: ok, nothing leaked$'; check "the scenario ends with 'ok, nothing leaked'" $?
HOOKS=$(screen | grep -xc 'cleanup([1-4])')
[ "$HOOKS" = 4 ]; check "the scenario printed the 4 cleanup lines (saw $HOOKS)" $?

CLEANUP_URL=$(screen | grep -oE 'file:/[^ ]*cleanuphooks\.jar' | head -n 1)
[ -n "$CLEANUP_URL" ]; check "the console names the cleanup-hooks bundle file to install ($CLEANUP_URL)" $?

type_command "install $CLEANUP_URL"
ID=$(after "install $CLEANUP_URL" | sed -nE 's/^Bundle ID: ([0-9]+)$/\1/p')
[ -n "$ID" ]; check "install prints the new bundle's id ($ID)" $?

type_command "start $ID"
type_command "addon:contexts"
after "addon:contexts" | has -E "^[0-9]+ +addon\.demo\.cleanuphooks \[$ID\] .* cleanup_hooks +OPEN "
check "after start, addon:contexts shows an open context of bundle $ID with module cleanup_hooks" $?
after "addon:contexts" | has -E "^[0-9]+ +addon\.demo\.instancedata \[[0-9]+\] .* multiple_load +OPEN +[0-9.hms]+ +2[0-9]$"
check "addon:contexts shows the instance-data context with the scenario's 21 calls" $?

type_command "addon:modules"
after "addon:modules" | has -E "^cleanup_hooks +addon\.demo\.cleanuphooks \[$ID\] +1 +yes +[0-9]+ B +/.*\.so$"
check "addon:modules shows cleanup_hooks mapped, used by 1 context" $?

type_command "addon:call multiple_load increment"
FIRST=$(after "addon:call multiple_load increment" | grep -E '^-?[0-9]+$' | head -n 1)
type_command "addon:call multiple_load increment"
SECOND=$(after "addon:call multiple_load increment" | grep -E '^-?[0-9]+$' | head -n 1)
[ -n "$FIRST" ] && [ -n "$SECOND" ] && [ "$SECOND" = $((FIRST + 1)) ]
check "addon:call multiple_load increment prints the value, then one more ($FIRST, $SECOND)" $?

type_command "addon:call multiple_load nosuchfunction"
after "addon:call multiple_load nosuchfunction" | has -i "nosuchfunction"
check "addon:call of a missing function reports it" $?

# Results print as Node's util.inspect prints them; Buffers, BigInts and typed arrays can be typed as arguments.
type_command "addon:call naa_examples makeBuffer abc"
after "addon:call naa_examples makeBuffer abc" | has -x "<Buffer 63 62 61>"
check "addon:call of a function returning a Buffer prints <Buffer 63 62 61>" $?
type_command "addon:call naa_examples addBigInts 12n 30n"
after "addon:call naa_examples addBigInts 12n 30n" | has -x "42n"
check "addon:call with BigInt arguments 12n 30n prints 42n" $?
type_command "addon:call naa_examples sumFloat64 Float64Array:1,2,3.5"
after "addon:call naa_examples sumFloat64 Float64Array:1,2,3.5" | has -x "6.5"
check "addon:call with a Float64Array argument (Float64Array:1,2,3.5) prints 6.5" $?

# A callback argument: print:progress is called from the zlib bundle's thread-safe function, one line per 64 KiB
# chunk, and its lines come before the awaited summary.
seq 1 40000 > "$WORK/in.txt"
SIZE=$(stat -c %s "$WORK/in.txt")
ZLIB="addon:call zlib_async compressFile $WORK/in.txt $WORK/in.txt.z 6 print:progress"
type_command "$ZLIB"
[ "$(after "$ZLIB" | grep '^progress ' | tr '\n' ' ')" = \
  "progress 65536 $SIZE progress 131072 $SIZE progress 196608 $SIZE progress $SIZE $SIZE " ] &&
  after "$ZLIB" | sed -n '5,$p' | has -E "bytesIn: $SIZE," && [ -s "$WORK/in.txt.z" ]
check "addon:call zlib_async compressFile ... print:progress prints 4 progress lines up to $SIZE, then the summary" $?

type_command "stop $ID"
[ "$(after "stop $ID" | grep -x 'cleanup([1-4])' | tr '\n' ' ')" = "cleanup(4) cleanup(3) cleanup(2) cleanup(1) " ]
check "stop $ID prints cleanup(4) .. cleanup(1), newest first" $?

type_command "addon:contexts"
! after "addon:contexts" | has "cleanuphooks \[$ID\]"
check "after stop, the context of bundle $ID is gone from addon:contexts" $?

type_command "start $ID"
type_command "addon:contexts"
after "addon:contexts" | has -E "cleanuphooks \[$ID\] .* OPEN "
check "start again: a new context of bundle $ID" $?

type_command "uninstall $ID"
[ "$(after "uninstall $ID" | grep -x 'cleanup([1-4])' | tr '\n' ' ')" = "cleanup(4) cleanup(3) cleanup(2) cleanup(1) " ]
check "uninstall of the active bundle runs the hooks again" $?
type_command "addon:contexts"
! after "addon:contexts" | has "cleanuphooks \[$ID\]"
check "after uninstall, addon:contexts no longer shows bundle $ID" $?
type_command "lb"
! after "lb" | has -E "^ +$ID\|"
check "after uninstall, lb no longer lists bundle $ID" $?

INSTANCE_ID=$(screen | grep -oE 'addon\.demo\.instancedata \[[0-9]+\]' | head -n 1 | tr -dc '0-9')
type_command "addon:cycle $INSTANCE_ID 5"
after "addon:cycle $INSTANCE_ID 5" | has -E '^  verdict: +no leak$' &&
  after "addon:cycle $INSTANCE_ID 5" | has -E '^  contexts created / closed / left open: +5 / 5 / 0$'
check "addon:cycle $INSTANCE_ID 5 reports 5 contexts created and closed, no leak" $?

tmx send-keys -t console C-d
wait_for '^\[exit status 0\]$' 30
check "Ctrl-D leaves the console and the application exits with status 0" $?

echo "console-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
