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
# Host-side unit tests write TAP files of their own into $results.
if [ -x "$build/userspace/run-host-tests" ]; then
	"$build/userspace/run-host-tests" "$results" || status=1
fi

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
