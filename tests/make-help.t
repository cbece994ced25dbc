#!/bin/bash
# Host-side test of "make help": it names every target that Makefile and
# mk/*.mk define, so that a newcomer finds them all in one place.  Prints
# TAP.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)

. "$(dirname "$0")/tap.sh"

# Rules, not variable assignments (":=", "?=" or "+=" after the name).
targets=$(grep -hoE '^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)*:([^=]|$)' \
		"$top"/Makefile "$top"/mk/*.mk |
	  sed 's/:.*//' | tr ' ' '\n' | grep -vx help | sort -u)
listed=$(make -s -C "$top" --no-print-directory help | awk '{ print $1 }')

missing=
for t in $targets; do
	echo "$listed" | grep -qx -- "$t" || missing="$missing $t"
done
echo "1..2"
tap_check "make help runs and lists targets" test -n "$listed"
nr=$(echo "$targets" | wc -l)
[ -z "$missing" ]
tap_result "make help lists all $nr targets" $? "missing:$missing"
tap_exit
