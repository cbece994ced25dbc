#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make bench-publish": copy a benchmark run (report.sh's directory,
# build/bench-results/RUN) into DEST (benchmarks/results/):
#   its CSV, PNG, Markdown and text results, under the same names, so
#     that each publish replaces the last one's (each file says in its
#     "# " lines, or the Markdown in its first lines, what ran where and
#     when);
#   its console logs into DEST/logs/RUN/ (the results' "log" lines are
#     changed to name them there);
#   a line in DEST/README.md, the index of the published runs.
# A run that measured only some benchmarks (make bench
# CONFIG_TEST_FILTER=...) replaces only theirs.
#
# usage: publish.sh RUN DEST
#   RUN: a run's directory, or its name under $BENCH_RESULTS (default
#   build/bench-results); "latest" is the last run.
set -euo pipefail
export LC_ALL=C

here=$(dirname "$0")
. "$here/lib.sh"

run=${1:?usage: publish.sh RUN DEST} dest=${2:?usage: publish.sh RUN DEST}
[ -d "$run" ] || run=${BENCH_RESULTS:-build/bench-results}/$run
if [ ! -f "$run/machine.txt" ]; then
	echo "publish: $run: no benchmark run there (make bench, bench-pairs, bench-qemu or profile make one)" >&2
	exit 1
fi
run=$(cd "$run" && pwd -P)
name=$(basename "$run")
mkdir -p "$dest"

files=()
for f in "$run"/*.csv "$run"/*.png "$run"/*.md "$run"/*.txt; do
	case ${f##*/} in
	report.md|machine.txt|'*'.*)	continue ;;
	esac
	[ -f "$f" ] || continue
	case $f in
	*.png)	cp "$f" "$dest/" ;;
	*)	sed "s|; log logs/|; log logs/$name/|" "$f" > "$dest/${f##*/}" ;;
	esac
	files+=("${f##*/}")
done
logs=() copied=0
for f in "$run"/logs/*.log; do
	[ -f "$f" ] || continue
	mkdir -p "$dest/logs/$name"
	cp "$f" "$dest/logs/$name/"
	logs+=("logs/$name/${f##*/}")
	copied=$((copied + 1))
done
if [ ${#files[@]} = 0 ]; then
	echo "publish: $run: no results to publish" >&2
	exit 1
fi

# The index: a line per run, the last published at the end; a run
# published again replaces its line.
index=$dest/README.md
link() {
	local f out=

	for f in "$@"; do
		out+="${out:+ }[${f##*/}]($f)"
	done
	echo "$out"
}
line="- \`$name\`: $(csv_meta "$run/machine.txt" run | sed 's/, [^,]*$//') of"
line+=" $(csv_meta "$run/machine.txt" date) on $(csv_meta "$run/machine.txt" host);"
line+=" $(sed -n 's/^# boot \([^:]*\): \([^;]*\).*/\1: \2/p' "$run/machine.txt" |
	paste -sd';' | sed 's/;/; /g').  Files: $(link "${files[@]}")"
# Logs published before (benchmarks/results/...) are named where they are.
while read -r f; do
	logs+=("$f")
done < <(sed -n 's|^# boot [^:]*:.*; log benchmarks/results/\([^;]*\).*|\1|p' \
	"$run/machine.txt")
[ ${#logs[@]} = 0 ] || line+="; logs: $(link "${logs[@]}")"
{
	if [ -f "$index" ]; then
		grep -v "^- \`$name\`: " "$index"
	else
		cat <<'EOF'
# Published benchmark runs

Written by `make bench-publish` (benchmarks/publish.sh).
It copies a run of `make bench`, `make bench-pairs`, `make bench-qemu`
or `make profile` here.
Below is a line per run, the last published at the end.
A file holds the results of the last run that wrote it.
Each says in its `# ` lines the date, the host, the sources and each
boot's kernel.
A Markdown report says it in its first lines.
The run's console logs are kept in `logs/RUN/`.
Logs published before this path stay where they were, for example in
`7.2/`.
A run extracted from such a log names it there, and publish.sh links it
in place in the run's line instead of copying it.
What the benchmarks and their columns are:
[../README.md](../README.md).

Files without a line here were published by hand before this index.
They are `6.12/` and `7.2/` (with their notes), `pairs-*`, the profiles
(`*-profile.txt`) and `*-notes.txt`; benchmarks/README.md links them.

EOF
	fi
	echo "$line"
} > "$index.tmp"
mv "$index.tmp" "$index"
echo "  PUBLISH $name -> $dest: ${files[*]}, $copied logs"
