#!/bin/sh
# End-to-end test of ITS table pre-copy in QEMU (qemu-patches/), run in the
# test guest: boot an inner guest with QEMU and KVM, many virtio-blk-pci
# disks whose MSIs go through the in-kernel ITS, migrate it to a second
# QEMU over a unix socket, and check on the destination's console that the
# interrupts of every disk still arrive (guest/inner/init).
#
# usage: its-migrate.sh [-s SRC] [-d DST] [-e SRC:DST] [-n DISKS]
#                       [-q QUEUES] [-c CPUS] [-m MIB] [-R RING] [-x CASE]
#                       [-i] [-b] [-H] [-t SECONDS]
#   -s, -d  precopy-tables of the source and of the destination QEMU
#           (on, off or auto; default auto)
#   -e      x-precopy-restore (destination pre-copy) of the source and of
#           the destination (on or off; default off:off).  on:on: the
#           destination must restore its ITS early and refresh it; on:off:
#           the migration must fail on the unknown section, the source
#           run on; off:on: no early restore
#   -n      virtio-blk-pci disks (default 8), -q queues per disk (2)
#   -c, -m  vCPUs and memory of the inner guest (2, 128)
#   -R      use the KVM dirty ring with RING entries per vCPU
#   -x      a case beside the plain migration:
#           cancel    cancel a first migration while pre-copy is on (it
#                     must be off again, the source fine), then migrate
#           twice     then migrate the destination to a third QEMU
#           fail      the guest maps an event whose ITT lies in read-only
#                     memory (guest/inner/its-inject.c) while pre-copy is
#                     on: the migration must fail with a clear error and
#                     the source keep running
#           snapshot  a background snapshot (pre-copy must stay off) to a
#                     file, which a second QEMU loads
#   -i      a quiet guest: no rebinding (the ITS tables do not change
#           during the migration), a round of reads every 2 s
#   -b      benchmark: print one CSV line on stdout, the log on stderr
#   -H      print the header of the CSV lines and exit
#   -t      limit of each step: boot, migration, interrupts (default 120)
#
# Exit status: 0 when the migrated guest works; 4 (skip) when this cannot
# run here, or when -s on meets a kernel without ITS pre-copy and QEMU
# refuses to start, as it must; 1 otherwise.  The QEMU logs, traces
# and consoles are printed on failure.
set -u

csv_header=disks,queues,vcpus,mem_mib,dirty_ring,guest,precopy_tables
csv_header=$csv_header,precopy_active,downtime_ms,downtime_bytes,total_ms
csv_header=$csv_header,setup_ms,save_tables_us,pending_bytes
csv_header=$csv_header,transferred_bytes

src_pc=auto
dst_pc=auto
src_early=off
dst_early=off
ndisks=8
queues=2
cpus=2
mem=128
ring=
case_=
guest_args="itsm.rebind=1 itsm.pause=0.5"
guest_mode=busy
bench=0
tmo=120
while getopts s:d:e:n:q:c:m:R:x:ibHt: opt; do
	case $opt in
	s)	src_pc=$OPTARG ;;
	d)	dst_pc=$OPTARG ;;
	e)	src_early=${OPTARG%:*} dst_early=${OPTARG#*:} ;;
	n)	ndisks=$OPTARG ;;
	q)	queues=$OPTARG ;;
	c)	cpus=$OPTARG ;;
	m)	mem=$OPTARG ;;
	R)	ring=$OPTARG ;;
	x)	case_=$OPTARG ;;
	i)	guest_args="itsm.rebind=0 itsm.pause=2"
		guest_mode=quiet ;;
	b)	bench=1 ;;
	H)	echo "$csv_header"
		exit 0 ;;
	t)	tmo=$OPTARG ;;
	*)	echo "usage: its-migrate.sh [-s SRC] [-d DST] [-e SRC:DST]" \
			"[-n DISKS] [-q QUEUES] [-c CPUS] [-m MIB] [-R RING]" \
			"[-x CASE]" \
			"[-i] [-b] [-H] [-t SECONDS]" >&2
		exit 2 ;;
	esac
done
case $case_ in
''|cancel|twice|snapshot)	;;
fail)	# Linux must not queue ITS commands while its-inject does.
	guest_args="itsm.rebind=0 itsm.pause=0.5" ;;
*)	echo "its-migrate.sh: unknown case $case_" >&2
	exit 2 ;;
esac

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
# stderr, with the ITS trace points, in $dir/NAME.log.  The source has
# x-precopy-restore=$src_early, the others $dst_early.
start() {
	name=$1
	pc=$2
	shift 2
	early=$dst_early
	[ "$name" = src ] && early=$src_early
	accel=kvm
	[ -n "$ring" ] && accel=kvm,dirty-ring-size=$ring
	set -- "$@" -nodefaults -no-user-config -display none \
		-M virt,gic-version=3 -accel "$accel" -cpu host \
		-smp "$cpus" -m "$mem" \
		-kernel "$inner/Image" -initrd "$inner/initramfs.cpio.gz" \
		-append "console=ttyAMA0 quiet panic=-1 itsm.devs=$ndisks $guest_args" \
		-global arm-its-kvm.precopy-tables="$pc" \
		-global arm-its-kvm.x-precopy-restore="$early" \
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
	if [ "$case_" = fail ]; then
		[ -f "$dir/ctl.img" ] || dd if=/dev/zero of="$dir/ctl.img" \
			bs=4096 count=1 2> /dev/null
		set -- "$@" \
			-blockdev "driver=file,filename=$dir/ctl.img,node-name=ctl" \
			-device "virtio-blk-pci,drive=ctl,serial=itsm-ctl"
	fi
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

# mig_status NAME: the status of NAME's outgoing migration.
mig_status() {
	qmp -r "$dir/$1.qmp" query-migrate > "$dir/out" || return 1
	field status
}

# qom_get NAME PROPERTY: a property of NAME's ITS.
qom_get() {
	qmp -r "$dir/$1.qmp" "{\"execute\": \"qom-get\", \"arguments\":
		{\"path\": \"$its\", \"property\": \"$2\"}}"
}

# last_round NAME: the number of the last round on NAME's console.
last_round() {
	sed -n 's/^ITSM-ROUND \([0-9]*\) .*/\1/p' "$dir/$1.console" |
		tail -n 1
}

# still_running NAME: NAME's guest goes on reading its disks.
still_running() {
	qmp -r "$dir/$1.qmp" query-status > "$dir/out" ||
		fail "$1: query-status"
	[ "$(field status)" = running ] || fail "$1: status $(field status)"
	wait_round "$1" "$(last_round "$1")"
	log "$1: still running, round $r"
}

# wait_socket NAME: wait for NAME's incoming migration socket.
wait_socket() {
	end=$(($(date +%s) + tmo))
	while ! [ -S "$dir/$1.sock" ]; do
		alive "$1" || fail "$1: QEMU exited"
		[ "$(date +%s)" -lt "$end" ] || fail "$1: no migration socket"
		sleep 0.1
	done
}

# slow_start FROM TO: start a migration from FROM to TO, slowly enough
# for the state of pre-copy to be read while it is under way; wait until
# it is out of setup and set $st to its status.
slow_start() {
	qmp "$dir/$1.qmp" '{"execute": "migrate-set-parameters", "arguments":
			{"max-bandwidth": 1048576, "downtime-limit": 300}}' \
			> /dev/null || fail "migrate-set-parameters"
	wait_socket "$2"
	qmp "$dir/$1.qmp" "{\"execute\": \"migrate\", \"arguments\":
			{\"uri\": \"unix:$dir/$2.sock\"}}" > /dev/null ||
		fail "migrate"
	end=$(($(date +%s) + tmo))
	while st=$(mig_status "$1") &&
	      { [ "$st" = setup ] || [ "$st" = none ]; }; do
		[ "$(date +%s)" -lt "$end" ] || fail "migration still in setup"
		sleep 0.1
	done
}

# check_active NAME PRECOPY: read pre-copy's state on NAME, whose
# precopy-tables is PRECOPY, into $active and $pending.
check_active() {
	active=$(qom_get "$1" x-precopy-tables-active) ||
		fail "qom-get x-precopy-tables-active"
	pending=$(qom_get "$1" x-precopy-pending-bytes) ||
		fail "qom-get x-precopy-pending-bytes"
	log "$1: migrating, precopy-tables=$2:" \
		"x-precopy-tables-active=$active," \
		"x-precopy-pending-bytes=$pending"
	case "$2:$active" in
	on:true|off:false|auto:*)	;;
	*)	fail "precopy-tables=$2 but x-precopy-tables-active=$active" ;;
	esac
}

# fast FROM: let FROM's migration converge and switch over.
fast() {
	qmp "$dir/$1.qmp" '{"execute": "migrate-set-parameters", "arguments":
			{"max-bandwidth": 107374182400}}' > /dev/null ||
		fail "migrate-set-parameters"
}

# migrate FROM TO PRECOPY: migrate FROM to a new QEMU TO, whose
# precopy-tables is PRECOPY, and check that TO's guest gets the
# interrupts of every disk.  FROM's precopy-tables is $from_pc.
migrate() {
	from=$1
	to=$2
	start "$to" "$3" -incoming "unix:$dir/$to.sock"
	[ "$src_early:$dst_early" = on:on ] && early_caps "$from" "$to"
	slow_start "$from" "$to"
	# The refused section may arrive before setup ends: a failure then
	# is the expected one too.
	[ "$src_early:$dst_early" = on:off ] && early_refused "$from" "$to"
	if [ "$st" = failed ]; then
		desc=$(field error-desc)
		log "migration failed at setup: $desc"
		fail "migration failed: $desc"
	fi
	[ "$st" = active ] || fail "migration status $st"
	check_active "$from" "$from_pc"

	[ "$case_" = fail ] && fail_write "$from"

	# Full speed: let it converge and switch over.
	fast "$from"
	qmp -w -r -t "$tmo" "$dir/$from.qmp" > "$dir/out" || {
		log "$(cat "$dir/out")"
		fail "migration did not complete"
	}
	downtime=$(field downtime)
	total=$(field total-time)
	setup=$(field setup-time)
	transferred=$(field transferred)
	dt_bytes=$(field downtime-bytes)
	log "migration $from -> $to: completed in ${total} ms," \
		"downtime ${downtime} ms (${dt_bytes} bytes of RAM sent in it)," \
		"setup ${setup} ms, ${transferred} bytes"

	# What the ITS had to write at switch-over (trace points, QOM).
	sw=$(grep kvm_arm_its_precopy_switchover "$dir/$from.log" | tail -n 1)
	sv=$(grep kvm_arm_its_save_tables "$dir/$from.log" | tail -n 1)
	save_us=$(echo "$sv" | sed -n 's/.* in \([0-9]*\) us.*/\1/p')
	pend_bytes=$(echo "$sw" | sed -n 's/.*pending \([0-9]*\) bytes.*/\1/p')
	log "$from: ${sv#*:}"
	[ -n "$sw" ] && log "$from: ${sw#*:}"
	active_after=$(qom_get "$from" x-precopy-tables-active)
	log "$from: after the migration, x-precopy-tables-active=$active_after"
	[ "$active_after" = false ] || fail "pre-copy still active on $from"
	if [ "$active" = true ]; then
		[ -n "$sw" ] || fail "no kvm_arm_its_precopy_switchover trace"
		grep -q 'kvm_arm_its_precopy_set.*enable 0: 0' \
			"$dir/$from.log" ||
			fail "pre-copy was not disabled after the migration"
	else
		[ -z "$sw" ] || fail "switch-over with pre-copy, which was off"
	fi

	check_early "$from" "$to"

	# The destination runs the guest, and every disk's interrupts arrive.
	qmp -r "$dir/$to.qmp" query-status > "$dir/out" ||
		fail "query-status on $to"
	[ "$(field status)" = running ] || fail "$to: status $(field status)"
	check_rounds "$to"
}

# early_caps FROM TO: switchover-ack (and the return path it needs) on
# both ends, so that FROM switches over only once TO has restored its ITS
# early.
early_caps() {
	wait_socket "$2"
	for q in "$1" "$2"; do
		qmp "$dir/$q.qmp" '{"execute": "migrate-set-capabilities",
			"arguments": {"capabilities": [
			{"capability": "return-path", "state": true},
			{"capability": "switchover-ack", "state": true}]}}' \
			> "$dir/out" 2>&1 ||
			fail "$q: switchover-ack: $(cat "$dir/out")"
	done
}

# check_early FROM TO: what the ITS's destination pre-copy did, as the
# trace points of both ends tell.
check_early() {
	saves=$(grep -c kvm_arm_its_early_save "$dir/$1.log")
	early=$(grep -c 'kvm_arm_its_early_restore.*: 0$' "$dir/$2.log")
	final=$(grep kvm_arm_its_early_final "$dir/$2.log" | tail -n 1)
	log "$1: $saves early states sent; $2: $early early restores," \
		"${final:-no final report}"
	case "$src_early:$dst_early" in
	on:on)	[ "$early" -ge 1 ] || fail "$2: no early restore"
		echo "$final" | grep -q 'report 0' ||
			fail "$2: no report of the stop-copy's pages" ;;
	*)	[ "$saves" = 0 ] && [ "$early" = 0 ] && [ -z "$final" ] ||
			fail "destination pre-copy without both ends' x-precopy-restore" ;;
	esac
}

# early_refused FROM TO: FROM sends an ITS early state section that TO,
# without x-precopy-restore, does not know: the migration fails (perhaps
# already), and FROM runs on.
early_refused() {
	fast "$1"
	if qmp -w -r -t "$tmo" "$dir/$1.qmp" > "$dir/out"; then
		fail "the migration completed into a QEMU without x-precopy-restore"
	fi
	st=$(field status)
	[ "$st" = failed ] || fail "migration status $st, not failed"
	grep -q "arm-its-kvm-early" "$dir/$2.log" ||
		fail "$2 does not name the section it refused"
	log "$2: $(grep -m1 arm-its-kvm-early "$dir/$2.log")"
	still_running "$1"
	log "RESULT case=early-refused src=$src_early dst=$dst_early"
	qmp "$dir/$1.qmp" quit > /dev/null 2>&1
	exit 0
}

# check_rounds NAME: two rounds on NAME read every disk, on MSIs.
check_rounds() {
	wait_round "$1" 0
	r1=$r
	wait_round "$1" "$r1"
	r2=$r
	m1=$(msis_of "$1" "$r1")
	m2=$(msis_of "$1" "$r2")
	[ "$m1" -ge "$ndisks" ] && [ "$m2" -ge "$ndisks" ] ||
		fail "$1: $m1 and $m2 MSIs for reads from $ndisks disks"
	log "$1: rounds $r1 and $r2 read all $ndisks disks," \
		"with $m1 and $m2 MSIs"
}

# fail_write FROM: with FROM's migration under way, its guest maps an
# event whose ITT lies in read-only memory.  KVM cannot write it, the save
# at switch-over fails, and so must the migration; FROM runs on.
fail_write() {
	printf 'ITSM-INJECT\n' |
		dd of="$dir/ctl.img" conv=notrunc 2> /dev/null
	end=$(($(date +%s) + tmo))
	while ! grep -q '^ITSM-INJECTED' "$dir/$1.console"; do
		alive "$1" || fail "$1: QEMU exited"
		[ "$(date +%s)" -lt "$end" ] || fail "$1: its-inject did not run"
		sleep 0.2
	done
	grep -q '^ITSM-INJECTED 0' "$dir/$1.console" ||
		fail "$1: its-inject failed"
	log "$1: $(grep '^its-inject:' "$dir/$1.console" | tr -d '\r')"
	if [ "$active" = true ]; then
		pending=$(qom_get "$1" x-precopy-pending-bytes)
		log "$1: after its-inject, x-precopy-pending-bytes=$pending"
		[ "$pending" -gt 0 ] ||
			fail "no pending bytes after a failed pre-copy write"
	fi

	fast "$1"
	if qmp -w -r -t "$tmo" "$dir/$1.qmp" > "$dir/out"; then
		fail "the migration completed, with an ITE KVM could not write"
	fi
	st=$(field status)
	[ "$st" = failed ] || fail "migration status $st, not failed"
	desc=$(grep -o '"error-desc": "[^"]*"' "$dir/out" |
		sed 's/^"error-desc": "//; s/"$//')
	log "$1: the migration failed: $desc"
	echo "$desc" | grep -q "ITS tables" ||
		fail "the error does not name the ITS tables: $desc"
	# The migration core asked for the pending bytes before switching over
	grep -q 'kvm_arm_its_precopy_pending.*error -14, save pending [1-9]' \
		"$dir/$1.log" ||
		fail "the migration core never read the ITS's pending bytes"
	[ "$(qom_get "$1" x-precopy-tables-active)" = false ] ||
		fail "pre-copy still active on $1 after the failed migration"
	still_running "$1"
	log "RESULT case=fail precopy=$active src=$src_pc"
	qmp "$dir/$1.qmp" quit > /dev/null 2>&1
	exit 0
}

# cancel FROM: start a migration of FROM and cancel it while pre-copy is
# on: pre-copy must be off again, and FROM must run on.
cancel() {
	start cancelled "$dst_pc" -incoming "unix:$dir/cancelled.sock"
	slow_start "$1" cancelled
	[ "$st" = active ] || fail "migration status $st"
	check_active "$1" "$from_pc"
	qmp "$dir/$1.qmp" migrate_cancel > /dev/null || fail "migrate_cancel"
	end=$(($(date +%s) + tmo))
	while st=$(mig_status "$1") && [ "$st" != cancelled ]; do
		[ "$(date +%s)" -lt "$end" ] || fail "migration $st, not cancelled"
		sleep 0.1
	done
	[ "$(qom_get "$1" x-precopy-tables-active)" = false ] ||
		fail "pre-copy still active after the cancelled migration"
	if [ "$active" = true ]; then
		grep -q 'kvm_arm_its_precopy_set.*enable 0: 0' "$dir/$1.log" ||
			fail "pre-copy was not disabled after the cancel"
	fi
	log "$1: migration cancelled, pre-copy off again"
	still_running "$1"
	kill -9 "$(cat "$dir/cancelled.pid")" 2> /dev/null
}

# snapshot FROM: a background snapshot of FROM into a file, which a new
# QEMU loads.  Pre-copy has nothing to do there: the device state, and the
# ITS tables, are saved as the snapshot starts, with the VM stopped.
snapshot() {
	qmp "$dir/$1.qmp" '{"execute": "migrate-set-capabilities",
		"arguments": {"capabilities": [{"capability":
		"background-snapshot", "state": true}]}}' > "$dir/out" 2>&1 ||
		skip "no background snapshot here: $(cat "$dir/out")"
	qmp "$dir/$1.qmp" "{\"execute\": \"migrate\", \"arguments\":
			{\"uri\": \"file:$dir/snap\"}}" > "$dir/out" 2>&1 || {
		grep -q "write tracking\|userfault" "$dir/out" &&
			skip "no background snapshot here: $(cat "$dir/out")"
		fail "migrate: $(cat "$dir/out")"
	}
	qmp -w -r -t "$tmo" "$dir/$1.qmp" > "$dir/out" || {
		log "$(cat "$dir/out")"
		fail "the background snapshot did not complete"
	}
	log "$1: background snapshot of $(stat -c %s "$dir/snap") bytes" \
		"in $(field total-time) ms"
	grep -q 'kvm_arm_its_precopy_set.*enable 1' "$dir/$1.log" &&
		fail "pre-copy was enabled for a background snapshot"
	grep -q kvm_arm_its_save_tables "$dir/$1.log" ||
		fail "no kvm_arm_its_save_tables trace: the tables were not saved"
	# No section of the ITS's pending-bytes handlers in the stream
	grep -q arm-its-kvm-precopy "$dir/snap" &&
		fail "the stream has a section arm-its-kvm-precopy"
	still_running "$1"
	start snap "$dst_pc" -incoming "file:$dir/snap"
	end=$(($(date +%s) + tmo))
	while :; do
		qmp -r "$dir/snap.qmp" query-status > "$dir/out" 2> /dev/null &&
			[ "$(field status)" = running ] && break
		alive snap || fail "snap: QEMU exited"
		[ "$(date +%s)" -lt "$end" ] || fail "snap: not running"
		sleep 0.2
	done
	check_rounds snap
	log "RESULT case=snapshot src=$src_pc dst=$dst_pc disks=$ndisks"
	qmp "$dir/$1.qmp" quit > /dev/null 2>&1
	qmp "$dir/snap.qmp" quit > /dev/null 2>&1
	exit 0
}

# 1. The source, and the guest's first round of I/O.  precopy-tables=on
# on a kernel without ITS pre-copy must stop QEMU at once, with a reason.
t0=$(date +%s)
start src "$src_pc"
if [ "$src_pc" = on ]; then
	sleep 1
	while alive src && ! grep -q '^ITSM-' "$dir/src.console"; do
		sleep 0.2
	done
	if ! alive src &&
	   grep -q "precopy-tables=on: the host kernel has no ITS" \
		"$dir/src.log"; then
		log "src: $(grep precopy-tables=on "$dir/src.log")"
		skip "the host kernel has no KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY" \
			"(QEMU refused precopy-tables=on at start, as it must)"
	fi
fi
wait_round src 0
boot=$(($(date +%s) - t0))
log "src: guest up after ${boot}s, round $r read $ndisks disks" \
	"with $(msis_of src "$r") MSIs"

its=$(qmp -r "$dir/src.qmp" '{"execute": "qom-list", "arguments":
		{"path": "/machine/unattached"}}' |
	grep -o '"name": "device\[[0-9]*\]", "type": "child<arm-its-kvm>"' |
	sed 's/"name": "\([^"]*\)".*/\/machine\/unattached\/\1/')
[ -n "$its" ] || fail "no arm-its-kvm device in the source"

from_pc=$src_pc
[ "$case_" = snapshot ] && snapshot src
[ "$case_" = cancel ] && cancel src

# 2. The migration, to dst.
migrate src dst "$dst_pc"
log "RESULT precopy=$active src=$src_pc dst=$dst_pc disks=$ndisks" \
	"queues=$queues downtime_ms=$downtime downtime_bytes=$dt_bytes" \
	"total_ms=$total" \
	"save_us=${save_us:-?} pending_bytes=${pend_bytes:-0}" \
	"transferred=$transferred"
if [ $bench = 1 ]; then
	echo "$ndisks,$queues,$cpus,$mem,${ring:-0},$guest_mode,$src_pc,$active,$downtime,$dt_bytes,$total,$setup,${save_us:-},${pend_bytes:-0},$transferred"
fi
qmp "$dir/src.qmp" quit > /dev/null 2>&1

# 3. And once more, from the restored ITS.
if [ "$case_" = twice ]; then
	from_pc=$dst_pc
	migrate dst dst2 "$dst_pc"
	log "RESULT case=twice precopy=$active downtime_ms=$downtime"
	qmp "$dir/dst.qmp" quit > /dev/null 2>&1
	qmp "$dir/dst2.qmp" quit > /dev/null 2>&1
	exit 0
fi
qmp "$dir/dst.qmp" quit > /dev/null 2>&1
exit 0
