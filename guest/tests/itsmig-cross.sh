#!/bin/sh
# Migration between two kernels, through a disk that outlives the boot
# (make test's cross-kernel boots, guest/tests/cross.list): itsmig saves a VM
# into a block device on one kernel, and a later boot, of the other
# kernel, loads it and checks every LPI.  The ITS tables' format in guest
# memory is ABI: what the series' pre-copy wrote must restore on a kernel
# without it, and the other way round.
#
# usage: itsmig-cross.sh save DEVICE series|plain ITSMIG-ARGS...
#        itsmig-cross.sh load DEVICE
# "save" also checks that this boot's kernel is the one named: with
# --precopy, the series' kernel pre-copies the tables and the plain one
# saves them at stop.
itsmig=/its/bin/itsmig
op=$1
dev=$2
[ -b "$dev" ] || { echo "SKIP: no $dev: not a cross-kernel boot"; exit 4; }

case $op in
save)
	kernel=$3
	shift 3
	"$itsmig" source --file "$dev" --precopy -q "$@" > /tmp/cross.log 2>&1
	rc=$?
	cat /tmp/cross.log
	[ $rc = 0 ] || { echo "FAIL: itsmig source exited $rc"; exit 1; }
	case $kernel in
	series)	want="ITS tables pre-copied" ;;
	plain)	want="ITS tables saved at stop" ;;
	*)	echo "usage: itsmig-cross.sh save DEVICE series|plain ..."
		exit 2 ;;
	esac
	grep -q "the state is saved ($want)" /tmp/cross.log ||
		{ echo "FAIL: not the $kernel kernel's save"; exit 1; }
	;;
load)
	"$itsmig" dest --file "$dev" > /tmp/cross.log 2>&1
	rc=$?
	cat /tmp/cross.log
	[ $rc = 0 ] || { echo "FAIL: itsmig dest exited $rc"; exit 1; }
	line=$(grep "^itsmig: loaded: " /tmp/cross.log)
	n=$(echo "$line" | sed -n 's/.*loaded: \([0-9]*\) of \([0-9]*\) mapped.*/\1 \2/p')
	set -- $n
	[ $# = 2 ] && [ "$1" = "$2" ] && [ "$1" -gt 0 ] ||
		{ echo "FAIL: $line"; exit 1; }
	;;
*)
	echo "usage: itsmig-cross.sh save|load DEVICE ..."
	exit 2 ;;
esac
exit 0
