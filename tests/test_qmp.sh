#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of the qmp client against the host's QEMU (machine "none"):
# commands, errors, -r, timeouts, and -w over a real migration between two
# QEMUs.  Prints TAP.
#
# usage: test_qmp.sh QMP [QEMU]
set -u

qmp=${1:?usage: test_qmp.sh QMP [QEMU]}
qemu=${2:-qemu-system-aarch64}
tmp=$(mktemp -d)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2> /dev/null
	done
	wait 2> /dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/tap.sh"
plan=12
echo "1..$plan"

if ! command -v "$qemu" > /dev/null; then
	for i in $(seq $plan); do
		echo "ok $i qmp_$i # SKIP $qemu not found"
	done
	exit 0
fi

# start NAME ARGS...: a QEMU with its QMP monitor at $tmp/NAME.sock.
start() {
	local name=$1
	shift
	"$qemu" -M none -display none -nodefaults \
		-qmp "unix:$tmp/$name.sock,server=on,wait=off" "$@" \
		> "$tmp/$name.log" 2>&1 &
	pids+=($!)
}

# expect NAME RC ARGS...: qmp ARGS exits RC; output in $tmp/out, $tmp/err.
expect() {
	local name=$1 want=$2

	shift 2
	tap_rc "$name" "$want" "$qmp" "$@"
}

# match NAME PATTERN FILE: FILE has a line matching the extended regexp.
match() {
	grep -Eq -- "$2" "$3"
	tap_result "$1" $? "no '$2' in: $(head -c 200 "$3")"
}

port=$((20000 + RANDOM % 20000))
start src -qmp "tcp:127.0.0.1:$port,server=on,wait=off"
start dst -incoming "unix:$tmp/mig.sock"

# The sockets appear after qmp starts: it retries the connection.
expect commands 0 -t 10 "$tmp/src.sock" query-status \
	'{"execute": "query-name"}'
match replies '^\{"return": \{"status": "running", "running": true\}\}$' \
	"$tmp/out"
expect tcp 0 -r "127.0.0.1:$port" query-status
match tcp_reply '^\{"status": "running", "running": true\}$' "$tmp/out"
expect return_only 0 -r "$tmp/src.sock" \
	'{"execute": "qom-get", "arguments": {"path": "/machine", "property": "type"}}'
match return_value '^"none-machine"$' "$tmp/out"
expect qmp_error 1 "$tmp/src.sock" '{"execute": "no-such-command"}'
match error_desc 'no-such-command has not been found' "$tmp/err"
expect no_server 2 -t 0.3 "$tmp/nothing.sock" query-status
expect no_migration 1 -w "$tmp/src.sock"

expect migrate 0 -w -t 20 "$tmp/src.sock" \
	"{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"unix:$tmp/mig.sock\"}}"
match migrate_completed '"status": "completed".*"downtime": [0-9]+' "$tmp/out"

tap_exit
