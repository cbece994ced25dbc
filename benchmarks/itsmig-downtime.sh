#!/bin/bash
# Turn the "itsmig," rows of a "make bench" console log (guest/
# itsmig-bench.sh: medians of "itsmig compare --csv" per scale and mode)
# into a CSV with the machine and the scale written above the data, a PNG,
# and the table in benchmarks/README.md (between its "results" markers).
# BASE_LOG, the console log of make bench's boot of the plain base kernel
# (BENCH_BASELINE), adds its baseline migrations as mode "plain".
#
# usage: itsmig-downtime.sh LOG OUTDIR [BASE_LOG]
set -euo pipefail

log=$1 out=$2 base_log=${3:-}
here=$(dirname "$0")
csv=$out/itsmig-downtime.csv
png=$out/itsmig-downtime.png
mkdir -p "$out"

all=$(sed -n 's/^# itsmig,//p' "$log" | tr -d '\r')
header=$(echo "$all" | grep -m1 '^devices,' || true)
rows=$(echo "$all" | grep -v '^devices,' || true)
# A run filtered to other benchmarks (TEST_FILTER) leaves these alone.
if [ -z "$header" ] || [ -z "$rows" ]; then
	echo "itsmig-downtime: no results in $log: results left as they were"
	exit 0
fi
. "$here/lib.sh"
guest=$(kname "$log")
# The plain kernel's "baseline" rows (its "precopy" ones fall back to the
# same migration: it has no pre-copy).
plain= plain_guest=
if [ -n "$base_log" ] && [ -f "$base_log" ]; then
	plain=$(sed -n 's/^# itsmig,//p' "$base_log" | tr -d '\r' |
		awk -F, -v OFS=, '$6 == "baseline" { $6 = "plain"; print }')
	plain_guest=$(kname "$base_log")
fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
date=$(date -u +%Y-%m-%d)
reps=$(echo "$rows" | head -n 1 | cut -d, -f7)

{
	machine_header "itsmig compare" "${guest:-the test guest}"
	echo "# each row: the median of $reps migrations of one mode at one"
	echo "# scale; baseline and pre-copy alternate in one boot"
	[ -z "$plain" ] ||
		echo "# plain: baseline migrations on ${plain_guest:-the plain base kernel}, booted just before"
	echo "$header"
	echo "$rows"
	[ -z "$plain" ] || echo "$plain"
} > "$csv"

# Columns: 1 devices 2 events 3 lpis 4 vcpus 5 churn 6 mode 7 migrations
# 8 total_ms 9 downtime_ms 10 its_flush_ms 11 its_restore_ms 12 pause_ms
# 13 lpi_pending_ms 14 state_ms 15 final_copy_ms 16 restore_other_ms
# 17 other_ms 18 its_share_pct 19 rounds 20 precopy_pages
# 21 stopcopy_pages 22 stopcopy_kib 23 flush_table_pages 24 lpis_mapped
# 25 lpis_delivered 26 guest_cmds
base=$(mktemp) pre=$(mktemp)
trap 'rm -f "$base" "$pre"' EXIT
echo "$rows" | awk -F, '$6 == "baseline"' > "$base"
echo "$rows" | awk -F, '$6 == "precopy"' > "$pre"
[ -s "$pre" ] || { echo "itsmig-downtime: no pre-copy rows" >&2; exit 1; }

gnuplot <<GP
set datafile separator ","
set terminal png size 1200,900 noenhanced
set output "$png"
set multiplot layout 2,2 title "itsmig: migration downtime, baseline and ITS pre-copy, $date (nested KVM under QEMU TCG)"
set xlabel "devices x events"
set xrange [-0.5:$(($(wc -l < "$base") - 1)).5]
set grid
set key left top
set style data linespoints
scale(d, e) = sprintf("%dx%d", d, e)
set yrange [0:*]
set title "downtime (ms, median)"
plot "$base" using 0:9:xtic(scale(\$1, \$2)) title "baseline", \
     "$pre" using 0:9 title "pre-copy"
set title "ITS share of the downtime (%): SAVE_TABLES + RESTORE_TABLES"
plot "$base" using 0:18:xtic(scale(\$1, \$2)) title "baseline", \
     "$pre" using 0:18 title "pre-copy"
set title "ITS at stop-copy (ms, log)"
set logscale y
set yrange [*:*]
plot "$base" using 0:10:xtic(scale(\$1, \$2)) title "SAVE_TABLES, baseline", \
     "$pre" using 0:10 title "SAVE_TABLES (flush), pre-copy", \
     "$base" using 0:11 title "RESTORE_TABLES, baseline", \
     "$pre" using 0:11 title "RESTORE_TABLES, pre-copy"
unset logscale y
set yrange [0:*]
set title "pages sent in stop-copy"
plot "$base" using 0:21:xtic(scale(\$1, \$2)) title "baseline", \
     "$pre" using 0:21 title "pre-copy"
unset multiplot
GP

# Each scale's baseline and pre-copy rows on one line, after their key.
joined=$(join -t, -j1 \
	<(awk -F, '{ print $1 "x" $2 "," $0 }' "$base" | sort -t, -k1,1) \
	<(awk -F, '{ print $1 "x" $2 "," $0 }' "$pre" | sort -t, -k1,1))
table=$(echo "$joined" | sort -t, -k4,4n -k2,2n |
	awk -F, '{
	# fields: 1 key, 2-27 baseline row, 28-53 pre-copy row
	printf "| %s | %s | %.1f | %.1f | %.2f | %.2f | %.3f | %.1f | %.1f | %.1f%% | %.1f%% | %d | %d | %d/%d |\n",
		$1, $4, $10, $36, $36 / $10, $11, $37, $12, $38, $19, $45,
		$24, $50, $52, $51 }')
# Against the plain kernel: fields 1 key, 2-27 plain, 28-53 baseline,
# 54-79 pre-copy of the series.
plain_table=
if [ -n "$plain" ]; then
	plain_table=$(join -t, -j1 \
		<(echo "$plain" | awk -F, '{ print $1 "x" $2 "," $0 }' | sort -t, -k1,1) \
		<(echo "$joined") |
		sort -t, -k4,4n -k2,2n |
		awk -F, '{
		printf "| %s | %s | %.1f | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f%% | %.1f%% |\n",
			$1, $4, $10, $36, $62, $62 / $10, $11, $12, $19, $71 }')
fi
readme=$here/README.md
{
	sed '/<!-- results:itsmig:start -->/q' "$readme"
	echo
	echo "Measured $date on $cpu ($(nproc) cores), guest kernel"
	echo "${guest:-of this tree}, nested KVM under QEMU TCG; medians of $reps"
	echo "migrations each way, 2 vCPUs, a quiet guest."
	echo
	echo "| scale | LPIs | downtime ms base | pre-copy | ratio | SAVE_TABLES ms base | flush ms pre-copy | RESTORE_TABLES ms base | pre-copy | ITS share base | pre-copy | flush-dirtied pages base | pre-copy | LPIs delivered (pre-copy) |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	echo "$table"
	echo
	if [ -n "$plain_table" ]; then
		echo "Against ${plain_guest:-the plain base kernel}, booted just before:"
		echo
		echo "| scale | LPIs | downtime ms plain | series | series, pre-copy | ratio pre-copy / plain | SAVE_TABLES ms plain | RESTORE_TABLES ms plain | ITS share plain | series, pre-copy |"
		echo "|---|---|---|---|---|---|---|---|---|---|"
		echo "$plain_table"
		echo
	fi
	sed -n '/<!-- results:itsmig:end -->/,$p' "$readme"
} > "$readme.tmp"
mv "$readme.tmp" "$readme"
echo "itsmig-downtime: $csv, $png, $readme"
