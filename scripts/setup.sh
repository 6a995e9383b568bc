#!/usr/bin/env bash
# Command 1 of the README: installs what is missing, builds lecter (Release, build/lecter) and shows it
# doing its job. As root, a demo: the real lecter daemon against the project's ApiServer stand-in and
# three machines in a network namespace, one taken down and brought back (demo/lecter_demo.cpp).
# Without root, or with --no-demo: one dry-run cycle of the bundled example (two Redis nodes on this
# machine, one up, one down); no cluster, no Redis store.
set -euo pipefail
cd "$(dirname "$0")/.."

demo=1
for option in "$@"; do
  case "$option" in
    --no-demo) demo=0 ;;
    *) echo "usage: $0 [--no-demo]" >&2; exit 2 ;;
  esac
done
if [[ $demo -eq 1 && $(id -u) -ne 0 ]]; then
  echo "the demo needs root (it makes a network namespace): showing the dry run instead (--no-demo)"
  demo=0
fi

scripts/install-deps.sh --with-tests
if [[ $demo -eq 1 ]]; then
  # The demo's ApiServer stand-in and network namespace are the tests' own: built with them.
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLECTER_BUILD_TESTS=ON -DLECTER_BUILD_BENCH=OFF >/dev/null
  cmake --build build -j2 --target lecter lecter_demo
  set +e
  build/demo/lecter_demo build/lecter
  code=$?
  set -e
  [[ $code -eq 2 ]] || exit "$code"  # 2: no network namespace here (a container without NET_ADMIN)
  echo "showing the dry run instead"
else
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLECTER_BUILD_TESTS=OFF -DLECTER_BUILD_BENCH=OFF >/dev/null
  cmake --build build -j2 --target lecter
fi

# The example's node-01: a throwaway redis-server on 127.0.0.1. node-02 (127.0.0.2) stays down. The
# example's port is 16379; when something else already listens there, the next free port is used (in a
# copy of the example), so that the example never probes a program it did not start.
port=16379
config=examples/local/config.yaml
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
if [[ $port -ne 16379 ]]; then
  echo "127.0.0.1:16379 is in use by another program: the example's node-01 listens on $port instead"
  config=build/example-config.yaml
  sed "s/- port: 16379/- port: $port/" examples/local/config.yaml >"$config"
fi
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
node=$!
trap 'kill $node 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

echo "--- lecter --once --dry-run -f $config"
./build/lecter --once --dry-run -f "$config"
