#!/bin/sh
# A migration whose destination drops the TCP connection must fail on both
# sides (non-zero exit).
#   pages:   the destination drops it midway through pre-copy; the source
#            VM must keep running (it checks its own LPI delivery after the
#            failure).
#   resumed: the destination resumes the VM and drops the connection
#            instead of saying so; the source, which sent the whole state,
#            must not resume the VM too, which would then run twice.
# usage: itsmig-drop.sh pages|resumed ITSMIG-ARGS...  (for the source)
itsmig=/its/bin/itsmig
port=4471
mode=$1
shift
case $mode in
pages)		drop="--drop-after 2" ;;
resumed)	drop="--drop-resumed" ;;
*)		echo "usage: itsmig-drop.sh pages|resumed ITSMIG-ARGS..."; exit 2 ;;
esac
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up

# shellcheck disable=SC2086 # $drop is one or two words
"$itsmig" dest --listen $port $drop -q > /tmp/drop-dest.log 2>&1 &
dest=$!
sleep 1
"$itsmig" source --to 127.0.0.1:$port --precopy -q "$@" \
	> /tmp/drop-src.log 2>&1
src_rc=$?
wait $dest
dest_rc=$?
cat /tmp/drop-dest.log /tmp/drop-src.log

fail=0
check() {
	eval "$1" || { echo "FAIL: $2"; fail=1; }
}
check '[ $src_rc -ne 0 ]' "the source exited 0"
check '[ $dest_rc -ne 0 ]' "the destination exited 0"
if [ "$mode" = pages ]; then
	check "grep -q 'dropping the connection after' /tmp/drop-dest.log" \
		"the destination did not drop the connection"
	check "grep -q 'source VM still running' /tmp/drop-src.log" \
		"the source VM was not checked after the drop"
else
	check "grep -q 'the VM runs here; dropping' /tmp/drop-dest.log" \
		"the destination did not resume the VM and drop the connection"
	check "grep -q 'destination: .* 0 errors' /tmp/drop-dest.log" \
		"the destination's VM did not deliver its LPIs"
	check "grep -q 'stays paused on the source' /tmp/drop-src.log" \
		"the source did not say the VM stays paused"
	check "! grep -q 'keeps running on the source' /tmp/drop-src.log" \
		"the source resumed a VM the destination runs"
fi
[ $fail -eq 0 ] && echo "itsmig-drop $mode: both sides failed cleanly, the VM runs on one side"
exit $fail
