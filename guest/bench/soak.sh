#!/bin/sh
# The soak's fuzzer (guest/bench/soak.list), its output streamed to the console
# as it runs, each line prefixed "# " as the runner prefixes a test's
# output: a soak lasts hours, and the runner prints what a test wrote
# only when it ends, which a guest killed at its time limit never does.
# usage: soak.sh VGIC_ITS_FUZZ_ARGS...
rc=/tmp/soak.rc
# kvm selftests load their own ELF through argv[0]: a full path.
fuzz=$(command -v vgic_its_fuzz) || { echo "no vgic_its_fuzz"; exit 1; }
echo 1 > $rc
{
	"$fuzz" "$@"
	echo $? > $rc
} 2>&1 | sed 's/^/# /' > /dev/console
exit "$(cat $rc)"
