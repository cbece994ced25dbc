# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks (benchmarks/README.md).  Each of make bench, bench-pairs,
# bench-qemu and profile boots the test guest, then benchmarks/report.sh
# turns the console logs into one run's results, all under
# build/bench-results/RUN/ (RUN: TARGET-DATE, or RUN=NAME): the logs,
# a CSV per kind of row the guest printed (benchmarks/extract.sh), the
# reports' CSV, PNG and Markdown, and report.md; "latest" names the last
# run.  They leave the tracked tree alone: make bench-publish copies a run
# (RUN=NAME or a directory; the latest by default) into
# benchmarks/results/.
#
# Not under build/results, which make test empties at each run.

BENCH_RESULTS	:= $(BUILD)/bench-results
BENCH_STAMP	:= $(shell date -u +%Y%m%dT%H%M%SZ)
# $(call bench_run,TARGET): the directory of this make's run of TARGET.
bench_run	= $(BENCH_RESULTS)/$(or $(RUN),$(1)-$(BENCH_STAMP))
BENCH_REPORT	:= benchmarks/report.sh

# With BENCH_BASELINE, the baseline kernel (build/base/kernel, the plain
# base) boots first, in the same make bench run, and runs the benchmarks
# of guest/bench/bench.list named its* (all but the fuzzer, which needs
# pre-copy): its-index-perf.sh and itsmig-downtime.sh compare them.  Its
# itsmig runs skip the remapping rates: only the quiet baseline is
# compared.
BENCH_BASE_ONLY	:= its*
BENCH_BASE := $(if $(filter y,$(CONFIG_BENCH_BASELINE)),kernel-base)

bench: kernel initramfs $(BENCH_BASE)
	@mkdir -p $(BUILD)/logs && cat /proc/loadavg > $(BUILD)/logs/bench-base.load
	$(if $(BENCH_BASE),@scripts/guest.sh bench $(BUILD)/logs/bench-base.log \
		$(call guest_args,$(IMAGE_BASE),itsp.only=$(BENCH_BASE_ONLY) \
			itsp.env.CONFIG_ITSMIG_BENCH_CHURN=0) \
		TIMEOUT=$(CONFIG_BENCH_TIMEOUT))
	@cat /proc/loadavg > $(BUILD)/logs/bench.load
	@scripts/guest.sh bench $(BUILD)/logs/bench.log $(GUEST_ARGS) \
		TIMEOUT=$(CONFIG_BENCH_TIMEOUT)
	@$(BENCH_REPORT) -o $(call bench_run,bench) bench \
		series=$(BUILD)/logs/bench.log \
		$(if $(BENCH_BASE),base=$(BUILD)/logs/bench-base.log)

# Baseline and test kernel booted in turn BENCH_BOOT_PAIRS times, each
# running the benchmarks BENCH_BOOT_PAIRS_ONLY names
# (benchmarks/boot-pairs.sh): the boots base-N and series-N.
PAIRS_ONLY	:= $(call unquote,$(CONFIG_BENCH_BOOT_PAIRS_ONLY))
PAIRS_NAME	:= pairs-$(subst *,all,$(patsubst its_%_perf,%,$(PAIRS_ONLY)))
bench-pairs: kernel initramfs kernel-base
	@mkdir -p $(BUILD)/logs && rm -f $(BUILD)/logs/pair-*.log
	@for i in $$(seq $(CONFIG_BENCH_BOOT_PAIRS)); do \
		scripts/guest.sh bench $(BUILD)/logs/pair-base-$$i.log \
			$(call guest_args,$(IMAGE_BASE),itsp.only=$(PAIRS_ONLY)) \
			TIMEOUT=$(CONFIG_BENCH_TIMEOUT) > /dev/null && \
		scripts/guest.sh bench $(BUILD)/logs/pair-$$i.log \
			$(call guest_args,$(IMAGE),itsp.only=$(PAIRS_ONLY)) \
			TIMEOUT=$(CONFIG_BENCH_TIMEOUT) > /dev/null || exit 1; \
		echo "  PAIR    $$i of $(CONFIG_BENCH_BOOT_PAIRS)"; \
	done
	@$(BENCH_REPORT) -o $(call bench_run,bench-pairs) -n $(PAIRS_NAME) \
		bench-pairs $$(for i in $$(seq $(CONFIG_BENCH_BOOT_PAIRS)); do \
			echo base-$$i=$(BUILD)/logs/pair-base-$$i.log \
			     series-$$i=$(BUILD)/logs/pair-$$i.log; done)

# Where the kernel spends a restore and a full save, sampled by kprof in the
# guest on the profiling kernel: the lines of guest/bench/prof.list.
profile: kernel-prof initramfs
	@scripts/guest.sh bench $(BUILD)/logs/profile.log \
		$(call guest_args,$(IMAGE_PROF),itsp.list=prof.list) \
		TIMEOUT=$(CONFIG_BENCH_TIMEOUT)
	@$(BENCH_REPORT) -o $(call bench_run,profile) profile \
		prof=$(BUILD)/logs/profile.log

# QEMU's downtime with and without ITS pre-copy, in a boot of its own: it
# takes longer than the kernel benchmarks.  QEMU_BENCH_CPUS=N on make's
# command line: the inner guest's vCPUs (guest/bench/qemu-downtime.sh).
# A failed migration fails the boot; the others' rows still count.
bench-qemu: kernel initramfs
	@mkdir -p $(BUILD)/logs
	@scripts/guest.sh bench $(BUILD)/logs/bench-qemu.log \
		$(call guest_args,$(IMAGE),itsp.list=bench-qemu.list \
			$(if $(QEMU_BENCH_CPUS),itsp.env.QEMU_BENCH_CPUS=$(QEMU_BENCH_CPUS))) \
		TIMEOUT=$(CONFIG_BENCH_TIMEOUT) || \
		echo "bench-qemu: the bench run reported a failure" >&2
	@$(BENCH_REPORT) -o $(call bench_run,bench-qemu) bench-qemu \
		series=$(BUILD)/logs/bench-qemu.log

bench-publish:
	@BENCH_RESULTS=$(BENCH_RESULTS) benchmarks/publish.sh \
		$(or $(RUN),latest) benchmarks/results

.PHONY: bench bench-pairs bench-qemu profile bench-publish
