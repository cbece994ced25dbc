#!/bin/bash
# Count the results of TAP files and print the closing line
# "N passed, N failed, N skipped".  A file whose plan does not match the
# results it holds counts the missing tests as failed.
set -u
pass=0 fail=0 skip=0
for f in "$@"; do
	if [ ! -f "$f" ]; then
		echo "tap-summary: $f: no results" >&2
		fail=$((fail + 1))
		continue
	fi
	read -r p fl s plan <<< "$(awk '
		/^ok [0-9]+.*# *(SKIP|skip)/ { s++; next }
		/^ok [0-9]+/ { p++; next }
		/^not ok [0-9]+/ { f++; next }
		/^1\.\.[0-9]+$/ && !plan { plan = substr($0, 4) }
		END { printf "%d %d %d %d\n", p, f, s, plan }' "$f")"
	missing=$((plan - p - fl - s))
	if [ "$missing" -gt 0 ]; then
		echo "tap-summary: $f: $missing planned tests did not report" >&2
		fl=$((fl + missing))
	fi
	pass=$((pass + p)) fail=$((fail + fl)) skip=$((skip + s))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
