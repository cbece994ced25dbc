#!/bin/bash
# Host-side tests of scripts/tap-summary.sh, which prints the closing line
# of "make test".  Prints TAP.
set -u
summary=$(dirname "$0")/../scripts/tap-summary.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/tap.sh"

expect() {
	# expect NAME "CLOSING LINE" EXIT-STATUS TAP-FILE...
	local name=$1 line=$2 status=$3 out rc
	shift 3
	out=$("$summary" "$@" 2>/dev/null)
	rc=$?
	[ "$out" = "$line" ] && [ "$rc" = "$status" ]
	tap_result "$name" $? "got '$out' (exit $rc)"
}

printf '1..3\nok 1 a\nok 2 b # SKIP why\nok 3 c\n' > "$tmp/good.tap"
printf '1..2\nok 1 a\nnot ok 2 b\n' > "$tmp/bad.tap"
printf '1..4\nok 1 a\n' > "$tmp/short.tap"
printf 'TAP version 13\n1..1\n# ok 7 is a comment\nok 1 a\n' > "$tmp/comment.tap"

echo "1..6"
expect "passes and skips are counted" "2 passed, 0 failed, 1 skipped" 0 \
	"$tmp/good.tap"
expect "a failure fails the run" "1 passed, 1 failed, 0 skipped" 1 \
	"$tmp/bad.tap"
expect "tests missing from the plan count as failed" \
	"1 passed, 3 failed, 0 skipped" 1 "$tmp/short.tap"
expect "files add up" "3 passed, 1 failed, 1 skipped" 1 \
	"$tmp/good.tap" "$tmp/bad.tap"
expect "a missing file is a failure" "0 passed, 1 failed, 0 skipped" 1 \
	"$tmp/none.tap"
expect "comments are not results" "1 passed, 0 failed, 0 skipped" 0 \
	"$tmp/comment.tap"
tap_exit
