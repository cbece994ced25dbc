# SPDX-License-Identifier: GPL-2.0
# TAP for the shell tests (tests/*.t, tests/*.sh): sourced, not
# run.  Each case prints "ok N NAME" or "not ok N NAME # DETAILS".

tap_n=0
tap_fails=0

# tap_result NAME STATUS [DETAILS]: one case, passed when STATUS is 0.
tap_result() {
	tap_n=$((tap_n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $tap_n $1"
	else
		echo "not ok $tap_n $1${3:+ # $3}"
		tap_fails=$((tap_fails + 1))
	fi
}

# tap_skip NAME REASON
tap_skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n $1 # SKIP $2"
}

# tap_check NAME COMMAND...: passed when COMMAND succeeds.
tap_check() {
	local name=$1

	shift
	"$@"
	tap_result "$name" $?
}

# tap_rc NAME RC COMMAND...: passed when COMMAND exits RC.  Its output
# goes to $tmp/out and $tmp/err ($tmp: the test's scratch directory).
tap_rc() {
	local name=$1 want=$2 rc

	shift 2
	"$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	tap_result "$name" $((rc != want)) \
		"exit $rc, want $want: $(head -c 200 "$tmp/err")"
}

# The exit status of a test file: 1 when any case failed.
tap_exit() {
	exit $((tap_fails > 0))
}
