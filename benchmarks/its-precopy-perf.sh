#!/bin/bash
# Turn the console log of a "make bench" boot into the results of the
# vgic_its_precopy_perf selftest: a CSV with the machine and the scale
# written above the data, a PNG with four plots, and the table in
# benchmarks/README.md (between its "results" markers).
#
# usage: its-precopy-perf.sh LOG OUTDIR
set -euo pipefail

log=$1 out=$2
here=$(dirname "$0")
csv=$out/its-precopy-perf.csv
png=$out/its-precopy-perf.png
mkdir -p "$out"

rows=$(sed -n 's/^# csv,//p' "$log" | tr -d '\r')
# A run filtered to other benchmarks (TEST_FILTER) leaves these alone.
if [ -z "$rows" ]; then
	echo "its-precopy-perf: no results in $log: results left as they were"
	exit 0
fi
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
date=$(date -u +%Y-%m-%d)

. "$here/lib.sh"
guest=$(kname "$log")
{
	machine_header vgic_its_precopy_perf "$guest"
	echo "#   (-M virt,virtualization=on,gic-version=3 -cpu max)"
	echo "# each figure: best of the repetitions in one boot, but cmd_ratio:"
	echo "# cmd/s on/off, the median of the ratios of 'pairs' pairs of batches"
	echo "# of MAPD+MAPTI interleaved in one VM, pre-copy toggled between"
	echo "# batches; its 95% confidence interval in cmd_ratio_ci_lo/hi,"
	echo "# quartiles in cmd_ratio_q1/q3; baseline (pre-copy off) and"
	echo "# pre-copy on measured in the same run"
	echo "$rows"
} > "$csv"

# Columns: 1 devices 2 events 3 ites 4 save_off_ms 5 save_off_pages
# 6 save_on_ms 7 save_on_pages 8 save_ratio 9 cmds 10 cmds_per_s_off
# 11 cmds_per_s_on 12 cmd_ratio (median of the interleaved batches)
# 13 restore_ms 14 cmd_ratio_q1 15 cmd_ratio_q3 16 eager_estimate
# 17 cmd_ratio_ci_lo 18 cmd_ratio_ci_hi (95% confidence interval of 12)
# 19 pairs
# The data rows alone: gnuplot counts a header line as a data point.
data=$(mktemp)
trap 'rm -f "$data"' EXIT
echo "$rows" | tail -n +2 > "$data"

gnuplot <<GP
set datafile separator ","
set datafile commentschars "#"
set termoption noenhanced
set terminal png size 1200,900 noenhanced
set output "$png"
set multiplot layout 2,2 title "ITS pre-copy, $date (nested KVM under QEMU TCG)"
set xlabel "devices x events"

set xrange [-0.5:$(($(wc -l < "$data") - 1)).5]
set grid
set key left top
set style data linespoints
scale(d, e) = sprintf("%dx%d", d, e)
set title "SAVE_TABLES at stop-copy (ms, log)"
set logscale y
plot "$data" using 0:4:xtic(scale(\$1, \$2)) title "full save (pre-copy off)", \
     "" using 0:6 title "final flush (pre-copy on)"
set title "pages dirtied by SAVE_TABLES (log; 0 drawn at 0.5)"
set yrange [0.4:*]
plot "$data" using 0:(\$5 > 0 ? \$5 : 0.5):xtic(scale(\$1, \$2)) title "pre-copy off", \
     "" using 0:(\$7 > 0 ? \$7 : 0.5) title "pre-copy on"
set autoscale y
unset logscale y
set yrange [0:*]
set key right bottom
set title "MAPD+MAPTI commands per second"
plot "$data" using 0:10:xtic(scale(\$1, \$2)) title "pre-copy off", \
     "" using 0:11 title "pre-copy on"
set title "RESTORE_TABLES (ms)"
plot "$data" using 0:13:xtic(scale(\$1, \$2)) title "restore"
unset multiplot
GP

table=$(echo "$rows" | awk -F, 'NR > 1 {
	printf "| %sx%s | %s | %.3f | %s | %.3f | %s | %.2f%% | %.0f | %.0f | %.3f [%.3f, %.3f] | %d | %.2f%% | %.1f |\n",
		$1, $2, $3, $4, $5, $6, $7, 100 * $8, $10, $11, $12, $17, $18,
		$19, 100 * $16, $13 }')
readme=$here/README.md
{
	sed '/<!-- results:its-precopy-perf:start -->/q' "$readme"
	echo
	echo "Measured $date on $cpu ($(nproc) cores), guest kernel"
	echo "$guest, nested KVM under QEMU TCG; best of the repetitions, but"
	echo "cmd on/off: the median [95% confidence interval] of the ratios of"
	echo "pairs of MAPD+MAPTI batches interleaved in one VM; eager cost: the"
	echo "estimate from the full save's cost per entry."
	echo
	echo "| scale | ITEs | full save ms | pages | flush ms | pages | flush/save | cmd/s off | cmd/s on | cmd on/off [95% CI] | pairs | eager cost est. | restore ms |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	echo "$table"
	echo
	sed -n '/<!-- results:its-precopy-perf:end -->/,$p' "$readme"
} > "$readme.tmp"
mv "$readme.tmp" "$readme"
echo "its-precopy-perf: $csv, $png, $readme"
