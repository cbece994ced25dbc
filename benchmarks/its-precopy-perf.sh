#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The report of vgic_its_precopy_perf (its_precopy_perf in
# guest/bench/bench.list): from RUN/its-precopy-perf.csv (extract.sh),
# the rows of the boot "series", a table, RUN/its-precopy-perf.md, and
# four plots, RUN/its-precopy-perf.png.  Columns by name: see
# benchmarks/README.md for what they mean.
#
# usage: its-precopy-perf.sh RUN
set -euo pipefail
export LC_ALL=C

run=$1
here=$(dirname "$0")
. "$here/lib.sh"
csv=$run/its-precopy-perf.csv
md=$run/its-precopy-perf.md
png=$run/its-precopy-perf.png

if [ ! -f "$csv" ] || ! grep -q '^series,' "$csv"; then
	echo "its-precopy-perf: no rows of the series boot in $run: no report"
	exit 0
fi
data=$(mktemp)
trap 'rm -f "$data"' EXIT
csv_where "$csv" 'v("boot") == "series"' > "$data.in"
csv_add "$data.in" 'scale=v("devices") "x" v("events")' \
	'flush_pct=times(v("save_ratio"), 100)' 'eager_pct=times(v("eager_estimate"), 100)' \
	> "$data"
rm -f "$data.in"

{
	echo "## ITS table save, flush and restore (vgic_its_precopy_perf)"
	echo
	md_measured "$csv"
	echo
	echo "Best of the repetitions, but cmd on/off: the median [95% confidence"
	echo "interval] of the ratios of pairs of MAPD+MAPTI batches interleaved in"
	echo "one VM; eager cost: the estimate from the full save's cost per entry."
	echo "Data: [its-precopy-perf.csv](its-precopy-perf.csv); plots:"
	echo "[its-precopy-perf.png](its-precopy-perf.png)."
	echo
	md_table "$data" scale ites::ITEs \
		'save_off_ms:%.3f:full save ms' save_off_pages::pages \
		'save_on_ms:%.3f:flush ms' save_on_pages::pages \
		'flush_pct:%.2f%%:flush/save' \
		'cmds_per_s_off:%.0f:cmd/s off' 'cmds_per_s_on:%.0f:cmd/s on' \
		'cmd_ratio+cmd_ratio_ci_lo+cmd_ratio_ci_hi:%.3f [%.3f, %.3f]:cmd on/off [95% CI]' \
		pairs 'eager_pct:%.2f%%:eager cost est.' \
		'restore_ms:%.1f:restore ms'
} > "$md"

if have_gnuplot; then
	plot <<GP
$gnuplot_csv
set terminal png size 1200,900 noenhanced
set output "$png"
set multiplot layout 2,2 title "ITS pre-copy, $(csv_meta "$csv" date) (nested KVM under QEMU TCG)"
set xlabel "devices x events"
set xrange [-0.5:$(($(grep -vc '^#' "$data") - 2)).5]
set grid
set key left top
set style data linespoints
set title "SAVE_TABLES at stop-copy (ms, log)"
set logscale y
plot "$data" using 0:"save_off_ms":xtic(strcol("scale")) title "full save (pre-copy off)", \
     "" using 0:"save_on_ms" title "final flush (pre-copy on)"
set title "pages dirtied by SAVE_TABLES (log; 0 drawn at 0.5)"
set yrange [0.4:*]
pages(c) = column(c) > 0 ? column(c) : 0.5
plot "$data" using 0:(pages("save_off_pages")):xtic(strcol("scale")) title "pre-copy off", \
     "" using 0:(pages("save_on_pages")) title "pre-copy on"
set autoscale y
unset logscale y
set yrange [0:*]
set key right bottom
set title "MAPD+MAPTI commands per second"
plot "$data" using 0:"cmds_per_s_off":xtic(strcol("scale")) title "pre-copy off", \
     "" using 0:"cmds_per_s_on" title "pre-copy on"
set title "RESTORE_TABLES (ms)"
plot "$data" using 0:"restore_ms":xtic(strcol("scale")) title "restore"
unset multiplot
GP
fi
[ -f "$png" ] || png=
echo "  REPORT  $md${png:+, $png}"
