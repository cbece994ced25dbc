# SPDX-License-Identifier: GPL-2.0
#
# its-precopy: the one entry point.
#
#   make run       build what is needed and run the main job in the guest
#   make test      the whole test suite; ends with "N passed, N failed, ..."
#   make help      every target
#
# Everything generated goes under build/.  Build options live in Kconfig;
# configs/defconfig holds the defaults and "make menuconfig" edits
# build/.config with the kernel's own kconfig tools.

TOP	:= $(CURDIR)
BUILD	:= $(TOP)/build
CACHE	?= /var/cache/its-precopy
CROSS	:= aarch64-linux-gnu-
JOBS	?= $(shell echo $$(($$(nproc) + 1)))

# ccache hits across clones in different directories (CI clones afresh).
# Depend mode takes the headers from the compiler's -MD output instead of
# running the preprocessor a second time, which a miss (every compile of
# a fresh machine) would otherwise pay.
export CCACHE_BASEDIR := $(TOP)
export CCACHE_NOHASHDIR := 1
export CCACHE_DEPEND := 1

PROJCONFIG := $(BUILD)/.config
unquote = $(subst ",,$(1))
comma := ,
space := $(subst ,, )

# $(call pcfg,NAME): the string option CONFIG_NAME, for what is needed
# before the kconfig tools exist (the source lines and pins): read from
# build/.config, or from configs/defconfig on a fresh clone or when
# build/.config predates the option.
pcfg = $(shell f=$(PROJCONFIG); grep -qs '^CONFIG_$(1)=' $$f || \
	f=configs/defconfig; sed -n 's/^CONFIG_$(1)="\(.*\)"$$/\1/p' $$f)

# Apt's lists are updated once per make run (scripts/debsrc.sh): sub-makes
# inherit the run's ITSP_RUN.
ifndef ITSP_RUN
export ITSP_RUN := $(shell date +%s.%N)
endif

NOCONFIG_GOALS := clean distclean help userspace host-tests bench-publish
ifneq ($(filter-out $(NOCONFIG_GOALS),$(or $(MAKECMDGOALS),all)),)
include $(PROJCONFIG)
endif

all: kernel selftests initramfs

include mk/kernel.mk
include mk/qemu.mk
include mk/guest.mk
include mk/userspace.mk
include mk/qmp.mk
include mk/bench.mk

# ---------------------------------------------------------------------
# Dependencies and project configuration

deps:
	@scripts/deps.sh

CONF := $(BUILD)/kconfig/scripts/kconfig/conf
# conf also writes include/config and include/generated into its working
# directory: run it in build/kconfig.
RUNCONF = cd $(BUILD)/kconfig && KCONFIG_CONFIG=$(PROJCONFIG) $(CONF)
KCONFIG_MAKE = $(MAKE) -s -C $(KSRC) O=$(BUILD)/kconfig ARCH=arm64 \
	KBUILD_KCONFIG=$(TOP)/Kconfig KCONFIG_CONFIG=$(PROJCONFIG)

$(CONF): | kernel-src
	+$(MAKE) -s -C $(KSRC) O=$(BUILD)/kconfig ARCH=arm64 allnoconfig

# A fresh build/.config comes from configs/defconfig; an existing one keeps
# its values (menuconfig) and only takes in new options from Kconfig.
$(PROJCONFIG): configs/defconfig Kconfig | $(CONF)
	@if [ -f $@ ] && [ $@ -nt configs/defconfig ]; then \
		$(RUNCONF) -s --olddefconfig $(TOP)/Kconfig; \
	else \
		$(RUNCONF) -s --defconfig=$(TOP)/configs/defconfig \
			$(TOP)/Kconfig; \
	fi
	@touch $@

menuconfig: $(PROJCONFIG)
	+$(KCONFIG_MAKE) menuconfig

savedefconfig: $(PROJCONFIG)
	$(RUNCONF) --savedefconfig=$(TOP)/configs/defconfig $(TOP)/Kconfig

defconfig: | $(CONF)
	$(RUNCONF) --defconfig=$(TOP)/configs/defconfig $(TOP)/Kconfig

# ---------------------------------------------------------------------
# The two commands of the README

# With TEST_DEBUG (and the normal kernel under test), the tests of
# TEST_DEBUG_FILTER run a second time, on the debug kernel; with
# TEST_BACKPORT, those of TEST_BACKPORT_FILTER a third time, on the
# backport line's kernel with its selftests.
ifeq ($(CONFIG_TEST_DEBUG)-$(CONFIG_KERNEL_DEBUG),y-)
TEST_BOOTS	+= -- debug $(DEBUG_GUEST_ARGS)
test: kernel-debug
endif
ifeq ($(CONFIG_TEST_BACKPORT)-$(CONFIG_KERNEL_DEBUG),y-)
TEST_BOOTS	+= -- $(KLINE_BP) $(BACKPORT_GUEST_ARGS)
test: kernel-backport
endif

# With TEST_CROSS, three boots migrate a VM between the series' kernel and
# the plain base kernel, both ways, through two disks zeroed first.
CROSS_DIR	:= $(BUILD)/cross
cross_args = $(call guest_args,$(1),itsp.list=cross.list itsp.only=$(2)) \
	     DISKS=$(CROSS_DIR)/to-plain.img,$(CROSS_DIR)/to-series.img
ifeq ($(CONFIG_TEST_CROSS)-$(CONFIG_KERNEL_DEBUG),y-)
TEST_BOOTS	+= -- cross-1 $(call cross_args,$(IMAGE),cross_series_save)
TEST_BOOTS	+= -- cross-2 $(call cross_args,$(IMAGE_BASE),cross_plain_*)
TEST_BOOTS	+= -- cross-3 $(call cross_args,$(IMAGE),cross_series_load)
test: kernel-base cross-disks
endif

cross-disks:
	@mkdir -p $(CROSS_DIR)
	@rm -f $(CROSS_DIR)/to-plain.img $(CROSS_DIR)/to-series.img
	@truncate -s 256M $(CROSS_DIR)/to-plain.img $(CROSS_DIR)/to-series.img

test: kernel initramfs
	@scripts/test.sh $(BUILD) $(GUEST_ARGS) $(TEST_BOOTS)

# The same suite on a kernel with lockdep, KASAN, KMEMLEAK, ...
# (kernel/configs/debug.config), built in build/kernel-debug.
test-debug:
	+$(MAKE) test CONFIG_KERNEL_DEBUG=y

kernel-debug:
	+$(MAKE) kernel CONFIG_KERNEL_DEBUG=y

# The fuzzer for hours on the debug kernel (Kconfig SOAK_*): one boot,
# a seed per run (guest/bench/soak.sh), the figures in
# build/logs/soak.log.summary.
soak: kernel-debug initramfs
	@scripts/soak.sh $(BUILD)/logs/soak.log \
		$(call guest_args,$(DEBUG_IMAGE),itsp.list=soak.list) \
		TIMEOUT=$$(($(CONFIG_SOAK_HOURS) * 3600))

run: kernel initramfs
	@scripts/guest.sh run $(BUILD)/logs/run.log $(GUEST_ARGS)

boot: kernel initramfs
	@scripts/guest.sh shell $(BUILD)/logs/boot.log $(GUEST_ARGS)

clean:
	rm -rf $(BUILD)/kernel $(BUILD)/kernel-debug $(BUILD)/base/kernel \
		$(BUILD)/kernel-prof $(BUILD)/selftests \
		$(BUILD)/kernel-$(KLINE_BP) $(BUILD)/selftests-$(KLINE_BP) \
		$(BUILD)/qemu-build \
		$(BUILD)/initramfs $(BUILD)/logs $(BUILD)/results $(BUILD)/kconfig

# distclean also drops the source trees: export your work first
# (make kernel-patches, make kernel-patches BACKPORT=y, make qemu-patches).
distclean:
	rm -rf $(BUILD)

help:
	@echo "Targets:"
	@echo "  all            (the default) kernel, selftests and initramfs"
	@echo "  run            build and run the main job in the test guest"
	@echo "  test           the whole test suite (host and guest)"
	@echo "  test-debug     the suite on the debug kernel (lockdep, KMEMLEAK, ...)"
	@echo "  soak           the ITS fuzzer for hours on the debug kernel (SOAK_*)"
	@echo "  boot           interactive shell in the test guest"
	@echo "  bench          benchmarks (benchmarks/); results in build/bench-results/RUN"
	@echo "  bench-pairs    baseline and series booted in turn (restore by default)"
	@echo "  bench-qemu     QEMU migration downtime, ITS pre-copy off and on"
	@echo "  profile        kernel profiles of RESTORE_TABLES, SAVE_TABLES (guest/bench/prof.list)"
	@echo "  bench-publish  copy the last benchmark run (or RUN=) into benchmarks/results"
	@echo "  deps           install build dependencies with apt"
	@echo "  kernel-src     the base kernel tree, newest upload of KERNEL_LINE (build/linux)"
	@echo "  tree           kernel-src with kernel/LINE/series applied"
	@echo "  kernel         the test kernel (build/kernel)"
	@echo "  kernel-debug   the debug kernel (build/kernel-debug)"
	@echo "  kernel-base    the plain base kernel of make bench (build/base/kernel)"
	@echo "  kernel-prof    the test kernel with perf events (build/kernel-prof)"
	@echo "  kernel-backport  the backport's test kernel (build/kernel-$(KLINE_BP))"
	@echo "  selftests      kvm selftests of the patched tree"
	@echo "  selftests-backport  the backport's selftests (build/selftests-$(KLINE_BP))"
	@echo "  initramfs      the test guest's initramfs"
	@echo "  inner-initramfs  the initramfs of the inner guest QEMU boots (guest/inner)"
	@echo "  cross-disks    the disks the cross-kernel boots share (make test)"
	@echo "  userspace      its-dump for the host and the guest"
	@echo "  itsmig         the migration harness (static arm64, userspace/itsmig)"
	@echo "  host-tests     the host unit tests (build/host-tests)"
	@echo "  host-tests-san  host tests under ASan and UBSan"
	@echo "  qmp-test-san   the qmp client's tests under ASan"
	@echo "  userspace-cppcheck  cppcheck on userspace/"
	@echo "  userspace-clean  remove the userspace build products"
	@echo "  qemu-src       the base QEMU tree, newest upload of QEMU_LINE (build/qemu)"
	@echo "  qemu-tree      qemu-src with qemu-patches/series applied"
	@echo "  qemu           static arm64 QEMU for the guest (build/qemu-build)"
	@echo "  qemu-patches   export build/qemu commits to qemu-patches/"
	@echo "  qemu-checkpatch  QEMU's checkpatch.pl on qemu-patches/*.patch"
	@echo "  kernel-patches export build/linux commits to kernel/LINE/"
	@echo "  checkpatch     checkpatch.pl --strict on kernel/LINE/*.patch"
	@echo "  (BACKPORT=y: tree, kernel-patches, checkpatch of the backport line)"
	@echo "  menuconfig     edit the project options (build/.config)"
	@echo "  defconfig      build/.config from configs/defconfig"
	@echo "  savedefconfig  write build/.config back to configs/defconfig"
	@echo "  clean          remove build products (keeps build/linux, bench-results)"
	@echo "  distclean      remove build/ entirely"

.PHONY: all deps menuconfig savedefconfig defconfig test test-debug cross-disks soak \
	kernel-debug run \
	boot clean distclean help
