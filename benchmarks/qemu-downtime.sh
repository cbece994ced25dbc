#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The report of the QEMU downtime benchmark ("make bench-qemu":
# guest/bench/bench-qemu.list, guest/bench/qemu-downtime.sh): QEMU with
# qemu-patches/ migrates a KVM guest with DISKS virtio-blk-pci disks of
# QUEUES queues each (their MSIs go through the in-kernel ITS), with
# precopy-tables=off (the baseline) and on.  From RUN/qemu-downtime.csv
# (extract.sh: one row per migration), the medians per scale and mode in
# RUN/qemu-downtime.md.  Without a row, the skipped and failed migrations
# of LOG are printed and the report fails.
#
# usage: qemu-downtime.sh RUN [LOG]
set -euo pipefail
export LC_ALL=C

run=$1 log=${2:-}
here=$(dirname "$0")
. "$here/lib.sh"
csv=$run/qemu-downtime.csv
md=$run/qemu-downtime.md

if [ ! -f "$csv" ]; then
	echo "qemu-downtime: no results in $run${log:+ ($log)}" >&2
	[ -z "$log" ] ||
		sed -n 's/^# \(qd-skip,.*\)/\1/p; s/^# \(qd-fail,.*\)/\1/p; s/^# \(SKIP: .*\)/\1/p' \
			"$log" >&2
	exit 1
fi
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.m"' EXIT
csv_median "$csv" disks,queues,guest,precopy_tables \
	downtime_ms,downtime_bytes,save_tables_us,pending_bytes > "$tmp.m"
csv_add "$tmp.m" 'downtime_kib=v("downtime_bytes") == "" ? "" : v("downtime_bytes") / 1024' > "$tmp"
qemu=$(csv_meta "$csv" sources | grep -o 'qemu [^,]*' || echo "this tree's")
{
	echo "## QEMU migration downtime"
	echo
	md_measured "$csv"
	echo
	echo "The inner guest: the QEMU of the sources ($qemu) with"
	echo "qemu-patches/, -accel kvm -cpu host, DISKS virtio-blk-pci disks"
	echo "(null-co) x QUEUES, migrated over a unix socket to a QEMU with"
	echo "precopy-tables=off; medians of the repetitions.  Data:"
	echo "[qemu-downtime.csv](qemu-downtime.csv) (one row per migration)."
	echo
	md_table "$tmp" 'disks+queues:%dx%d:disks x queues' guest \
		precopy_tables::precopy-tables runs \
		'downtime_ms:%.0f:downtime ms' \
		'downtime_kib:%.0f:RAM sent in downtime KiB' \
		'save_tables_us:%.0f:SAVE_TABLES us' \
		'pending_bytes:%.0f:pending bytes'
} > "$md"
sed -n '/^|/p' "$md"
echo "  REPORT  $md"
