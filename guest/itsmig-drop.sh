#!/bin/sh
# A migration whose destination drops the TCP connection midway must fail
# on both sides (non-zero exit), and the source VM must keep running: it
# checks its own LPI delivery after the failure.  Arguments go to both.
itsmig=/its/bin/itsmig
port=4471
ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up

"$itsmig" dest --listen $port --drop-after 2 -q > /tmp/drop-dest.log 2>&1 &
dest=$!
sleep 1
"$itsmig" source --to 127.0.0.1:$port --precopy -q "$@" \
	> /tmp/drop-src.log 2>&1
src_rc=$?
wait $dest
dest_rc=$?
cat /tmp/drop-dest.log /tmp/drop-src.log

fail=0
[ $src_rc -ne 0 ] || { echo "FAIL: the source exited 0"; fail=1; }
[ $dest_rc -ne 0 ] || { echo "FAIL: the destination exited 0"; fail=1; }
grep -q 'source VM still running' /tmp/drop-src.log ||
	{ echo "FAIL: the source VM was not checked after the drop"; fail=1; }
grep -q 'dropping the connection' /tmp/drop-dest.log ||
	{ echo "FAIL: the destination did not drop the connection"; fail=1; }
[ $fail -eq 0 ] && echo "itsmig-drop: both sides failed cleanly, the source VM still runs"
exit $fail
