#!/usr/bin/env bash
# Proves the Dockerfile's runtime stage without a Docker engine: debootstraps a Debian bookworm root
# from the mirror apt already uses, installs exactly the runtime packages the image installs
# (scripts/install-deps.sh --runtime-only, one list for both), copies the Release binary and the baked
# config in as the Dockerfile does, and runs lecter there as the image's non-root user:
# --version, --check on the baked config, and one --once --dry-run cycle of the bundled example
# (loopback only). A shared library missing from the list fails the first of these.
#
#   scripts/check-image-root.sh [BINARY]     # default: build/lecter (scripts/setup.sh builds it)
#
# Needs root (debootstrap, chroot). Takes a few minutes, most of them downloading; the root is kept
# in build/image-root between runs and only the runtime packages are installed again.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-build/lecter}
[[ $(id -u) -eq 0 ]] || { echo "$0: needs root (debootstrap and chroot)" >&2; exit 2; }
[[ -x $binary ]] || { echo "$0: $binary is not an executable: build it first (scripts/setup.sh)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "$0: debootstrap is missing: scripts/install-deps.sh --with-tests" >&2; exit 2; }

root=$PWD/build/image-root
started=$SECONDS

# The mirror of this machine's apt sources (deb822 or one-line form), as the image's base uses.
mirror=$(sed -n 's/^URIs: *\(\S*\/debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
[[ -n $mirror ]] || mirror=$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
[[ -n $mirror ]] || mirror=http://deb.debian.org/debian

cleanup() { umount "$root/proc" 2>/dev/null || true; }
trap cleanup EXIT

if [[ ! -x $root/usr/bin/apt-get ]]; then
  echo "--- debootstrap --variant=minbase bookworm from $mirror"
  rm -rf "$root"
  mkdir -p "$root"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$PWD/build/image-root.log" 2>&1 ||
    { tail -20 "$PWD/build/image-root.log" >&2; echo "$0: debootstrap failed (log: build/image-root.log)" >&2; exit 1; }
fi
# The same suites as this machine (updates and security too), as the slim image has them.
if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/debian.sources"
  : >"$root/etc/apt/sources.list"
fi
mount -t proc proc "$root/proc"

echo "--- the image's runtime packages: $(scripts/install-deps.sh --print-runtime)"
cp scripts/install-deps.sh "$root/tmp/install-deps.sh"
chroot "$root" /tmp/install-deps.sh --runtime-only
rm -f "$root/tmp/install-deps.sh"
chroot "$root" sh -c 'getent group lecter >/dev/null || groupadd --gid 10001 lecter
  getent passwd lecter >/dev/null ||
    useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin lecter'

# As the Dockerfile's COPY lines put them.
install -m 0755 "$binary" "$root/usr/local/bin/lecter"
mkdir -p "$root/etc/lecter" "$root/example"
cp deploy/base/config.yaml "$root/etc/lecter/config.yaml"
cp examples/local/config.yaml "$root/example/config.yaml"

as_lecter() { chroot --userspec=10001:10001 "$root" "$@"; }
echo "--- lecter --version"
as_lecter /usr/local/bin/lecter --version
echo "--- lecter --check -f /etc/lecter/config.yaml"
as_lecter /usr/local/bin/lecter --check -f /etc/lecter/config.yaml
echo "--- lecter --once --dry-run -f /example/config.yaml (loopback targets; nothing listens on its ApiServer)"
# Its nodes may be down and its ApiServer address has nothing behind it, so the cycle may keep or fail
# (exit 1); what counts is that the binary ran a whole cycle and reported it in the image's root.
set +e
output=$(cd "$root" && as_lecter /usr/local/bin/lecter --once --dry-run -f /example/config.yaml 2>&1)
code=$?
set -e
echo "$output"
if [[ $code -gt 1 ]] || ! grep -q "^service cache default/cache: " <<<"$output"; then
  echo "$0: the dry-run cycle did not run in the image's root (exit $code)" >&2
  exit 1
fi
echo "--- the image's root runs lecter as user 10001 ($((SECONDS - started)) s)"
