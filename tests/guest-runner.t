#!/bin/bash
# Host-side tests of guest/runner: results, skips with reasons, timeouts,
# the plan and the filter.  Prints TAP.
set -u
runner=$(dirname "$0")/../guest/runner
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp ITSP_KERNEL_LOG=0

n=0
fails=0
check() {
	# check NAME COMMAND...: a test case of this file
	local name=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $name"
	else
		echo "not ok $n $name"
		fails=$((fails + 1))
	fi
}

cat > "$tmp/list" <<'LIST'
# a comment, then an empty line

passes		10	true
fails		10	false
skips		10	sh -c 'echo "SKIP: no frobnicator here"; exit 4'
hangs		1	sleep 30
scaled		10	test "$SCALE" = 3
LIST

start=$(date +%s)
ITSP_SCALE=3 sh "$runner" "$tmp/list" > "$tmp/tap"
secs=$(($(date +%s) - start))
sed 's/^/# /' "$tmp/tap"

echo "1..8"
check "plan counts the listed tests" grep -qx '1\.\.5' "$tmp/tap"
check "a passing test is ok" grep -qx 'ok 1 passes' "$tmp/tap"
check "a failing test is not ok" grep -qx 'not ok 2 fails # exit status 1' "$tmp/tap"
check "exit status 4 is a skip with the test's reason" \
	grep -qx 'ok 3 skips # SKIP no frobnicator here' "$tmp/tap"
check "a hanging test is killed and fails" \
	grep -qx 'not ok 4 hangs # timed out after 1s' "$tmp/tap"
check "the hang costs its timeout, not more" test "$secs" -lt 10
check "the test scale reaches the command" grep -qx 'ok 5 scaled' "$tmp/tap"

ITSP_FILTER='pa*' sh "$runner" "$tmp/list" > "$tmp/tap2"
check "the filter selects tests by name" \
	test "$(grep -c '^ok\|^not ok' "$tmp/tap2")" = 1
exit $((fails > 0))
