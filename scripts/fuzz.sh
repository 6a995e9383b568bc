#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/*_fuzz.cpp) with clang in build-fuzz/ and runs each for SECONDS,
# one after the other, from its committed seeds (fuzz/corpus/<name>/). Prints one line per target with
# the inputs run and the crashes found; exits non-zero when any target crashed (or broke a property
# it checks). What a run finds stays in build-fuzz/fuzz-runs/<name>/: the log, new inputs, crash files.
#   scripts/fuzz.sh 60            every target for 60 s
#   scripts/fuzz.sh 60 config     only fuzz/config_fuzz.cpp
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-}
if [[ ! "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: $0 SECONDS [TARGET...]" >&2
  exit 2
fi
shift

scripts/install-deps.sh --with-fuzz

build=build-fuzz
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLECTER_WERROR=ON \
  -DLECTER_FUZZ=ON -DLECTER_BUILD_TESTS=OFF -DLECTER_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target lecter_fuzz

targets=("$@")
if ((${#targets[@]} == 0)); then
  for source in fuzz/*_fuzz.cpp; do
    name=$(basename "$source" _fuzz.cpp)
    targets+=("$name")
  done
fi

export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
# A broken property aborts; ASan and UBSan report and stop at the first error.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

failed=0
for name in "${targets[@]}"; do
  binary=$build/fuzz/lecter_${name}_fuzz
  seeds=fuzz/corpus/$name
  run=$build/fuzz-runs/$name
  [[ -x "$binary" && -d "$seeds" ]] || { echo "$name: no $binary or no $seeds" >&2; exit 2; }
  rm -rf "$run" && mkdir -p "$run/corpus" "$run/artifacts"

  # Config files and kubeconfigs may be large; one ApiServer object, watch line or Redis hash is small.
  case "$name" in
    config | kubeconfig) max_len=$((1024 * 1024)) ;;
    *) max_len=$((64 * 1024)) ;;
  esac
  options=(-max_total_time="$seconds" -rss_limit_mb=2048 -max_len="$max_len" -timeout=10
           -print_final_stats=1 -artifact_prefix="$run/artifacts/")
  # LECTER_FUZZ_SEED fixes libFuzzer's random seed: scripts/test.sh sets it so that CI's run follows the
  # same path each time and a new crash comes from a change, not from luck.
  [[ -n "${LECTER_FUZZ_SEED:-}" ]] && options+=(-seed="$LECTER_FUZZ_SEED")
  [[ -f fuzz/$name.dict ]] && options+=(-dict="fuzz/$name.dict")

  # New inputs go to the run's own folder (the first one given); the committed seeds stay as they are.
  status=0
  started=$SECONDS
  # In a subshell, so the shell's own "Aborted" note on a crash goes into the log too.
  ("$binary" "${options[@]}" "$run/corpus" "$seeds") >"$run/log" 2>&1 || status=$?

  runs=$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$run/log" | tail -1)
  # After a crash there is no "Done" line; the final stats still count what ran.
  [[ -n "$runs" ]] || runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1/p' "$run/log" | tail -1)
  crashes=$(find "$run/artifacts" -type f | wc -l)
  if ((status != 0 && crashes == 0)); then crashes=1; fi
  printf '%-16s %10s runs in %ss, %d crashes\n' "$name" "${runs:-?}" "$((SECONDS - started))" "$crashes"
  if ((crashes > 0)); then
    failed=1
    grep -m1 -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error|fuzz property broken|uncaught' \
      "$run/log" | sed 's/^/    /' || true
    find "$run/artifacts" -type f | sed 's/^/    input: /'
    echo "    log: $run/log"
  fi
done
exit "$failed"
