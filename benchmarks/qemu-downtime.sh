#!/bin/bash
# The QEMU downtime benchmark: QEMU with qemu-patches/ migrates a KVM guest
# with DISKS virtio-blk-pci disks of QUEUES queues each (their MSIs go
# through the in-kernel ITS), with precopy-tables=off (the baseline) and
# on, at larger scales than "make test" does.
#
# Boots the test guest once in bench mode to run guest/bench/bench-qemu.list
# (guest/bench/qemu-downtime.sh, which runs guest/tests/its-migrate.sh -b -i: a quiet
# inner guest, so that the ITS is what differs), then writes
# OUTDIR/qemu-downtime.csv (the machine and the method as # lines above the
# data, one row per migration) and a table of medians in
# benchmarks/README.md, between its "results:qemu-downtime" markers.
#
# usage: qemu-downtime.sh [-c CPUS] [-o OUTDIR] [KEY=VALUE...]
#        qemu-downtime.sh -p LOG [-o OUTDIR]
#   -c  the inner guest's vCPUs, for this boot (guest/bench/qemu-downtime.sh)
#   -o  where the CSV goes (default benchmarks/results)
#   -p  only parse the console log LOG of an earlier run
# KEY=VALUE go to scripts/guest.sh (KERNEL, INITRD, SMP, MEM, APPEND...):
# "make bench-qemu" passes the test guest's.  The scales and repetitions
# are Kconfig's QEMU_BENCH_SCALES and BENCH_REPEAT, which the guest reads.
# The boot may take QEMU_BENCH_TIMEOUT seconds (default 7200).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
cpus=
out=$here/results
log=
while getopts c:o:p: opt; do
	case $opt in
	c)	cpus=$OPTARG ;;
	o)	out=$OPTARG ;;
	p)	log=$OPTARG ;;
	*)	sed -n '14,22s/^# \{0,1\}//p' "$0" >&2
		exit 2 ;;
	esac
done
shift $((OPTIND - 1))

if [ -z "$log" ]; then
	log=$top/build/logs/bench-qemu.log
	extra="itsp.list=bench-qemu.list"
	[ -z "$cpus" ] || extra+=" itsp.env.QEMU_BENCH_CPUS=$cpus"
	args=()
	have_append=0
	for kv in "$@"; do
		case "$kv" in
		APPEND=*)	kv="$kv $extra"; have_append=1 ;;
		esac
		args+=("$kv")
	done
	[ $have_append = 1 ] || args+=("APPEND=$extra")
	args+=("TIMEOUT=${QEMU_BENCH_TIMEOUT:-7200}")
	# A failed migration fails the boot too; its rows still count.
	"$top/scripts/guest.sh" bench "$log" "${args[@]}" ||
		echo "qemu-downtime: the bench run reported a failure" >&2
fi

rows=$(sed -n 's/^# qd-csv,//p' "$log" | tr -d '\r')
if [ "$(echo "$rows" | grep -c .)" -lt 2 ]; then
	echo "qemu-downtime: no results in $log" >&2
	sed -n 's/^# \(qd-skip,.*\)/\1/p; s/^# \(SKIP: .*\)/\1/p' "$log" >&2
	exit 1
fi
mkdir -p "$out"
csv=$out/qemu-downtime.csv
guest=$(sed -n 's/^its-precopy guest: \([^,]*\),.*/\1/p' "$log" | head -n 1)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
date=$(date -u +%Y-%m-%d)
. "$here/lib.sh"
{
	machine_header qemu-downtime "Linux $guest"
	echo "# inner guest: QEMU 10.0.2 + qemu-patches/, -accel kvm -cpu host,"
	echo "#   DISKS virtio-blk-pci (null-co) x QUEUES, migrated over a unix"
	echo "#   socket to a QEMU with precopy-tables=off; one row per migration"
	echo "$rows"
} > "$csv"

# Medians per scale and mode: downtime, RAM sent in it, SAVE_TABLES.
table=$(echo "$rows" | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{
		k = $col["disks"] "x" $col["queues"] SUBSEP $col["guest"] \
			SUBSEP $col["precopy_tables"]
		if (!(k in n))
			keys[++nk] = k
		i = ++n[k]
		dt[k, i] = $col["downtime_ms"]
		db[k, i] = $col["downtime_bytes"]
		sv[k, i] = $col["save_tables_us"]
		pe[k, i] = $col["pending_bytes"]
	}
	function median(a, k, m,    v, i, j, t) {
		for (i = 1; i <= m; i++)
			v[i] = a[k, i] + 0
		for (i = 1; i <= m; i++)
			for (j = i + 1; j <= m; j++)
				if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
	}
	END {
		for (x = 1; x <= nk; x++) {
			k = keys[x]
			split(k, p, SUBSEP)
			printf "| %s | %s | %s | %d | %.0f | %.0f | %.0f | %.0f |\n",
				p[1], p[2], p[3], n[k], median(dt, k, n[k]),
				median(db, k, n[k]) / 1024, median(sv, k, n[k]),
				median(pe, k, n[k])
		}
	}')
header="| disks x queues | guest | precopy-tables | runs | downtime ms |"
header+=" RAM sent in downtime KiB | SAVE_TABLES us | pending bytes |"
readme=$here/README.md
if grep -q '<!-- results:qemu-downtime:start -->' "$readme"; then
	{
		sed '/<!-- results:qemu-downtime:start -->/q' "$readme"
		echo
		echo "Measured $date on $cpu ($(nproc) cores), guest kernel"
		echo "Linux $guest, nested KVM under QEMU TCG; medians of"
		echo "the repetitions."
		echo
		echo "$header"
		echo "|---|---|---|---|---|---|---|---|"
		echo "$table"
		echo
		sed -n '/<!-- results:qemu-downtime:end -->/,$p' "$readme"
	} > "$readme.tmp"
	mv "$readme.tmp" "$readme"
fi
echo "$header"
echo "$table"
echo "qemu-downtime: $csv${readme:+, $readme}"
