#!/bin/bash
# The whole test suite: host-side unit tests, then the guest tests.
# Prints every result as TAP and ends with "N passed, N failed, N skipped".
#
# usage: test.sh BUILD GUEST_ARGS... [-- DEBUG_GUEST_ARGS...]
# With DEBUG_GUEST_ARGS, the guest boots a second time, on the debug
# kernel, and runs the tests those select (Kconfig TEST_DEBUG).
set -uo pipefail

build=$1
shift
args=() debug_args=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	args+=("$1")
	shift
done
[ $# -gt 0 ] && shift && debug_args=("$@")
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

# guest NAME GUEST_ARGS...: boot, test, keep the TAP as results/NAME.tap.
guest() {
	local name=$1 log=$build/logs/test${1#guest}.log
	shift
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

guest guest "${args[@]}"
if [ ${#debug_args[@]} -gt 0 ]; then
	echo "# ---- the debug kernel"
	guest guest-debug "${debug_args[@]}"
fi

scripts/tap-summary.sh "$results"/*.tap || status=1
exit $status
