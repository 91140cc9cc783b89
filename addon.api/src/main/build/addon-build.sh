#!/bin/sh
# addon-build.sh - the native half of the addon author kit (dev.addons:addon.build). It ships in the addon.api
# jar under build/, next to the headers under include/: the addon.build parent pom unpacks both into target/.
#
# Compiles every C (.c) and C++ (.cc, .cpp, .cxx) file under the source directories into ONE shared library per
# module, the way Node addons are built: position-independent, hidden visibility, Node-API symbols (napi_*,
# node_api_*) left undefined so that they bind to the runtime when the module is loaded.
#
# Then it makes sure the library will load: it links a second time with -z defs against a stub that defines
# exactly the Node-API functions the headers declare. Any other undefined symbol (crc32 without -lz, a typo, a
# function of a source file that was not compiled) fails the build here and names the symbol, instead of failing
# at dlopen() on the machine where the library happens not to be loaded already. The stub is used only for that
# check: the library that ships is linked without it (no DT_NEEDED on anything but the declared libraries).
#
# Usage: addon-build.sh SOURCE_DIR...
# Environment (set by the addon.build parent pom from Maven properties of the same names, see
# docs/writing-addons.md):
#   ADDON_INCLUDE   directory with node_api.h (unpacked from the addon.api jar)          required
#   ADDON_OUT       directory the library (or libraries) go to                           required
#   ADDON_WORK      scratch directory for objects, the stub and the check link           required
#   ADDON_MODULE    module name: the library is $ADDON_OUT/lib$ADDON_MODULE.so           required for layout=module
#   ADDON_LAYOUT    module (default): all sources form one module;
#                   file-per-module: each source file directly in a SOURCE_DIR is its own module named after
#                   the file (libNAME.so) - for collections of small test addons
#   ADDON_CFLAGS, ADDON_CXXFLAGS   compiler flags for C and C++ sources
#   ADDON_LDFLAGS   extra linker flags; ADDON_LIBS  libraries (-lz -lm ...), placed after the objects
#   ADDON_CC, ADDON_CXX            compilers (gcc, g++)
#   ADDON_EXPECT_MACHINE           optional: readelf's Machine the library must have (e.g. AArch64 when cross-compiling)
#   ADDON_CAPS      optional: directory for what the bundle declares (see "Declarations" below); unset: nothing
#   ADDON_PLATFORM  the platform of this run (linux_x86_64, ...): its modules are recorded under ADDON_CAPS/PLATFORM
#   ADDON_DECLARE   true (default): declare the modules; false: only ADDON_REQUIREMENT/ADDON_CAPABILITY
#   ADDON_REQUIREMENT, ADDON_CAPABILITY   the author's own Require-/Provide-Capability clauses, written first
#   ADDON_NAPI_EXTRA  optional: names (space-separated) of Node-API functions that these headers do not declare
#                   (from a newer Node-API) and that the sources declare themselves: the link check treats them
#                   as Node-API functions, and the bundle requires them like any other
#
# Declarations: with ADDON_CAPS set, every run records each module it built (the Node-API functions its library
# imports, nm -D --undefined-only, and the API version it declares) in ADDON_CAPS/PLATFORM/MODULE.napi, then
# writes, from the records of ALL platforms built so far, the bundle's two header values for bnd:
#   ADDON_CAPS/require-capability.txt   ADDON_REQUIREMENT, then dev.addons.napi;filter:="(version>=N)" with N the
#                                       highest API version of a module, and one dev.addons.napi;filter:=
#                                       "(functions=NAME)" per function imported: a runtime lacking one does not
#                                       resolve, and the resolver's message names the function
#   ADDON_CAPS/provide-capability.txt   ADDON_CAPABILITY, then osgi.service;objectClass:List<String>=
#                                       "dev.addons.api.Addon";addon.module="MODULE" per module
# Prints what it built; exits non-zero with a message naming module, file and reason on any failure.
set -eu

fail() {
  echo "addon-build: $*" >&2
  exit 1
}

[ -n "${ADDON_INCLUDE:-}" ] || fail "ADDON_INCLUDE is not set"
[ -n "${ADDON_OUT:-}" ] || fail "ADDON_OUT is not set"
[ -n "${ADDON_WORK:-}" ] || fail "ADDON_WORK is not set"
[ -f "$ADDON_INCLUDE/node_api.h" ] || fail "no node_api.h in ADDON_INCLUDE=$ADDON_INCLUDE (the addon.api jar unpacks it there)"
CC=${ADDON_CC:-gcc}
CXX=${ADDON_CXX:-g++}
LAYOUT=${ADDON_LAYOUT:-module}
# Every addon needs these, whatever the author's flags say: a shared object, addon symbols hidden (only the
# registration symbol is exported, by NAPI_MODULE_INIT's own visibility attribute). Like node-gyp, each source is
# compiled with NODE_GYP_MODULE_NAME set to the module name (for NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)).
REQUIRED_FLAGS="-fPIC -fvisibility=hidden"

is_source() {
  case "$1" in
    *.c|*.cc|*.cpp|*.cxx) return 0 ;;
    *) return 1 ;;
  esac
}

# All sources under the given directories (recursive), sorted, one per line.
all_sources() {
  for dir in "$@"; do
    [ -d "$dir" ] || continue
    find "$dir" -type f \( -name '*.c' -o -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' \) -print
  done | LC_ALL=C sort
}

# The stub: one empty function per Node-API function the headers declare (every version, experimental too), as
# gcc -aux-info lists them. Built once per run.
make_stub() {
  stub_dir=$ADDON_WORK/napi-stub
  mkdir -p "$stub_dir"
  printf '#define NAPI_VERSION 2147483647\n#define NAPI_EXPERIMENTAL\n#include <node_api.h>\n' > "$stub_dir/declared.c"
  "$CC" -std=c11 -I"$ADDON_INCLUDE" -fsyntax-only -aux-info "$stub_dir/declared.aux" "$stub_dir/declared.c" \
    || fail "cannot read the Node-API declarations from $ADDON_INCLUDE/node_api.h"
  sed -n 's/.*[ *]\(\(napi\|node_api\)_[A-Za-z0-9_]*\) (.*/\1/p' "$stub_dir/declared.aux" | LC_ALL=C sort -u \
    > "$stub_dir/functions.txt"
  [ -s "$stub_dir/functions.txt" ] || fail "found no Node-API functions in $ADDON_INCLUDE/node_api.h"
  for extra in ${ADDON_NAPI_EXTRA:-}; do
    case "$extra" in
      napi_*|node_api_*) echo "$extra" >> "$stub_dir/functions.txt" ;;
      *) fail "ADDON_NAPI_EXTRA: '$extra' is not a Node-API function name (napi_* or node_api_*)" ;;
    esac
  done
  LC_ALL=C sort -u -o "$stub_dir/functions.txt" "$stub_dir/functions.txt"
  sed 's/.*/void &(void);\nvoid &(void) {}/' "$stub_dir/functions.txt" > "$stub_dir/stub.c"
  "$CC" -shared -fPIC -o "$stub_dir/libnapi_check_stub.so" "$stub_dir/stub.c" \
    || fail "cannot build the Node-API stub library"
  STUB=$stub_dir/libnapi_check_stub.so
}

# build_module NAME SOURCE... : compile the sources, check the link, link lib$NAME.so into $ADDON_OUT.
build_module() {
  name=$1
  shift
  obj_dir=$ADDON_WORK/obj/$name
  rm -rf "$obj_dir"
  mkdir -p "$obj_dir" "$ADDON_OUT" "$ADDON_WORK/check"
  objects=""
  linker=$CC
  n=0
  for src in "$@"; do
    n=$((n + 1))
    obj=$obj_dir/$n-$(basename "$src").o
    case "$src" in
      *.c)
        # shellcheck disable=SC2086 # flags are word lists
        "$CC" ${ADDON_CFLAGS:-} $REQUIRED_FLAGS -DNODE_GYP_MODULE_NAME="$name" -I"$ADDON_INCLUDE" -c -o "$obj" "$src" \
          || fail "module $name: cannot compile $src (compiler messages above)"
        ;;
      *)
        linker=$CXX
        # shellcheck disable=SC2086
        "$CXX" ${ADDON_CXXFLAGS:-} $REQUIRED_FLAGS -DNODE_GYP_MODULE_NAME="$name" -I"$ADDON_INCLUDE" -c -o "$obj" "$src" \
          || fail "module $name: cannot compile $src (compiler messages above)"
        ;;
    esac
    objects="$objects $obj"
    # Which compiler and source made which object: the API version is read from the source that registers.
    printf '%s\t%s\n' "$obj" "$src" >> "$obj_dir/sources.tsv"
  done
  out=$ADDON_OUT/lib$name.so
  check_log=$ADDON_WORK/check/lib$name.log
  # shellcheck disable=SC2086
  if ! "$linker" -shared -Wl,-z,defs -o "$ADDON_WORK/check/lib$name.so" $objects ${ADDON_LDFLAGS:-} \
      "$STUB" ${ADDON_LIBS:-} > "$check_log" 2>&1; then
    cat "$check_log" >&2
    symbols=$(sed -n "s/.*undefined reference to \`\([^']*\)'.*/\1/p" "$check_log" | LC_ALL=C sort -u | tr '\n' ' ')
    fail "module $name: undefined symbols that neither Node-API nor the libraries in addon.libs (${ADDON_LIBS:-none}) define: ${symbols:-see the linker output above}- add the library that defines them to addon.libs (for example -lz for crc32), or compile the source file that does"
  fi
  # shellcheck disable=SC2086
  "$linker" -shared -o "$out" $objects ${ADDON_LDFLAGS:-} ${ADDON_LIBS:-} \
    || fail "module $name: cannot link $out"
  if [ -n "${ADDON_EXPECT_MACHINE:-}" ] && ! readelf -h "$out" | grep -q "Machine: *$ADDON_EXPECT_MACHINE"; then
    fail "module $name: $out is not a $ADDON_EXPECT_MACHINE library (wrong compiler in ADDON_CC?)"
  fi
  record_module "$name" "$out" "$obj_dir/sources.tsv"
  echo "addon-build: module $name: $out from $n source file(s)"
}

# record_module NAME LIBRARY SOURCES_TSV: writes ADDON_CAPS/PLATFORM/NAME.napi ("version N" or "version
# experimental", then "function NAME" per Node-API function the library imports).
record_module() {
  [ -n "${ADDON_CAPS:-}" ] || return 0
  record=$ADDON_CAPS/${ADDON_PLATFORM:-default}/$1.napi
  imports=$(nm -D --undefined-only "$2" | awk '{ print $NF }' | sed 's/@.*//' \
    | grep -E '^(napi|node_api)_' | LC_ALL=C sort -u) || true
  api_version=$(module_api_version "$1" "$3")
  {
    echo "version $api_version"
    for f in $imports; do
      echo "function $f"
    done
  } > "$record"
}

# module_api_version NAME SOURCES_TSV: the NAPI_VERSION that node_api_module_get_api_version_v1 returns, read
# with the preprocessor from the source file that defines it (NAPI_MODULE_INIT), as the loader would get it by
# calling the function - without running the author's code (or needing the target machine). 8 when no source
# defines it (registration through napi_module_register), as the loader assumes; "experimental" for
# NAPI_VERSION_EXPERIMENTAL, which the runtime accepts at any version.
module_api_version() {
  version=8
  while IFS="$(printf '\t')" read -r obj src; do
    nm --defined-only "$obj" | awk '{ print $NF }' | grep -qx 'node_api_module_get_api_version_v1' || continue
    case "$src" in
      *.c) compiler=$CC flags=${ADDON_CFLAGS:-} ;;
      *) compiler=$CXX flags=${ADDON_CXXFLAGS:-} ;;
    esac
    # shellcheck disable=SC2086
    version=$("$compiler" $flags $REQUIRED_FLAGS -DNODE_GYP_MODULE_NAME="$1" -I"$ADDON_INCLUDE" -dM -E "$src" \
      | sed -n 's/^#define NAPI_VERSION \(.*\)$/\1/p') || fail "module $1: cannot preprocess $src"
    case "$version" in
      2147483647|NAPI_VERSION_EXPERIMENTAL) version=experimental ;;
      ''|*[!0-9]*) fail "module $1: cannot tell the Node-API version $src declares (NAPI_VERSION='$version')" ;;
    esac
  done < "$2"
  echo "$version"
}

# write_declarations: the two header values from every platform's records (see "Declarations" at the top).
write_declarations() {
  [ -n "${ADDON_CAPS:-}" ] || return 0
  requirement=${ADDON_REQUIREMENT:-}
  capability=${ADDON_CAPABILITY:-}
  if [ "${ADDON_DECLARE:-true}" = true ]; then
    records=$(find "$ADDON_CAPS" -mindepth 2 -maxdepth 2 -name '*.napi' | LC_ALL=C sort)
    if [ -n "$records" ]; then
      # shellcheck disable=SC2086 # record paths are under the build's own target directory
      version=$(sed -n 's/^version \([0-9][0-9]*\)$/\1/p' $records | sort -n | tail -n 1)
      # shellcheck disable=SC2086
      functions=$(sed -n 's/^function //p' $records | LC_ALL=C sort -u)
      modules=$(for r in $records; do basename "$r" .napi; done | LC_ALL=C sort -u)
      [ -z "$version" ] || requirement=$(join_clauses "$requirement" "dev.addons.napi;filter:=\"(version>=$version)\"")
      for f in $functions; do
        requirement=$(join_clauses "$requirement" "dev.addons.napi;filter:=\"(functions=$f)\"")
      done
      for m in $modules; do
        capability=$(join_clauses "$capability" \
          "osgi.service;objectClass:List<String>=\"dev.addons.api.Addon\";addon.module=\"$m\"")
      done
    fi
  fi
  printf '%s' "$requirement" > "$ADDON_CAPS/require-capability.txt"
  printf '%s' "$capability" > "$ADDON_CAPS/provide-capability.txt"
}

# join_clauses A B: A,B - or the one that is not empty.
join_clauses() {
  if [ -z "$1" ]; then
    printf '%s' "$2"
  elif [ -z "$2" ]; then
    printf '%s' "$1"
  else
    printf '%s,%s' "$1" "$2"
  fi
}

[ $# -ge 1 ] || fail "usage: addon-build.sh SOURCE_DIR..."
if [ -n "${ADDON_CAPS:-}" ]; then
  # This platform's records are made again; another platform's (an earlier run of this build) are kept.
  rm -rf "${ADDON_CAPS:?}/${ADDON_PLATFORM:-default}"
  mkdir -p "$ADDON_CAPS/${ADDON_PLATFORM:-default}"
fi
sources=$(all_sources "$@")
if [ -z "$sources" ]; then
  write_declarations
  echo "addon-build: no C or C++ sources under $*; nothing to build"
  exit 0
fi
make_stub

case "$LAYOUT" in
  module)
    [ -n "${ADDON_MODULE:-}" ] || fail "ADDON_MODULE is not set (Maven property addon.module)"
    # shellcheck disable=SC2086 # source paths come from find under the project's own directories
    build_module "$ADDON_MODULE" $sources
    ;;
  file-per-module)
    for dir in "$@"; do
      [ -d "$dir" ] || continue
      for src in "$dir"/*; do
        is_source "$src" || continue
        name=$(basename "$src")
        build_module "${name%.*}" "$src"
      done
    done
    ;;
  *)
    fail "unknown layout '$LAYOUT' (addon.layout): module or file-per-module"
    ;;
esac
write_declarations
