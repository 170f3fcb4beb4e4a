#!/usr/bin/env bash
# A STAND-IN for the official node:20-bookworm-slim image, for machines that reach Debian's mirror
# and the npm registry but no image registry (the Dockerfile's FROM cannot be pulled there).
# It is a minimal Debian bookworm (debootstrap) plus this machine's own Node 20 and npm, laid out
# like the official image (/usr/local, user `node` uid 1000). Not a release base: publish images
# built FROM the official one.
#
#   sudo deploy/offline-base-image.sh [tag]       # default tag: colloquy-offline/node:20-bookworm-slim
#   docker build --network host --build-arg NODE_IMAGE=colloquy-offline/node:20-bookworm-slim -t colloquy .
#
# Needs root, debootstrap and a running Docker daemon. MIRROR overrides the Debian mirror.
set -euo pipefail

tag=${1:-colloquy-offline/node:20-bookworm-slim}
mirror=${MIRROR:-http://deb.debian.org/debian}
repo=$(cd "$(dirname "$0")/.." && pwd)

# The stand-in must carry the Node major the Dockerfile's default base names (node:20-…).
want=$(sed -n 's/^ARG NODE_IMAGE=node:\([0-9]*\).*/\1/p' "$repo/Dockerfile")
have=$(node -p 'process.versions.node.split(".")[0]')
[ "$want" = "$have" ] || { echo "this machine has Node $have, the Dockerfile wants Node $want" >&2; exit 1; }

node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
npm_dir=$(npm root -g)/npm
[ -d "$node_prefix/include/node" ] || { echo "no Node headers under $node_prefix/include/node" >&2; exit 1; }

rootfs=$(mktemp -d /tmp/colloquy-base-XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase bookworm "$rootfs" "$mirror"

# Node where the official image has it: native modules (better-sqlite3) then build against the
# headers in /usr/local/include/node without downloading them.
install -D -m 755 "$(readlink -f "$(command -v node)")" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/include" "$rootfs/usr/local/lib/node_modules"
cp -a "$node_prefix/include/node" "$rootfs/usr/local/include/node"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
chroot "$rootfs" node --version >/dev/null
# What this machine's npm needs to reach the registry offline: its CA bundle (a TLS-inspecting proxy
# may sit in between) and its Node headers for native builds (node-gyp cannot download them).
cafile=$(npm config get cafile)
if [ -f "$cafile" ]; then install -D -m 644 "$cafile" "$rootfs/usr/local/share/colloquy-offline/ca.crt"; ca_env=/usr/local/share/colloquy-offline/ca.crt; fi
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb

tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$(node -p process.versions.node)" \
  --change 'ENV npm_config_nodedir=/usr/local' \
  ${ca_env:+--change "ENV NODE_EXTRA_CA_CERTS=$ca_env"} \
  --change 'LABEL org.opencontainers.image.description="Offline stand-in for node:20-bookworm-slim (debootstrap + host Node); not for release"' \
  --change 'CMD ["node"]' - "$tag"
docker run --rm --network none "$tag" sh -c 'node --version && npm --version && id node'
