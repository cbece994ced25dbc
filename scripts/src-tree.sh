#!/bin/bash
# Make SRC a git tree of a Debian source ("base" mode), or apply a patch
# series to it ("apply" mode).  Used for the kernel and QEMU.
#
# Base mode resolves the upload of LINE to use (the newest the archive
# serves, or PIN; scripts/debsrc.sh), and when SRC is not a tree of that
# upload yet, re-makes it: a commit of the extracted source, tagged
# "base-VERSION".  The patches listed in SERIES are applied on top with
# "git am", so the tree is one a developer can work in and export patches
# from (src-patches.sh).  A bare copy of the base commit is kept in CACHE
# (outside the clone) when that is writable, which turns the next fresh
# extraction into a local clone.  A tree with commits or changes of a
# developer's is never re-made.
#
# Usage: src-tree.sh base KIND LINE PIN SRC CACHE BUILD
#        src-tree.sh apply SRC SERIES
#   KIND   linux or qemu (scripts/debsrc.sh)
set -euo pipefail

mode=$1
if [ "$mode" = base ]; then
	kind=$2 line=$3 pin=$4 src=$5 cache=$6 build=$7 series=/dev/null
	ver=$("$(dirname "$0")/debsrc.sh" "$cache" "$build" resolve \
		"$kind" "$line" "$pin")
else
	src=$2 series=$3
	ver=$(cat "$src/.git/its-precopy-base" 2>/dev/null) || {
		echo "src-tree: $src is not a source tree; run base mode first" >&2
		exit 1
	}
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

# Stop rather than lose a developer's commits or changes in SRC.
check_own_work() {
	if [ -f "$stamp.head" ] &&
	   [ "$(git -C "$src" rev-parse HEAD)" != "$(cat "$stamp.head")" ]; then
		echo "src-tree: $src has commits not in its series." >&2
		echo "src-tree: export them with 'make kernel-patches' (or qemu-patches)" \
		     "or remove $src." >&2
		exit 1
	fi
	if [ -n "$(git -C "$src" status --porcelain --untracked-files=no)" ]; then
		echo "src-tree: $src has uncommitted changes; commit and" \
		     "export them with 'make kernel-patches' (or qemu-patches), or remove $src." >&2
		exit 1
	fi
}

make_base() {
	local repo=$cache/$kind-$ver.git file

	rm -rf "$src"
	if [ -d "$repo" ] && git -C "$repo" rev-parse -q --verify "$tag" >/dev/null; then
		echo "  TREE    clone $repo"
		git clone -q --no-checkout "$repo" "$src"
		git -C "$src" checkout -q -B master "$tag"
		git_id
		return
	fi
	file=$("$(dirname "$0")/debsrc.sh" "$cache" "$build" fetch \
		"$kind" "$line" "$ver")
	echo "  TREE    extract $file"
	mkdir -p "$src"
	# -m: the files are new to any build directory of an older upload.
	case $file in
	*.deb)	dpkg-deb --fsys-tarfile "$file" |
			tar -xOf - --wildcards './usr/src/*.tar.xz' |
			tar -xJmf - -C "$src" --strip-components=1 ;;
	*)	tar -xmf "$file" -C "$src" --strip-components=1 ;;
	esac
	git -C "$src" init -q -b master
	git_id
	git -C "$src" add -A -f .
	git -C "$src" commit -q -m "$kind $ver (Debian source, $(basename "$file"))"
	git -C "$src" tag "$tag"
	if mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; then
		rm -rf "$repo.tmp"
		git clone -q --bare "$src" "$repo.tmp" && mv "$repo.tmp" "$repo"
	fi
}

if [ "$mode" = base ]; then
	if ! [ -d "$src/.git" ] ||
	   ! git -C "$src" rev-parse -q --verify "$tag" >/dev/null ||
	   [ "$(cat "$src/.git/its-precopy-base" 2>/dev/null)" != "$ver" ]; then
		if [ -d "$src/.git" ]; then
			check_own_work
			echo "  TREE    $src: re-made for $ver"
		fi
		make_base
	fi
	[ "$(cat "$src/.git/its-precopy-base" 2>/dev/null)" = "$ver" ] ||
		echo "$ver" > "$src/.git/its-precopy-base"
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

if git -C "$src" rev-parse -q --verify "$tag" >/dev/null; then
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
	check_own_work
	git -C "$src" am --abort >/dev/null 2>&1 || true
	git -C "$src" checkout -q -B master "$tag"
else
	echo "src-tree: $src has no tag $tag; run base mode first" >&2
	exit 1
fi

rm -f "$stamp" "$stamp.head"
n=0
for p in $(patches); do
	git -C "$src" am -q --keep-cr "$(realpath "$p")" || {
		echo "src-tree: $p does not apply to $tag" >&2
		git -C "$src" am --abort || true
		exit 1
	}
	n=$((n + 1))
done
echo "  TREE    $src: $tag + $n patches"
git -C "$src" rev-parse HEAD > "$stamp.head"
echo "$want" > "$stamp"
