#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The results of one benchmark run, from its console logs, all in the
# run's directory RUN (make: build/bench-results/TARGET-DATE):
#
#   guest console logs --extract.sh--> RUN/*.csv, one per kind of row
#     --reports (its-precopy-perf.sh, ...)--> RUN/*.csv, *.md, *.png
#     --> RUN/report.md, all of them
#
# The tracked tree is left alone: "make bench-publish" (publish.sh)
# copies a run into benchmarks/results/.
#
# usage: report.sh -o RUN [-n NAME] TARGET [LABEL=LOG...]
#   TARGET    what ran, which says which reports: bench (its-precopy-perf,
#             its-index-perf, itsmig-downtime), bench-pairs (boot-pairs
#             NAME), bench-qemu (qemu-downtime), profile (kprof's lines)
#   LABEL=LOG a boot's console log (extract.sh): copied to RUN/logs/, but
#             a log in benchmarks/results/ already, which the results
#             name where it is.  Without LOGs: the reports again, on the
#             CSVs RUN holds.
#   -n NAME   the name of bench-pairs' results (PAIRS_NAME), and the
#             prefix of its CSVs (RUN/NAME-its-restore-perf.csv, ...)
# RUN's parent directory gets "latest", a link to RUN (when it extracted
# logs: not for the reports run again).
set -euo pipefail
export LC_ALL=C

here=$(dirname "$0")
. "$here/lib.sh"

run= name=pairs
while getopts n:o: opt; do
	case $opt in
	n)	name=$OPTARG ;;
	o)	run=$OPTARG ;;
	*)	sed -n '/^# usage:/,/^set -e/{/^set -e/d; s/^# \{0,1\}//; p}' "$0" >&2
		exit 2 ;;
	esac
done
shift $((OPTIND - 1))
target=${1:?usage: report.sh -o RUN [-n NAME] TARGET [LABEL=LOG...]}
shift
[ -n "$run" ] || { echo "report: no -o RUN" >&2; exit 2; }
mkdir -p "$run"
results=$(cd "$here" && pwd)/results

args=() logs=()
for arg in "$@"; do
	label=${arg%%=*} log=${arg#*=}
	case $(realpath "$log") in
	"$results"/*)
		;;
	*)	mkdir -p "$run/logs"
		cp "$log" "$run/logs/"
		[ ! -f "${log%.log}.load" ] || cp "${log%.log}.load" "$run/logs/"
		log=$run/logs/$(basename "$log") ;;
	esac
	args+=("$label=$log")
	logs+=("$log")
done
# The CSVs of bench-pairs' and profile's boots are named apart from
# make bench's, so that publishing those runs leaves bench's in place.
case $target in
bench-pairs)	prefix=$name- ;;
profile)	prefix=profile- ;;
*)		prefix= ;;
esac
if [ ${#args[@]} -gt 0 ]; then
	rm -f "$run"/*.csv "$run"/*.md "$run"/*.png
	"$here/extract.sh" -o "$run" -p "$prefix" \
		-t "make $target, $(basename "$run")" "${args[@]}"
fi

case $target in
bench)
	"$here/its-precopy-perf.sh" "$run"
	"$here/its-index-perf.sh" "$run"
	"$here/itsmig-downtime.sh" "$run" ;;
bench-pairs)
	"$here/boot-pairs.sh" "$run" "$name" ;;
bench-qemu)
	"$here/qemu-downtime.sh" "$run" "${logs[0]:-}" ;;
profile)
	# kprof's report of where each command spent its samples, with the
	# restore times it ran and the runner's "---- NAME" lines.
	for log in "${logs[@]}"; do
		sed -n -e 's/^# \(kprof: \|csv-restore,[a-z]\)/\1/p' \
			-e 's/^# \(---- \)/\1/p' "$log"
	done > "$run/profile.txt"
	echo "  PROFILE $run/profile.txt" ;;
*)
	echo "report: $target: not bench, bench-pairs, bench-qemu or profile" >&2
	exit 2 ;;
esac

# The run's report: what ran where, its files, then each report.
{
	echo "# $(csv_meta "$run/machine.txt" run)"
	echo
	sed -n '/^# run:/d; s/^# /- /p' "$run/machine.txt"
	echo
	echo "Files:"
	for f in "$run"/*.csv "$run"/*.png "$run"/*.txt; do
		[ -f "$f" ] && [ "${f##*/}" != machine.txt ] || continue
		echo "[${f##*/}](${f##*/})"
	done | paste -sd' '
	for f in "$run"/*.md; do
		[ -f "$f" ] && [ "${f##*/}" != report.md ] || continue
		echo
		cat "$f"
	done
} > "$run/report.md"
[ ${#args[@]} = 0 ] || ln -sfn "$(basename "$run")" "$(dirname "$run")/latest"
echo "  RESULTS $run/report.md (make bench-publish copies them to benchmarks/results)"
