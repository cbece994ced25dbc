#!/bin/bash
# make soak: the ITS fuzzer (vgic_its_fuzz) for a million commands or more,
# with its oracle at every checkpoint, on the debug kernel (lockdep,
# KASAN, kmemleak), in one boot of the test guest; then the figures.
#
# usage: soak.sh LOG GUEST_ARGS...
# The guest's console goes to LOG, its TAP to LOG.tap and the figures,
# summed over the runs, to LOG.summary.  Exits non-zero when a run or
# the kernel log check failed, or the guest hung.
set -uo pipefail

log=$1
shift
start=$(date +%s)
scripts/guest.sh test "$log" "$@"
rc=$?
scripts/soak-summary.sh "$log" $(($(date +%s) - start)) | tee "$log.summary"
exit $rc
