#!/bin/bash
# The indexed ITS state against its baseline: the console logs of the two
# boots of one "make bench" (the baseline kernel, the plain base of
# BENCH_BASELINE, then the test kernel) into a CSV with both kernels' figures and their
# ratios, a PNG of cost against size, and the tables in
# benchmarks/README.md (between its "results:its-index" markers).
#
# usage: its-index-perf.sh BASE_LOG LOG OUTDIR
set -euo pipefail
export LC_ALL=C

base_log=$1 log=$2 out=$3
here=$(dirname "$0")
csv=$out/its-index-perf.csv
png=$out/its-index-perf.png
mkdir -p "$out"

# The csv lines of vgic_its_precopy_perf, without their header lines.
cmd_rows() { sed -n 's/^# csv,\([0-9]\)/\1/p' "$1" | tr -d '\r'; }
restore_rows() { sed -n 's/^# csv-restore,\([a-z]*,[0-9]\)/\1/p' "$1" | tr -d '\r'; }

# The CSV and the plot hold both benchmarks of both boots: a run of only
# one of them (make bench CONFIG_TEST_FILTER=...) leaves them as they were.
for f in "$base_log" "$log"; do
	if [ -z "$(cmd_rows "$f")" ] || [ -z "$(restore_rows "$f")" ]; then
		echo "its-index-perf: no command or no restore results in $f: results left as they were"
		exit 0
	fi
done
load() { cut -d" " -f1-3 "${1%.log}.load" 2>/dev/null || echo unknown; }

# kind,layout,devices,events,ites,base,indexed,ratio (indexed / base):
# cmd: us per MAPD/MAPTI command while mapping, pre-copy off and on
# (the best of the repetitions); save: the full SAVE_TABLES in ms;
# restore: RESTORE_TABLES in ms.  A baseline without pre-copy prints
# "nan" for pre-copy on: the "on" rows compare with its "off" then.
rows=$(
	join -t, <(cmd_rows "$base_log" | awk -F, '{ print $1 "x" $2 "," $0 }' | sort) \
		 <(cmd_rows "$log" | awk -F, '{ print $1 "x" $2 "," $0 }' | sort) |
	awk -F, '
	# The join key, then the baseline row, then the indexed row: column
	# k of the csv (see vgic_its_precopy_perf) is $(k + 1) and $(k + 1 + n).
	function b(k) { return $(k + 1) }
	function x(k) { return $(k + 1 + n) }
	# The baseline of a pre-copy on figure, column k, whose off is off.
	function bon(k, off) { return b(k) == "nan" ? b(off) : b(k) }
	function row(kind, base, idx) {
		printf "%s,dense,%s,%s,%s,%.2f,%.2f,%.3f\n", kind, b(1), b(2),
			b(3), base, idx, idx / base
	}
	{
		n = (NF - 1) / 2
		row("cmd_off", 1e6 / b(10), 1e6 / x(10))
		row("cmd_on", 1e6 / bon(11, 10), 1e6 / x(11))
		row("save", b(4), x(4))
		row("restore_map", b(13), x(13))
		if (n >= 23) {
			row("mapd_off", b(20), x(20))
			row("mapti_off", b(21), x(21))
			row("mapd_on", bon(22, 20), x(22))
			row("mapti_on", bon(23, 21), x(23))
		}
	}' | sort -t, -k1,1 -k5n
	join -t, <(restore_rows "$base_log" | awk -F, '{ print $1 $2 "x" $3 "," $0 }' | sort) \
		 <(restore_rows "$log" | awk -F, '{ print $1 $2 "x" $3 "," $0 }' | sort) |
	awk -F, '{
		printf "restore,%s,%s,%s,%s,%.3f,%.3f,%.3f\n", $2, $3, $4, $5,
			$8, $15, $15 / $8
	}' | sort -t, -k2,2 -k5n
)

. "$here/lib.sh"
{
	machine_header its-index-perf "$(kname "$log")"
	echo "# baseline: $(kname "$base_log"), the plain base without the series"
	echo "# host load average at boot: baseline $(load "$base_log"); indexed $(load "$log")"
	echo "# both kernels booted one after the other in one make bench, same initramfs"
	echo "# cmd_off/cmd_on: us per MAPD+MAPTI command, mapping everything, pre-copy off/on"
	echo "# mapd_*/mapti_*: us per MAPD, per MAPTI, in the same mapping, timed by the guest"
	echo "# *_on: a baseline without pre-copy gives its pre-copy off figure"
	echo "# save: the full SAVE_TABLES (ms), pre-copy off, of the mapped tables"
	echo "# restore_map: RESTORE_TABLES (ms) of vgic_its_precopy_perf's dense tables"
	echo "# restore: RESTORE_TABLES (ms) of vgic_its_precopy_perf -R, dense and sparse"
	echo "# ratio: indexed / baseline (below 1: the indexed kernel is faster)"
	echo "kind,layout,devices,events,ites,base,indexed,ratio"
	echo "$rows"
} > "$csv"

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
echo "$rows" | awk -F, -v d="$data" '{ print > (d "/" $1 "-" $2) }'

gnuplot <<GP
set datafile separator ","
set termoption noenhanced
set terminal png size 1200,500 noenhanced
set output "$png"
set multiplot layout 1,2 title "Indexed ITS state against its baseline, $(date -u +%Y-%m-%d) (nested KVM under QEMU TCG)"
set grid
set style data linespoints
set logscale x 2
set xlabel "devices (devices x events: 8192 or 32768 ITEs)"
set ylabel "us per command"
set yrange [0:*]
set key left top
set title "Cost of a command while mapping, pre-copy off"
plot "$data/mapti_off-dense" using 3:6 title "baseline, MAPTI", \
     "" using 3:7 title "indexed, MAPTI", \
     "$data/mapd_off-dense" using 3:6 title "baseline, MAPD", \
     "" using 3:7 title "indexed, MAPD"
set logscale xy 2
set ylabel "ms (log)"
set autoscale y
set title "RESTORE_TABLES"
plot "$data/restore-dense" using 3:6 title "baseline, dense", \
     "" using 3:7 title "indexed, dense", \
     "$data/restore-sparse" using 3:6 title "baseline, sparse", \
     "" using 3:7 title "indexed, sparse"
unset multiplot
GP

table() {
	echo "$rows" | awk -F, -v k="$1" '$1 == k {
		printf "| %s | %sx%s | %s | %s | %s | %.2f |\n", $2, $3, $4, $5,
			$6, $7, $8 }'
}
readme=$here/README.md
{
	sed '/<!-- results:its-index:start -->/q' "$readme"
	echo
	echo "Measured $(date -u +%Y-%m-%d) on $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1) ($(nproc) cores), host load average at"
	echo "boot $(load "$base_log" | cut -d' ' -f1-3) (baseline) and $(load "$log" | cut -d' ' -f1-3) (indexed); guest kernels"
	echo "$(kname "$base_log") (baseline) and $(kname "$log"),"
	echo "nested KVM under QEMU TCG; baseline: the plain base without the series;"
	echo "best of the repetitions; ratio = indexed / baseline."
	echo
	echo "| RESTORE_TABLES | scale | ITEs | baseline ms | indexed ms | ratio |"
	echo "|---|---|---|---|---|---|"
	table restore
	echo
	echo "| us per MAPTI, pre-copy off | scale | ITEs | baseline | indexed | ratio |"
	echo "|---|---|---|---|---|---|"
	table mapti_off
	echo
	echo "| us per MAPD, pre-copy off | scale | ITEs | baseline | indexed | ratio |"
	echo "|---|---|---|---|---|---|"
	table mapd_off
	echo
	echo "| us per command (MAPD+MAPTI mix), pre-copy off | scale | ITEs | baseline | indexed | ratio |"
	echo "|---|---|---|---|---|---|"
	table cmd_off
	echo
	echo "| us per command, pre-copy on (baseline: off if it has no pre-copy) | scale | ITEs | baseline | indexed | ratio |"
	echo "|---|---|---|---|---|---|"
	table cmd_on
	echo
	echo "| SAVE_TABLES ms, full save | scale | ITEs | baseline | indexed | ratio |"
	echo "|---|---|---|---|---|---|"
	table save
	echo
	sed -n '/<!-- results:its-index:end -->/,$p' "$readme"
} > "$readme.tmp"
mv "$readme.tmp" "$readme"
echo "its-index-perf: $csv, $png, $readme"
