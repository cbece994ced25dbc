#!/bin/bash
# The sources of the kernel and of QEMU follow a line ("7.2", "6.12",
# "10.2"), not an upload: resolve the newest upload of a line that Debian's
# archive serves (or check a pinned one), and fetch it.
#
# usage: debsrc.sh CACHE BUILD resolve KIND LINE [PIN]
#        debsrc.sh CACHE BUILD fetch KIND LINE VERSION
#   KIND     linux: the binary package linux-source-LINE (architecture
#            all, a .deb holding /usr/src/linux-source-LINE.tar.xz);
#            qemu: the orig tarball of the source package qemu
#   PIN      an exact upload to use instead of the newest of LINE
#
# resolve prints the version and records "PACKAGE VERSION" in
# BUILD/versions; fetch prints the path of the .deb or tarball, kept in
# CACHE/dl and reused.  Apt runs with a configuration of its own in
# CACHE/apt (its sources list, lists and cache; BUILD/apt and BUILD/dl
# when CACHE cannot be written), so the system's apt state is never
# touched.  Its suites come from the stanzas of the stock debian.sources,
# so no host name is written here.  The lists are updated once per
# top-level make run (ITSP_RUN, set by the Makefile), or on every call
# without it.
set -euo pipefail

cache=$1 build=$2 cmd=$3 kind=$4 line=$5 arg=${6:-}
sources=/etc/apt/sources.list.d/debian.sources
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
suites="sid trixie-backports trixie bookworm-backports"

die() {
	echo "debsrc: $*" >&2
	exit 1
}

if mkdir -p "$cache/apt" "$cache/dl" 2>/dev/null &&
   [ -w "$cache/apt" ] && [ -w "$cache/dl" ]; then
	adir=$cache/apt dl=$cache/dl
else
	adir=$build/apt dl=$build/dl
fi

[ -n "$line" ] || die "no $kind line given: see configs/defconfig"
case $kind in
linux)	pkg=linux-source-$line ;;
qemu)	pkg=qemu ;;
*)	die "unknown kind $kind" ;;
esac

apt_opts=(-q -o "Dir::Etc::SourceList=$adir/sources.list"
	-o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$adir/lists"
	-o "Dir::Cache=$adir/cache"
	-o Dir::State::Status=/dev/null
	-o Acquire::Languages=none
	-o APT::Sandbox::User=root)

# The URIs of the stanza of debian.sources whose Suites name SUITE.
uri_of() {
	awk -v RS= -v s="$1" '$0 ~ "Suites:[^\n]*" s "( |\n|$)"' "$sources" |
		sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' | head -n 1
}

write_sources_list() {
	local main sec s opt="signed-by=$keyring"

	[ -f "$sources" ] || die "$sources not found: cannot derive the archive"
	main=$(uri_of bookworm-updates)
	sec=$(uri_of bookworm-security)
	[ -n "$main" ] && [ -n "$sec" ] ||
		die "no bookworm-updates or bookworm-security stanza in $sources"
	# The amd64 indices list the packages of architecture all too; the
	# binary-all ones of this archive fail with size mismatches.
	{
		for s in $suites; do
			echo "deb [arch=amd64 $opt] $main $s main"
			echo "deb-src [$opt] $main $s main"
		done
		echo "deb [arch=amd64 $opt] $sec bookworm-security main"
		echo "deb-src [$opt] $sec bookworm-security main"
	} > "$adir/sources.list.tmp"
	mv "$adir/sources.list.tmp" "$adir/sources.list"
}

apt_update() {
	local run=${ITSP_RUN:-}

	mkdir -p "$adir/lists/partial" "$adir/cache/archives/partial"
	write_sources_list
	if [ -n "$run" ] && [ -f "$adir/updated" ] &&
	   [ "$(cat "$adir/updated")" = "$run" ]; then
		return
	fi
	if ! apt-get "${apt_opts[@]}" update > "$adir/update.log" 2>&1 ||
	   grep -q '^[EW]:' "$adir/update.log"; then
		sed 's/^/debsrc: /' "$adir/update.log" >&2
		ls "$adir/lists/"*Release >/dev/null 2>&1 ||
			die "apt-get update failed"
		echo "debsrc: using the lists of the last update" >&2
	fi
	echo "$run" > "$adir/updated"
}

# Every upload of PACKAGE the archive serves, one a line.
uploads() {
	if [ "$kind" = linux ]; then
		apt-cache "${apt_opts[@]}" madison "$1" 2>/dev/null |
			awk -F' *[|] *' '$3 ~ /Packages$/ { print $2 }'
	else
		apt-cache "${apt_opts[@]}" showsrc "$1" 2>/dev/null |
			sed -n 's/^Version: //p'
	fi | sort -u
}

# The uploads of the line $line.
line_uploads() {
	local v

	uploads "$pkg" | while read -r v; do
		case ${v#*:} in "$line".*|"$line"[-+~]*) echo "$v" ;; esac
	done
}

newest() {
	local v best=

	while read -r v; do
		if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then
			best=$v
		fi
	done
	echo "$best"
}

# The lines the archive has, each with its newest upload.
list_lines() {
	local p

	if [ "$kind" = linux ]; then
		apt-cache "${apt_opts[@]}" search --names-only \
			'^linux-source-[0-9.]+$' | cut -d' ' -f1 | sort -V |
		while read -r p; do
			echo "    ${p#linux-source-} (newest $(uploads "$p" | newest))"
		done
	else
		uploads qemu | sed 's/^[0-9]*://; s/^\([0-9]*\.[0-9]*\).*/\1/' |
			sort -uV | sed 's/^/    /'
	fi
}

record() {
	local f=$build/versions

	mkdir -p "$build"
	{ [ -f "$f" ] && grep -v "^$pkg " "$f" || true; echo "$pkg $1"; } |
		LC_ALL=C sort > "$f.tmp"
	mv "$f.tmp" "$f"
}

resolve() {
	local pin=$arg ver how all

	apt_update
	all=$(line_uploads)
	if [ -n "$pin" ]; then
		ver=$pin how=pinned
		grep -qxF "$pin" <<< "$all" ||
			echo "debsrc: $pkg $pin (pinned) is no longer in the archive;" \
			     "a cached copy may still serve it" >&2
	else
		[ -n "$all" ] || {
			echo "debsrc: the archive has no upload of $pkg line $line." >&2
			echo "debsrc: the lines it has:" >&2
			list_lines >&2
			die "set the line in configs/defconfig (or build/.config)"
		}
		ver=$(newest <<< "$all") how="newest of $line"
	fi
	printf '  SOURCE  %s %s (%s)\n' "$pkg" "$ver" "$how" >&2
	record "$ver"
	echo "$ver"
}

fetch() {
	local ver=$arg up file tmp

	up=${ver#*:}
	if [ "$kind" = linux ]; then
		file=$dl/${pkg}_${ver//:/%3a}_all.deb
	else
		up=${up%-*}
		file=$dl/qemu_$up.orig.tar.xz
	fi
	if [ -f "$file" ]; then
		echo "$file"
		return
	fi
	apt_update
	tmp=$dl/tmp.$$
	rm -rf "$tmp" && mkdir -p "$tmp"
	echo "  FETCH   $pkg $ver" >&2
	if [ "$kind" = linux ]; then
		(cd "$tmp" && apt-get "${apt_opts[@]}" download "$pkg=$ver" >&2)
	else
		(cd "$tmp" && apt-get "${apt_opts[@]}" source --download-only \
			--tar-only "qemu=$ver" >&2)
	fi || {
		rm -rf "$tmp"
		echo "debsrc: cannot fetch $pkg $ver; the uploads of $line:" >&2
		line_uploads | sed 's/^/    /' >&2
		exit 1
	}
	mv "$tmp/$(basename "$file")" "$file"
	rm -rf "$tmp"
	echo "$file"
}

case $cmd in
resolve)	resolve ;;
fetch)		fetch ;;
*)		die "unknown command $cmd" ;;
esac
