#!/usr/bin/env bash
# Command 2 of the README (and all of .ci/run): the whole test suite, three times — a Release build
# (what setup.sh and the Dockerfile ship) with warnings as errors, the same tests under AddressSanitizer
# and UndefinedBehaviorSanitizer, and under ThreadSanitizer (Debug) — then every libFuzzer target for
# 30 s from its seeds, and the Release binary in a root made as the image's runtime stage.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --with-tests

# Chained with &&, not left to set -e, which does not hold inside a function called before ||.
run_suite() {
  local dir=$1; shift
  cmake -S . -B "$dir" -DLECTER_WERROR=ON "$@" >/dev/null &&
    cmake --build "$dir" -j2 &&
    (cd "$dir" && ctest --output-on-failure --no-tests=error --timeout 300 -j2)
}

echo "=== build and test, Release (warnings are errors)"
run_suite build-test -DCMAKE_BUILD_TYPE=Release -DLECTER_UNITY_TESTS=ON
# The sanitizer builds compile several files as one (CMake's unity build): most of a test file's compile
# time goes to instantiating the same GoogleTest and JSON templates every file uses, so this makes the
# two builds about three times faster. The first build does so for the tests only: lecter's own
# sources keep one file per unit there, so each still has to include what it uses.
echo "=== build and test under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DLECTER_SANITIZE=ON -DLECTER_BUILD_BENCH=OFF \
  -DCMAKE_UNITY_BUILD=ON
echo "=== build and test under TSan"
# Reports go to files, so that one from a lecter process a test started (whose stderr the test may not
# show) is not lost; any report fails the run, as halt_on_error fails the process that made it.
tsan_reports=$PWD/build-tsan/tsan-reports
rm -rf "$tsan_reports" && mkdir -p "$tsan_reports"
tsan_failed=0
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$tsan_reports/report:suppressions=$PWD/scripts/tsan-suppressions.txt" \
  run_suite build-tsan -DCMAKE_BUILD_TYPE=Debug -DLECTER_SANITIZE_THREAD=ON -DLECTER_BUILD_BENCH=OFF \
  -DCMAKE_UNITY_BUILD=ON ||
  tsan_failed=1
if compgen -G "$tsan_reports/report.*" >/dev/null; then
  cat "$tsan_reports"/report.*
  echo "ThreadSanitizer reported the above (files in $tsan_reports)" >&2
  exit 1
fi
[[ $tsan_failed -eq 0 ]] || exit 1
echo "=== fuzz (each target 30 s)"
LECTER_FUZZ_SEED=1 scripts/fuzz.sh 30
echo "=== the Release binary in the image's runtime root (debootstrap)"
scripts/check-image-root.sh build-test/lecter
