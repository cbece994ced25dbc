#!/bin/sh
# The main job ("make run").  Until the migration harness (userspace/itsmig)
# lands, it measures what the ITS alone puts into a migration's downtime:
# the stop-copy save of a guest's ITS tables with pre-copy off (today's
# behaviour) and on, on the same kernel in the same boot.
scale=${RUN_SCALE:-256x32}
echo "run: ITS tables of a guest with $scale devices x events," \
     "saved at stop-copy without and with pre-copy"
# kvm selftests load their own ELF through argv[0]: give a full path.
/its/selftests/vgic_its_precopy_perf -r 1 "$scale" > /tmp/run.out 2>&1
rc=$?
grep -v -e '^csv' -e '^Random seed' /tmp/run.out
exit $rc
