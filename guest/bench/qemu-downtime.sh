#!/bin/sh
# The QEMU downtime benchmark, run in the test guest from
# guest/bench/bench-qemu.list by make bench-qemu (benchmarks/qemu-downtime.sh
# reports it): guest/tests/its-migrate.sh
# at each DISKSxQUEUES scale of CONFIG_QEMU_BENCH_SCALES, with
# precopy-tables=off (the baseline) then on, CONFIG_BENCH_REPEAT times, in
# one boot (/its/config).  QEMU_BENCH_CPUS: the inner guest's vCPUs.  The inner
# guest is quiet (its-migrate.sh -i): no interrupt is remapped during the
# migration and little RAM is dirtied, so that what the ITS adds to the
# downtime stands out; QEMU_BENCH_ARGS replaces -i (empty: the busy guest
# of "make test").
#
# Prints "qd-csv,RUN,<its-migrate.sh -b fields>" per migration, after a
# header line, and "qd-skip,..." or "qd-fail,..." for the others (with
# their log).  Exit status 1 if a migration failed, 4 if all were skipped.
scales=${CONFIG_QEMU_BENCH_SCALES:?}
repeat=${CONFIG_BENCH_REPEAT:?}
cpus=${QEMU_BENCH_CPUS:-2}
args=${QEMU_BENCH_ARGS--i}
migrate=/its/its-migrate.sh
tmp=$(mktemp -d /tmp/qd.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "qd-csv,run,$($migrate -H)"
ok=0
failed=0
for s in $scales; do
	disks=${s%x*}
	queues=${s#*x}
	run=1
	while [ $run -le "$repeat" ]; do
		for pc in off on; do
			# shellcheck disable=SC2086
			line=$($migrate -b -s $pc -d off -n "$disks" -q "$queues" \
				-c "$cpus" -t 600 $args 2> "$tmp/log")
			rc=$?
			case $rc in
			0)	echo "qd-csv,$run,$line"
				ok=$((ok + 1)) ;;
			4)	echo "qd-skip,$s,$pc,$(sed -n 's/^SKIP: //p' "$tmp/log")" ;;
			*)	echo "qd-fail,$s,$pc,exit status $rc"
				sed 's/^/  /' "$tmp/log"
				failed=$((failed + 1)) ;;
			esac
		done
		run=$((run + 1))
	done
done
[ $failed = 0 ] || exit 1
[ $ok -gt 0 ] || { echo "SKIP: no migration could run"; exit 4; }
exit 0
