#!/bin/bash
# Rewrite the generated end of a cover letter (the shortlog from
# "its-precopy developers (N):" on, the diffstat and the created files)
# from the commits of a source tree on top of its base tag, as
# git format-patch --cover-letter writes them.
#
# usage: cover-tail.sh SRC COVER
set -euo pipefail

src=$1 cover=$2
# The base file sits in the main repository, also for a worktree of it.
ver=$(cat "$(git -C "$src" rev-parse --path-format=absolute \
	--git-common-dir)/its-precopy-base")
tag="base-${ver//[~:]/_}"
n=$(git -C "$src" rev-list --count "$tag..HEAD")

head=$(sed '/^its-precopy developers ([0-9]*):$/,$d' "$cover")
{
	printf '%s\n\n' "$head"
	echo "its-precopy developers ($n):"
	git -C "$src" log --reverse --format='  %s' "$tag..HEAD" |
		while IFS= read -r line; do
			printf '%s\n' "$line" | fold -s -w 72 | sed '2,$s/^/    /'
		done
	echo
	git -C "$src" diff --stat=80 "$tag" HEAD
	git -C "$src" diff --summary "$tag" HEAD | grep '^ create mode' || true
} > "$cover.new"
mv "$cover.new" "$cover"
