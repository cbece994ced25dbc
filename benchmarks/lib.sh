# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
# Shared by the benchmark scripts: sourced, not run.
#
# A results CSV is "# " lines (what ran where and when), then a header
# line of column names, then the rows.  Everything here reads columns by
# those names, never by position: a column the guest adds later moves
# nothing.

# kname LOG: the guest kernel a console log's vgic_its_precopy_perf ran on,
# or, in a run without it, the kernel the guest's first line names.
kname() {
	{
		sed -n 's/^# # vgic_its_precopy_perf: //p' "$1"
		sed -n 's/^its-precopy guest: \([^,]*\),.*/Linux \1/p' "$1"
	} | tr -d '\r' | head -n 1
}

# machine_lines: the "# key: value" lines of a run: its date, the host
# and the sources (build/versions, or $VERSIONS).  BENCH_DATE and
# BENCH_HOST replace the first two, for the logs of an earlier run
# extracted again.
machine_lines() {
	local cpu versions=${VERSIONS:-build/versions}

	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	echo "# date: ${BENCH_DATE:-$(date -u +%Y-%m-%d)}"
	echo "# host: ${BENCH_HOST:-$cpu, $(nproc) cores, $(uname -r)}"
	[ ! -f "$versions" ] ||
		echo "# sources: $(paste -sd, "$versions" | sed 's/,/, /g')"
	echo "# guest: KVM nested under QEMU TCG (-M virt,virtualization=on,gic-version=3 -cpu max)"
}

# csv_meta FILE KEY: the value of FILE's "# KEY: value" line.
csv_meta() {
	sed -n "s/^# $2: //p" "$1" | head -n 1
}

# csv_has FILE NAME: FILE's header has column NAME.
csv_has() {
	awk -F, -v n="$2" '!/^#/ { for (i = 1; i <= NF; i++) if ($i == n) exit 0; exit 1 }' "$1"
}

# The awk functions of csv_awk's programs: v("name") is the current
# row's column "name" ("" when the CSV has no such column), has("name")
# whether it has it, num(x) whether x is a number, ratio(a, b) a / b or
# "" when either is not a number or b is 0, either(a, b) a unless it is
# "", else b, times(x, k) x * k or "" when x is not a number.  "header" holds the header line, name[1..ncol] the names.
CSV_AWK_LIB='
function v(n) { return (n in col) ? $col[n] : "" }
function either(a, b) { return a != "" ? a : b }
function times(x, k) { return num(x) ? x * k : "" }
function has(n) { return (n in col) }
function num(x) { return x ~ /^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$/ }
function ratio(a, b) { return (num(a) && num(b) && b + 0 != 0) ? a / b : "" }
FNR == 1 { ncol = 0; split("", col) }
/^#/ { if (keep_comments) print; next }
!ncol {
	header = $0
	ncol = NF
	for (i = 1; i <= NF; i++) { col[$i] = i; name[i] = $i }
	next
}
'

# csv_awk FILE PROGRAM [AWK-ARGS...]: run the awk PROGRAM on FILE's rows,
# with the functions above.  -v keep_comments=1 prints the "# " lines.
csv_awk() {
	local file=$1 prog=$2

	shift 2
	awk -F, "$@" "$CSV_AWK_LIB$prog" "$file"
}

# csv_add FILE NAME=EXPR...: FILE with the columns NAME added, each the
# awk expression EXPR of the row (v("name") and the functions above);
# its "# " lines are kept.
csv_add() {
	local file=$1 spec names= exprs=

	shift
	for spec in "$@"; do
		names+=",${spec%%=*}"
		exprs+=' "," ('"${spec#*=}"')'
	done
	awk -F, -v keep_comments=1 '!ncol && !/^#/ { print $0 "'"$names"'" }'"
$CSV_AWK_LIB"'{ print $0'"$exprs"' }' "$file"
}

# csv_where FILE COND: FILE's rows for which the awk expression COND is
# true, under its header and "# " lines.
csv_where() {
	csv_awk "$1" '
	!done { print header; done = 1 }
	'"$2"' { print }
	END { if (!done && ncol) print header }' -v keep_comments=1
}

# csv_pivot FILE KEYS PIVOT [COND [DROP]]: one row per value of the
# comma-separated columns KEYS, with a column P.NAME for each value P of
# column PIVOT and each other column NAME (but the comma-separated DROP):
# "modes side by side".  Rows in the order their keys first appear;
# COND, an awk expression, selects the rows.  The "# " lines are kept.
csv_pivot() {
	csv_awk "$1" '
	!init {
		nk = split(keys, kn, ",")
		for (i = 1; i <= nk; i++) skip[kn[i]] = 1
		skip[pivot] = 1
		nd = split(drop, dn, ",")
		for (i = 1; i <= nd; i++) skip[dn[i]] = 1
		init = 1
	}
	('"${4:-1}"') {
		k = v(kn[1])
		for (i = 2; i <= nk; i++) k = k "," v(kn[i])
		if (!(k in seen)) { seen[k] = 1; rows[++nr] = k }
		p = v(pivot)
		if (!(p in pseen)) { pseen[p] = 1; pv[++np] = p }
		for (i = 1; i <= ncol; i++)
			if (!(name[i] in skip)) val[k, p, name[i]] = $i
	}
	END {
		line = keys
		for (j = 1; j <= np; j++)
			for (i = 1; i <= ncol; i++)
				if (!(name[i] in skip)) line = line "," pv[j] "." name[i]
		print line
		for (r = 1; r <= nr; r++) {
			line = rows[r]
			for (j = 1; j <= np; j++)
				for (i = 1; i <= ncol; i++)
					if (!(name[i] in skip))
						line = line "," val[rows[r], pv[j], name[i]]
			print line
		}
	}' -v keep_comments=1 -v keys="$2" -v pivot="$3" -v drop="${5:-}"
}

# csv_median FILE KEYS VALUES [COND]: per value of the comma-separated
# columns KEYS (in the order they first appear), the number of rows
# ("runs") and the median of each of the comma-separated columns VALUES,
# named as they are (empty when FILE has no such column).  COND, an awk
# expression, selects the rows.
csv_median() {
	csv_awk "$1" '
	function median(k, c, m,    x, i, j, t) {
		for (i = 1; i <= m; i++)
			x[i] = val[k, c, i] + 0
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && x[j - 1] > x[j]; j--) {
				t = x[j]; x[j] = x[j - 1]; x[j - 1] = t
			}
		return m % 2 ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2
	}
	!init { nk = split(keys, kn, ","); nv = split(vals, vn, ","); init = 1 }
	('"${4:-1}"') {
		k = v(kn[1])
		for (i = 2; i <= nk; i++) k = k "," v(kn[i])
		if (!(k in n)) rows[++nr] = k
		m = ++n[k]
		for (i = 1; i <= nv; i++) val[k, vn[i], m] = v(vn[i])
	}
	END {
		print keys ",runs," vals
		for (r = 1; r <= nr; r++) {
			k = rows[r]
			line = k "," n[k]
			for (i = 1; i <= nv; i++)
			line = line "," (has(vn[i]) ? median(k, vn[i], n[k]) : "")
			print line
		}
	}' -v keep_comments=1 -v keys="$2" -v vals="$3"
}

# md_table [-w COND] FILE SPEC...: a Markdown table of FILE's rows (those
# for which the awk expression COND is true), a column per SPEC:
#   NAME[+NAME...][:FORMAT[:TITLE]]
# the columns NAME, by name, printed with the printf FORMAT (default %s)
# under TITLE (default the names; it may hold colons, FORMAT may not).
# A column FILE lacks, or an empty value, is "-"; a value that is not a
# number is printed as it is, whatever the FORMAT's conversion.
md_table() {
	local cond=1

	if [ "$1" = -w ]; then
		cond=$2
		shift 2
	fi
	local file=$1

	shift
	csv_awk "$file" '
	function cell(s,    p, nn, names, fmt, x, i, bad) {
		p = index(s, ":")
		fmt = p ? substr(s, p + 1) : "%s"
		if (p) s = substr(s, 1, p - 1)
		p = index(fmt, ":")
		if (p) fmt = substr(fmt, 1, p - 1)
		if (fmt == "") fmt = "%s"
		nn = split(s, names, "+")
		for (i = 1; i <= nn; i++) {
			x[i] = v(names[i])
			if (x[i] == "") return "-"
			if (!num(x[i])) bad = 1
		}
		if (bad && fmt ~ /%[-+ 0#]*[0-9.]*[diouxXeEfgG]/) {
			s = x[1]
			for (i = 2; i <= nn; i++) s = s " " x[i]
			return s
		}
		if (nn == 1) return sprintf(fmt, x[1])
		if (nn == 2) return sprintf(fmt, x[1], x[2])
		if (nn == 3) return sprintf(fmt, x[1], x[2], x[3])
		return sprintf(fmt, x[1], x[2], x[3], x[4])
	}
	function title(s,    p, t) {
		p = index(s, ":")
		if (!p) return s
		t = substr(s, p + 1)
		p = index(t, ":")
		return p ? substr(t, p + 1) : substr(s, 1, index(s, ":") - 1)
	}
	!init {
		ns = split(specs, spec, "\n")
		line = "|"; rule = "|"
		for (i = 1; i <= ns; i++) {
			line = line " " title(spec[i]) " |"
			rule = rule "---|"
		}
		print line; print rule
		init = 1
	}
	('"$cond"') {
		line = "|"
		for (i = 1; i <= ns; i++) line = line " " cell(spec[i]) " |"
		print line
	}' -v specs="$(printf '%s\n' "$@")"
}

# md_measured CSV: what a report's table was measured on, from CSV's
# "# " lines: the date, the host, the sources and each boot.
md_measured() {
	echo "Measured $(csv_meta "$1" date) on $(csv_meta "$1" host);"
	echo "$(csv_meta "$1" guest); sources: $(csv_meta "$1" sources)."
	echo
	sed -n 's/^# boot \([^:]*\): \(.*\)/- boot `\1`: \2/p' "$1"
}

# have_gnuplot: gnuplot is installed; if not, says that the plots are
# skipped.
have_gnuplot() {
	command -v gnuplot > /dev/null && return 0
	echo "${0##*/}: no gnuplot: plots skipped" >&2
	return 1
}

# plot: gnuplot, the script on stdin; a plot it cannot draw (data it
# finds no point in) is said and skipped, not a failed report.
plot() {
	gnuplot || echo "${0##*/}: gnuplot failed: a plot skipped" >&2
}

# gnuplot_csv: the gnuplot settings to read a results CSV: comma
# separated, "# " lines skipped, columns by their header names
# (using "name").
gnuplot_csv='set datafile separator ","
set datafile commentschars "#"
set datafile columnheaders
set termoption noenhanced'
