#!/usr/bin/env bash
# Command 1 of the README: installs what is missing, builds lecter, and runs one dry-run cycle of the
# bundled example (two Redis nodes on this machine, one up, one down). No cluster or Redis store needed.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --with-tests
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLECTER_BUILD_TESTS=OFF -DLECTER_BUILD_BENCH=OFF >/dev/null
cmake --build build -j2 --target lecter

# The example's node-01: a throwaway redis-server on 127.0.0.1:16379. node-02 (127.0.0.2) stays down.
redis-server --port 16379 --bind 127.0.0.1 --save '' --appendonly no --daemonize no >/dev/null &
node=$!
trap 'kill $node 2>/dev/null || true' EXIT
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/16379) 2>/dev/null && break; sleep 0.1; done

echo "--- lecter --once --dry-run -f examples/local/config.yaml"
./build/lecter --once --dry-run -f examples/local/config.yaml
