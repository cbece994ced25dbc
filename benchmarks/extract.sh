#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The one extractor of the benchmarks: the console logs of test-guest
# boots into one CSV per kind of row, DIR/FILE.csv, which the reports
# (benchmarks/*.sh) and the plots read by column name.
#
# The guest's programs print their results as "# KIND,..." lines, a
# header line of column names before the rows of each kind (KINDS below
# lists the kinds).  Each CSV gets
#   "# " lines: what it holds, the date, the host, the sources
#     (build/versions), and per boot "# boot LABEL: kernel; log; load";
#   the header: "boot", then the kind's columns, by name (a column that
#     only some boots printed is empty in the others);
#   a row per result, its boot's LABEL first.
# DIR/machine.txt gets the same "# " lines, for the run as a whole.
#
# usage: extract.sh -o DIR [-p PREFIX] [-t TITLE] LABEL=LOG...
#   LABEL  the boot, as the reports name it: series, base (the plain base
#          kernel of BENCH_BASELINE), series-N and base-N (bench-pairs)
#   PREFIX goes before each CSV's name: DIR/PREFIXFILE.csv
#   TITLE  what ran, for the "# run:" line (make bench, ...)
# LOG's host load average at boot is read from LOG without .log, .load,
# when there is one (make bench writes it), else from BENCH_LOADS
# ("LABEL:LOAD,LABEL:LOAD", for the logs of an earlier run; BENCH_DATE
# and BENCH_HOST give its date and host, lib.sh's machine_lines).
set -euo pipefail
export LC_ALL=C

here=$(dirname "$0")
. "$here/lib.sh"

# The kinds of rows: KIND (as printed, after "# "), the CSV they go to,
# and what prints them.  The columns are named by the guest's header
# lines: the names are here only for a kind that borrows another's
# header (HEADER_FROM).
KINDS='
csv	its-precopy-perf	vgic_its_precopy_perf: full save, flush, commands and restore per scale
csv-restore	its-restore-perf	vgic_its_precopy_perf -R: RESTORE_TABLES of dense and sparse tables
csv-enable	its-enable-stall	vgic_its_precopy_perf -E: SYNC commands while pre-copy is enabled, each run
itsmig	itsmig-downtime	itsmig compare --csv (guest/bench/itsmig-bench.sh): medians per scale, remapping rate and mode
itsmig-run	itsmig-runs	itsmig compare --csv (guest/bench/itsmig-bench.sh): each migration
qd-csv	qemu-downtime	guest/bench/qemu-downtime.sh: each QEMU migration, precopy-tables off and on
'
# KIND=OTHER: KIND's rows have OTHER's columns, in logs where the guest
# printed no header of KIND's own (itsmig-bench.sh prints one since
# issue 23; the itsmig-run rows of older logs have none).
HEADER_FROM='itsmig-run=itsmig'

usage() {
	sed -n '/^# usage:/,/^set -e/{/^set -e/d; s/^# \{0,1\}//; p}' "$0" >&2
	exit 2
}

out= prefix= title=
while getopts o:p:t: opt; do
	case $opt in
	o)	out=$OPTARG ;;
	p)	prefix=$OPTARG ;;
	t)	title=$OPTARG ;;
	*)	usage ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$out" ] && [ $# -gt 0 ] || usage
mkdir -p "$out"

# rel FILE: FILE as the results name it: relative to DIR when it is in
# there (the run's copy of its logs), else to the tree's top.
top=$(cd "$here/.." && pwd)
rel() {
	local f

	f=$(realpath "$1")
	case $f in
	"$(realpath "$out")"/*)	realpath --relative-to="$out" "$f" ;;
	"$top"/*)		realpath --relative-to="$top" "$f" ;;
	*)			echo "$1" ;;
	esac
}

meta=$(
	[ -z "$title" ] || echo "# run: $title"
	machine_lines
)
boots= labels=
for arg in "$@"; do
	label=${arg%%=*} log=${arg#*=}
	case $label in
	''|*[!A-Za-z0-9_.-]*|"$arg")
		echo "extract: $arg: not LABEL=LOG" >&2
		exit 2 ;;
	esac
	[ -f "$log" ] || { echo "extract: $log: no such log" >&2; exit 1; }
	load=$(cut -d" " -f1-3 "${log%.log}.load" 2>/dev/null ||
		echo "${BENCH_LOADS:-}" | tr , '\n' | sed -n "s/^$label://p")
	line="# boot $label: $(kname "$log"); log $(rel "$log")"
	[ -z "$load" ] || line+="; host load at boot $load"
	boots+="$label	$line"$'\n'
	labels+="$label=$log"$'\n'
done
{ echo "$meta"; printf '%s' "$boots" | cut -f2-; } > "$out/machine.txt"

KINDS=$KINDS HEADER_FROM=$HEADER_FROM META=$meta BOOTS=$boots LABELS=$labels \
awk -v out="$out" -v prefix="$prefix" '
function is_header(f, n,    i) {
	for (i = 1; i <= n; i++)
		if (f[i] !~ /^[A-Za-z_][A-Za-z0-9_]*$/)
			return 0
	return 1
}
# The columns of KIND: the union of its headers, in the order they
# first appear.
function add_names(kind, f, n,    i) {
	for (i = 1; i <= n; i++)
		if (!((kind, f[i]) in has)) {
			has[kind, f[i]] = 1
			names[kind, ++nnames[kind]] = f[i]
		}
}
BEGIN {
	n = split(ENVIRON["KINDS"], l, "\n")
	for (i = 1; i <= n; i++) {
		if (split(l[i], f, "\t") < 3)
			continue
		kinds[++nkinds] = f[1]
		file[f[1]] = f[2]
		what[f[1]] = f[3]
	}
	n = split(ENVIRON["HEADER_FROM"], l, " ")
	for (i = 1; i <= n; i++) {
		split(l[i], f, "=")
		from[f[1]] = f[2]
	}
	n = split(ENVIRON["LABELS"], l, "\n")
	for (i = 1; i <= n; i++) {
		p = index(l[i], "=")
		if (p)
			label[substr(l[i], p + 1)] = substr(l[i], 1, p - 1)
	}
	n = split(ENVIRON["BOOTS"], l, "\n")
	for (i = 1; i <= n; i++) {
		p = index(l[i], "\t")
		if (!p)
			continue
		b = substr(l[i], 1, p - 1)
		if (!(b in bootline))
			order[++nboots] = b
		bootline[b] = bootline[b] substr(l[i], p + 1) "\n"
	}
}
FILENAME != cur {
	cur = FILENAME
	boot = label[FILENAME]
	split("", hdr)
}
{ sub(/\r$/, "") }
/^# [a-z][a-z0-9-]*,/ {
	line = substr($0, 3)
	p = index(line, ",")
	kind = substr(line, 1, p - 1)
	if (!(kind in file))
		next
	nf = split(substr(line, p + 1), f, ",")
	if (is_header(f, nf)) {
		hdr[kind] = substr(line, p + 1)
		add_names(kind, f, nf)
		next
	}
	h = kind in hdr ? hdr[kind] : ""
	if (h == "" && (kind in from) && (from[kind] in hdr))
		h = hdr[from[kind]]
	if (h == "") {
		noheader[kind, FILENAME]++
		next
	}
	nh = split(h, hn, ",")
	if (nh != nf) {
		short[kind, FILENAME]++
		next
	}
	add_names(kind, hn, nh)
	r = ++nrows[kind]
	rowboot[kind, r] = boot
	for (i = 1; i <= nf; i++)
		cell[kind, r, hn[i]] = f[i]
	used[kind, boot]++
}
END {
	for (k in noheader) {
		split(k, kf, SUBSEP)
		printf "extract: %s: %d \"%s,\" rows without a header: left out\n",
			kf[2], noheader[k], kf[1] > "/dev/stderr"
	}
	for (k in short) {
		split(k, kf, SUBSEP)
		printf "extract: %s: %d \"%s,\" rows not as long as their header: left out\n",
			kf[2], short[k], kf[1] > "/dev/stderr"
	}
	for (i = 1; i <= nkinds; i++) {
		kind = kinds[i]
		if (!nrows[kind])
			continue
		csv = out "/" prefix file[kind] ".csv"
		printf "# %s%s: \"%s,\" rows of %s\n", prefix, file[kind], kind,
			what[kind] > csv
		printf "# columns: benchmarks/README.md\n" > csv
		printf "%s\n", ENVIRON["META"] > csv
		for (j = 1; j <= nboots; j++)
			if (used[kind, order[j]])
				printf "%s", bootline[order[j]] > csv
		line = "boot"
		for (c = 1; c <= nnames[kind]; c++)
			line = line "," names[kind, c]
		print line > csv
		for (r = 1; r <= nrows[kind]; r++) {
			line = rowboot[kind, r]
			for (c = 1; c <= nnames[kind]; c++)
				line = line "," cell[kind, r, names[kind, c]]
			print line > csv
		}
		close(csv)
		counts = ""
		for (j = 1; j <= nboots; j++)
			if (used[kind, order[j]])
				counts = counts sprintf("%s%s %d", counts == "" ? "" : ", ",
							order[j], used[kind, order[j]])
		printf "  CSV     %s (%s)\n", csv, counts
		any = 1
	}
	if (!any)
		print "extract: no results in the logs" > "/dev/stderr"
}' "${@#*=}"
