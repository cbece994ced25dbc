#!/bin/bash
# Fetch Debian's QEMU source tarball (the +ds "orig" tarball of the pinned
# bookworm-backports version) into DIR, or FALLBACK when DIR cannot be
# written, unless it is there already, and print its path.
#
# usage: qemu-source.sh VERSION DIR FALLBACK
set -euo pipefail

ver=$1 dir=$2
if ! mkdir -p "$dir" 2>/dev/null || ! [ -w "$dir" ]; then
	dir=$3
fi
upstream=${ver#*:}
upstream=${upstream%-*}
tarball=$dir/qemu_$upstream.orig.tar.xz

if [ ! -f "$tarball" ]; then
	mkdir -p "$dir"
	# apt-get source needs the deb-src entry that "make deps" adds.
	(cd "$dir" && apt-get source -q --tar-only "qemu=$ver" >&2) || {
		echo "qemu-source: cannot fetch the source of qemu $ver;" \
		     "is it still in bookworm-backports?" >&2
		exit 1
	}
fi
echo "$tarball"
