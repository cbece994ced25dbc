#!/bin/bash
# Export the commits of a source tree on top of its base tag as
# OUTDIR/NNNN-*.patch and rewrite OUTDIR/series, so that the tree a
# developer worked in becomes the series again (kernel/, qemu-patches/).
#
# usage: src-patches.sh SRC OUTDIR
#   SRC     a tree of src-tree.sh, whose base upload names the base tag
set -euo pipefail

src=$1 out=$2
# The base file sits in the main repository, also for a worktree of it.
ver=$(cat "$(git -C "$src" rev-parse --path-format=absolute \
	--git-common-dir)/its-precopy-base")
tag="base-${ver//[~:]/_}"

git -C "$out/.." rev-parse --git-dir >/dev/null 2>&1 ||
	{ echo "src-patches: $out is not in a git checkout" >&2; exit 1; }
n=$(git -C "$src" rev-list --count "$tag..HEAD")
[ "$n" -gt 0 ] || { echo "src-patches: no commits on $tag" >&2; exit 1; }

cover=
[ -f "$out/0000-cover-letter.patch" ] && cover=$(mktemp) &&
	cp "$out/0000-cover-letter.patch" "$cover"
rm -f "$out"/[0-9][0-9][0-9][0-9]-*.patch
git -C "$src" format-patch -q --no-signature --zero-commit --abbrev=12 \
	-o "$(realpath "$out")" "$tag..HEAD"
[ -n "$cover" ] && mv "$cover" "$out/0000-cover-letter.patch"
{
	echo "# Applied in order with git am onto $(git -C "$src" log -1 --format=%s "$tag")."
	(cd "$out" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-')
} > "$out/series"
echo "src-patches: exported $n patches to $out"
