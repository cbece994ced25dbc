#!/bin/sh
# The soak's fuzzer (guest/bench/soak.list), its output streamed to the console
# as it runs, each line prefixed "# " as the runner prefixes a test's
# output: a soak lasts hours, and the runner prints what a test wrote
# only when it ends, which a guest killed at its time limit never does.
# usage: soak.sh
# CONFIG_SOAK_COMMANDS commands in all, in runs of CONFIG_SOAK_RUN_COMMANDS
# with checkpoints every 1 to 2 x CONFIG_SOAK_INTERVAL (/its/config).
total=${CONFIG_SOAK_COMMANDS:?} per_run=${CONFIG_SOAK_RUN_COMMANDS:?}
runs=$(( (total + per_run - 1) / per_run ))
echo "soak.sh: $runs runs of $per_run commands, checkpoints every 1 to" \
	"$((2 * ${CONFIG_SOAK_INTERVAL:?})) commands"
rc=/tmp/soak.rc
# kvm selftests load their own ELF through argv[0]: a full path.
fuzz=$(command -v vgic_its_fuzz) || { echo "no vgic_its_fuzz"; exit 1; }
echo 1 > $rc
{
	"$fuzz" -n "$per_run" -k "$CONFIG_SOAK_INTERVAL" -i "$runs"
	echo $? > $rc
} 2>&1 | sed 's/^/# /' > /dev/console
exit "$(cat $rc)"
