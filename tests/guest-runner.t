#!/bin/bash
# Host-side tests of guest/boot/runner: results, skips with reasons, timeouts,
# the plan and the filter.  Prints TAP.
set -u
runner=$(dirname "$0")/../guest/boot/runner
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# What /its/config gives the runner in the guest.
export TMPDIR=$tmp ITSP_KERNEL_LOG=0 CONFIG_TEST_SCALE=1 CONFIG_TEST_TIMEOUT_PERCENT=100

. "$(dirname "$0")/tap.sh"

cat > "$tmp/list" <<'LIST'
# a comment, then an empty line

passes		10	true
fails		10	false
skips		10	sh -c 'echo "SKIP: no frobnicator here"; exit 4'
hangs		1	sleep 30
scaled		10	test "$SCALE" = 3
cases		10	printf 'ok 1 first\nnot ok 2 second\nok 3 third # SKIP no disk\n'; exit 1
casesok		10	printf '1..2\nok 1 a\nok 2 b\n'
casesdie	10	printf 'ok 1 a\n'; exit 9
missing		10	no-such-selftest -i 3
LIST

start=$(date +%s)
CONFIG_TEST_SCALE=3 sh "$runner" "$tmp/list" > "$tmp/tap"
secs=$(($(date +%s) - start))
sed 's/^/# /' "$tmp/tap"

echo "1..16"
tap_check "plan counts every case, at the end" \
	test "$(grep -E '^1\.\.' "$tmp/tap")" = "1..13" -a \
	"$(grep -E '^(ok|not ok|1\.\.)' "$tmp/tap" | tail -n 1)" = "1..13"
tap_check "a passing test is ok" grep -qx 'ok 1 passes' "$tmp/tap"
tap_check "a failing test is not ok" grep -qx 'not ok 2 fails # exit status 1' "$tmp/tap"
tap_check "exit status 4 is a skip with the test's reason" \
	grep -qx 'ok 3 skips # SKIP no frobnicator here' "$tmp/tap"
tap_check "a hanging test is killed and fails" \
	grep -qx 'not ok 4 hangs # timed out after 1s' "$tmp/tap"
tap_check "the hang costs its timeout, not more" test "$secs" -lt 10
tap_check "the test scale reaches the command" grep -qx 'ok 5 scaled' "$tmp/tap"
tap_check "a test's own TAP cases are reported one by one" \
	grep -qx 'not ok 7 cases: second' "$tmp/tap"
tap_check "a skipped case keeps its reason" \
	grep -qx 'ok 8 cases: third # SKIP no disk' "$tmp/tap"
tap_check "passing cases of a passing test" \
	grep -qx 'ok 10 casesok: b' "$tmp/tap"
tap_check "an exit status the cases do not explain fails too" \
	grep -qx 'not ok 12 casesdie # exit status 9' "$tmp/tap"
tap_check "a test whose program this kernel lacks is skipped, saying so" \
	grep -qx "ok 13 missing # SKIP no no-such-selftest among this kernel's selftests" \
	"$tmp/tap"

CONFIG_TEST_FILTER='pa*' sh "$runner" "$tmp/list" > "$tmp/tap2"
tap_check "the filter selects tests by name" \
	test "$(grep -c '^ok\|^not ok' "$tmp/tap2")" = 1
CONFIG_TEST_FILTER='*s' ITSP_ONLY='pa*' ITSP_TAG=debug sh "$runner" "$tmp/list" \
	> "$tmp/tap3"
tap_check "ITSP_ONLY selects among what the filter selected" \
	test "$(grep -c '^ok\|^not ok' "$tmp/tap3")" = 1
tap_check "ITSP_TAG prefixes the names" grep -qx 'ok 1 debug: passes' "$tmp/tap3"
printf 'hangs\t1\tsleep 30\n' > "$tmp/hang"
CONFIG_TEST_TIMEOUT_PERCENT=200 sh "$runner" "$tmp/hang" > "$tmp/tap4"
tap_check "CONFIG_TEST_TIMEOUT_PERCENT scales each test's limit" \
	grep -qx 'not ok 1 hangs # timed out after 2s' "$tmp/tap4"
tap_exit
