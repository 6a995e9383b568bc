#!/usr/bin/env bash
# Installs the Debian 12 packages lecter needs to build, test and run, when they are missing.
# The Dockerfile runs this script in both its stages. --with-tests adds what the test suite needs,
# --with-fuzz what scripts/fuzz.sh needs (clang with libFuzzer and the sanitizer runtimes,
# llvm-symbolizer for readable crash reports). --runtime-only installs only what the built binary
# needs to run (the image's runtime stage, scripts/check-image-root.sh); --print-runtime prints that list.
set -euo pipefail

BUILD_PACKAGES=(
  g++ cmake make pkg-config
  libyaml-cpp-dev libcurl4-openssl-dev libhiredis-dev libspdlog-dev libcli11-dev nlohmann-json3-dev
  prometheus-cpp-dev libcivetweb-dev libssl-dev libnghttp2-dev
)
# The shared libraries the binary links (each pulls in its own), and the CA store for the ApiServer's
# TLS. A library added to the build needs its runtime package here: scripts/check-image-root.sh fails
# on one that is missing.
RUNTIME_PACKAGES=(
  libyaml-cpp0.7 libcurl4 libhiredis0.14 libspdlog1.10 libfmt9 libprometheus-cpp-core1.0 libcivetweb1
  libssl3 libnghttp2-14 ca-certificates
)
TEST_PACKAGES=(
  libgtest-dev libgmock-dev libcpp-httplib-dev redis-server redis-tools iproute2 openssl
  nghttp2-server chromium kubernetes-client debootstrap libgrpc++-dev
)

FUZZ_PACKAGES=(
  clang-14 libclang-rt-14-dev llvm-14
)

want=("${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}")
for option in "$@"; do
  case "$option" in
    --with-tests) want+=("${TEST_PACKAGES[@]}") ;;
    --with-fuzz) want+=("${FUZZ_PACKAGES[@]}") ;;
    --runtime-only) want=("${RUNTIME_PACKAGES[@]}") ;;
    --print-runtime) echo "${RUNTIME_PACKAGES[*]}"; exit 0 ;;
    *) echo "usage: $0 [--with-tests] [--with-fuzz] | --runtime-only | --print-runtime" >&2; exit 2 ;;
  esac
done

# A package whose command is already there from elsewhere: another package may own /usr/bin/kubectl
# (Google's cloud SDK has one), and Debian's kubernetes-client would fail to unpack over it. Any kubectl
# with `kustomize` serves the tests.
provided_elsewhere() {
  case $1 in
    kubernetes-client) command -v kubectl >/dev/null && kubectl kustomize --help >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || provided_elsewhere "$p" ||
    missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}"
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
