#!/usr/bin/env bash
# Installs the Debian 12 packages lecter needs to build, test and run, when they are missing.
# The Dockerfile installs the same lists. --with-tests adds what the test suite needs, --with-fuzz
# what scripts/fuzz.sh needs (clang with libFuzzer and the sanitizer runtimes, llvm-symbolizer for
# readable crash reports).
set -euo pipefail

BUILD_PACKAGES=(
  g++ cmake make pkg-config
  libyaml-cpp-dev libcurl4-openssl-dev libhiredis-dev libspdlog-dev libcli11-dev nlohmann-json3-dev
  prometheus-cpp-dev libcivetweb-dev
)
TEST_PACKAGES=(
  libgtest-dev libgmock-dev libcpp-httplib-dev libssl-dev redis-server redis-tools iproute2 openssl
  nghttp2-server chromium
)

FUZZ_PACKAGES=(
  clang-14 libclang-rt-14-dev llvm-14
)

want=("${BUILD_PACKAGES[@]}")
for option in "$@"; do
  case "$option" in
    --with-tests) want+=("${TEST_PACKAGES[@]}") ;;
    --with-fuzz) want+=("${FUZZ_PACKAGES[@]}") ;;
    *) echo "usage: $0 [--with-tests] [--with-fuzz]" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}"
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
