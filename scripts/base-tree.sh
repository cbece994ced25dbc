#!/bin/bash
# The source of the baseline kernel of "make bench": a git worktree of the
# kernel tree at its base tag, the plain base without the series.
#
# usage: base-tree.sh SRC DST
#   SRC      the kernel tree (build/linux), tagged base-VERSION
#   DST      the worktree to make or update (build/base/linux)
#
# DST is left alone while it is at that tag, so that an unchanged
# baseline is not rebuilt, and made afresh otherwise.
set -euo pipefail

src=$1 dst=$2
ver=$(cat "$src/.git/its-precopy-base")
tag="base-${ver//[~:]/_}"
stamp=$dst.stamp

if [ -d "$dst" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$tag" ]; then
	exit 0
fi

# A re-made SRC (a new upload) leaves DST a worktree of a tree gone.
rm -rf "$stamp" "$dst"
git -C "$src" worktree prune
git -C "$src" worktree add -q --detach "$(realpath -m "$dst")" "$tag"
echo "  TREE    $dst: $tag (baseline)"
echo "$tag" > "$stamp"
