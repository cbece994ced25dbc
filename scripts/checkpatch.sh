#!/bin/bash
# Run a tree's checkpatch.pl on patches, ignoring only the findings that
# EXCEPTIONS lists for that patch, with the reason written there (a
# missing EXCEPTIONS file lists none).
#
# usage: checkpatch.sh TREE EXCEPTIONS [--strict] PATCH...
set -uo pipefail

tree=$1 exceptions=$2
shift 2
[ -f "$exceptions" ] || exceptions=/dev/null
opts=()
[ "${1:-}" = --strict ] && { opts+=(--strict); shift; }

# spdxcheck.py (called by checkpatch) needs Debian's python3-ply and
# python3-git.
export PATH=/usr/bin:$PATH
status=0
for p in "$@"; do
	name=$(basename "$p")
	ignore=
	while IFS=$'\t' read -r glob type why; do
		case "$glob" in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2053
		[[ $name == $glob ]] && ignore+=${ignore:+,}$type
	done < "$exceptions"
	echo "  CHECK   $name${ignore:+ (ignoring $ignore)}"
	(cd "$tree" && ./scripts/checkpatch.pl "${opts[@]}" -q \
		${ignore:+--ignore "$ignore"} "$p") || status=1
done
exit $status
