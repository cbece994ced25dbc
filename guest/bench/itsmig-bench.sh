#!/bin/sh
# The itsmig downtime benchmark: "itsmig compare --dest-precopy" at each
# scale of CONFIG_ITSMIG_BENCH_SCALES and each guest remapping rate of
# CONFIG_ITSMIG_BENCH_CHURN, CONFIG_BENCH_REPEAT migrations of each mode
# (baseline, source pre-copy, both), alternately.  The values come from
# /its/config (Kconfig).
# Its rows are printed as "itsmig,..." (medians) and "itsmig-run,..." (each
# migration), each kind after a header line of column names (itsmig's csv
# header: the csv-run rows have the same columns), for
# benchmarks/extract.sh.
scales=${CONFIG_ITSMIG_BENCH_SCALES:?}
churns=${CONFIG_ITSMIG_BENCH_CHURN:?}
repeat=${CONFIG_BENCH_REPEAT:?}
rc=0
for s in $scales; do
	d=${s%x*} e=${s#*x}
	# Check at most about 4096 LPIs per migration: the guest takes them
	# at about a thousand a second, and this is not the test suite.
	every=$(( (d * e + 4095) / 4096 ))
	for r in $churns; do
		echo "itsmig-bench: $d devices x $e events, $r commands/s, $repeat migrations of each mode, every ${every}th LPI checked"
		# A full path: itsmig loads its own ELF into the VM through
		# argv[0].
		/its/bin/itsmig compare --dest-precopy --csv -q -n "$repeat" \
			-v 2 -d "$d" -e "$e" -r "$r" \
			--check-every "$every" > /tmp/itsmig-bench.out || rc=1
		sed -n 's/^csv,\([a-z]\)/itsmig-run,\1/p' /tmp/itsmig-bench.out
		sed 's/^csv,/itsmig,/; s/^csv-run,/itsmig-run,/' \
			/tmp/itsmig-bench.out
	done
done
exit $rc
