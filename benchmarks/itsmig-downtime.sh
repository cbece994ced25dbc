#!/bin/bash
# Turn the "itsmig," rows of a "make bench" console log (guest/
# itsmig-bench.sh: medians of "itsmig compare --csv" per scale, remapping
# rate and mode) into a CSV with the machine and the scale written above
# the data, a PNG of the quiet guest's migrations, one of the final
# restore's cost against the remapping guest's commands after the last
# round, and the tables in benchmarks/README.md (between its "results"
# markers).
# BASE_LOG, the console log of make bench's boot of the plain base kernel
# (BENCH_BASELINE), adds its baseline migrations as mode "plain".
#
# usage: itsmig-downtime.sh LOG OUTDIR [BASE_LOG]
set -euo pipefail

log=$1 out=$2 base_log=${3:-}
here=$(dirname "$0")
csv=$out/itsmig-downtime.csv
png=$out/itsmig-downtime.png
curve_png=$out/itsmig-final-restore.png
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
# The plots and the main table: the quiet guest's rows (churn 0).
base=$(mktemp) pre=$(mktemp) both=$(mktemp) curve=$(mktemp)
trap 'rm -f "$base" "$pre" "$both" "$curve"' EXIT
echo "$rows" | awk -F, '$5 == 0 && $6 == "baseline"' > "$base"
echo "$rows" | awk -F, '$5 == 0 && $6 == "precopy"' > "$pre"
echo "$rows" | awk -F, '$5 == 0 && $6 == "both"' > "$both"
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

# The remapping guest: each migration's final restore with both
# pre-copies against the commands after the last round, beside the median
# full restore (pre-copy) at the same scale and rate, a block per scale.
runs=$(sed -n 's/^# itsmig-run,//p' "$log" | tr -d '\r')
{ echo "$header"; echo "$rows"; echo "$runs" | sed 's/^/run,/'; } | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$1 != "run" && $5 != 0 && $6 == "precopy" {
		full[$1 "x" $2, $5] = $col["its_restore_ms"]
		next
	}
	$1 != "run" || $6 == 0 || $7 != "both" { next }
	{
		$0 = substr($0, 5)
		k = $1 "x" $2
		if (!(k in seen)) { seen[k] = 1; keys[n++] = k }
		pts[k] = pts[k] sprintf("%s %s %s %s\n", k, $5,
			$col["last_round_cmds"],
			$col["its_restore_ms"] + $col["changed_ms"])
	}
	END {
		for (i = 0; i < n; i++) {
			k = keys[i]
			m = split(pts[k], p, "\n")
			for (j = 1; j < m; j++) {
				split(p[j], f, " ")
				print p[j], full[k, f[2]]
			}
			print ""; print ""
		}
	}' > "$curve"
if grep -q . "$curve"; then
	scales=$(awk 'NF && !seen[$1]++ { printf "%s ", $1 }' "$curve")
	last=$(( $(echo $scales | wc -w) - 1 ))
	gnuplot <<GP
set terminal png size 1200,500 noenhanced
set output "$curve_png"
set multiplot layout 1,2 title "itsmig: final RESTORE_TABLES with a remapping guest, $date (nested KVM under QEMU TCG)"
set grid
set key right center
set style data points
scales = "$scales"
set xlabel "guest ITS commands after the last pre-copy round"
set ylabel "ms (log)"
set logscale y
set title "final restore, each migration; circles: full restore (median at its rate)"
plot for [i=0:$last] "$curve" index i using 3:4 pt 7 lc i + 1 title word(scales, i + 1), \
     for [i=0:$last] "$curve" index i using 3:5 pt 6 lc i + 1 notitle
set title "final restore / full restore (log)"
set key left top
set ylabel "ratio"
plot for [i=0:$last] "$curve" index i using 3:(\$4 / \$5) pt 7 lc i + 1 title word(scales, i + 1)
unset multiplot
GP
fi

# The tables: columns looked up by name in the header, so that columns
# itsmig adds later move nothing.  A mode a run did not measure is "-".
# "main" and "plain" take the quiet guest's rows, "remap" the others, a
# row per scale and rate.
tables() {
	{ echo "$header"; echo "$rows"; [ -z "$plain" ] || echo "$plain"; } |
	awk -F, -v which="$1" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	(which == "remap") != ($5 != 0) { next }
	{
		k = $1 "x" $2 (which == "remap" ? "," $5 : "")
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
			else if (which == "remap")
				printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
					k, lpis[k],
					f(k, "both", "last_round_cmds", "%d"),
					final_ms(k),
					f(k, "precopy", "its_restore_ms", "%.1f"),
					ratio(k, "both", "its_restore_ms", "precopy", "its_restore_ms"),
					f(k, "both", "refresh_ms", "%.1f"),
					f(k, "baseline", "downtime_ms", "%.1f"),
					f(k, "both", "downtime_ms", "%.1f"),
					f(k, "baseline", "its_share_pct", "%.1f%%"),
					f(k, "precopy", "its_share_pct", "%.1f%%"),
					f(k, "both", "its_share_pct", "%.1f%%")
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
remap_table=$(tables remap)
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
	if [ -n "$remap_table" ]; then
		echo "A guest that remaps while it migrates (itsmig -r: ITS commands a"
		echo "second).  Last-round commands: those the guest issued after the"
		echo "last pre-copy round, which the final restore reads; final / full:"
		echo "both's RESTORE_TABLES over pre-copy's; the last refresh is not"
		echo "downtime.  $(basename "$curve_png") plots the final restore against"
		echo "the last-round commands."
		echo
		echo "| scale, commands/s | LPIs | last-round commands | final restore ms both | RESTORE_TABLES ms pre-copy | final / full | last refresh ms | downtime ms base | both | ITS share base | pre-copy | both |"
		echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
		echo "$remap_table"
		echo
	fi
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
echo "itsmig-downtime: $csv, $png${remap_table:+, $curve_png}, $readme"
