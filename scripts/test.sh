#!/bin/bash
# The whole test suite: host-side unit tests, then the guest tests.
# Prints every result as TAP and ends with "N passed, N failed, N skipped".
#
# usage: test.sh BUILD GUEST_ARGS...
set -uo pipefail

build=$1
shift
results=$build/results
rm -rf "$results"
mkdir -p "$results" "$build/logs"

status=0
# Host-side tests: each tests/*.t (and each host test program built under
# build/host-tests) prints TAP.
for t in tests/*.t "$build"/host-tests/*.t; do
	[ -x "$t" ] || continue
	name=$(basename "$t" .t)
	echo "# ---- host: $name"
	"$t" > "$results/host-$name.tap" 2>&1 || status=1
	cat "$results/host-$name.tap"
done

rm -f "$build/logs/test.log.tap"
scripts/guest.sh test "$build/logs/test.log" "$@" || status=1
if [ -s "$build/logs/test.log.tap" ]; then
	cp "$build/logs/test.log.tap" "$results/guest.tap"
else
	# The guest never reported: count that as a failed test case.
	printf '1..1\nnot ok 1 guest_boot # no TAP from the guest\n' \
		> "$results/guest.tap"
fi

scripts/tap-summary.sh "$results"/*.tap || status=1
exit $status
