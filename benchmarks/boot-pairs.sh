#!/bin/bash
# The baseline kernel against the test kernel, booted in turn PAIRS times
# ("make bench-pairs"): one boot's figures drift from the next one's by
# more than the differences measured here (the machine is shared), so each
# test-kernel boot is compared with the baseline boot just before it, and
# what is reported is the median of those ratios with their range.
#
# What is compared is what the boots' vgic_its_precopy_perf printed:
#   restore/LAYOUT/DxE   KVM_DEV_ARM_ITS_RESTORE_TABLES, ms (-R)
#   mapd/DxE, mapti/DxE  us per MAPD and per MAPTI while mapping
#                        everything, pre-copy off, timed in the guest
#   mapti-on/DxE         the same MAPTIs with pre-copy on
#   save/DxE             KVM_DEV_ARM_ITS_SAVE_TABLES, ms, pre-copy off
# speedup = baseline / series: above 1, the series is faster.
#
# Writes OUTDIR/NAME.csv (every pair), OUTDIR/NAME.txt (the summary) and
# OUTDIR/NAME.png (the summary's speed-ups).
#
# usage: boot-pairs.sh LOGDIR PAIRS OUTDIR NAME
#   LOGDIR/pair-base-N.log and LOGDIR/pair-N.log, N = 1..PAIRS
set -euo pipefail
export LC_ALL=C
. "$(dirname "$0")/lib.sh"

logs=$1 pairs=$2 out=$3 name=$4
csv=$out/$name.csv
txt=$out/$name.txt
png=$out/$name.png
mkdir -p "$out"

# KEY,ITEs,VALUE for each figure of one boot.
rows() {
	tr -d '\r' < "$1" | awk -F, '
	/^# csv-restore,[a-z]+,[0-9]/ {
		printf "restore/%s/%sx%s,%s,%s\n", $2, $3, $4, $5, $8
	}
	# Column 4 of the csv lines: the full save, ms, pre-copy off;
	# columns 20 and 21: us per MAPD and MAPTI, off; 23: MAPTI, on.
	/^# csv,[0-9]/ && NF >= 24 {
		printf "save/%sx%s,%d,%s\n", $2, $3, $2 * $3, $5
		printf "mapd/%sx%s,%d,%s\n", $2, $3, $2 * $3, $21
		printf "mapti/%sx%s,%d,%s\n", $2, $3, $2 * $3, $22
		printf "mapti-on/%sx%s,%d,%s\n", $2, $3, $2 * $3, $24
	}' | sort -t, -k1,1 -u
}

# The cost of a MAPTI at each scale against one device (the first
# mapti/1xE figure), within each boot: the ratio the scales' drift
# between boots does not enter.  Median, smallest and largest of the
# boots, for each kernel.
scale_ratios() {
	local kind log i

	echo "#"
	echo "# us per MAPTI against one device's, within each boot (pre-copy off)"
	printf "%-10s %-22s %8s %8s %8s\n" kernel figure median min max
	for kind in baseline series; do
		for i in $(seq "$pairs"); do
			log=$logs/pair-$i.log
			[ "$kind" = series ] || log=$logs/pair-base-$i.log
			rows "$log" | awk -F, '
				$1 ~ /^mapti\// { n++; k[n] = $1; v[n] = $3 }
				$1 ~ /^mapti\/1x/ && !one { one = $3 }
				END { for (i = 1; i <= n; i++)
					if (one > 0 && k[i] !~ /^mapti\/1x/)
						printf "%s,%.3f\n", k[i], v[i] / one }'
		done | sort -t, -k1,1V -k2n | awk -F, -v kind="$kind" '
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

tmp=$(mktemp) dat=$(mktemp)
trap 'rm -f "$tmp" "$dat"' EXIT
for i in $(seq "$pairs"); do
	base=$logs/pair-base-$i.log test=$logs/pair-$i.log
	if [ -z "$(rows "$base")" ] || [ -z "$(rows "$test")" ]; then
		echo "boot-pairs: no results in pair $i ($base, $test)" >&2
		exit 1
	fi
	join -t, <(rows "$base") <(rows "$test" | cut -d, -f1,3) |
		awk -F, -v p="$i" '{
			printf "%d,%s,%s,%s,%s,%.3f\n", p, $1, $2, $3, $4, $3 / $4
		}'
done > "$tmp"

{
	echo "pair,figure,ites,baseline,series,speedup"
	sort -t, -k2,2 -k1n "$tmp"
} > "$csv"

{
	echo "# The baseline (the plain base, without the series) against the"
	echo "# whole series, booted in turn $pairs times; restore in ms (best of"
	echo "# the repetitions), mapd/mapti in us per command and save in ms"
	echo "# (pre-copy off; mapti-on: MAPTI with pre-copy on)."
	echo "# speedup = baseline / series of the two boots of a pair: median,"
	echo "# smallest and largest of the $pairs pairs."
	machine_header "make bench-pairs" "baseline $(kname "$logs/pair-base-1.log"); series $(kname "$logs/pair-1.log")"
	echo "#"
	printf "%-22s %6s %10s %10s %8s %8s %8s\n" figure ITEs baseline \
		series median min max
	# By kind of figure, then ITEs, then devices.
	awk -F, '{ k = $2; sub("/[^/]*$", "", k); d = $2; sub(".*/", "", d)
		   sub("x.*", "", d); print k "," $3 "," d "," $2 }' "$tmp" |
		sort -u -t, -k1,1 -k2n -k3n | cut -d, -f4 | while read -r key; do
		awk -F, -v key="$key" -v dat="$dat" '
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
			printf "%-22s %6d %10.2f %10.2f %7.2fx %7.2fx %7.2fx\n",
				key, ites, mb, ms, mr, r[1], r[n]
			printf "%s,%.3f,%.3f,%.3f\n", key, mr, r[1], r[n] >> dat
		}' "$tmp"
	done
	scale_ratios
} > "$txt"
cat "$txt"

# The speed-ups as bars, the range of the pairs as error bars.
gnuplot <<GP
set datafile separator ","
set terminal png size 1000,480 noenhanced
set output "$png"
set title "Baseline (plain base) / series, $pairs pairs of boots, $(date -u +%Y-%m-%d) (nested KVM under QEMU TCG)"
set style fill solid 0.4
set boxwidth 0.6
set grid y
set xtics rotate by -35
set key outside top center horizontal
set bmargin 9
set rmargin 8
set yrange [0:*]
set ylabel "speed-up: median of the pairs, and their range"
plot "$dat" using 0:2:xtic(1) with boxes title "median", \
     "" using 0:2:3:4 with yerrorbars pt 0 title "smallest to largest", \
     1 with lines dashtype 2 title "1: as fast"
GP
