#!/bin/bash
# The whole test suite: host-side unit tests, then the guest tests.
# Prints every result as TAP and ends with "N passed, N failed, N skipped".
#
# usage: test.sh BUILD GUEST_ARGS... [-- TAG GUEST_ARGS...]...
# Each "-- TAG GUEST_ARGS..." boots the guest once more, on another kernel,
# and runs the tests those select: "debug" (Kconfig TEST_DEBUG), "6.12"
# (TEST_BACKPORT).  The source versions (BUILD/versions) come first.
set -uo pipefail

build=$1
shift
results=$build/results
rm -rf "$results"
mkdir -p "$results" "$build/logs"

[ -f "$build/versions" ] && sed 's/^/# source: /' "$build/versions"

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

# guest NAME GUEST_ARGS...: boot, test, keep the TAP as results/NAME.tap.
guest() {
	local name=$1 log=$build/logs/test${1#guest}.log
	shift
	echo "# ---- guest${name#guest}"
	rm -f "$log.tap"
	scripts/guest.sh test "$log" "$@" || status=1
	if [ -s "$log.tap" ]; then
		cp "$log.tap" "$results/$name.tap"
	else
		# The guest never reported: count that as a failed test case.
		printf '1..1\nnot ok 1 %s_boot # no TAP from the guest\n' \
			"$name" > "$results/$name.tap"
	fi
}

# The boots: the GUEST_ARGS before the first --, then one per "-- TAG".
name=guest args=()
while [ $# -gt 0 ]; do
	if [ "$1" = -- ]; then
		guest "$name" "${args[@]}"
		name=guest-$2 args=()
		shift 2
		continue
	fi
	args+=("$1")
	shift
done
guest "$name" "${args[@]}"

scripts/tap-summary.sh "$results"/*.tap || status=1
exit $status
