#!/bin/sh
# itsmig's two halves as separate processes over TCP (the way two hosts
# run it), on the loopback.
#   ok:      a plain migration: both sides exit 0, the destination's VM
#            delivers every LPI.
#   pages:   the destination drops the connection midway through pre-copy;
#            both sides fail, and the source VM keeps running (it checks
#            its own LPI delivery after the failure).
#   resumed: the destination resumes the VM and drops the connection
#            instead of saying so; the source, which sent the whole state,
#            must not resume the VM too, which would then run twice.
# usage: itsmig-tcp.sh ok|pages|resumed ITSMIG-ARGS...  (for the source)
itsmig=/its/bin/itsmig
port=4471
mode=$1
shift
case $mode in
ok)		drop= ;;
pages)		drop="--drop-after 2" ;;
resumed)	drop="--drop-resumed" ;;
*)		echo "usage: itsmig-tcp.sh ok|pages|resumed ITSMIG-ARGS..."; exit 2 ;;
esac
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up

# The source waits for the destination to listen (itsmig --timeout).
# shellcheck disable=SC2086 # $drop is zero to two words
"$itsmig" dest --listen $port $drop > /tmp/tcp-dest.log 2>&1 &
dest=$!
"$itsmig" source --to 127.0.0.1:$port --precopy -q "$@" \
	> /tmp/tcp-src.log 2>&1
src_rc=$?
wait $dest
dest_rc=$?
cat /tmp/tcp-dest.log /tmp/tcp-src.log

fail=0
check() {
	eval "$1" || { echo "FAIL: $2"; fail=1; }
}
check "! grep -q 'Unexpected\|Assertion' /tmp/tcp-dest.log /tmp/tcp-src.log" \
	"a side crashed"
case $mode in
ok)
	check '[ $src_rc -eq 0 ]' "the source exited $src_rc"
	check '[ $dest_rc -eq 0 ]' "the destination exited $dest_rc"
	check "grep -q 'destination: \([0-9]*\) of \1 mapped LPIs .* 0 errors' /tmp/tcp-dest.log" \
		"the destination's VM did not deliver every LPI"
	;;
pages)
	check '[ $src_rc -ne 0 ]' "the source exited 0"
	check '[ $dest_rc -ne 0 ]' "the destination exited 0"
	check "grep -q 'dropping the connection after' /tmp/tcp-dest.log" \
		"the destination did not drop the connection"
	check "grep -q 'source VM still running' /tmp/tcp-src.log" \
		"the source VM was not checked after the drop"
	;;
resumed)
	check '[ $src_rc -ne 0 ]' "the source exited 0"
	check '[ $dest_rc -ne 0 ]' "the destination exited 0"
	check "grep -q 'the VM runs here; dropping' /tmp/tcp-dest.log" \
		"the destination did not resume the VM and drop the connection"
	check "grep -q 'destination: .* 0 errors' /tmp/tcp-dest.log" \
		"the destination's VM did not deliver its LPIs"
	check "grep -q 'stays paused on the source' /tmp/tcp-src.log" \
		"the source did not say the VM stays paused"
	check "! grep -q 'keeps running on the source' /tmp/tcp-src.log" \
		"the source resumed a VM the destination runs"
	;;
esac
[ $fail -eq 0 ] && echo "itsmig-tcp $mode: as expected"
exit $fail
