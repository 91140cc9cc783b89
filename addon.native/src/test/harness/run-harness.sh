#!/usr/bin/env bash
# Builds the native test harness and runs it: the runtime's C sources (addon.native), the fixture addons
# (addon.fixtures) and the demo's example addons (addon.demo/*), all compiled into OUT_DIR, then
#   OUT_DIR/harness OUT_DIR/addons OUT_DIR/work [test-name-substring]
# Its last line reads "harness: N passed, M failed"; the exit status is non-zero on any failure.
#
# Usage: run-harness.sh [--sanitize] [--target aarch64] OUT_DIR [test-name-substring]
#   --sanitize        compile everything with -fsanitize=address,undefined and run with leak checking on; the
#                     first report stops the run (see docs/testing-native.md).
#   --target aarch64  cross-compile with Debian's aarch64-linux-gnu-gcc and run under qemu-user
#                     (qemu-aarch64 -L /usr/aarch64-linux-gnu), see docs/platforms.md; shorthand for the CC and
#                     RUNNER below (CC_AARCH64 overrides the compiler).
# Environment: CC (gcc), CFLAGS (the build's native.cflags), JAVA_HOME (a JDK: javac -h makes the contract
# headers, and jni.h, which they include; bridge.c is linked in, its JNI functions are never called), RUNNER (empty: the harness runs directly; otherwise the command that runs
# a foreign executable, e.g. "qemu-aarch64 -L /usr/aarch64-linux-gnu").
set -euo pipefail

sanitize=false
target=
while [ $# -gt 0 ]; do
  case "$1" in
    --sanitize) sanitize=true; shift ;;
    --target) target=${2:-}; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ]; then
  echo "usage: $0 [--sanitize] [--target aarch64] OUT_DIR [test-name-substring]" >&2
  exit 2
fi
case "$target" in
  "") ;;
  aarch64)
    # Debian's cross toolchain (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross) and user-mode emulator (qemu-user);
    # -L gives qemu the aarch64 loader and libc that libc6-arm64-cross installs under /usr/aarch64-linux-gnu.
    CC=${CC_AARCH64:-aarch64-linux-gnu-gcc}
    RUNNER=${RUNNER:-qemu-aarch64 -L /usr/aarch64-linux-gnu}
    ;;
  *)
    echo "run-harness.sh: unknown target '$target' (known: aarch64)" >&2
    exit 2
    ;;
esac
out=$1
only=${2:-}

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
runtime_src=$root/addon.native/src/main/c
include=$root/addon.api/src/main/include
CC=${CC:-gcc}
CFLAGS=${CFLAGS:--std=c11 -O2 -g -fPIC -Wall -Wextra -Werror -fvisibility=hidden -D_GNU_SOURCE}
if [ -z "${JAVA_HOME:-}" ]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")
fi
if [ ! -f "$JAVA_HOME/include/jni.h" ]; then
  echo "run-harness.sh: no jni.h under JAVA_HOME=$JAVA_HOME (set JAVA_HOME to a JDK)" >&2
  exit 2
fi

flags=$CFLAGS
if $sanitize; then
  # -O1 and frame pointers for readable stacks; every finding is fatal, none is merely printed.
  flags="$flags -O1 -fno-omit-frame-pointer -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all"
fi

rm -rf "$out"
mkdir -p "$out/obj" "$out/addons" "$out/work"

# The Java<->C contract headers, as addon.native's pom generates them (javac -h; see docs/runtime-internals.md).
contract_src=$root/addon.impl/src/main/java/dev/addons/core
contract=$out/generated-include
"$JAVA_HOME/bin/javac" --release 17 -h "$contract" -d "$out/contract-classes" \
  "$contract_src/NativeContract.java" "$contract_src/NativeBridge.java"

# The runtime, as addon.native's pom compiles it, but into objects: the harness calls its internal rt_* functions.
for src in "$runtime_src"/*.c; do
  $CC $flags -DNAPI_VERSION=9 -I"$include" -I"$contract" -I"$JAVA_HOME/include" -I"$JAVA_HOME/include/linux" \
    -c -o "$out/obj/runtime_$(basename "$src" .c).o" "$src"
done
for src in "$here"/*.c; do
  $CC $flags -DNAPI_VERSION=9 -I"$include" -I"$runtime_src" -I"$contract" -I"$JAVA_HOME/include" \
    -I"$JAVA_HOME/include/linux" -c -o "$out/obj/harness_$(basename "$src" .c).o" "$src"
done
# -rdynamic: the executable exports napi_*, so that the addons it dlopen()s bind to this runtime.
$CC $flags -rdynamic -o "$out/harness" "$out"/obj/*.o -ldl -lm -lpthread

# The addons, as addon.fixtures and addon.demo compile them: napi_* left undefined, bound at dlopen time.
for src in "$root"/addon.fixtures/src/main/c/*.c "$root"/addon.demo/*/src/main/c/*.c; do
  $CC $flags -I"$include" -shared -o "$out/addons/lib$(basename "$src" .c).so" "$src" -lm -lpthread
done
printf 'this is not an ELF file\n' > "$out/addons/libnotalibrary.so"

if $sanitize; then
  export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0:detect_stack_use_after_return=1:check_initialization_order=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
fi
if [ "$target" = aarch64 ]; then
  # Make sure what the emulator runs really is an AArch64 executable (not the host's, through a CC mix-up).
  machine=$(readelf -h "$out/harness" | sed -n 's/^ *Machine: *//p')
  if [ "$machine" != AArch64 ]; then
    echo "run-harness.sh: $out/harness is built for '$machine', not AArch64 (CC=$CC)" >&2
    exit 1
  fi
  echo "run-harness.sh: AArch64 harness built by $CC, run by $RUNNER"
fi
# RUNNER is a command line (emulator and its options), split on blanks on purpose.
# shellcheck disable=SC2086
${RUNNER:-} "$out/harness" "$out/addons" "$out/work" ${only:+"$only"}
