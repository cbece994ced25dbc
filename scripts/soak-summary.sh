#!/bin/bash
# The figures of a soak (scripts/soak.sh) from its console log: runs and
# seeds, commands by type, checkpoints and oracle checks, restores, the
# SAVE_PENDING_TABLES races, the second ITS, destination pre-copy's
# migrations, the kernel log check, and the hours.
#
# usage: soak-summary.sh LOG SECONDS
set -uo pipefail

log=$1 secs=$2
awk -v secs="$secs" '
/^# # seed 0x[0-9a-f]*, [0-9]* runs of/ { first = $4; sub(",", "", first) }
/^# # seed 0x[0-9a-f]*: [0-9]* commands issued/ {
	issued += $5; executed += $8; rejected += $10
}
/^# #   accepted\/rejected:/ {
	for (i = 4; i < NF; i += 2) {
		split($(i + 1), ar, "/")
		acc[$i] += ar[1]; rej[$i] += ar[2]
		if (!($i in seen)) { order[++nops] = $i; seen[$i] = 1 }
	}
}
/^# #   [0-9]* checkpoints:/ {
	ckpts += $3; oracle += $5; m = $8; sub("[(]", "", m); masked += m
}
/^# #   [0-9]* enables raced/ { races += $3; saves += $6 }
/^# #   ITS 1: [0-9]* commands,/ { its1 += $5; its1_oracle += $7; its1_toggles += $10 }
/^# #   ITS 1: [0-9]* saves beside/ { its1_saves += $5 }
# vgic_its_early_restore: its random tests, their migrations and commands
/^# # (flat|two-level): [0-9]+ migrations, [0-9]+ commands between/ {
	early_migr += $4; early_cmds += $6
}
/^(not )?ok [0-9]+ .*: early_restore_/ {
	early_tests++; if ($1 == "not") early_failed++
}
/^# #   [0-9]* LPIs taken; / { lpis += $3; restores += $6 }
/^# #   [0-9]* MSIs:/ { msis += $3 }
/^# #   [0-9]* resets,/ { resets += $3 }
# The result of each run, as the fuzzer prints it (prefixed by the runner
# or by guest/bench/soak.sh)
/^# (not )?ok [0-9]+ seed 0x/ {
	runs++; if ($0 ~ /not ok/) { failed++; bad = bad " " $NF } else last = $NF
}
/^(not )?ok [0-9]+ .*kernel_log/ { klog = ($1 == "ok") ? "clean" : "REPORTS" }
END {
	printf "soak: %d runs (%d failed%s), seeds %s to %s\n", runs, failed,
	       failed ? ":" bad : "", first, last
	printf "soak: %d commands issued, %d executed, %d rejected\n",
	       issued, executed, rejected
	line = "soak: accepted/rejected:"
	for (i = 1; i <= nops; i++)
		line = line sprintf(" %s %d/%d", order[i], acc[order[i]],
				    rej[order[i]])
	print line
	printf "soak: %d checkpoints, %d oracle checks (%d masked)\n",
	       ckpts, oracle, masked
	printf "soak: %d MSIs, %d LPIs taken, %d restores, %d resets\n",
	       msis, lpis, restores, resets
	printf "soak: %d pre-copy enables raced %d SAVE_PENDING_TABLES\n",
	       races, saves
	printf "soak: ITS 1: %d commands, %d oracle checks, %d pre-copy toggles, %d saves beside ITS 0'"'"'s enable\n",
	       its1, its1_oracle, its1_toggles, its1_saves
	printf "soak: destination pre-copy: %d test cases (%d failed), %d migrations, %d commands between the restores\n",
	       early_tests, early_failed, early_migr, early_cmds
	printf "soak: kernel log %s\n", klog ? klog : "not checked"
	printf "soak: %.2f hours, %.0f commands an hour\n", secs / 3600,
	       secs ? issued * 3600 / secs : 0
}' "$log"
