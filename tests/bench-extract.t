#!/bin/bash
# Host-side tests of the benchmarks' results path: benchmarks/extract.sh
# (console log -> one CSV per kind of row, named columns), the report
# helpers of benchmarks/lib.sh (columns by name), report.sh and
# publish.sh, on a small console log.  Prints TAP.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bench=$top/benchmarks
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/tap.sh"
. "$bench/lib.sh"

# The series' console log: vgic_its_precopy_perf's rows (a header, then
# rows; a comment that starts like them), its restore rows, itsmig's
# medians with their header and per-migration rows without one (as
# logs before issue 23 have them), qd-csv rows without a header, and a
# carriage return.
cat > "$tmp/bench.log" <<'EOF'
its-precopy guest: 7.2.13-its-precopy+, 4 CPUs, mode bench
TAP version 13
# ---- its_precopy_perf: /its/selftests/vgic_its_precopy_perf -r 1 1x8192 64x128
# # vgic_its_precopy_perf: Linux 7.2.13-its-precopy+ on aarch64, 4 CPUs online
# # csv lines (the mix of the two differs between scales)
# csv,devices,events,ites,save_off_ms,save_off_pages,save_on_ms,save_on_pages,save_ratio,cmds_per_s_off,cmds_per_s_on,restore_ms,mapti_off_us
#     1x8192    8192 |    1.597     18    0.040      0
# csv,1,8192,8192,1.5972,18,0.0396,0,0.02478,5625.7,5317.4,5.7616,176.93
# csv,64,128,8192,2.0763,18,0.0387,0,0.01863,5717.0,5323.2,6.0089,174.05
ok 1 its_precopy_perf
# csv-restore,layout,devices,events,ites,dt_entries,itt_entries,restore_ms
# csv-restore,dense,1,8192,8192,1,8192,7.7209
# csv-restore,sparse,1,8192,8192,65536,65536,8.0399
ok 2 its_restore_perf
# itsmig,devices,events,lpis,vcpus,churn,mode,migrations,downtime_ms,its_flush_ms,its_restore_ms,its_share_pct,changed_ms
# itsmig,64,16,1024,2,0,baseline,3,47.414,2.592,1.707,10.61,0.000
# itsmig,64,16,1024,2,0,precopy,3,65.036,0.070,1.783,4.80,0.000
# itsmig,64,16,1024,2,0,both,3,41.000,0.042,0.254,1.19,0.110
# itsmig-run,64,16,1024,2,0,both,1,44.571,0.036,0.952,2.80,0.260
# qd-csv,1,8,2,quiet,off,1487
ok 3 itsmig_downtime
EOF
printf '# itsmig-run,64,16,1024,2,0,both,1,41.000,0.059,0.173,0.78,0.086\r\n' >> "$tmp/bench.log"
echo "1.50 1.40 1.30 2/100 1234" > "$tmp/bench.load"
# The baseline's: an older selftest, without the mapti_off_us column.
cat > "$tmp/bench-base.log" <<'EOF'
its-precopy guest: 7.2.13-its-precopy-baseline, 4 CPUs, mode bench
# # vgic_its_precopy_perf: Linux 7.2.13-its-precopy-baseline on aarch64, 4 CPUs online
# csv,devices,events,ites,save_off_ms,save_off_pages,save_on_ms,save_on_pages,save_ratio,cmds_per_s_off,cmds_per_s_on,restore_ms
# csv,1,8192,8192,5.82,18,nan,nan,nan,4563.7,nan,38.709
# csv,64,128,8192,6.67,18,nan,nan,nan,5502.6,nan,39.687
# csv-restore,layout,devices,events,ites,dt_entries,itt_entries,restore_ms
# csv-restore,dense,1,8192,8192,1,8192,38.7092
EOF

echo "1..16"

out=$tmp/run
"$bench/extract.sh" -o "$out" -t "make bench, test" \
	series="$tmp/bench.log" base="$tmp/bench-base.log" \
	> "$tmp/extract.out" 2> "$tmp/extract.err"
tap_result "extract.sh succeeds" $? "$(cat "$tmp/extract.err")"

perf=$out/its-precopy-perf.csv
hdr=$(grep -v '^#' "$perf" | head -n 1)
[ "$hdr" = "boot,devices,events,ites,save_off_ms,save_off_pages,save_on_ms,save_on_pages,save_ratio,cmds_per_s_off,cmds_per_s_on,restore_ms,mapti_off_us" ]
tap_result "the CSV's header: boot, then the guest's column names" $? "got '$hdr'"

grep -qx 'series,64,128,8192,2.0763,18,0.0387,0,0.01863,5717.0,5323.2,6.0089,174.05' "$perf"
tap_result "a series row, its boot first" $?

grep -qx 'base,1,8192,8192,5.82,18,nan,nan,nan,4563.7,nan,38.709,' "$perf"
tap_result "a column a boot did not print is empty in its rows" $?

[ "$(grep -vc '^#' "$perf")" = 5 ]
tap_result "the comment that starts like a row is no row" $? \
	"$(grep -vc '^#' "$perf") lines"

grep -q '^# date: [0-9-]*$' "$perf" && grep -q '^# host: .*cores' "$perf" &&
	grep -q '^# run: make bench, test$' "$perf" &&
	grep -qx "# boot series: Linux 7.2.13-its-precopy+ on aarch64, 4 CPUs online; log $tmp/bench.log; host load at boot 1.50 1.40 1.30" "$perf" &&
	grep -q '^# boot base: Linux 7.2.13-its-precopy-baseline' "$perf"
tap_result "the machine lines: run, date, host, each boot's kernel, log and load" $?

runs=$out/itsmig-runs.csv
[ "$(grep -v '^#' "$runs" | head -n 1)" = "boot,devices,events,lpis,vcpus,churn,mode,migrations,downtime_ms,its_flush_ms,its_restore_ms,its_share_pct,changed_ms" ] &&
	grep -qx 'series,64,16,1024,2,0,both,1,41.000,0.059,0.173,0.78,0.086' "$runs"
tap_result "itsmig-run rows without a header take itsmig's (and lose their CR)" $?

[ ! -e "$out/qemu-downtime.csv" ] &&
	grep -q 'qemu-downtime\|qd-csv' "$tmp/extract.err"
tap_result "rows of a kind without a header are left out, and said so" $?

# The report helpers: the same table from two CSVs whose columns come in
# different orders.
printf '# x\na,b,c\n1,2,x\n3,4,y\n' > "$tmp/abc.csv"
printf 'c,a,b\nx,1,2\ny,3,4\n' > "$tmp/cab.csv"
t1=$(md_table "$tmp/abc.csv" 'b:%.1f:B' a+c:%s/%s 'c::see: c')
t2=$(md_table "$tmp/cab.csv" 'b:%.1f:B' a+c:%s/%s 'c::see: c')
want='| B | a+c | see: c |
|---|---|---|
| 2.0 | 1/x | x |
| 4.0 | 3/y | y |'
[ "$t1" = "$want" ] && [ "$t2" = "$want" ]
tap_result "md_table picks columns by name, whatever their order" $? "got '$t2'"

t=$(md_table -w 'v("c") == "y"' "$tmp/cab.csv" a nothere 'c:%d')
[ "$t" = '| a | nothere | c |
|---|---|---|
| 3 | - | y |' ]
tap_result "md_table: a row filter, a missing column, a value that is no number" $? "got '$t'"

t=$(csv_pivot "$tmp/abc.csv" a c | grep -v '^#')
[ "$t" = 'a,x.b,y.b
1,2,
3,,4' ]
tap_result "csv_pivot puts a column per value side by side" $? "got '$t'"

# The reports, on the extracted run: columns by name, whatever the
# selftest printed before or after them.
"$bench/report.sh" -o "$tmp/results/run-1" bench \
	series="$tmp/bench.log" base="$tmp/bench-base.log" \
	> "$tmp/report.out" 2>&1
tap_result "report.sh bench succeeds" $? "$(tail -n 5 "$tmp/report.out")"

r=$tmp/results/run-1
grep -qx '| 64x128 | 8192 | 2.076 | 18 | 0.039 | 0 | 1.86% | 5717 | 5323 | - | - | - | 6.0 |' \
	"$r/its-precopy-perf.md"
tap_result "its-precopy-perf.md: a row, by name, - for columns not measured" $? \
	"$(grep '^| 64x128' "$r/its-precopy-perf.md")"

idx=$r/its-index-perf.csv
grep -qx 'cmd_off,dense,1,8192,8192,219.12,177.76,0.811' "$idx" &&
	grep -qx 'restore,dense,1,8192,8192,38.709,7.721,0.199' "$idx" &&
	! grep -q '^mapti_off,' "$idx" && ! grep -q '^restore,sparse' "$idx"
tap_result "its-index-perf.csv: base against series, where both measured" $? \
	"$(grep -v '^#' "$idx" 2>&1 | paste -sd' ')"

grep -qx '| 64x16 | 1024 | 47.4 | 65.0 | 41.0 | 0.86 | 2.59 | 0.070 | 1.7 | 1.8 | 0.36 | 0.14 | 10.6% | 4.8% | 1.2% | - | - | - |' \
	"$r/itsmig-downtime.md" && [ -f "$r/report.md" ] &&
	[ "$(readlink "$tmp/results/latest")" = run-1 ]
tap_result "itsmig-downtime.md: the modes side by side; report.md; latest" $? \
	"$(grep '^| 64x16' "$r/itsmig-downtime.md")"

"$bench/publish.sh" "$r" "$tmp/pub" > /dev/null 2>&1 &&
	[ -f "$tmp/pub/its-precopy-perf.csv" ] && [ -f "$tmp/pub/itsmig-downtime.md" ] &&
	[ ! -e "$tmp/pub/report.md" ] && [ -f "$tmp/pub/logs/run-1/bench.log" ] &&
	grep -q '; log logs/run-1/bench.log;' "$tmp/pub/its-precopy-perf.csv" &&
	[ "$(grep -c '^- `run-1`: make bench of ' "$tmp/pub/README.md")" = 1 ] &&
	"$bench/publish.sh" "$r" "$tmp/pub" > /dev/null 2>&1 &&
	[ "$(grep -c '^- `run-1`: ' "$tmp/pub/README.md")" = 1 ]
tap_result "publish.sh copies a run, its logs, and one index line per run" $? \
	"$(ls "$tmp/pub" 2>&1 | paste -sd' ')"
tap_exit
