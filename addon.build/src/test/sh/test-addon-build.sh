#!/usr/bin/env bash
# Tests of the kit's compile script (build/addon-build.sh as unpacked from the addon.api jar): what the addon.build
# parent promises authors. Run by addon.build's own build (integration-test phase), never by its children.
# Usage: test-addon-build.sh KIT_DIR WORK_DIR      (KIT_DIR holds include/ and build/)
set -euo pipefail
kit=$(cd "$1" && pwd)
work=$2
rm -rf "$work"
mkdir -p "$work"
passed=0
failed=0

ok() { echo "  ok   $1"; passed=$((passed + 1)); }
bad() { echo "  FAIL $1" >&2; failed=$((failed + 1)); }

# run_kit NAME SRC_DIR [VAR=value...]: runs the script on SRC_DIR into $work/NAME/{out,work}, output in .../log.
run_kit() {
  local name=$1 src=$2
  shift 2
  mkdir -p "$work/$name"
  env ADDON_INCLUDE="$kit/include" ADDON_OUT="$work/$name/out" ADDON_WORK="$work/$name/work" \
    ADDON_MODULE="$name" ADDON_CFLAGS="-std=c11 -O2 -Wall -Wextra -Werror" ADDON_CXXFLAGS="-std=c++17 -O2 -Wall -Wextra -Werror" \
    "$@" sh "$kit/build/addon-build.sh" "$src" > "$work/$name/log" 2>&1
}

# An addon of two source files: the module (a.c) calls crc32 through a helper in b.c.
zsrc=$work/src/zlib
mkdir -p "$zsrc"
cat > "$zsrc/a.c" <<'C'
#include <node_api.h>
unsigned long checksum(const char* text);
static napi_value Crc(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_uint32(env, (uint32_t)checksum("abc"), &result);
  return result;
}
NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "crc", NAPI_AUTO_LENGTH, Crc, NULL, &fn);
  napi_set_named_property(env, exports, "crc", fn);
  return exports;
}
C
cat > "$zsrc/b.c" <<'C'
#include <string.h>
#include <zlib.h>
unsigned long checksum(const char* text) { return crc32(0L, (const Bytef*)text, (uInt)strlen(text)); }
C

echo "addon-build.sh tests"
if run_kit nolibs "$zsrc"; then
  bad "a missing -lz fails the build"
elif grep -q "undefined symbols.*crc32" "$work/nolibs/log" && [ ! -e "$work/nolibs/out/libnolibs.so" ]; then
  ok "a missing -lz fails the build, naming crc32, and leaves no library"
else
  bad "a missing -lz: the message names crc32 ($(tail -1 "$work/nolibs/log"))"
fi

if run_kit zlib "$zsrc" ADDON_LIBS=-lz; then
  lib=$work/zlib/out/libzlib.so
  ok "with -lz it builds"
  [ "$(ls "$work/zlib/out")" = "libzlib.so" ] && ok "two source files, one library" || bad "two source files, one library: $(ls "$work/zlib/out")"
  nm -D --undefined-only "$lib" | grep -q ' U napi_create_function$' && ok "napi_* stay undefined (nm -D: U napi_create_function)" \
    || bad "napi_* stay undefined: $(nm -D "$lib" | grep napi_ || true)"
  needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
  case "$needed" in
    *stub*) bad "no NEEDED entry for the stub: $needed" ;;
    *libz.so*) ok "NEEDED: $needed(libz, no stub)" ;;
    *) bad "libz is NEEDED: $needed" ;;
  esac
  nm -D --defined-only "$lib" | grep -q ' checksum$' && bad "hidden visibility: checksum is exported" || ok "helpers stay hidden (-fvisibility=hidden)"
else
  bad "with -lz it builds: $(cat "$work/zlib/log")"
fi

tsrc=$work/src/typo
mkdir -p "$tsrc"
cat > "$tsrc/typo.c" <<'C'
#include <node_api.h>
napi_status napi_crate_object(napi_env env, napi_value* result);
NAPI_MODULE_INIT() {
  napi_value o;
  napi_crate_object(env, &o);
  napi_set_named_property(env, exports, "o", o);
  return exports;
}
C
if run_kit typo "$tsrc"; then
  bad "a misspelt Node-API function fails the build"
else
  grep -q "undefined symbols.*napi_crate_object" "$work/typo/log" && ok "a misspelt Node-API function fails the build, naming it" \
    || bad "a misspelt Node-API function: $(tail -1 "$work/typo/log")"
fi

csrc=$work/src/mixed
mkdir -p "$csrc/sub"
cat > "$csrc/init.c" <<'C'
#include <node_api.h>
napi_value make_answer(napi_env env);
NAPI_MODULE_INIT() {
  napi_set_named_property(env, exports, "answer", make_answer(env));
  return exports;
}
C
cat > "$csrc/sub/answer.cc" <<'C'
#include <node_api.h>
#include <string>
extern "C" napi_value make_answer(napi_env env) {
  std::string text = "forty-two";
  napi_value v;
  napi_create_string_utf8(env, text.c_str(), text.size(), &v);
  return v;
}
C
if run_kit mixed "$csrc"; then
  readelf -d "$work/mixed/out/libmixed.so" | grep -q 'libstdc++' && ok "C and C++ in subdirectories: one library, linked as C++" \
    || bad "C and C++: libstdc++ is NEEDED"
else
  bad "C and C++ in subdirectories: $(cat "$work/mixed/log")"
fi

if run_kit perfile "$csrc" ADDON_LAYOUT=file-per-module ADDON_MODULE=; then
  [ "$(ls "$work/perfile/out")" = "libinit.so" ] && bad "file-per-module links init.c alone (undefined make_answer expected)" \
    || bad "file-per-module: $(ls "$work/perfile/out")"
else
  grep -q "module init: undefined symbols.*make_answer" "$work/perfile/log" \
    && ok "file-per-module: each top-level file is its own module (init.c alone lacks make_answer)" \
    || bad "file-per-module: $(tail -1 "$work/perfile/log")"
fi
if run_kit perfile2 "$zsrc" ADDON_LAYOUT=file-per-module ADDON_MODULE= ADDON_LIBS=-lz; then
  bad "file-per-module: a.c alone needs checksum from b.c"
else
  grep -q "module a: undefined symbols.*checksum" "$work/perfile2/log" && ok "file-per-module names the module that fails" \
    || bad "file-per-module names the module: $(tail -1 "$work/perfile2/log")"
fi

mkdir -p "$work/src/empty"
if run_kit empty "$work/src/empty" && grep -q "nothing to build" "$work/empty/log"; then
  ok "no sources: nothing to build, no failure"
else
  bad "no sources: $(cat "$work/empty/log")"
fi

# Declarations: the Node-API functions each module imports and its API version become requirements, each module
# an Addon service capability; the records of several platform runs into one ADDON_CAPS are merged.
caps=$work/caps
vsrc=$work/src/v9
mkdir -p "$vsrc"
cat > "$vsrc/v9.c" <<'C'
#define NAPI_VERSION 9
#include <node_api.h>
NAPI_MODULE_INIT() {
  napi_value name;
  node_api_symbol_for(env, "v9", NAPI_AUTO_LENGTH, &name);
  napi_set_named_property(env, exports, "symbol", name);
  return exports;
}
C
if run_kit zlib "$zsrc" ADDON_LIBS=-lz ADDON_CAPS="$caps" ADDON_PLATFORM=one \
    ADDON_REQUIREMENT='osgi.extender;filter:="(osgi.extender=x)"'; then
  req=$(cat "$caps/require-capability.txt")
  case "$req" in
    'osgi.extender;filter:="(osgi.extender=x)",dev.addons.napi;filter:="(version>=8)",'*) \
      ok "the author's requirement first, then the module's API version (8 by default)" ;;
    *) bad "requirement starts with the author's and (version>=8): $req" ;;
  esac
  for f in napi_create_function napi_create_uint32 napi_set_named_property; do
    case "$req" in
      *"dev.addons.napi;filter:=\"(functions=$f)\""*) ok "the imported $f is required" ;;
      *) bad "the imported $f is required: $req" ;;
    esac
  done
  case "$req" in
    *crc32*|*checksum*|*node_api_module_get_api_version*) bad "only imported Node-API functions: $req" ;;
    *) ok "only imported Node-API functions are required (not crc32, not the module's own)" ;;
  esac
  [ "$(cat "$caps/provide-capability.txt")" = \
    'osgi.service;objectClass:List<String>="dev.addons.api.Addon";addon.module="zlib"' ] \
    && ok "one Addon service capability for the module" || bad "capability: $(cat "$caps/provide-capability.txt")"
else
  bad "declarations: $(cat "$work/zlib/log")"
fi
if run_kit v9 "$vsrc" ADDON_CAPS="$caps" ADDON_PLATFORM=two; then
  req=$(cat "$caps/require-capability.txt")
  case "$req" in
    *'(version>=9)'*'(functions=napi_create_uint32)'*'(functions=node_api_symbol_for)'*) \
      ok "a second platform's run merges: NAPI_VERSION 9 read from the source, functions of both modules" ;;
    *) bad "merged requirement: $req" ;;
  esac
  case "$req" in
    *'(version>=8)'*) bad "one version requirement, the highest: $req" ;;
    *) ok "one version requirement, the highest" ;;
  esac
  grep -q 'addon.module="v9"' "$caps/provide-capability.txt" && grep -q 'addon.module="zlib"' "$caps/provide-capability.txt" \
    && ok "a capability per module of every platform run" || bad "capabilities: $(cat "$caps/provide-capability.txt")"
else
  bad "second platform: $(cat "$work/v9/log")"
fi
if run_kit v9 "$vsrc" ADDON_CAPS="$caps" ADDON_PLATFORM=two ADDON_DECLARE=false ADDON_CAPABILITY='x;y=1'; then
  [ -z "$(cat "$caps/require-capability.txt")" ] && [ "$(cat "$caps/provide-capability.txt")" = 'x;y=1' ] \
    && ok "ADDON_DECLARE=false: only the author's clauses" \
    || bad "ADDON_DECLARE=false: $(cat "$caps/require-capability.txt") / $(cat "$caps/provide-capability.txt")"
else
  bad "ADDON_DECLARE=false: $(cat "$work/v9/log")"
fi

# A function of a newer Node-API than the headers, declared by the source: refused by the link check unless
# ADDON_NAPI_EXTRA names it; then the bundle requires it like the others.
nsrc=$work/src/newer
mkdir -p "$nsrc"
cat > "$nsrc/newer.c" <<'C'
#include <node_api.h>
NAPI_EXTERN napi_status NAPI_CDECL node_api_from_the_future(napi_env env, napi_value* result);
static napi_value Future(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result = NULL;
  node_api_from_the_future(env, &result);
  return result;
}
NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "future", NAPI_AUTO_LENGTH, Future, NULL, &fn);
  napi_set_named_property(env, exports, "future", fn);
  return exports;
}
C
if run_kit newer "$nsrc"; then
  bad "an undeclared Node-API function fails the link check"
else
  grep -q "undefined symbols.*node_api_from_the_future" "$work/newer/log" \
    && ok "an undeclared Node-API function fails the link check, naming it" || bad "newer: $(tail -1 "$work/newer/log")"
fi
ncaps=$work/newer-caps
if run_kit newer "$nsrc" ADDON_NAPI_EXTRA=node_api_from_the_future ADDON_CAPS="$ncaps" ADDON_PLATFORM=one; then
  grep -q '(functions=node_api_from_the_future)' "$ncaps/require-capability.txt" \
    && ok "ADDON_NAPI_EXTRA: the function links and is required" \
    || bad "ADDON_NAPI_EXTRA requirement: $(cat "$ncaps/require-capability.txt")"
else
  bad "ADDON_NAPI_EXTRA: $(cat "$work/newer/log")"
fi
if run_kit newer "$nsrc" ADDON_NAPI_EXTRA=from_the_future; then
  bad "ADDON_NAPI_EXTRA accepts only Node-API names"
else
  grep -q "is not a Node-API function name" "$work/newer/log" && ok "ADDON_NAPI_EXTRA accepts only Node-API names" \
    || bad "ADDON_NAPI_EXTRA name check: $(tail -1 "$work/newer/log")"
fi

echo "addon-build.sh tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
