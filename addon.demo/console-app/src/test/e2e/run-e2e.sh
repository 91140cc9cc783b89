#!/usr/bin/env bash
# End-to-end test of the console variant in a real headless Chromium. Run from anywhere:
#   bash addon.demo/console-app/src/test/e2e/run-e2e.sh
# Needs target/addon-console.jar (built by `mvn verify` or `mvn install -DskipTests`; built here if missing).
# Installs what else it needs: Debian's chromium (apt-get) if /usr/bin/chromium is missing, Node.js and npm (apt-get)
# if missing, playwright-core (npm, into target/e2e/node) -- never a browser download.
# Starts the jar in the background on a free loopback port with a random password, runs console.e2e.mjs (whose
# last step stops the framework from the console; the jar is killed if it is still running), and ends with the line "e2e: N passed, M failed" (exit status 0 only if M is 0 and N > 0).
# Screenshots: addon.demo/console-app/target/screenshots/. UPDATE_DOC=1 also copies the Addons page screenshot to
# addon.demo/console-app/doc/addons-page.png (the picture in docs/web-console.md).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../../.." && pwd)           # addon.demo/console-app
root=$(cd "$module/../.." && pwd)
target="$module/target"
work="$target/e2e"
shots="$target/screenshots"
jar="$target/addon-console.jar"
addon_jar="$work/addon.demo.instancedata.jar"
hooks_jar="$work/addon.demo.cleanuphooks.jar"
playwright_version="1.65.1"
java_cmd="${JAVA:-java}"

summary() { echo "e2e: $1 passed, $2 failed"; }
fail_setup() { echo "e2e setup: $*" >&2; summary 0 1; exit 1; }

mkdir -p "$work" "$shots"

# 1. The application jar and the addon bundles to upload.
if [ ! -f "$jar" ] || [ ! -f "$addon_jar" ] || [ ! -f "$hooks_jar" ]; then
  echo "e2e: building the console application (target/addon-console.jar)"
  (cd "$root" && mvn -B -q -DskipTests package -pl addon.demo/console-app -am) || fail_setup "maven build failed"
fi
[ -f "$jar" ] || fail_setup "no $jar"
[ -f "$addon_jar" ] || fail_setup "no $addon_jar"
[ -f "$hooks_jar" ] || fail_setup "no $hooks_jar"

# 2. The browser: Debian's chromium, nothing downloaded by playwright.
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  echo "e2e: installing Debian's chromium"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium) >"$work/apt-chromium.log" 2>&1 \
    || fail_setup "apt-get install chromium failed (see $work/apt-chromium.log)"
fi
[ -x "$chromium_bin" ] || fail_setup "no chromium at $chromium_bin"

# 3. Node.js and playwright-core (a library: it brings no browser, and PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD makes sure).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "e2e: installing Node.js and npm"
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm) >"$work/apt-node.log" 2>&1 \
    || fail_setup "apt-get install nodejs npm failed (see $work/apt-node.log)"
fi
node_dir="$work/node"
if [ ! -f "$node_dir/node_modules/playwright-core/package.json" ] \
   || ! grep -q "\"version\": \"$playwright_version\"" "$node_dir/node_modules/playwright-core/package.json"; then
  echo "e2e: installing playwright-core $playwright_version into $node_dir"
  mkdir -p "$node_dir"
  (cd "$node_dir" && [ -f package.json ] || echo '{"name":"addon-console-e2e","private":true}' > package.json)
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$node_dir" --no-audit --no-fund --silent \
    "playwright-core@$playwright_version" >"$work/npm.log" 2>&1 || fail_setup "npm install failed (see $work/npm.log)"
fi
# The test imports playwright-core from its own directory's node_modules: run a copy next to them.
cp "$here/console.e2e.mjs" "$node_dir/console.e2e.mjs"

# 4. The application on a free loopback port, with its own user and a random password (not the demo's).
port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
user="e2e"
password="e2e-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
log="$work/console.log"
storage="$work/felix-cache"
rm -rf "$storage"
echo "e2e: starting $jar on 127.0.0.1:$port ($("$java_cmd" -version 2>&1 | head -1))"
"$java_cmd" \
  -Dorg.osgi.service.http.port="$port" \
  -Dfelix.webconsole.username="$user" -Dfelix.webconsole.password="$password" \
  -Dorg.osgi.framework.storage="$storage" \
  -jar "$jar" </dev/null >"$log" 2>&1 &
app_pid=$!
stop_app() {
  if kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$app_pid" 2>/dev/null
  fi
  wait "$app_pid" 2>/dev/null
}
trap stop_app EXIT

ready=0
for _ in $(seq 1 120); do
  if ! kill -0 "$app_pid" 2>/dev/null; then break; fi
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/system/console/bundles" || true)
  if [ "$code" = 401 ]; then ready=1; break; fi
  sleep 0.5
done
if [ "$ready" != 1 ]; then
  echo "--- $log" >&2; tail -40 "$log" >&2
  fail_setup "the console did not answer on 127.0.0.1:$port"
fi

# 5. The browser test.
result="$work/result.txt"
rm -f "$result"
(cd "$node_dir" && CONSOLE_URL="http://127.0.0.1:$port" CONSOLE_USER="$user" CONSOLE_PASSWORD="$password" \
  ADDON_JAR="$addon_jar" HOOKS_JAR="$hooks_jar" APP_PID="$app_pid" APP_LOG="$log" SCREENSHOT_DIR="$shots" CHROMIUM="$chromium_bin" RESULT_FILE="$result" \
  node console.e2e.mjs)
node_status=$?

stop_app
trap - EXIT

passed=0; failed=0
if [ -f "$result" ]; then read -r passed failed <"$result"; fi
if [ "$node_status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi   # the test script itself broke
# JDK 22+ would warn about System.loadLibrary without Enable-Native-Access in the jar's manifest.
if grep -q "restricted method" "$log"; then
  echo "not ok - the application ran without native access enabled (see $log)"; failed=$((failed + 1))
fi
if [ "$failed" != 0 ]; then echo "--- last lines of $log"; tail -20 "$log"; fi
echo "e2e: screenshots in $shots"
if [ "${UPDATE_DOC:-}" = 1 ] && [ -f "$shots/04-addons-page.png" ]; then
  mkdir -p "$module/doc" && cp "$shots/04-addons-page.png" "$module/doc/addons-page.png"
  echo "e2e: copied the Addons page screenshot to $module/doc/addons-page.png"
fi
summary "$passed" "$failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
