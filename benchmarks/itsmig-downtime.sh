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

# Columns by position, for gnuplot (later columns come after these):
# 1 devices 2 events 3 lpis 4 vcpus 5 churn 6 mode 7 migrations
# 8 total_ms 9 downtime_ms 10 its_flush_ms 11 its_restore_ms 12 pause_ms
# 13 lpi_pending_ms 14 state_ms 15 final_copy_ms 16 restore_other_ms
# 17 other_ms 18 its_share_pct 19 rounds 20 precopy_pages
# 21 stopcopy_pages 22 stopcopy_kib 23 flush_table_pages 24 lpis_mapped
# 25 lpis_delivered 26 guest_cmds
base=$(mktemp) pre=$(mktemp) both=$(mktemp)
trap 'rm -f "$base" "$pre" "$both"' EXIT
echo "$rows" | awk -F, '$6 == "baseline"' > "$base"
echo "$rows" | awk -F, '$6 == "precopy"' > "$pre"
echo "$rows" | awk -F, '$6 == "both"' > "$both"
[ -s "$pre" ] || { echo "itsmig-downtime: no pre-copy rows" >&2; exit 1; }
# Destination pre-copy (itsmig compare --dest-precopy): a third line.
plot_both() { [ ! -s "$both" ] || echo ", \"$both\" using 0:$1 title \"$2\""; }

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
     "$pre" using 0:9 title "pre-copy" $(plot_both 9 "both pre-copies")
set title "ITS share of the downtime (%)"
plot "$base" using 0:18:xtic(scale(\$1, \$2)) title "baseline", \
     "$pre" using 0:18 title "pre-copy" $(plot_both 18 "both pre-copies")
set title "ITS at stop-copy (ms, log)"
set logscale y
set yrange [*:*]
plot "$base" using 0:10:xtic(scale(\$1, \$2)) title "SAVE_TABLES, baseline", \
     "$pre" using 0:10 title "SAVE_TABLES (flush), pre-copy", \
     "$base" using 0:11 title "RESTORE_TABLES, baseline", \
     "$pre" using 0:11 title "RESTORE_TABLES, pre-copy" \
     $(plot_both 11 "final RESTORE_TABLES, both")
unset logscale y
set yrange [0:*]
set title "pages sent in stop-copy"
plot "$base" using 0:21:xtic(scale(\$1, \$2)) title "baseline", \
     "$pre" using 0:21 title "pre-copy" $(plot_both 21 "both pre-copies")
unset multiplot
GP

# The tables: columns looked up by name in the header, so that columns
# itsmig adds later move nothing.  A mode a run did not measure is "-".
tables() {
	{ echo "$header"; echo "$rows"; [ -z "$plain" ] || echo "$plain"; } |
	awk -F, -v which="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{
		k = $1 "x" $2
		if (!(k in seen)) { seen[k] = 1; keys[n++] = k; lpis[k] = $3 }
		for (c in col)
			v[k, $6, c] = $col[c]
	}
	function has(k, m) { return (k, m, "downtime_ms") in v }
	function f(k, m, c, fmt) {
		return has(k, m) ? sprintf(fmt, v[k, m, c]) : "-"
	}
	function ratio(k, m, c, m0, c0) {
		if (!has(k, m) || !has(k, m0) || v[k, m0, c0] == 0)
			return "-"
		return sprintf("%.2f", v[k, m, c] / v[k, m0, c0])
	}
	function final_ms(k) {
		return has(k, "both") ? sprintf("%.2f", v[k, "both", "its_restore_ms"] + v[k, "both", "changed_ms"]) : "-"
	}
	END {
		for (i = 0; i < n; i++) {
			k = keys[i]
			if (which == "main")
				printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
					k, lpis[k],
					f(k, "baseline", "downtime_ms", "%.1f"),
					f(k, "precopy", "downtime_ms", "%.1f"),
					f(k, "both", "downtime_ms", "%.1f"),
					ratio(k, "both", "downtime_ms", "baseline", "downtime_ms"),
					f(k, "baseline", "its_flush_ms", "%.2f"),
					f(k, "precopy", "its_flush_ms", "%.3f"),
					f(k, "baseline", "its_restore_ms", "%.1f"),
					f(k, "precopy", "its_restore_ms", "%.1f"),
					final_ms(k),
					ratio(k, "both", "its_restore_ms", "precopy", "its_restore_ms"),
					f(k, "baseline", "its_share_pct", "%.1f%%"),
					f(k, "precopy", "its_share_pct", "%.1f%%"),
					f(k, "both", "its_share_pct", "%.1f%%"),
					f(k, "baseline", "flush_table_pages", "%d"),
					f(k, "precopy", "flush_table_pages", "%d"),
					f(k, has(k, "both") ? "both" : "precopy", "lpis_delivered", "%d") "/" \
					f(k, has(k, "both") ? "both" : "precopy", "lpis_mapped", "%d")
			else if (has(k, "plain"))
				printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
					k, lpis[k],
					f(k, "plain", "downtime_ms", "%.1f"),
					f(k, "baseline", "downtime_ms", "%.1f"),
					f(k, "precopy", "downtime_ms", "%.1f"),
					f(k, "both", "downtime_ms", "%.1f"),
					ratio(k, has(k, "both") ? "both" : "precopy", "downtime_ms", "plain", "downtime_ms"),
					f(k, "plain", "its_flush_ms", "%.2f"),
					f(k, "plain", "its_restore_ms", "%.1f"),
					f(k, "plain", "its_share_pct", "%.1f%%"),
					f(k, has(k, "both") ? "both" : "precopy", "its_share_pct", "%.1f%%")
		}
	}'
}
table=$(tables main)
plain_table=
[ -z "$plain" ] || plain_table=$(tables plain)
readme=$here/README.md
{
	sed '/<!-- results:itsmig:start -->/q' "$readme"
	echo
	echo "Measured $date on $cpu ($(nproc) cores), guest kernel"
	echo "${guest:-of this tree}, nested KVM under QEMU TCG; medians of $reps"
	echo "migrations each way, 2 vCPUs, a quiet guest."
	echo
	echo "Modes: baseline; pre-copy (the source's ITS pre-copy); both (and"
	echo "destination pre-copy: the ITS restored early, the final restore"
	echo "reads only what changed).  Final restore: RESTORE_TABLES plus the"
	echo "report of the changed pages; final/full: both's RESTORE_TABLES over"
	echo "pre-copy's."
	echo
	echo "| scale | LPIs | downtime ms base | pre-copy | both | ratio both / base | SAVE_TABLES ms base | flush ms pre-copy | RESTORE_TABLES ms base | pre-copy | final restore ms both | final / full | ITS share base | pre-copy | both | flush-dirtied pages base | pre-copy | LPIs delivered |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	echo "$table"
	echo
	if [ -n "$plain_table" ]; then
		echo "Against ${plain_guest:-the plain base kernel}, booted just before:"
		echo
		echo "| scale | LPIs | downtime ms plain | series | series, pre-copy | both | ratio best / plain | SAVE_TABLES ms plain | RESTORE_TABLES ms plain | ITS share plain | series, best |"
		echo "|---|---|---|---|---|---|---|---|---|---|---|"
		echo "$plain_table"
		echo
	fi
	sed -n '/<!-- results:itsmig:end -->/,$p' "$readme"
} > "$readme.tmp"
mv "$readme.tmp" "$readme"
echo "itsmig-downtime: $csv, $png, $readme"
