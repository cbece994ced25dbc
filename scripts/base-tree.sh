#!/bin/bash
# The source of the baseline kernel of "make bench": a git worktree of the
# kernel tree with only the first N patches of the series applied.
#
# usage: base-tree.sh SRC DST VERSION SERIES N
#   SRC      the kernel tree (build/linux), tagged base-VERSION
#   DST      the worktree to make or update (build/linux-base)
#   SERIES   kernel/series; its first N patches are applied
#
# DST is re-made only when those patches change, so that an unchanged
# baseline is not rebuilt.
set -euo pipefail

src=$1 dst=$2 ver=$3 series=$4 n=$5
tag="base-${ver//[~:]/_}"
dir=$(dirname "$series")
stamp=$dst.stamp

mapfile -t patches < <(grep -v '^#' "$series" | head -n "$n")
if [ "${#patches[@]}" != "$n" ]; then
	echo "base-tree: $series has fewer than $n patches" >&2
	exit 1
fi

want=$( { echo "$tag"; for p in "${patches[@]}"; do cat "$dir/$p"; done; } |
	sha1sum | cut -d' ' -f1)
if [ -d "$dst" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

rm -f "$stamp"
git -C "$src" worktree prune
if [ ! -e "$dst/.git" ]; then
	rm -rf "$dst"
	git -C "$src" worktree add -q --detach "$(realpath -m "$dst")" "$tag"
else
	git -C "$dst" am --abort >/dev/null 2>&1 || true
	git -C "$dst" checkout -q -f --detach "$tag"
fi
for p in "${patches[@]}"; do
	git -C "$dst" am -q --keep-cr "$(realpath "$dir/$p")" || {
		echo "base-tree: $p does not apply to $tag" >&2
		git -C "$dst" am --abort || true
		exit 1
	}
done
echo "  TREE    $dst: $tag + $n patches (baseline)"
echo "$want" > "$stamp"
