#!/bin/bash
# Pack the directory ROOT into a gzip'ed initramfs with the kernel's own
# gen_init_cpio, adding /dev/console so no root privilege is needed.
#
# usage: mkinitramfs.sh GEN_INIT_CPIO ROOT OUT
set -euo pipefail

gen=$1 root=$2 out=$3

{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	(cd "$root" && find . -mindepth 1 | LC_ALL=C sort) | while read -r p; do
		p=${p#./}
		src="$root/$p"
		mode=$(stat -c %a "$src")
		if [ -L "$src" ]; then
			echo "slink /$p $(readlink "$src") 0777 0 0"
		elif [ -d "$src" ]; then
			echo "dir /$p $mode 0 0"
		else
			echo "file /$p $(realpath "$src") $mode 0 0"
		fi
	done
} > "$out.list"
"$gen" "$out.list" | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
