#!/usr/bin/env bash
#
# check-abi.sh - prove that our Node-API headers are ABI-identical to the
# official Node.js ones.
#
# Our headers (addon.api/src/main/include) are an independent rewrite of
# the Node-API C interface. Addons compiled against them must run on
# Node.js and addons compiled against Node.js's headers must run on our
# runtime, so for every build configuration an addon might use we compare:
#
#   prototypes  every function declaration, as printed by `gcc -aux-info`
#               (typedef names kept, so even spelling must match);
#   cxx-types   the C++ mangled type of every function and typedef
#               (typeid().name()), i.e. the fully resolved ABI type;
#   linkage     that a C++ translation unit references every function
#               under its plain C symbol name (extern "C" works);
#   layout      sizeof/alignof of every typedef, offsetof/sizeof of every
#               struct member, the value of every enumerator and of the
#               key macros, from a generated C probe program;
#   names       the sets of typedefs, struct members and enumerators
#               (so we declare nothing extra either);
#   macros      the set of macros the headers define.
#
# The lists of functions, typedefs, structs and enumerators are extracted
# from the official headers themselves, so nothing can be forgotten.
#
# Then the seed addons are built against our headers only; their exported
# registration symbols, and the API version they report when dlopen()ed,
# must equal those of a build against Node's headers. Last, our headers
# must compile warning-free in strict C and C++ modes.
#
# Usage: check-abi.sh            (runnable from any directory)
# Env:   NODE_API_HEADERS=dir    official headers to compare against
#                                ("npm" forces the npm download below)
#        NODE_API_HEADERS_NPM_VERSION=x.y.z  version of the npm package
#                                node-api-headers used as a last resort
#                                (default 1.3.0, see fetch_npm_headers)
#        ABI_CONFIGS="default v8"  only run these configurations
#        KEEP_TMP=1              keep the work directory for inspection
#        ABI_OUR_INCLUDE=dir     check another copy of our headers (used to
#                                prove the check catches deliberate breakage)
#
set -Eeuo pipefail
# An unexpected failure (not a failed check) should say where it happened.
trap 'echo "abi-check: internal error near line $LINENO: $BASH_COMMAND" >&2' ERR

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ADDON_API_DIR="$(cd "$SCRIPT_DIR/../../.." && pwd)"
OUR_INCLUDE="${ABI_OUR_INCLUDE:-$ADDON_API_DIR/src/main/include}"
SEED_DIR="$SCRIPT_DIR/seed"

CC="${CC:-gcc}"
CXX="${CXX:-g++}"

# Build configurations an addon may select. NAPI_VERSION 1..9 cover every
# version gate; the experimental variants switch node_api_basic_env to a
# const pointer unless one of the opt-out macros is present.
CONFIG_NAMES=(
  default v1 v2 v3 v4 v5 v6 v7 v8 v9
  experimental experimental-v9
  experimental-nogc-optout experimental-basic-optout
  no-external-buffers experimental-no-external-buffers
)
declare -A CONFIG_FLAGS=(
  [default]=""
  [v1]="-DNAPI_VERSION=1" [v2]="-DNAPI_VERSION=2" [v3]="-DNAPI_VERSION=3"
  [v4]="-DNAPI_VERSION=4" [v5]="-DNAPI_VERSION=5" [v6]="-DNAPI_VERSION=6"
  [v7]="-DNAPI_VERSION=7" [v8]="-DNAPI_VERSION=8" [v9]="-DNAPI_VERSION=9"
  [experimental]="-DNAPI_EXPERIMENTAL"
  [experimental-v9]="-DNAPI_EXPERIMENTAL -DNAPI_VERSION=9"
  [experimental-nogc-optout]="-DNAPI_EXPERIMENTAL -DNODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT"
  [experimental-basic-optout]="-DNAPI_EXPERIMENTAL -DNODE_API_EXPERIMENTAL_BASIC_ENV_OPT_OUT"
  [no-external-buffers]="-DNODE_API_NO_EXTERNAL_BUFFERS_ALLOWED"
  [experimental-no-external-buffers]="-DNAPI_EXPERIMENTAL -DNODE_API_NO_EXTERNAL_BUFFERS_ALLOWED"
)

PASSED=0
FAILED=0
FAILED_NAMES=()

WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-abi.XXXXXX")"
cleanup() {
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then
    echo "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------

pass() {
  PASSED=$((PASSED + 1))
  printf '  PASS  %s\n' "$1"
}

# fail NAME [DETAIL-FILE]: record a failure and show (the start of) why.
fail() {
  FAILED=$((FAILED + 1))
  FAILED_NAMES+=("$1")
  printf '  FAIL  %s\n' "$1"
  if [[ -n "${2:-}" && -s "$2" ]]; then
    sed -n '1,40s/^/        /p' "$2"
    local n
    n=$(wc -l <"$2")
    if ((n > 40)); then printf '        ... (%d more lines)\n' $((n - 40)); fi
  fi
}

die() {
  printf 'abi-check: error: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------
# Locating the official headers
# ---------------------------------------------------------------------------

has_headers() {
  [[ -f "$1/node_api.h" && -f "$1/js_native_api.h" &&
    -f "$1/node_api_types.h" && -f "$1/js_native_api_types.h" ]]
}

# Last resort: fetch the npm package node-api-headers (its include/ has
# exactly these four files). Package versions track newer Node.js lines
# than 20, so we pin one: 1.3.0 equals Node 20.20 in every stable
# configuration (NAPI_VERSION 1..9); its NAPI_EXPERIMENTAL surface is a
# later one, so expect differences there. NODE_API_HEADERS_NPM_VERSION=latest
# (or any version) overrides the pin.
fetch_npm_headers() {
  command -v npm >/dev/null 2>&1 || return 1
  local spec="node-api-headers@${NODE_API_HEADERS_NPM_VERSION:-1.3.0}"
  local dir="$WORK/npm"
  mkdir -p "$dir"
  local tarball
  if tarball=$(cd "$dir" && npm pack --silent "$spec" 2>/dev/null | tail -n 1) &&
    [[ -n "$tarball" && -f "$dir/$tarball" ]]; then
    tar -xzf "$dir/$tarball" -C "$dir"
    if has_headers "$dir/package/include"; then
      echo "$dir/package/include"
      return 0
    fi
  fi
  if npm install --silent --no-save --prefix "$dir" "$spec" >/dev/null 2>&1 &&
    has_headers "$dir/node_modules/node-api-headers/include"; then
    echo "$dir/node_modules/node-api-headers/include"
    return 0
  fi
  return 1
}

find_official_headers() {
  if [[ "${NODE_API_HEADERS:-}" == npm ]]; then
    fetch_npm_headers && return
    die "could not fetch node-api-headers from the npm registry"
  fi
  if [[ -n "${NODE_API_HEADERS:-}" ]]; then
    has_headers "$NODE_API_HEADERS" ||
      die "NODE_API_HEADERS=$NODE_API_HEADERS does not contain the Node-API headers"
    (cd "$NODE_API_HEADERS" && pwd)
    return
  fi
  if has_headers /usr/include/node; then
    echo /usr/include/node
    return
  fi
  local node_bin
  if node_bin=$(command -v node 2>/dev/null); then
    local dir
    dir="$(dirname "$node_bin")/../include/node"
    if has_headers "$dir"; then
      (cd "$dir" && pwd)
      return
    fi
  fi
  echo "official headers not found locally, trying npm node-api-headers" >&2
  fetch_npm_headers && return
  die "cannot find the official Node-API headers: set NODE_API_HEADERS to a" \
    "directory holding node_api.h, install Node.js headers in /usr/include/node," \
    "or make the npm registry reachable"
}

# ---------------------------------------------------------------------------
# Extracting what the official headers declare
# ---------------------------------------------------------------------------

# preprocess_headers INCDIR FLAGS...: preprocessed node_api.h, keeping only
# the text that comes from files inside INCDIR (drops libc headers).
preprocess_headers() {
  local inc="$1"
  shift
  printf '#include <node_api.h>\n' |
    "$CC" -std=c11 -E "$@" -I "$inc" -x c - |
    awk -v dir="$inc/" '
      /^# [0-9]+ "/ { f = $3; gsub(/"/, "", f); keep = (index(f, dir) == 1); next }
      keep { print }'
}

# extract_declarations: read preprocessed header text, print one line per
# item: "T typedef", "S struct member", "E enumtype enumerator".
# Top-level statements are split at ";" outside braces.
extract_declarations() {
  tr '\n' ' ' | awk '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    function last_ident(s,   m) {
      gsub(/\[[^\]]*\]/, "", s)          # drop array bounds
      if (match(s, /[A-Za-z_][A-Za-z0-9_]*[ \t]*$/)) return trim(substr(s, RSTART, RLENGTH))
      return ""
    }
    function handle(stmt,   open, cl, body, name, n, parts, i, item, what) {
      stmt = trim(stmt)
      if (stmt !~ /^typedef[ \t]/) return
      open = index(stmt, "{")
      if (open > 0) {
        cl = length(stmt); while (substr(stmt, cl, 1) != "}") cl--
        body = substr(stmt, open + 1, cl - open - 1)
        name = last_ident(substr(stmt, cl + 1))
        what = (substr(stmt, 1, open) ~ /enum/) ? "E" : "S"
        print "T " name
        n = split(body, parts, (what == "E") ? "," : ";")
        for (i = 1; i <= n; i++) {
          item = trim(parts[i])
          if (item == "") continue
          if (what == "E") { sub(/=.*/, "", item); print "E " name " " trim(item) }
          else print "S " name " " last_ident(item)
        }
      } else if (match(stmt, /\([ \t]*\*[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*\)/)) {
        name = substr(stmt, RSTART, RLENGTH); gsub(/[()* \t]/, "", name)
        print "T " name                      # function pointer typedef
      } else {
        print "T " last_ident(stmt)
      }
    }
    {
      for (i = 1; i <= length($0); i++) {
        c = substr($0, i, 1)
        if (c == "{") depth++
        else if (c == "}") depth--
        if (c == ";" && depth == 0) { handle(stmt); stmt = "" } else stmt = stmt c
      }
    }'
}

# aux_prototypes INCDIR FLAGS...: every function declared by the headers in
# INCDIR, one normalised prototype per line, sorted. gcc -aux-info prints
# declarations with typedef names preserved and parameter names dropped.
aux_prototypes() {
  local inc="$1"
  shift
  local src="$WORK/aux.c" out="$WORK/aux.out"
  printf '#include <node_api.h>\n' >"$src"
  "$CC" -std=c11 -fsyntax-only "$@" -I "$inc" -aux-info "$out" "$src"
  grep -F "/* $inc/" "$out" |
    sed -E 's@^/\* [^*]*\*/ @@; s/[[:space:]]+/ /g; s/ $//' |
    sort -u
}

# function_names: names out of normalised prototypes on stdin.
function_names() {
  sed -E 's/^.* ([A-Za-z_][A-Za-z0-9_]*) \(.*$/\1/' | sort -u
}

# header_macros INCDIR FLAGS...: names of the macros defined inside INCDIR.
header_macros() {
  local inc="$1"
  shift
  printf '#include <node_api.h>\n' |
    "$CC" -std=c11 -E -dD "$@" -I "$inc" -x c - |
    awk -v dir="$inc/" '
      /^# [0-9]+ "/ { f = $3; gsub(/"/, "", f); keep = (index(f, dir) == 1); next }
      keep && /^#define / { n = $2; sub(/\(.*/, "", n); print n }' |
    sort -u
}

# ---------------------------------------------------------------------------
# Probe generators (driven by the lists extracted from the official headers)
# ---------------------------------------------------------------------------

# gen_layout_probe DECLS-FILE: C program printing layout and values.
gen_layout_probe() {
  local decls="$1"
  cat <<'EOF'
#include <stdio.h>
#include <stddef.h>
#include <node_api.h>
#define SHOW_U(label, expr) printf("%s = %llu\n", label, (unsigned long long)(expr))
#define SHOW_S(label, expr) printf("%s = %lld\n", label, (long long)(expr))
int main(void) {
EOF
  local kind a b
  while read -r kind a b; do
    case "$kind" in
      T) printf '  SHOW_U("sizeof(%s)", sizeof(%s));\n  SHOW_U("alignof(%s)", _Alignof(%s));\n' "$a" "$a" "$a" "$a" ;;
      S) printf '  SHOW_U("offsetof(%s, %s)", offsetof(%s, %s));\n  SHOW_U("sizeof(%s.%s)", sizeof(((%s*)0)->%s));\n' \
        "$a" "$b" "$a" "$b" "$a" "$b" "$a" "$b" ;;
      E) printf '  SHOW_S("%s::%s", %s);\n' "$a" "$b" "$b" ;;
    esac
  done <"$decls"
  # Enum signedness decides how values are passed in registers.
  awk '$1 == "E" { print $2 }' "$decls" | sort -u | while read -r a; do
    printf '  SHOW_U("signed(%s)", ((%s)-1 < (%s)0));\n' "$a" "$a" "$a"
  done
  cat <<'EOF'
  SHOW_U("NAPI_VERSION", NAPI_VERSION);
  SHOW_U("NAPI_VERSION_EXPERIMENTAL", NAPI_VERSION_EXPERIMENTAL);
  SHOW_U("NAPI_AUTO_LENGTH", NAPI_AUTO_LENGTH);
  SHOW_U("NAPI_MODULE_VERSION", NAPI_MODULE_VERSION);
  return 0;
}
EOF
}

# gen_cxx_type_probe DECLS-FILE FUNCS-FILE: C++ program printing the mangled
# type of every typedef and function; equal strings mean equal ABI types.
gen_cxx_type_probe() {
  local decls="$1" funcs="$2"
  cat <<'EOF'
#include <cstdio>
#include <typeinfo>
#include <node_api.h>
#define SHOW(kind, label, type) std::printf("%s %s %s\n", kind, label, typeid(type).name())
int main() {
EOF
  awk '$1 == "T" { printf "  SHOW(\"type\", \"%s\", %s);\n", $2, $2 }' "$decls"
  # Member types too: layout alone would not notice e.g. a lost const.
  awk '$1 == "S" { printf "  SHOW(\"member\", \"%s.%s\", decltype(%s::%s));\n", $2, $3, $2, $3 }' "$decls"
  awk '{ printf "  SHOW(\"func\", \"%s\", decltype(%s));\n", $1, $1 }' "$funcs"
  printf '  return 0;\n}\n'
}

# gen_cxx_linkage_probe FUNCS-FILE: C++ unit taking the address of every
# function, so `nm -u` shows the symbol names C++ code links against.
gen_cxx_linkage_probe() {
  printf '#include <node_api.h>\nvoid* volatile sink;\nvoid touch_all() {\n'
  awk '{ printf "  sink = reinterpret_cast<void*>(&%s);\n", $1 }' "$1"
  printf '}\n'
}

# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

# compare NAME OURS THEIRS: pass if the files are identical, else show diff.
compare() {
  local name="$1" ours="$2" theirs="$3" d="$WORK/diff.txt"
  if [[ ! -s "$theirs" ]]; then
    echo "nothing extracted from the official headers" >"$d"
    fail "$name" "$d"
  elif diff -u --label official --label ours "$theirs" "$ours" >"$d"; then
    pass "$name ($(wc -l <"$theirs") items)"
  else
    fail "$name" "$d"
  fi
}

# run_step NAME LOG CMD...: run a build command; on error report it.
run_step() {
  local name="$1" log="$2"
  shift 2
  if "$@" >"$log" 2>&1; then return 0; fi
  fail "$name" "$log"
  return 1
}

# check_config NAME FLAGS: every ABI comparison for one configuration.
check_config() {
  local cfg="$1" flags="$2" dir="$WORK/cfg-$1"
  mkdir -p "$dir"
  # shellcheck disable=SC2086  # flags is a list of -D options
  set -- $flags
  echo "[$cfg] ${flags:-(no flags)}"

  # What the official headers declare in this configuration.
  preprocess_headers "$OFFICIAL" "$@" | extract_declarations | sort -u >"$dir/decls"
  aux_prototypes "$OFFICIAL" "$@" >"$dir/protos.theirs"
  aux_prototypes "$OUR_INCLUDE" "$@" >"$dir/protos.ours"
  function_names <"$dir/protos.theirs" >"$dir/funcs"

  compare "$cfg: prototypes" "$dir/protos.ours" "$dir/protos.theirs"

  # The probes below iterate over the official names; this makes sure we
  # do not declare extra typedefs, struct members or enumerators either.
  preprocess_headers "$OUR_INCLUDE" "$@" | extract_declarations | sort -u >"$dir/decls.ours"
  compare "$cfg: typedef, member and enumerator names" "$dir/decls.ours" "$dir/decls"

  header_macros "$OFFICIAL" "$@" >"$dir/macros.theirs"
  header_macros "$OUR_INCLUDE" "$@" >"$dir/macros.ours"
  compare "$cfg: macro names" "$dir/macros.ours" "$dir/macros.theirs"

  # Layout / enumerator / macro values: same generated probe, both sets.
  gen_layout_probe "$dir/decls" >"$dir/layout.c"
  gen_cxx_type_probe "$dir/decls" "$dir/funcs" >"$dir/types.cc"
  local side inc
  for side in theirs ours; do
    inc="$OFFICIAL"
    [[ $side == ours ]] && inc="$OUR_INCLUDE"
    if run_step "$cfg: layout probe build ($side)" "$dir/layout.$side.log" \
      "$CC" -std=c11 "$@" -I "$inc" "$dir/layout.c" -o "$dir/layout.$side"; then
      "$dir/layout.$side" >"$dir/layout.$side.txt"
    else
      : >"$dir/layout.$side.txt"
    fi
    if run_step "$cfg: C++ type probe build ($side)" "$dir/types.$side.log" \
      "$CXX" -std=c++11 "$@" -I "$inc" "$dir/types.cc" -o "$dir/types.$side"; then
      "$dir/types.$side" >"$dir/types.$side.txt"
    else
      : >"$dir/types.$side.txt"
    fi
  done
  compare "$cfg: layout, enumerators, macro values" "$dir/layout.ours.txt" "$dir/layout.theirs.txt"
  compare "$cfg: C++ resolved types" "$dir/types.ours.txt" "$dir/types.theirs.txt"

  # C++ callers must link against the plain C symbol names.
  gen_cxx_linkage_probe "$dir/funcs" >"$dir/linkage.cc"
  if run_step "$cfg: C++ linkage probe build" "$dir/linkage.log" \
    "$CXX" -std=c++11 -c "$@" -I "$OUR_INCLUDE" "$dir/linkage.cc" -o "$dir/linkage.o"; then
    # Toolchain symbols (_GLOBAL_OFFSET_TABLE_, __*) are not ours; a
    # C++-mangled _Z... name would be a real failure and is kept.
    nm -u "$dir/linkage.o" | awk '{ print $NF }' |
      grep -Ev '^(_GLOBAL_|__)' | sort -u >"$dir/linkage.txt"
    compare "$cfg: C++ extern \"C\" linkage" "$dir/linkage.txt" "$dir/funcs"
  fi
}

# exported_symbols SO: the dynamic symbols a shared object defines.
exported_symbols() {
  nm -D --defined-only "$1" | awk '{ print $NF }' | sort -u
}

# A tiny loader that dlopen()s an addon the way a Node-API host does and
# prints what its registration symbols report. Lazy binding lets it load
# the addon without providing the napi_* functions it imports.
write_loader() {
  cat >"$1" <<'EOF'
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
int main(int argc, char** argv) {
  void* h = dlopen(argv[1], RTLD_LAZY | RTLD_LOCAL);
  if (!h) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
  int32_t (*get_version)(void) =
      (int32_t (*)(void))dlsym(h, "node_api_module_get_api_version_v1");
  void* init = dlsym(h, "napi_register_module_v1");
  printf("napi_register_module_v1 %s\n", init ? "present" : "missing");
  if (get_version)
    printf("node_api_module_get_api_version_v1() = %d\n", (int)get_version());
  else
    printf("node_api_module_get_api_version_v1 missing\n");
  (void)argc;
  return 0;
}
EOF
}

# check_seeds: build the seed addons against our headers only, check the
# registration symbols, and compare them with a build against Node's.
check_seeds() {
  local dir="$WORK/seeds" side inc
  mkdir -p "$dir"
  echo "[seed addons]"
  for side in ours theirs; do
    inc="$OUR_INCLUDE"
    [[ $side == theirs ]] && inc="$OFFICIAL"
    run_step "seed multiple_load.c builds ($side headers)" "$dir/ml.$side.log" \
      "$CC" -std=c11 -fPIC -shared -Wall -Werror -I "$inc" \
      "$SEED_DIR/multiple_load.c" -o "$dir/multiple_load.$side.so" &&
      pass "seed multiple_load.c builds ($side headers, -Wall -Werror)"
    run_step "seed cleanup_hooks.cc builds ($side headers)" "$dir/ch.$side.log" \
      "$CXX" -fPIC -shared -Wall -Werror -DNODE_GYP_MODULE_NAME=multiple_load -I "$inc" \
      "$SEED_DIR/cleanup_hooks.cc" -o "$dir/cleanup_hooks.$side.so" &&
      pass "seed cleanup_hooks.cc builds ($side headers, -Wall -Werror)"
  done

  write_loader "$dir/loader.c"
  run_step "seed loader builds" "$dir/loader.log" \
    "$CC" -std=c11 "$dir/loader.c" -o "$dir/loader" -ldl || true

  local so sym missing
  for so in multiple_load cleanup_hooks; do
    [[ -f "$dir/$so.ours.so" ]] || continue
    exported_symbols "$dir/$so.ours.so" >"$dir/$so.ours.syms"
    missing=""
    for sym in napi_register_module_v1 node_api_module_get_api_version_v1; do
      grep -qx "$sym" "$dir/$so.ours.syms" || missing+=" $sym"
    done
    if [[ -z "$missing" ]]; then
      pass "seed $so exports napi_register_module_v1 and node_api_module_get_api_version_v1"
    else
      echo "missing:$missing" >"$dir/missing.txt"
      fail "seed $so exports registration symbols" "$dir/missing.txt"
    fi
    if [[ -f "$dir/$so.theirs.so" ]]; then
      exported_symbols "$dir/$so.theirs.so" >"$dir/$so.theirs.syms"
      compare "seed $so exports the same symbols as with Node's headers" \
        "$dir/$so.ours.syms" "$dir/$so.theirs.syms"
      # The API level the addon reports must be the one Node's macros report.
      if [[ -x "$dir/loader" ]]; then
        for side in ours theirs; do
          "$dir/loader" "$dir/$so.$side.so" >"$dir/$so.$side.load" 2>&1 || true
        done
        compare "seed $so loads and reports the same API version" \
          "$dir/$so.ours.load" "$dir/$so.theirs.load"
      fi
    fi
  done
}

# check_runtime: the seeds built against Node's headers load and run in our runtime (the Java side runs them,
# from the jars `mvn verify` built). Set ABI_RUNTIME_CHECK=skip to compare headers only, before a build.
check_runtime() {
  local dir="$WORK/seeds" root jars
  echo "[seed addons built against Node's headers, in our runtime]"
  if [[ "${ABI_RUNTIME_CHECK:-}" == skip ]]; then
    echo "  SKIP  (ABI_RUNTIME_CHECK=skip)"
    return
  fi
  root="$(cd "$ADDON_API_DIR/.." && pwd)"
  jars=""
  local module jar
  for module in addon.api addon.impl addon.native; do
    jar=$(ls "$root/$module/target/$module"-*.jar 2>/dev/null | grep -v -- '-sources\|-tests\|-javadoc' | head -n 1 || true)
    if [[ -z "$jar" ]]; then
      echo "no $module jar under $root/$module/target: run 'mvn verify' first (or ABI_RUNTIME_CHECK=skip)" \
        >"$dir/runtime.log"
      fail "seeds run in our runtime" "$dir/runtime.log"
      return
    fi
    jars+="${jars:+:}$jar"
  done
  if run_step "seeds built against Node's headers run in our runtime" "$dir/runtime.log" \
    java --enable-native-access=ALL-UNNAMED -cp "$jars" "$SCRIPT_DIR/LoadSeed.java" \
    "$dir/multiple_load.theirs.so" "$dir/cleanup_hooks.theirs.so"; then
    printf 'multiple_load: 1 2 3 2\ncleanup_hooks: loaded\ncleanup(4)\ncleanup(3)\ncleanup(2)\ncleanup(1)\nhooks run: 4, finalizers run: 1\n' \
      >"$dir/runtime.expected"
    # C stdio and Java share the descriptor but not the buffer: compare the lines, each where it belongs.
    grep -E '^(multiple_load|cleanup_hooks|hooks run)' "$dir/runtime.log" >"$dir/runtime.java"
    grep -E '^cleanup\(' "$dir/runtime.log" >"$dir/runtime.c"
    { sed -n 1,2p "$dir/runtime.java"; cat "$dir/runtime.c"; sed -n 3p "$dir/runtime.java"; } >"$dir/runtime.actual"
    compare "seeds built against Node's headers run in our runtime (values, cleanup(4)..cleanup(1), finalizer)" \
      "$dir/runtime.actual" "$dir/runtime.expected"
  fi
}

# check_strict: our headers must be warning-free under strict settings.
check_strict() {
  local dir="$WORK/strict"
  mkdir -p "$dir"
  echo "[strict compiles of our headers]"
  cat >"$dir/strict.c" <<'EOF'
#include <node_api.h>
static napi_value Hello(napi_env env, napi_callback_info info) {
  napi_value result;
  (void)info;
  napi_create_string_utf8(env, "hello", NAPI_AUTO_LENGTH, &result);
  return result;
}
NAPI_MODULE_INIT() {
  napi_property_descriptor desc = {
    "hello", NULL, Hello, NULL, NULL, NULL, napi_default, NULL};
  napi_define_properties(env, exports, 1, &desc);
  return exports;
}
EOF
  cat >"$dir/strict.cc" <<'EOF'
#include <node_api.h>
namespace {
napi_value Hello(napi_env env, napi_callback_info info) {
  napi_value result;
  static_cast<void>(info);
  napi_create_string_utf8(env, "hello", NAPI_AUTO_LENGTH, &result);
  return result;
}
napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor desc = {
    "hello", nullptr, Hello, nullptr, nullptr, nullptr, napi_default, nullptr};
  napi_define_properties(env, exports, 1, &desc);
  return exports;
}
}  // namespace
NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
EOF
  local std extra name
  for std in c99 c11 c17; do
    for extra in "" "-DNAPI_EXPERIMENTAL"; do
      name="C -std=$std -Wall -Wextra -Werror -pedantic${extra:+ $extra}"
      run_step "$name" "$dir/log" "$CC" -std=$std -Wall -Wextra -Werror -pedantic \
        $extra -fPIC -shared -I "$OUR_INCLUDE" "$dir/strict.c" -o "$dir/strict_c.so" &&
        pass "$name"
    done
  done
  for std in c++11 c++14 c++17 c++20; do
    for extra in "" "-DNAPI_EXPERIMENTAL"; do
      name="C++ -std=$std -Wall -Wextra -Werror -pedantic${extra:+ $extra}"
      run_step "$name" "$dir/log" "$CXX" -std=$std -Wall -Wextra -Werror -pedantic \
        $extra -DNODE_GYP_MODULE_NAME=strict -fPIC -shared -I "$OUR_INCLUDE" \
        "$dir/strict.cc" -o "$dir/strict_cc.so" &&
        pass "$name"
    done
  done
  # The two public entry headers must each be includable on their own.
  local h lang
  for h in js_native_api.h node_api.h; do
    for lang in c c++; do
      name="$h alone ($lang)"
      printf '#include <%s>\n' "$h" >"$dir/alone.h"
      run_step "$name" "$dir/log" "$CC" -x "$lang" -fsyntax-only -Wall -Wextra -Werror -pedantic \
        -I "$OUR_INCLUDE" "$dir/alone.h" && pass "$name"
    done
  done
}

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

main() {
  [[ -f "$OUR_INCLUDE/node_api.h" ]] || die "our headers are missing: $OUR_INCLUDE"
  for tool in "$CC" "$CXX" nm awk diff; do
    command -v "$tool" >/dev/null 2>&1 || die "required tool not found: $tool"
  done

  OFFICIAL="$(find_official_headers)" || exit 1  # reason already printed
  local version=""
  if [[ -f "$OFFICIAL/node_version.h" ]]; then
    version=$(awk '/define NODE_(MAJOR|MINOR|PATCH)_VERSION /{ v = v (v ? "." : "") $3 } END { print v }' \
      "$OFFICIAL/node_version.h")
  fi
  echo "official headers: $OFFICIAL${version:+ (Node.js $version)}"
  echo "our headers:      $OUR_INCLUDE"
  echo

  local selected=("${CONFIG_NAMES[@]}")
  if [[ -n "${ABI_CONFIGS:-}" ]]; then
    read -r -a selected <<<"$ABI_CONFIGS"
  fi
  local cfg
  for cfg in "${selected[@]}"; do
    [[ -v "CONFIG_FLAGS[$cfg]" ]] || die "unknown configuration: $cfg"
    check_config "$cfg" "${CONFIG_FLAGS[$cfg]}"
  done
  echo
  check_seeds
  echo
  check_runtime
  echo
  check_strict
  echo

  if ((FAILED > 0)); then
    echo "failed checks:"
    printf '  - %s\n' "${FAILED_NAMES[@]}"
  fi
  echo "abi-check: $PASSED passed, $FAILED failed"
  if ((FAILED > 0)); then exit 1; fi
  exit 0
}

main "$@"
