#!/bin/bash
# Boot the test guest under QEMU TCG and report what it ran.
#
# usage: guest.sh MODE LOG [KEY=VALUE ...]
#   MODE      test, bench, run or shell (the guest's itsp.mode)
#   LOG       console log file; for test and bench the TAP goes to LOG.tap
# KEY=VALUE: KERNEL, INITRD, SMP, MEM, TIMEOUT (s), APPEND (extra cmdline),
#   DISKS (image files, comma-separated: raw virtio-blk disks, /dev/vda
#   first, which outlive the boot)
#
# The boot is limited to TIMEOUT seconds of wall time: QEMU is killed when
# it runs longer, and that fails the run.  In test and bench modes it fails
# when the kernel logs a warning, when the guest's TAP is incomplete, or
# when a test fails; the console log is printed then.
set -uo pipefail

mode=$1 log=$2
shift 2
KERNEL= INITRD= SMP=2 MEM=2048 TIMEOUT=1800 APPEND= DISKS=
for kv in "$@"; do
	declare "$kv"
done

qemu=(qemu-system-aarch64
	-M virt,virtualization=on,gic-version=3
	-cpu max,pauth-impdef=on -smp "$SMP" -m "$MEM"
	-nographic -no-reboot -nic none
	-kernel "$KERNEL" -initrd "$INITRD")
i=0
for d in ${DISKS//,/ }; do
	qemu+=(-drive "file=$d,format=raw,if=none,id=disk$i,cache=unsafe"
	       -device "virtio-blk-pci,drive=disk$i")
	i=$((i + 1))
done
cmdline="console=ttyAMA0 panic=-1 itsp.mode=$mode $APPEND"

mkdir -p "$(dirname "$log")"
if [ "$mode" = shell ]; then
	exec "${qemu[@]}" -append "$cmdline"
fi

# Only errors reach the console while tests run, so kernel messages do not
# break up TAP lines; the runner checks the whole kernel log at the end.
cmdline="$cmdline loglevel=4"
start=$(date +%s)
# sed -u: a long run shows its progress line by line.
timeout -k 10 "$TIMEOUT" "${qemu[@]}" -append "$cmdline" < /dev/null 2>&1 |
	sed -u 's/\r$//' | tee "$log"
rc=${PIPESTATUS[0]}
secs=$(($(date +%s) - start))

fail() {
	echo "guest: $*" >&2
	echo "guest: ---- console log ($log) ----" >&2
	cat "$log" >&2
	echo "guest: ---- end of console log ----" >&2
	exit 1
}

[ "$rc" = 124 ] || [ "$rc" = 137 ] &&
	fail "QEMU killed after ${TIMEOUT}s: the guest hung"
[ "$rc" = 0 ] || fail "QEMU exited with status $rc"
grep -Eq '^\[ *[0-9.]+\] .*(Kernel panic|WARNING:|BUG:|Oops|Unable to handle)' "$log" &&
	fail "the kernel reported a problem on the console"
echo "guest: $mode finished in ${secs}s"
if [ "$mode" = run ]; then
	grep -q '^itsp: run exit status 0$' "$log" ||
		fail "the main job failed in the guest"
	exit 0
fi
[ "$mode" = test ] || [ "$mode" = bench ] || exit 0

# Keep the TAP lines of the guest, without the kernel's.
grep -E '^(TAP version|[0-9]+\.\.[0-9]+|(not )?ok [0-9]+|#)' "$log" > "$log.tap"
plan=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$log.tap" | head -n 1)
ran=$(grep -Ec '^(not )?ok [0-9]+' "$log.tap")
[ -n "$plan" ] || fail "the guest printed no TAP plan (did it boot?)"
[ "$plan" = "$ran" ] || fail "the guest planned $plan tests but reported $ran"
grep -q '^not ok' "$log.tap" && fail "tests failed in the guest"
exit 0
