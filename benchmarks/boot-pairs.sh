#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The baseline kernel against the test kernel, booted in turn PAIRS times
# ("make bench-pairs"): one boot's figures drift from the next one's by
# more than the differences measured here (the machine is shared), so each
# test-kernel boot is compared with the baseline boot just before it, and
# what is reported is the median of those ratios with their range.
#
# What is compared is what the boots' vgic_its_precopy_perf printed, read
# by column name from RUN/NAME-its-restore-perf.csv and
# RUN/NAME-its-precopy-perf.csv (extract.sh -p NAME-; the boots base-N and
# series-N, N = 1..PAIRS):
#   restore/LAYOUT/DxE   KVM_DEV_ARM_ITS_RESTORE_TABLES, ms (-R): restore_ms
#   mapd/DxE, mapti/DxE  us per MAPD and per MAPTI while mapping
#                        everything, pre-copy off, timed in the guest:
#                        mapd_off_us, mapti_off_us
#   mapti-on/DxE         the same MAPTIs with pre-copy on: mapti_on_us
#   save/DxE             KVM_DEV_ARM_ITS_SAVE_TABLES, ms, pre-copy off:
#                        save_off_ms
# speedup = baseline / series: above 1, the series is faster.
#
# Writes RUN/NAME.csv (every pair), RUN/NAME.txt (the summary), RUN/NAME.md
# (the summary as a table) and RUN/NAME.png (the summary's speed-ups).
#
# usage: boot-pairs.sh RUN NAME
set -euo pipefail
export LC_ALL=C
. "$(dirname "$0")/lib.sh"

run=$1 name=$2
csv=$run/$name.csv
txt=$run/$name.txt
md=$run/$name.md
png=$run/$name.png
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# BOOT,FIGURE,ITEs,VALUE for each figure of each boot.
{
	[ ! -f "$run/$name-its-restore-perf.csv" ] ||
		csv_awk "$run/$name-its-restore-perf.csv" '{
			printf "%s,restore/%s/%sx%s,%s,%s\n", v("boot"), v("layout"),
				v("devices"), v("events"), v("ites"), v("restore_ms")
		}'
	[ ! -f "$run/$name-its-precopy-perf.csv" ] ||
		csv_awk "$run/$name-its-precopy-perf.csv" 'v("mapd_off_us") != "" {
			s = v("devices") "x" v("events") "," v("ites")
			printf "%s,save/%s,%s\n", v("boot"), s, v("save_off_ms")
			printf "%s,mapd/%s,%s\n", v("boot"), s, v("mapd_off_us")
			printf "%s,mapti/%s,%s\n", v("boot"), s, v("mapti_off_us")
			printf "%s,mapti-on/%s,%s\n", v("boot"), s, v("mapti_on_us")
		}'
} > "$tmp/figures"
# figures BOOT: FIGURE,ITEs,VALUE of BOOT.
figures() {
	awk -F, -v b="$1" -v OFS=, '$1 == b { print $2, $3, $4 }' "$tmp/figures" |
		sort -t, -k1,1 -u
}
# The CSV whose "# " lines (date, host, boots) the results repeat.
for src in "$run/$name"-its-restore-perf.csv "$run/$name"-its-precopy-perf.csv; do
	[ ! -f "$src" ] || break
done
pairs=$(sed -n 's/^series-\([0-9]*\),.*/\1/p' "$tmp/figures" | sort -n | tail -n 1)
if [ -z "$pairs" ]; then
	echo "boot-pairs: no boots series-N in $run: no report" >&2
	exit 1
fi

for i in $(seq "$pairs"); do
	if [ -z "$(figures "base-$i")" ] || [ -z "$(figures "series-$i")" ]; then
		echo "boot-pairs: no results of pair $i (boots base-$i, series-$i) in $run" >&2
		exit 1
	fi
	join -t, <(figures "base-$i") <(figures "series-$i" | cut -d, -f1,3) |
		awk -F, -v p="$i" '{
			printf "%d,%s,%s,%s,%s,%.3f\n", p, $1, $2, $3, $4, $3 / $4
		}'
done > "$tmp/pairs"

{
	echo "# $name: baseline (boots base-N) and series (series-N) of make bench-pairs, booted in turn, pair by pair"
	grep '^# ' "$src" | sed 1d
	echo "pair,figure,ites,baseline,series,speedup"
	sort -t, -k2,2 -k1n "$tmp/pairs"
} > "$csv"

# The cost of a MAPTI at each scale against one device (the first
# mapti/1xE figure), within each boot: the ratio the scales' drift
# between boots does not enter.  Median, smallest and largest of the
# boots, for each kernel.
scale_ratios() {
	local kind i

	grep -q ',mapti/' "$tmp/figures" || return 0
	echo "#"
	echo "# us per MAPTI against one device's, within each boot (pre-copy off)"
	printf "%-10s %-22s %8s %8s %8s\n" kernel figure median min max
	for kind in base series; do
		for i in $(seq "$pairs"); do
			figures "$kind-$i" | awk -F, '
				$1 ~ /^mapti\// { n++; k[n] = $1; v[n] = $3 }
				$1 ~ /^mapti\/1x/ && !one { one = $3 }
				END { for (i = 1; i <= n; i++)
					if (one > 0 && k[i] !~ /^mapti\/1x/)
						printf "%s,%.3f\n", k[i], v[i] / one }'
		done | sort -t, -k1,1V -k2n | awk -F, -v kind="${kind/base/baseline}" '
			function out(   m) {
				if (!n)
					return
				m = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
				printf "%-10s %-22s %7.2fx %7.2fx %7.2fx\n", kind,
					key, m, r[1], r[n]
			}
			$1 != key { out(); key = $1; n = 0 }
			{ r[++n] = $2 }
			END { out() }'
	done
}

# The summary, by kind of figure, then ITEs, then devices:
# figure,ites,baseline,series,median,min,max (medians of the pairs).
awk -F, '{ k = $2; sub("/[^/]*$", "", k); d = $2; sub(".*/", "", d)
	   sub("x.*", "", d); print k "," $3 "," d "," $2 }' "$tmp/pairs" |
	sort -u -t, -k1,1 -k2n -k3n | cut -d, -f4 | while read -r key; do
	awk -F, -v key="$key" '
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	$2 == key { n++; b[n] = $4; s[n] = $5; r[n] = $6; ites = $3 }
	END {
		mb = median(b, n); ms = median(s, n); mr = median(r, n)
		printf "%s,%d,%.2f,%.2f,%.6f,%.6f,%.6f\n", key, ites, mb, ms,
			mr, r[1], r[n]
	}' "$tmp/pairs"
done > "$tmp/summary.rows"
{ echo "figure,ites,baseline,series,median,min,max"; cat "$tmp/summary.rows"; } \
	> "$tmp/summary.csv"

{
	echo "# The baseline (the plain base, without the series) against the"
	echo "# whole series, booted in turn $pairs times; restore in ms (best of"
	echo "# the repetitions), mapd/mapti in us per command and save in ms"
	echo "# (pre-copy off; mapti-on: MAPTI with pre-copy on)."
	echo "# speedup = baseline / series of the two boots of a pair: median,"
	echo "# smallest and largest of the $pairs pairs."
	grep '^# ' "$src" | sed 1d
	echo "#"
	printf "%-22s %6s %10s %10s %8s %8s %8s\n" figure ITEs baseline \
		series median min max
	csv_awk "$tmp/summary.csv" '{
		printf "%-22s %6d %10.2f %10.2f %7.2fx %7.2fx %7.2fx\n",
			v("figure"), v("ites"), v("baseline"), v("series"),
			v("median"), v("min"), v("max")
	}'
	scale_ratios
} > "$txt"
cat "$txt"

{
	echo "## Baseline and series booted in turn ($name)"
	echo
	md_measured "$csv"
	echo
	echo "$pairs pairs of boots; baseline and series: the medians of the"
	echo "pairs' figures; speedup = baseline / series of each pair (above 1:"
	echo "the series is faster), its median and range.  Data: [$name.csv]($name.csv)"
	echo "(every pair), [$name.txt]($name.txt) (with the MAPTI scale ratios);"
	echo "plot: [$name.png]($name.png)."
	echo
	md_table "$tmp/summary.csv" figure ites::ITEs baseline series \
		'median:%.2f:speedup' 'min+max:%.2f-%.2f:range'
} > "$md"

# The speed-ups as bars, the range of the pairs as error bars.
if have_gnuplot; then
	plot <<GP
$gnuplot_csv
set terminal png size 1000,480 noenhanced
set output "$png"
set title "Baseline (plain base) / series, $pairs pairs of boots, $(csv_meta "$csv" date) (nested KVM under QEMU TCG)"
set style fill solid 0.4
set boxwidth 0.6
set grid y
set xtics rotate by -35
set key outside top center horizontal
set bmargin 9
set rmargin 8
set yrange [0:*]
set ylabel "speed-up: median of the pairs, and their range"
plot "$tmp/summary.csv" using 0:"median":xtic(strcol("figure")) with boxes title "median", \
     "" using 0:"median":"min":"max" with yerrorbars pt 0 title "smallest to largest", \
     1 with lines dashtype 2 title "1: as fast"
GP
fi
[ -f "$png" ] || png=
echo "  REPORT  $csv, $txt, $md${png:+, $png}"
