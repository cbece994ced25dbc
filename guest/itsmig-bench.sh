#!/bin/sh
# The itsmig downtime benchmark: "itsmig compare" at each ITSMIG_SCALES
# scale (Kconfig ITSMIG_BENCH_SCALES), BENCH_REPEAT migrations each way.
# Its rows are printed as "itsmig,..." for benchmarks/itsmig-downtime.sh.
scales=${ITSMIG_SCALES:-64x16 512x16}
repeat=${BENCH_REPEAT:-3}
rc=0
for s in $scales; do
	d=${s%x*} e=${s#*x}
	echo "itsmig-bench: $d devices x $e events, $repeat migrations each way"
	# A full path: itsmig loads its own ELF into the VM through argv[0].
	/its/bin/itsmig compare --csv -q -n "$repeat" -v 2 -d "$d" -e "$e" \
		> /tmp/itsmig-bench.out || rc=1
	sed 's/^csv,/itsmig,/' /tmp/itsmig-bench.out
done
exit $rc
