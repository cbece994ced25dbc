#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of its-dump on images written by gen_its_image: text and JSON
# output, findings, and exit status.  Prints TAP.
#
# usage: test_its_dump.sh ITS_DUMP GEN_ITS_IMAGE
set -u

dump=${1:?usage: test_its_dump.sh ITS_DUMP GEN_ITS_IMAGE}
gen=${2:?usage: test_its_dump.sh ITS_DUMP GEN_ITS_IMAGE}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/tap.sh"
have_py=0
command -v python3 > /dev/null && have_py=1

# expect_rc NAME RC ARGS...: its-dump ARGS exits RC; output in $tmp/out.
expect_rc() {
	local name=$1 want=$2

	shift 2
	tap_rc "$name" "$want" "$dump" "$@"
}

# json_check NAME PYTHON-EXPR: the expression over d (the parsed
# $tmp/out) must be true.
json_check() {
	local name=$1 expr=$2 err
	if [ $have_py = 0 ]; then
		tap_skip "$name" "python3 not found"
		return
	fi
	err=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
if not ('"$expr"'):
    sys.exit("false: " + sys.argv[2])
' "$tmp/out" "$expr" 2>&1)
	tap_result "$name" $? "$(echo "$err" | tail -n 1)"
}

# count_lines NAME PATTERN WANT: lines of $tmp/out matching PATTERN.
count_lines() {
	local got
	got=$(grep -c -- "$2" "$tmp/out")
	tap_result "$1" $((got != $3)) "$got lines match '$2', want $3"
}

mkdir -p "$tmp/good" "$tmp/bad" "$tmp/trunc" "$tmp/hostile"
good=$("$gen" good "$tmp/good") || { echo "Bail out! gen_its_image good"; exit 1; }
bad=$("$gen" bad "$tmp/bad") || { echo "Bail out! gen_its_image bad"; exit 1; }
trunc=$("$gen" truncated "$tmp/trunc") ||
	{ echo "Bail out! gen_its_image truncated"; exit 1; }
hostile=$("$gen" hostile "$tmp/hostile") ||
	{ echo "Bail out! gen_its_image hostile"; exit 1; }

echo "1..30"

# shellcheck disable=SC2086 # the generator prints words to split
{
expect_rc "consistent tables: --check exits 0" 0 $good --check --vcpus 2
count_lines "text: one DTE line per device" '^DTE dev=' 3
count_lines "text: one ITE line per event" '^ITE dev=' 6
count_lines "text: one CTE line per collection" '^CTE index=' 3
count_lines "text: one L1E line per valid L1 entry" '^L1E index=' 2
count_lines "text: DTE line has gpa, raw, fields and next" \
	'^DTE dev=0x11 gpa=0x40010088 raw=0xbfde000010000202 itt=0x80001000 eventid_bits=3 next=8175$' 1
count_lines "text: summary says consistent" \
	'^# summary: 3 devices, 6 events, 3 collections: consistent$' 1

expect_rc "consistent tables: --json exits 0" 0 $good --json --check
json_check "json: three devices with their events" \
	'[x["id"] for x in d["devices"]] == [0x10, 0x11, 0x2000] and
	 sum(len(x["ites"]) for x in d["devices"]) == 6'
json_check "json: decoded DTE and ITE fields" \
	'd["devices"][0]["itt"] == "0x80000000" and
	 d["devices"][0]["eventid_bits"] == 5 and
	 d["devices"][0]["ites"][1] == {"event": 1, "gpa": "0x80000008",
	   "raw": "0x6000020010001", "pintid": 8193, "icid": 1,
	   "next": 6, "reachable": True}'
json_check "json: collections, unmapped one as null vCPU" \
	'[(c["icid"], c["vcpu"]) for c in d["collections"]] ==
	 [(0, 0), (1, 1), (2, None)]'
json_check "json: no findings, summary consistent" \
	'd["findings"] == [] and d["summary"]["consistent"] is True'

expect_rc "corrupted tables: --check exits 1" 1 $bad --check
expect_rc "corrupted tables: without --check exits 0" 0 $bad
count_lines "text: one line per finding" '^\(error\|warning\) ' 4
count_lines "text: unreachable device flagged on its line" \
	'^DTE dev=0x11 .* unreachable$' 1
expect_rc "corrupted tables: --json --check exits 1" 1 $bad --json --check
json_check "json: the findings of the corruptions" \
	'sorted((f["kind"], f["severity"]) for f in d["findings"]) ==
	 [("bad-pintid", "error"), ("icid-missing", "error"),
	  ("next-dangling", "warning"), ("unreachable", "warning")]'
json_check "json: finding location is the entry's gpa" \
	'[f["gpa"] for f in d["findings"] if f["kind"] == "icid-missing"]
	 == ["0x80000008"]'
expect_rc "--max-findings 1" 1 $bad --json --check --max-findings 1
json_check "json: findings past the cap are counted as dropped" \
	'len(d["findings"]) == 1 and d["summary"]["dropped"] == 3'

expect_rc "truncated image: --check exits 1" 1 $trunc --check --json
json_check "json: ITTs outside the image are unmapped errors" \
	'[(f["kind"], f["severity"], f["gpa"], f["len"]) for f in d["findings"]]
	 == [("unmapped", "error", "0x80001000", 64),
	     ("unmapped", "error", "0x80002000", 128)]'

# 64K DTEs on one 16-bit ITT: without a budget, hours of reads.
start=$SECONDS
timeout 60 "$dump" $hostile --check > "$tmp/out" 2> "$tmp/err"
rc=$?
tap_result "hostile image: stops at the read budget, exit 2" $((rc != 2)) \
	"exit $rc, want 2 (124: killed after 60 s)"
tap_result "hostile image: done in seconds" $((SECONDS - start > 10)) \
	"took $((SECONDS - start)) s"
grep -q "entry reads (the default for these images).*--max-reads" "$tmp/err"
tap_result "hostile image: the message names the budget" $? \
	"$(head -c 300 "$tmp/err")"
expect_rc "--max-reads below what consistent tables need: exit 2" 2 \
	$good --check --max-reads 10
}

usage_errors() {
	local img=$tmp/good/slot0.img rc bad=0 what=
	: > "$tmp/empty.img"
	run() {
		"$dump" "$@" > /dev/null 2> "$tmp/err"
		rc=$?
		if [ $rc != 2 ] || ! grep -q . "$tmp/err"; then
			bad=1
			what="$what [$* -> $rc]"
		fi
	}
	run
	run --image "$img"
	run --base 0x40000000 --image "$img" --baser-dev 0 --baser-coll 0
	run --image "$img" --base 0x40000000 --baser-dev xyz --baser-coll 0
	run --image "$img" --base 0x40000000 --baser-dev 0
	run --image "$img" --base -1 --baser-dev 0 --baser-coll 0
	run --image "$img" --base 0x40000000 --image "$img" \
		--base 0x40080000 --baser-dev 0 --baser-coll 0
	run --image "$tmp/empty.img" --base 0 --baser-dev 0 --baser-coll 0
	run --image "$img" --base 0 --baser-dev 0 --baser-coll 0 --bogus
	run --image "$img" --base 0 --baser-dev 0 --baser-coll 0 extra
	run --image "$img" --base 0 --baser-dev 0 --baser-coll 0 --max-reads 0
	tap_result "usage errors exit 2 with a message" $bad "$what"
}
usage_errors

expect_rc "missing image file exits 2" 2 --image "$tmp/nope.img" \
	--base 0 --baser-dev 0 --baser-coll 0
grep -q "nope.img" "$tmp/err"
tap_result "missing image file is named" $? "$(cat "$tmp/err")"

tap_exit
