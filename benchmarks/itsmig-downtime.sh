#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The report of the itsmig downtime benchmark (itsmig_downtime in
# guest/bench/bench.list, guest/bench/itsmig-bench.sh): from
# RUN/itsmig-downtime.csv (extract.sh: the medians of "itsmig compare
# --csv" per boot, scale, remapping rate and mode) and RUN/itsmig-runs.csv
# (each migration):
#   RUN/itsmig-summary.csv     a row per scale and rate, the modes side by
#                              side: MODE.COLUMN for each of itsmig's
#                              columns, MODE baseline, precopy and both of
#                              the boot "series", and plain: the baseline
#                              of the boot "base" (the plain base kernel);
#                              then the figures the tables derive
#   RUN/itsmig-downtime.md     its tables: the quiet guest, the remapping
#                              guest, against the plain kernel
#   RUN/itsmig-downtime.png    the quiet guest's migrations
#   RUN/itsmig-final-restore.png  the remapping guest's final restore
#                              against the commands after the last round
#
# usage: itsmig-downtime.sh RUN
set -euo pipefail
export LC_ALL=C

run=$1
here=$(dirname "$0")
. "$here/lib.sh"
csv=$run/itsmig-downtime.csv
runs=$run/itsmig-runs.csv
sum=$run/itsmig-summary.csv
md=$run/itsmig-downtime.md
png=$run/itsmig-downtime.png
curve_png=$run/itsmig-final-restore.png

if [ ! -f "$csv" ] || ! grep -q '^series,' "$csv"; then
	echo "itsmig-downtime: no rows of the series boot in $run: no report"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The modes side by side.  The plain kernel's "precopy" and "both" rows
# fall back to its baseline (it has no pre-copy): only that one counts.
csv_add "$csv" 'm=v("boot") == "series" ? v("mode") : v("boot") == "base" && v("mode") == "baseline" ? "plain" : ""' \
	> "$tmp/modes.csv"
csv_pivot "$tmp/modes.csv" devices,events,lpis,vcpus,churn m 'v("m") != ""' \
	boot,mode,m > "$tmp/pivot.csv"
{
	echo "# itsmig-summary: itsmig-downtime.csv's medians a row per scale and rate, a column per mode and figure (MODE.COLUMN; plain: the base boot's baseline)"
	csv_add "$tmp/pivot.csv" 'scale=v("devices") "x" v("events")' \
		'final_restore_ms=v("both.its_restore_ms") == "" ? "" : v("both.its_restore_ms") + v("both.changed_ms")' \
		'final_full=ratio(v("both.its_restore_ms"), v("precopy.its_restore_ms"))' \
		'both_base=ratio(v("both.downtime_ms"), v("baseline.downtime_ms"))' \
		'best_plain=ratio(either(v("both.downtime_ms"), v("precopy.downtime_ms")), v("plain.downtime_ms"))' \
		'best_its_share_pct=either(v("both.its_share_pct"), v("precopy.its_share_pct"))' \
		'delivered=v("both.lpis_delivered") != "" ? v("both.lpis_delivered") "/" v("both.lpis_mapped") : v("precopy.lpis_delivered") == "" ? "" : v("precopy.lpis_delivered") "/" v("precopy.lpis_mapped")' |
		sed 1d
} > "$sum"

read -r reps vcpus < <(csv_awk "$csv" 'v("boot") == "series" { print v("migrations"), v("vcpus"); exit }')
{
	echo "## Migration downtime with itsmig"
	echo
	md_measured "$csv"
	echo
	echo "Each row: medians of the migrations of each mode ($reps of each),"
	echo "alternately, $vcpus vCPUs."
	echo "Modes: baseline; pre-copy (the source's ITS pre-copy); both (and"
	echo "destination pre-copy: the ITS restored early, the final restore"
	echo "reads only what changed).  Final restore: RESTORE_TABLES plus the"
	echo "report of the changed pages; final / full: both's RESTORE_TABLES over"
	echo "pre-copy's.  Data: [itsmig-downtime.csv](itsmig-downtime.csv) (every"
	echo "column itsmig measures), [itsmig-runs.csv](itsmig-runs.csv) (each"
	echo "migration), [itsmig-summary.csv](itsmig-summary.csv) (the modes side"
	echo "by side, as below); plots: [itsmig-downtime.png](itsmig-downtime.png)."
	echo
	echo "A quiet guest:"
	echo
	md_table -w 'v("churn") == 0' "$sum" scale lpis::LPIs \
		'baseline.downtime_ms:%.1f:downtime ms base' \
		'precopy.downtime_ms:%.1f:pre-copy' 'both.downtime_ms:%.1f:both' \
		'both_base:%.2f:ratio both / base' \
		'baseline.its_flush_ms:%.2f:SAVE_TABLES ms base' \
		'precopy.its_flush_ms:%.3f:flush ms pre-copy' \
		'baseline.its_restore_ms:%.1f:RESTORE_TABLES ms base' \
		'precopy.its_restore_ms:%.1f:pre-copy' \
		'final_restore_ms:%.2f:final restore ms both' \
		'final_full:%.2f:final / full' \
		'baseline.its_share_pct:%.1f%%:ITS share base' \
		'precopy.its_share_pct:%.1f%%:pre-copy' \
		'both.its_share_pct:%.1f%%:both' \
		'baseline.flush_table_pages:%d:flush-dirtied pages base' \
		'precopy.flush_table_pages:%d:pre-copy' \
		'delivered::LPIs delivered'
	if csv_awk "$sum" 'v("churn") != 0 { found = 1 } END { exit !found }'; then
		echo
		echo "A guest that remaps while it migrates (itsmig -r: ITS commands a"
		echo "second).  Last-round commands: those the guest issued after the"
		echo "last pre-copy round, which the final restore reads; the last refresh"
		echo "is not downtime.  [itsmig-final-restore.png](itsmig-final-restore.png)"
		echo "plots each migration's final restore against its last-round commands."
		echo
		md_table -w 'v("churn") != 0' "$sum" \
			'scale+churn:%s,%s:scale, commands/s' lpis::LPIs \
			'both.last_round_cmds:%d:last-round commands' \
			'final_restore_ms:%.2f:final restore ms both' \
			'precopy.its_restore_ms:%.1f:RESTORE_TABLES ms pre-copy' \
			'final_full:%.2f:final / full' \
			'both.refresh_ms:%.1f:last refresh ms' \
			'baseline.downtime_ms:%.1f:downtime ms base' \
			'both.downtime_ms:%.1f:both' \
			'baseline.its_share_pct:%.1f%%:ITS share base' \
			'precopy.its_share_pct:%.1f%%:pre-copy' \
			'both.its_share_pct:%.1f%%:both'
	fi
	if csv_has "$sum" plain.downtime_ms; then
		echo
		echo "Against the plain base kernel (boot \`base\`), booted just before:"
		echo
		md_table -w 'v("churn") == 0 && v("plain.downtime_ms") != ""' "$sum" \
			scale lpis::LPIs \
			'plain.downtime_ms:%.1f:downtime ms plain' \
			'baseline.downtime_ms:%.1f:series' \
			'precopy.downtime_ms:%.1f:series, pre-copy' \
			'both.downtime_ms:%.1f:both' \
			'best_plain:%.2f:ratio best / plain' \
			'plain.its_flush_ms:%.2f:SAVE_TABLES ms plain' \
			'plain.its_restore_ms:%.1f:RESTORE_TABLES ms plain' \
			'plain.its_share_pct:%.1f%%:ITS share plain' \
			'best_its_share_pct:%.1f%%:series, best'
	fi
} > "$md"

have_gnuplot || { echo "  REPORT  $sum, $md"; exit 0; }

# The quiet guest's migrations.  lines COLUMN [TITLE [MODES]]: a line
# per mode (of MODES) the run has.
csv_where "$sum" 'v("churn") == 0' > "$tmp/quiet.csv"
lines() {
	local c=$1 m t sep=

	for m in ${3:-baseline precopy both}; do
		case $m in
		precopy) t=pre-copy ;;
		both)	t="both pre-copies" ;;
		*)	t=$m ;;
		esac
		csv_has "$tmp/quiet.csv" "$m.$c" || continue
		printf '%s"%s" using 0:"%s.%s":xtic(strcol("scale")) title "%s"' \
			"$sep" "$tmp/quiet.csv" "$m" "$c" "${2:-}$t"
		sep=", "
	done
}
plot <<GP
$gnuplot_csv
set terminal png size 1200,900 noenhanced
set output "$png"
set multiplot layout 2,2 title "itsmig: migration downtime, baseline and ITS pre-copy, $(csv_meta "$csv" date) (nested KVM under QEMU TCG)"
set xlabel "devices x events"
set xrange [-0.5:$(($(grep -vc '^#' "$tmp/quiet.csv") - 2)).5]
set grid
set key left top
set style data linespoints
set yrange [0:*]
set title "downtime (ms, median)"
plot $(lines downtime_ms)
set title "ITS share of the downtime (%)"
plot $(lines its_share_pct)
set title "ITS at stop-copy (ms, log)"
set logscale y
set yrange [*:*]
plot $(lines its_flush_ms "SAVE_TABLES (flush), " "baseline precopy"), $(lines its_restore_ms "RESTORE_TABLES, ")
unset logscale y
set yrange [0:*]
set title "pages sent in stop-copy"
plot $(lines stopcopy_pages)
unset multiplot
GP

# The remapping guest: each migration's final restore with both
# pre-copies against the commands after the last round, beside the
# median full restore (pre-copy) at the same scale and rate, a block per
# scale (gnuplot's "index").
if [ -f "$runs" ]; then
	csv_awk "$sum" 'v("churn") != 0 { print v("scale") "," v("churn") "," v("precopy.its_restore_ms") }' \
		> "$tmp/full"
	csv_awk "$runs" '
	BEGIN { while ((getline l < full) > 0) { split(l, f, ","); fr[f[1], f[2]] = f[3] } }
	v("boot") == "series" && v("churn") != 0 && v("mode") == "both" {
		k = v("devices") "x" v("events")
		if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
		pts[k] = pts[k] sprintf("%s %s %s %s %s\n", k, v("churn"),
			v("last_round_cmds"), v("its_restore_ms") + v("changed_ms"),
			fr[k, v("churn")])
	}
	END { for (i = 1; i <= n; i++) printf "%s\n\n", pts[keys[i]] }' \
		-v full="$tmp/full" > "$tmp/curve"
fi
if [ -s "$tmp/curve" ]; then
	scales=$(awk 'NF && !seen[$1]++ { printf "%s ", $1 }' "$tmp/curve")
	last=$(( $(echo $scales | wc -w) - 1 ))
	plot <<GP
set terminal png size 1200,500 noenhanced
set output "$curve_png"
set multiplot layout 1,2 title "itsmig: final RESTORE_TABLES with a remapping guest, $(csv_meta "$csv" date) (nested KVM under QEMU TCG)"
set grid
set key right center
set style data points
scales = "$scales"
set xlabel "guest ITS commands after the last pre-copy round"
set ylabel "ms (log)"
set logscale y
set title "final restore, each migration; circles: full restore (median at its rate)"
plot for [i=0:$last] "$tmp/curve" index i using 3:4 pt 7 lc i + 1 title word(scales, i + 1), \
     for [i=0:$last] "$tmp/curve" index i using 3:5 pt 6 lc i + 1 notitle
set title "final restore / full restore (log)"
set key left top
set ylabel "ratio"
plot for [i=0:$last] "$tmp/curve" index i using 3:(\$4 / \$5) pt 7 lc i + 1 title word(scales, i + 1)
unset multiplot
GP
else
	curve_png=
fi
echo "  REPORT  $sum, $md, $png${curve_png:+, $curve_png}"
