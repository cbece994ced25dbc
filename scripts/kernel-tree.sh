#!/bin/bash
# Make SRC a git tree of the pinned kernel source ("base" mode), or apply
# the series to it ("apply" mode).
#
# The base commit is made from Debian's linux-source tarball and tagged
# "base-VERSION"; the patches listed in SERIES are applied on top with
# "git am", so the tree is one a developer can work in and export patches
# from (make kernel-patches).  A bare copy of the base commit is kept in
# CACHE (outside the clone) when that is writable, which turns the next
# fresh extraction into a local clone.
#
# Usage: kernel-tree.sh base VERSION TARBALL SRC CACHE
#        kernel-tree.sh apply VERSION SRC SERIES
set -euo pipefail

mode=$1
if [ "$mode" = base ]; then
	ver=$2 tarball=$3 src=$4 cache=$5 series=/dev/null
else
	ver=$2 src=$3 series=$4
fi
series_dir=$(dirname "$series")
tag="base-${ver//[~:]/_}"
stamp="$src/.git/its-precopy-series"

patches() {
	local p
	{ grep -v -e '^#' -e '^[[:space:]]*$' "$series" || true; } |
	while read -r p; do
		echo "$series_dir/$p"
	done
}

series_hash() {
	{ echo "$ver"; patches | xargs -r cat; } | sha256sum | cut -d' ' -f1
}

git_id() {
	git -C "$src" config user.name "its-precopy build"
	git -C "$src" config user.email "build@its-precopy.invalid"
}

make_base() {
	local repo=$cache/linux-$ver.git

	rm -rf "$src"
	if [ -d "$repo" ] && git -C "$repo" rev-parse -q --verify "$tag" >/dev/null; then
		echo "  TREE    clone $repo"
		git clone -q --no-checkout "$repo" "$src"
		git -C "$src" checkout -q -B master "$tag"
		git_id
		return
	fi
	echo "  TREE    extract $tarball"
	mkdir -p "$src"
	tar -xJf "$tarball" -C "$src" --strip-components=1
	git -C "$src" init -q -b master
	git_id
	git -C "$src" add -A -f .
	git -C "$src" commit -q -m "Linux $ver (Debian linux-source-6.12)"
	git -C "$src" tag "$tag"
	if mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
		rm -rf "$repo.tmp"
		git clone -q --bare "$src" "$repo.tmp" && mv "$repo.tmp" "$repo"
	fi
}

if [ "$mode" = base ]; then
	if ! [ -d "$src/.git" ] ||
	   ! git -C "$src" rev-parse -q --verify "$tag" >/dev/null; then
		make_base
	fi
	touch "$src/.git/its-precopy-base"
	exit 0
fi

want=$(series_hash)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
	exit 0
fi

# The patch-ids of a list of patches, to compare a tree with the series.
patch_ids() {
	git patch-id --stable | cut -d' ' -f1
}

if [ -d "$src/.git" ] && git -C "$src" rev-parse -q --verify "$tag" >/dev/null; then
	# The tree may already hold the series: "make kernel-patches" just
	# exported it from there.
	tree_ids=$(git -C "$src" format-patch --stdout "$tag..HEAD" | patch_ids)
	series_ids=$(patches | xargs -r cat | patch_ids)
	if [ "$tree_ids" = "$series_ids" ] &&
	   [ -z "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
		git -C "$src" rev-parse HEAD > "$stamp.head"
		echo "$want" > "$stamp"
		exit 0
	fi
	# Re-apply the series, but never over a developer's own work.
	if [ -f "$stamp.head" ] &&
	   [ "$(git -C "$src" rev-parse HEAD)" != "$(cat "$stamp.head")" ]; then
		echo "kernel-tree: $src has commits not in $series." >&2
		echo "kernel-tree: export them with 'make kernel-patches'" \
		     "or remove $src." >&2
		exit 1
	fi
	if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
		echo "kernel-tree: $src has uncommitted changes; commit and" \
		     "export them with 'make kernel-patches', or remove $src." >&2
		exit 1
	fi
	git -C "$src" am --abort >/dev/null 2>&1 || true
	git -C "$src" checkout -q -B master "$tag"
else
	echo "kernel-tree: $src is not a kernel tree; run base mode first" >&2
	exit 1
fi

rm -f "$stamp" "$stamp.head"
n=0
for p in $(patches); do
	git -C "$src" am -q --keep-cr "$(realpath "$p")" || {
		echo "kernel-tree: $p does not apply to $tag" >&2
		git -C "$src" am --abort || true
		exit 1
	}
	n=$((n + 1))
done
echo "  TREE    $tag + $n patches"
git -C "$src" rev-parse HEAD > "$stamp.head"
echo "$want" > "$stamp"
