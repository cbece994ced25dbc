#!/bin/bash
# Debian's +ds QEMU tarball leaves out the compressed edk2 firmware that
# pc-bios/meson.build lists for aarch64 builds.  Our QEMU boots guests with
# -kernel and never uses them, so give meson valid, empty .bz2 files, and
# keep them out of git so the tree still shows only our patches.
#
# usage: qemu-stub-blobs.sh QEMU_SRC
set -euo pipefail

src=$1
names=$(sed -n '/fds = \[/,/\]/p' "$src/pc-bios/meson.build" |
	grep -o "'edk2-[^']*'" | tr -d "'")
for f in $names; do
	stub=$src/pc-bios/$f.bz2
	[ -e "$stub" ] && continue
	bzip2 -c < /dev/null > "$stub"
	echo "/pc-bios/$f.bz2" >> "$src/.git/info/exclude"
done
