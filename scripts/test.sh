#!/usr/bin/env bash
# Command 2 of the README (and all of .ci/run): the whole test suite, twice — a normal build with
# warnings as errors, then the same tests under AddressSanitizer and UndefinedBehaviorSanitizer — and
# then every libFuzzer target for 30 s from its seeds.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --with-tests

run_suite() {
  local dir=$1; shift
  cmake -S . -B "$dir" -DLECTER_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j2
  (cd "$dir" && ctest --output-on-failure --timeout 300 -j2)
}

echo "=== build and test (warnings are errors)"
run_suite build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "=== build and test under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DLECTER_SANITIZE=ON -DLECTER_BUILD_BENCH=OFF
echo "=== fuzz (each target 30 s)"
LECTER_FUZZ_SEED=1 scripts/fuzz.sh 30
