#!/bin/bash
# Install everything the build and the tests need, idempotently.
#
# Enables bookworm-backports (binary and source) by copying the stanza of the
# stock debian.sources whose suites are "bookworm bookworm-updates", so no host
# name is written here, then installs the packages listed below.  The kernel
# and QEMU sources are not installed: scripts/debsrc.sh fetches them with an
# apt configuration of its own.
#
# Usage: deps.sh
set -euo pipefail

stamp_dir=${DEPS_STAMP_DIR:-/var/lib/its-precopy}
src=/etc/apt/sources.list.d/debian.sources
bpo=/etc/apt/sources.list.d/its-precopy-backports.sources

host_pkgs=(
	build-essential bc bison flex libssl-dev libelf-dev cpio xz-utils
	ccache git rsync python3 python3-pycotap python3-venv pkg-config
	ninja-build bzip2 file python3-ply python3-git device-tree-compiler
	libncurses-dev gnuplot-nox
	gcc-aarch64-linux-gnu g++-aarch64-linux-gnu debian-archive-keyring
	liburing-dev
)
arm64_pkgs=(
	busybox-static:arm64 liburing-dev:arm64 libglib2.0-dev:arm64
	zlib1g-dev:arm64 libfdt-dev:arm64 libpixman-1-dev:arm64
)
bpo_pkgs=(qemu-system-arm meson)

want="${host_pkgs[*]} ${arm64_pkgs[*]} ${bpo_pkgs[*]} v4"
if [ -f "$stamp_dir/deps" ] && [ "$(cat "$stamp_dir/deps")" = "$want" ]; then
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "deps: must run as root (apt-get install)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
changed=0
if [ ! -f "$bpo" ]; then
	if [ ! -f "$src" ]; then
		echo "deps: $src not found; cannot derive the backports entry" >&2
		exit 1
	fi
	# Take the paragraph whose Suites line names bookworm-updates.
	awk -v RS= -v ORS='\n\n' '/Suites:[^\n]*bookworm-updates/' "$src" |
		sed -e 's/^Suites:.*/Suites: bookworm-backports/' \
		    -e 's/^Types:.*/Types: deb deb-src/' > "$bpo.tmp"
	if ! grep -q '^URIs:' "$bpo.tmp"; then
		rm -f "$bpo.tmp"
		echo "deps: no bookworm-updates stanza in $src" >&2
		exit 1
	fi
	mv "$bpo.tmp" "$bpo"
	changed=1
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
	changed=1
fi
if [ $changed = 1 ] || [ ! -f "$stamp_dir/apt-updated" ]; then
	apt-get update -q
	mkdir -p "$stamp_dir"
	touch "$stamp_dir/apt-updated"
fi

apt-get install -y -q --no-install-recommends \
	"${host_pkgs[@]}" "${arm64_pkgs[@]}"
apt-get install -y -q --no-install-recommends -t bookworm-backports \
	"${bpo_pkgs[@]}"

mkdir -p "$stamp_dir"
echo "$want" > "$stamp_dir/deps"
