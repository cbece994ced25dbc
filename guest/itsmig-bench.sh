#!/bin/sh
# The itsmig downtime benchmark: "itsmig compare --dest-precopy" at each
# ITSMIG_SCALES scale (Kconfig ITSMIG_BENCH_SCALES), BENCH_REPEAT
# migrations of each mode (baseline, source pre-copy, both), alternately.
# Its rows are printed as "itsmig,..." for benchmarks/itsmig-downtime.sh.
scales=${ITSMIG_SCALES:-64x16 512x16}
repeat=${BENCH_REPEAT:-3}
rc=0
for s in $scales; do
	d=${s%x*} e=${s#*x}
	# Check at most about 4096 LPIs per migration: the guest takes them
	# at about a thousand a second, and this is not the test suite.
	every=$(( (d * e + 4095) / 4096 ))
	echo "itsmig-bench: $d devices x $e events, $repeat migrations of each mode, every ${every}th LPI checked"
	# A full path: itsmig loads its own ELF into the VM through argv[0].
	/its/bin/itsmig compare --dest-precopy --csv -q -n "$repeat" -v 2 \
		-d "$d" -e "$e" \
		--check-every "$every" > /tmp/itsmig-bench.out || rc=1
	sed 's/^csv,/itsmig,/' /tmp/itsmig-bench.out
done
exit $rc
