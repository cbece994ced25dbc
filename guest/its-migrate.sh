#!/bin/sh
# End-to-end test of ITS table pre-copy in QEMU (qemu-patches/), run in the
# test guest: boot an inner guest with QEMU and KVM, many virtio-blk-pci
# disks whose MSIs go through the in-kernel ITS, migrate it to a second
# QEMU over a unix socket, and check on the destination's console that the
# interrupts of every disk still arrive (guest/inner/init).
#
# usage: its-migrate.sh [-s SRC] [-d DST] [-n DISKS] [-q QUEUES] [-c CPUS]
#                       [-m MIB] [-R RING] [-i] [-b] [-H] [-t SECONDS]
#   -s, -d  precopy-tables of the source and of the destination QEMU
#           (on, off or auto; default auto)
#   -n      virtio-blk-pci disks (default 8), -q queues per disk (2)
#   -c, -m  vCPUs and memory of the inner guest (2, 128)
#   -R      use the KVM dirty ring with RING entries per vCPU
#   -i      a quiet guest: no rebinding (the ITS tables do not change
#           during the migration), a round of reads every 2 s
#   -b      benchmark: print one CSV line on stdout, the log on stderr
#   -H      print the header of the CSV lines and exit
#   -t      limit of each step: boot, migration, interrupts (default 120)
#
# Exit status: 0 when the migrated guest works; 4 (skip) when this cannot
# run here, or when -s on meets a kernel without ITS pre-copy and the
# migration fails cleanly as it must; 1 otherwise.  The QEMU logs, traces
# and consoles are printed on failure.
set -u

csv_header=disks,queues,vcpus,mem_mib,dirty_ring,guest,precopy_tables
csv_header=$csv_header,precopy_active,downtime_ms,downtime_bytes,total_ms
csv_header=$csv_header,setup_ms,save_tables_us,pending_bytes
csv_header=$csv_header,transferred_bytes

src_pc=auto
dst_pc=auto
ndisks=8
queues=2
cpus=2
mem=128
ring=
guest_args="itsm.rebind=1 itsm.pause=0.5"
guest_mode=busy
bench=0
tmo=120
while getopts s:d:n:q:c:m:R:ibHt: opt; do
	case $opt in
	s)	src_pc=$OPTARG ;;
	d)	dst_pc=$OPTARG ;;
	n)	ndisks=$OPTARG ;;
	q)	queues=$OPTARG ;;
	c)	cpus=$OPTARG ;;
	m)	mem=$OPTARG ;;
	R)	ring=$OPTARG ;;
	i)	guest_args="itsm.rebind=0 itsm.pause=2"
		guest_mode=quiet ;;
	b)	bench=1 ;;
	H)	echo "$csv_header"
		exit 0 ;;
	t)	tmo=$OPTARG ;;
	*)	echo "usage: its-migrate.sh [-s SRC] [-d DST] [-n DISKS]" \
			"[-q QUEUES] [-c CPUS] [-m MIB] [-R RING] [-i] [-b]" \
			"[-H]" \
			"[-t SECONDS]" >&2
		exit 2 ;;
	esac
done

inner=${ITSM_INNER:-/its/inner}

log() {
	if [ $bench = 1 ]; then
		echo "$*" >&2
	else
		echo "$*"
	fi
}

skip() {
	log "SKIP: $*"
	exit 4
}

command -v qemu-system-aarch64 > /dev/null ||
	skip "no qemu-system-aarch64 in the guest (Kconfig BUILD_QEMU=n)"
command -v qmp > /dev/null || skip "no qmp client in the guest"
if ! [ -f "$inner/Image" ] || ! [ -f "$inner/initramfs.cpio.gz" ]; then
	skip "no inner guest kernel and initramfs in $inner"
fi
[ -c /dev/kvm ] || skip "no /dev/kvm: the test guest has no KVM"

dir=$(mktemp -d /tmp/itsm.XXXXXX)
src=$dir/src.qmp
dst=$dir/dst.qmp

cleanup() {
	for p in "$dir"/*.pid; do
		[ -f "$p" ] && kill -9 "$(cat "$p")" 2> /dev/null
	done
	wait 2> /dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

dump() {
	for f in "$dir"/*.log "$dir"/*.console; do
		[ -f "$f" ] || continue
		log "---- $(basename "$f")"
		tail -n 40 "$f" | while IFS= read -r l; do log "$l"; done
	done
}

fail() {
	log "FAIL: $*"
	dump
	exit 1
}

# start NAME PRECOPY [ARGS...]: a QEMU running the inner guest, its QMP
# monitor at $dir/NAME.qmp, its console in $dir/NAME.console and its
# stderr, with the ITS trace points, in $dir/NAME.log.
start() {
	name=$1
	pc=$2
	shift 2
	accel=kvm
	[ -n "$ring" ] && accel=kvm,dirty-ring-size=$ring
	set -- "$@" -nodefaults -no-user-config -display none \
		-M virt,gic-version=3 -accel "$accel" -cpu host \
		-smp "$cpus" -m "$mem" \
		-kernel "$inner/Image" -initrd "$inner/initramfs.cpio.gz" \
		-append "console=ttyAMA0 quiet panic=-1 itsm.devs=$ndisks $guest_args" \
		-global arm-its-kvm.precopy-tables="$pc" \
		-trace 'kvm_arm_its_*' \
		-serial "file:$dir/$name.console" \
		-qmp "unix:$dir/$name.qmp,server=on,wait=off"
	# The first 24 disks on the root bus, the others behind PCIe-to-PCI
	# bridges, 31 each: their MSIs share the bridge's DeviceID.
	i=0
	while [ $i -lt "$ndisks" ]; do
		bus=
		if [ $i -ge 24 ]; then
			b=$(((i - 24) / 31))
			slot=$(((i - 24) % 31 + 1))
			[ $slot = 1 ] && set -- "$@" -device pcie-pci-bridge,id=br$b
			bus=",bus=br$b,addr=$(printf %x $slot)"
		fi
		set -- "$@" \
			-blockdev "driver=null-co,node-name=disk$i,size=16777216,read-zeroes=on" \
			-device "virtio-blk-pci,drive=disk$i,num-queues=$queues$bus"
		i=$((i + 1))
	done
	: > "$dir/$name.console"
	qemu-system-aarch64 "$@" > "$dir/$name.log" 2>&1 &
	echo $! > "$dir/$name.pid"
}

alive() {
	kill -0 "$(cat "$dir/$1.pid")" 2> /dev/null
}

# wait_round NAME AFTER: set $r to the number of the first round after
# round AFTER with every disk read, on the console of NAME.  Fails after
# $tmo seconds.
wait_round() {
	end=$(($(date +%s) + tmo))
	while [ "$(date +%s)" -lt "$end" ]; do
		r=$(sed -n "s/^ITSM-ROUND \([0-9]*\) devs=$ndisks .*/\1/p" \
			"$dir/$1.console" | tr -d '\r' |
			awk -v a="$2" '$1 > a { print; exit }')
		[ -n "$r" ] && return 0
		grep -q ITSM-ERROR "$dir/$1.console" &&
			fail "$1: $(grep ITSM-ERROR "$dir/$1.console")"
		alive "$1" || fail "$1: QEMU exited"
		sleep 0.2
	done
	fail "$1: no round with all $ndisks disks within ${tmo}s"
}

msis_of() {
	sed -n "s/^ITSM-ROUND $2 devs=[0-9]* msis=\([0-9]*\).*/\1/p" \
		"$dir/$1.console" | tr -d '\r'
}

# field KEY: the first number or word keyed KEY in the reply in $dir/out.
field() {
	grep -o "\"$1\": [^,}]*" "$dir/out" | head -n 1 | sed 's/.*: //; s/"//g'
}

mig_status() {
	qmp -r "$src" query-migrate > "$dir/out" || return 1
	field status
}

qom_get() {
	qmp -r "$1" "{\"execute\": \"qom-get\", \"arguments\":
		{\"path\": \"$its\", \"property\": \"$2\"}}"
}

# 1. The source, and the guest's first round of I/O.
t0=$(date +%s)
start src "$src_pc"
wait_round src 0
boot=$(($(date +%s) - t0))
log "source: guest up after ${boot}s, round $r read $ndisks disks" \
	"with $(msis_of src "$r") MSIs"

its=$(qmp -r "$src" '{"execute": "qom-list", "arguments":
		{"path": "/machine/unattached"}}' |
	grep -o '"name": "device\[[0-9]*\]", "type": "child<arm-its-kvm>"' |
	sed 's/"name": "\([^"]*\)".*/\/machine\/unattached\/\1/')
[ -n "$its" ] || fail "no arm-its-kvm device in the source"

# 2. The destination, and a migration that starts slowly, so that the
# state of pre-copy can be read while it is under way.
start dst "$dst_pc" -incoming "unix:$dir/mig.sock"
qmp "$src" '{"execute": "migrate-set-parameters", "arguments":
		{"max-bandwidth": 1048576, "downtime-limit": 300}}' \
		> /dev/null || fail "migrate-set-parameters"
# The destination creates the migration socket once it is up.
end=$(($(date +%s) + tmo))
while ! [ -S "$dir/mig.sock" ]; do
	alive dst || fail "dst: QEMU exited"
	[ "$(date +%s)" -lt "$end" ] || fail "dst: no migration socket"
	sleep 0.1
done
qmp "$src" "{\"execute\": \"migrate\", \"arguments\":
		{\"uri\": \"unix:$dir/mig.sock\"}}" > /dev/null ||
	fail "migrate"

end=$(($(date +%s) + tmo))
while st=$(mig_status) && { [ "$st" = setup ] || [ "$st" = none ]; }; do
	[ "$(date +%s)" -lt "$end" ] || fail "migration still in setup"
	sleep 0.1
done

if [ "$st" = failed ]; then
	desc=$(field error-desc)
	log "migration failed at setup: $desc"
	if [ "$src_pc" = on ] &&
	   echo "$desc" | grep -q "not supported by the host kernel"; then
		# As it must: the source goes on, and so do its interrupts.
		last=$(sed -n 's/^ITSM-ROUND \([0-9]*\) .*/\1/p' \
			"$dir/src.console" | tail -n 1)
		wait_round src "$last"
		log "source: still running, round $r after the failed migration"
		skip "the host kernel has no KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY" \
			"(precopy-tables=on failed the migration cleanly)"
	fi
	fail "migration failed: $desc"
fi
[ "$st" = active ] || fail "migration status $st"

active=$(qom_get "$src" precopy-tables-active) ||
	fail "qom-get precopy-tables-active"
pending=$(qom_get "$src" precopy-pending-bytes) ||
	fail "qom-get precopy-pending-bytes"
log "source: migrating, precopy-tables=$src_pc:" \
	"precopy-tables-active=$active, precopy-pending-bytes=$pending"
case "$src_pc:$active" in
on:true|off:false|auto:*)	;;
*)	fail "precopy-tables=$src_pc but precopy-tables-active=$active" ;;
esac

# 3. Full speed: let it converge and switch over.
qmp "$src" '{"execute": "migrate-set-parameters", "arguments":
		{"max-bandwidth": 107374182400}}' > /dev/null ||
	fail "migrate-set-parameters"
qmp -w -r -t "$tmo" "$src" > "$dir/out" || {
	log "$(cat "$dir/out")"
	fail "migration did not complete"
}
downtime=$(field downtime)
total=$(field total-time)
setup=$(field setup-time)
transferred=$(field transferred)
dt_bytes=$(field downtime-bytes)
log "migration: completed in ${total} ms, downtime ${downtime} ms" \
	"(${dt_bytes} bytes of RAM sent in it), setup ${setup} ms," \
	"${transferred} bytes"

# What the ITS had to write at switch-over (trace points, QOM).
sw=$(grep kvm_arm_its_precopy_switchover "$dir/src.log" | tail -n 1)
sv=$(grep kvm_arm_its_save_tables "$dir/src.log" | tail -n 1)
save_us=$(echo "$sv" | sed -n 's/.* in \([0-9]*\) us.*/\1/p')
pend_bytes=$(echo "$sw" | sed -n 's/.*pending \([0-9]*\) bytes.*/\1/p')
log "source: ${sv#*:}"
[ -n "$sw" ] && log "source: ${sw#*:}"
active_after=$(qom_get "$src" precopy-tables-active)
log "source: after the migration, precopy-tables-active=$active_after," \
	"precopy-pending-bytes=$(qom_get "$src" precopy-pending-bytes)"
[ "$active_after" = false ] || fail "pre-copy still active on the source"
if [ "$active" = true ]; then
	[ -n "$sw" ] || fail "no kvm_arm_its_precopy_switchover trace"
	grep -q 'kvm_arm_its_precopy_set.*enable 0: 0' "$dir/src.log" ||
		fail "pre-copy was not disabled after the migration"
else
	[ -z "$sw" ] || fail "switch-over with pre-copy, which was off"
fi

# 4. The destination runs the guest, and every disk's interrupts arrive.
qmp -r "$dst" query-status > "$dir/out" || fail "query-status on dst"
[ "$(field status)" = running ] || fail "dst: status $(field status)"
# Each read completes on an MSI; count them too, in two rounds.
wait_round dst 0
r1=$r
wait_round dst "$r1"
r2=$r
m1=$(msis_of dst "$r1")
m2=$(msis_of dst "$r2")
[ "$m1" -ge "$ndisks" ] && [ "$m2" -ge "$ndisks" ] ||
	fail "dst: $m1 and $m2 MSIs for reads from $ndisks disks"
log "destination: rounds $r1 and $r2 read all $ndisks disks," \
	"with $m1 and $m2 MSIs"

log "RESULT precopy=$active src=$src_pc dst=$dst_pc disks=$ndisks" \
	"queues=$queues downtime_ms=$downtime downtime_bytes=$dt_bytes" \
	"total_ms=$total" \
	"save_us=${save_us:-?} pending_bytes=${pend_bytes:-0}" \
	"transferred=$transferred"
if [ $bench = 1 ]; then
	echo "$ndisks,$queues,$cpus,$mem,${ring:-0},$guest_mode,$src_pc,$active,$downtime,$dt_bytes,$total,$setup,${save_us:-},${pend_bytes:-0},$transferred"
fi
qmp "$src" quit > /dev/null 2>&1
qmp "$dst" quit > /dev/null 2>&1
exit 0
