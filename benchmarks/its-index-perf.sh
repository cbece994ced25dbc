#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The indexed ITS state against its baseline: the boots "base" (the
# plain base kernel of BENCH_BASELINE) and "series" of one "make bench",
# from RUN/its-precopy-perf.csv and RUN/its-restore-perf.csv
# (extract.sh), side by side with their ratios: RUN/its-index-perf.csv,
# a table per figure in RUN/its-index-perf.md, and cost against size in
# RUN/its-index-perf.png.
#
# its-index-perf.csv: kind,layout,devices,events,ites,base,indexed,ratio
#   kind: cmd_off, cmd_on (us per MAPD+MAPTI command while mapping
#   everything, pre-copy off and on; the best of the repetitions),
#   mapd_off, mapti_off, mapd_on, mapti_on (us per MAPD, per MAPTI),
#   save (the full SAVE_TABLES, ms), restore_map (RESTORE_TABLES, ms, of
#   the mapped tables), restore (RESTORE_TABLES, ms, of
#   vgic_its_precopy_perf -R, dense and sparse); ratio: indexed / base.
#   A baseline without pre-copy prints "nan" for pre-copy on: the "on"
#   rows compare with its "off" then.
#
# usage: its-index-perf.sh RUN
set -euo pipefail
export LC_ALL=C

run=$1
here=$(dirname "$0")
. "$here/lib.sh"
perf=$run/its-precopy-perf.csv
restore=$run/its-restore-perf.csv
csv=$run/its-index-perf.csv
md=$run/its-index-perf.md
png=$run/its-index-perf.png

# Both benchmarks of both boots, or no report.
for f in "$perf" "$restore"; do
	if [ ! -f "$f" ] || ! grep -q '^base,' "$f" || ! grep -q '^series,' "$f"; then
		echo "its-index-perf: no rows of both boots, base and series, in $f: no report"
		exit 0
	fi
done

# The rows of the two boots at each key, side by side.
pair_rows() {
	csv_awk "$1" '
	v("boot") == "base" || v("boot") == "series" {
		k = '"$2"'
		if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
		got[v("boot"), k] = 1
		for (i = 1; i <= ncol; i++) val[v("boot"), k, name[i]] = $i
	}
	function b(k, c) { return val["base", k, c] }
	function x(k, c) { return val["series", k, c] }
	# The baseline of a pre-copy on figure c, whose off figure is off.
	function bon(k, c, off) { return num(b(k, c)) ? b(k, c) : b(k, off) }
	function inv(t) { return num(t) && t > 0 ? 1e6 / t : "" }
	function row(kind, k, base, idx, fmt) {
		if (!num(base) || !num(idx) || base == 0)
			return
		printf "%s,%s," fmt "," fmt ",%.3f\n", kind, k, base, idx, idx / base
	}
	END {
		for (i = 1; i <= n; i++) {
			k = keys[i]
			if (got["base", k] && got["series", k]) '"$3"'
		}
	}'
}

rows=$(
	pair_rows "$perf" '"dense," v("devices") "," v("events") "," v("ites")' '{
		row("cmd_off", k, inv(b(k, "cmds_per_s_off")), inv(x(k, "cmds_per_s_off")), "%.2f")
		row("cmd_on", k, inv(bon(k, "cmds_per_s_on", "cmds_per_s_off")),
		    inv(x(k, "cmds_per_s_on")), "%.2f")
		row("save", k, b(k, "save_off_ms"), x(k, "save_off_ms"), "%.2f")
		row("restore_map", k, b(k, "restore_ms"), x(k, "restore_ms"), "%.2f")
		row("mapd_off", k, b(k, "mapd_off_us"), x(k, "mapd_off_us"), "%.2f")
		row("mapti_off", k, b(k, "mapti_off_us"), x(k, "mapti_off_us"), "%.2f")
		row("mapd_on", k, bon(k, "mapd_on_us", "mapd_off_us"), x(k, "mapd_on_us"), "%.2f")
		row("mapti_on", k, bon(k, "mapti_on_us", "mapti_off_us"), x(k, "mapti_on_us"), "%.2f")
	}' | sort -t, -k1,1 -k5n
	pair_rows "$restore" 'v("layout") "," v("devices") "," v("events") "," v("ites")' '
		row("restore", k, b(k, "restore_ms"), x(k, "restore_ms"), "%.3f")' |
		sort -t, -k2,2 -k5n
)

{
	echo "# its-index-perf: the boots base and series of its-precopy-perf.csv and its-restore-perf.csv side by side"
	grep '^# ' "$perf" | sed 1d
	echo "# cmd_off/cmd_on: us per MAPD+MAPTI command, mapping everything, pre-copy off/on"
	echo "# mapd_*/mapti_*: us per MAPD, per MAPTI, in the same mapping, timed by the guest"
	echo "# *_on: a baseline without pre-copy gives its pre-copy off figure"
	echo "# save: the full SAVE_TABLES (ms), pre-copy off, of the mapped tables"
	echo "# restore_map: RESTORE_TABLES (ms) of vgic_its_precopy_perf's dense tables"
	echo "# restore: RESTORE_TABLES (ms) of vgic_its_precopy_perf -R, dense and sparse"
	echo "# ratio: indexed / base (below 1: the series is faster)"
	echo "kind,layout,devices,events,ites,base,indexed,ratio"
	echo "$rows"
} > "$csv"

table() {
	md_table -w "v(\"kind\") == \"$1\"" "$csv" "layout::$2" \
		'devices+events:%dx%d:scale' ites::ITEs "base::baseline${3:-}" \
		"indexed::indexed${3:-}" 'ratio:%.2f:ratio'
	echo
}
{
	echo "## The indexed ITS state against its baseline"
	echo
	md_measured "$csv"
	echo
	echo "Baseline: the plain base kernel without the series, booted just"
	echo "before the series in the same make bench; best of the repetitions;"
	echo "ratio = indexed / baseline.  Data: [its-index-perf.csv](its-index-perf.csv);"
	echo "plots: [its-index-perf.png](its-index-perf.png)."
	echo
	table restore RESTORE_TABLES " ms"
	table mapti_off "us per MAPTI, pre-copy off"
	table mapd_off "us per MAPD, pre-copy off"
	table cmd_off "us per command (MAPD+MAPTI mix), pre-copy off"
	table cmd_on "us per command, pre-copy on (baseline: off if it has no pre-copy)"
	table save "SAVE_TABLES ms, full save"
} > "$md"

if have_gnuplot; then
	data=$(mktemp -d)
	trap 'rm -rf "$data"' EXIT
	for kl in mapti_off-dense mapd_off-dense restore-dense restore-sparse; do
		csv_where "$csv" "v(\"kind\") == \"${kl%-*}\" && v(\"layout\") == \"${kl#*-}\"" \
			> "$data/$kl"
	done
	plot <<GP
$gnuplot_csv
set terminal png size 1200,500 noenhanced
set output "$png"
set multiplot layout 1,2 title "Indexed ITS state against its baseline, $(csv_meta "$csv" date) (nested KVM under QEMU TCG)"
set grid
set style data linespoints
set logscale x 2
set xlabel "devices (devices x events: 8192 or 32768 ITEs)"
set ylabel "us per command"
set yrange [0:*]
set key left top
set title "Cost of a command while mapping, pre-copy off"
plot "$data/mapti_off-dense" using "devices":"base" title "baseline, MAPTI", \
     "" using "devices":"indexed" title "indexed, MAPTI", \
     "$data/mapd_off-dense" using "devices":"base" title "baseline, MAPD", \
     "" using "devices":"indexed" title "indexed, MAPD"
set logscale xy 2
set ylabel "ms (log)"
set autoscale y
set title "RESTORE_TABLES"
plot "$data/restore-dense" using "devices":"base" title "baseline, dense", \
     "" using "devices":"indexed" title "indexed, dense", \
     "$data/restore-sparse" using "devices":"base" title "baseline, sparse", \
     "" using "devices":"indexed" title "indexed, sparse"
unset multiplot
GP
fi
[ -f "$png" ] || png=
echo "  REPORT  $csv, $md${png:+, $png}"
