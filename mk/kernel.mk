# SPDX-License-Identifier: GPL-2.0
#
# The kernel: a git tree of Debian's source of a kernel line with that
# line's series (kernel/LINE/series) applied, the test kernel built from
# it and the kvm selftests.  The primary line (Kconfig KERNEL_LINE, 7.2)
# is build/linux, build/kernel and build/selftests; with BACKPORT=y the
# backport line (KERNEL_BACKPORT_LINE, 6.12) is build/linux-LINE,
# build/kernel-LINE and build/selftests-LINE ("make kernel-backport").

KLINE_BP	:= $(call pcfg,KERNEL_BACKPORT_LINE)
ifeq ($(BACKPORT),y)
KLINE		:= $(KLINE_BP)
KPIN		:= $(call pcfg,KERNEL_BACKPORT_PIN)
KDIR_SUFFIX	:= -$(KLINE)
else
KLINE		:= $(call pcfg,KERNEL_LINE)
KPIN		:= $(call pcfg,KERNEL_PIN)
KDIR_SUFFIX	:=
endif
KSRC		:= $(BUILD)/linux$(KDIR_SUFFIX)
KSERIES_DIR	:= kernel/$(KLINE)
TREE_STAMP	:= $(KSRC)/.git/its-precopy-series
PATCHES		:= $(addprefix $(KSERIES_DIR)/,$(shell grep -v '^\#' \
		   $(KSERIES_DIR)/series 2>/dev/null))

ifeq ($(CONFIG_KERNEL_PRECOPY),y)
SERIES		:= $(KSERIES_DIR)/series
else
SERIES		:= $(KSERIES_DIR)/series.none
endif

# The test kernel's configuration; the debug kernel adds debug.config.
KFRAGMENTS_TEST	:= kernel/configs/test.config \
		   $(call unquote,$(CONFIG_KERNEL_EXTRA_CONFIG))
ifeq ($(CONFIG_KERNEL_DEBUG),y)
KOUT		:= $(BUILD)/kernel-debug
KFRAGMENTS	:= $(KFRAGMENTS_TEST) kernel/configs/debug.config
else
KOUT		:= $(BUILD)/kernel$(KDIR_SUFFIX)
KFRAGMENTS	:= $(KFRAGMENTS_TEST)
endif

IMAGE		:= $(KOUT)/arch/arm64/boot/Image

# $(call kbuild,SRC,OUT): kbuild of the tree SRC into OUT.
kbuild		= $(MAKE) -C $(1) O=$(2) ARCH=arm64 \
		  CROSS_COMPILE=$(CROSS) CC="ccache $(CROSS)gcc" -j$(JOBS)
KMAKE		= $(call kbuild,$(KSRC),$(KOUT))

# $(call merge_config,SRC,OUT,FRAGMENTS): OUT/.config from allnoconfig
# and FRAGMENTS; fails if kconfig dropped a requested value.
define merge_config
	@mkdir -p $(2)
	cd $(1) && ARCH=arm64 CROSS_COMPILE=$(CROSS) \
		scripts/kconfig/merge_config.sh -n -O $(2) \
		$(addprefix $(TOP)/,$(3)) > $(2)/merge_config.log
	@! grep -A2 '^Value requested' $(2)/merge_config.log
endef

# The base tree is all the kconfig tools need, so it comes first; the
# series is applied once build/.config says which one (KERNEL_PRECOPY).
# Both steps run every time: the base step resolves the upload to use
# (scripts/debsrc.sh) and re-makes the tree when it changed; the series
# step rewrites TREE_STAMP only when it changes the tree, and only then
# does the kernel config follow.
kernel-src: | deps
	@scripts/src-tree.sh base linux "$(KLINE)" "$(KPIN)" $(KSRC) \
		$(CACHE) $(BUILD)

tree: kernel-src
	@scripts/src-tree.sh apply $(KSRC) $(SERIES)

$(TREE_STAMP): tree ;

$(KOUT)/.config: $(KFRAGMENTS) $(TREE_STAMP)
	$(call merge_config,$(KSRC),$(KOUT),$(KFRAGMENTS))
	@touch $@	# kconfig leaves an unchanged .config untouched

kernel: $(KOUT)/.config
	+$(KMAKE) -s Image
	@echo "  KERNEL  $(IMAGE)"

# Selftests are static arm64 binaries built against the tree's own uAPI.
SELFTESTS	:= $(BUILD)/selftests$(KDIR_SUFFIX)
STMAKE		= $(MAKE) -C $(KSRC)/tools/testing/selftests/kvm ARCH=arm64 \
		  CROSS_COMPILE=$(CROSS) CC="ccache $(CROSS)gcc" \
		  EXTRA_CFLAGS=-static OUTPUT=$(SELFTESTS) \
		  KHDR_INCLUDES="-isystem $(KOUT)/usr/include" -j$(JOBS)

# Only the vgic tests are built: the guest runs no others (guest/*/*.list),
# and each static test costs build time and initramfs size.  The names
# come from the tree's Makefile (arm64/ on 7.2, aarch64/ on 6.12).
ST_PROGS	= $$(sed -n 's|^TEST_GEN_PROGS_a[a-z0-9]* += \(a[a-z0-9]*/vgic_[a-z0-9_]*\)$$|$(SELFTESTS)/\1|p' \
		  $(KSRC)/tools/testing/selftests/kvm/Makefile*)

# A vgic line that ST_PROGS would miss (a trailing blank, a capital)
# fails the build: its test would be left out and reported skipped.
ST_MISSED	= grep -HnE '^TEST_GEN_PROGS_a[a-z0-9]*[[:space:]]*\+=[[:space:]]*a[a-z0-9]*/vgic' \
		  $(KSRC)/tools/testing/selftests/kvm/Makefile* | \
		  grep -vE '\+= a[a-z0-9]*/vgic_[a-z0-9_]*$$'

selftests: $(KOUT)/.config
	@! $(ST_MISSED) || { echo "selftests: write these lines as" \
		"'TEST_GEN_PROGS_arm64 += arm64/vgic_name', nothing after"; exit 1; }
	+$(KMAKE) -s headers_install
	+$(STMAKE) -s $(ST_PROGS)
	@echo "  SELFTST $(SELFTESTS)"

# The baseline kernel of "make bench": the plain base (no patches), in a
# worktree of build/linux at its base tag (build/base/linux), with the
# test kernel's configuration, built in build/base/kernel.  The two
# directories sit side by side as build/linux and build/kernel do, so that
# the compiler sees the same relative paths (CCACHE_BASEDIR) and ccache
# hands back every object the series does not change.
KSRC_BASE	:= $(BUILD)/base/linux
KOUT_BASE	:= $(BUILD)/base/kernel
IMAGE_BASE	:= $(KOUT_BASE)/arch/arm64/boot/Image

kernel-base: kernel-src
	@scripts/base-tree.sh $(KSRC) $(KSRC_BASE)
	$(call merge_config,$(KSRC_BASE),$(KOUT_BASE),$(KFRAGMENTS_TEST))
	+$(call kbuild,$(KSRC_BASE),$(KOUT_BASE)) LOCALVERSION=-baseline -s Image
	@echo "  KERNEL  $(IMAGE_BASE) (baseline)"

# The backport line's test kernel and selftests, for make test's boot on
# it (Kconfig TEST_BACKPORT).
IMAGE_BP	:= $(BUILD)/kernel-$(KLINE_BP)/arch/arm64/boot/Image
SELFTESTS_BP	:= $(BUILD)/selftests-$(KLINE_BP)

kernel-backport:
	+$(MAKE) --no-print-directory kernel BACKPORT=y

selftests-backport:
	+$(MAKE) --no-print-directory selftests BACKPORT=y

# The profiling kernel of "make profile": the test kernel with perf events
# (kernel/configs/prof.config), built in build/kernel-prof.
KOUT_PROF	:= $(BUILD)/kernel-prof
IMAGE_PROF	:= $(KOUT_PROF)/arch/arm64/boot/Image

kernel-prof: $(TREE_STAMP)
	$(call merge_config,$(KSRC),$(KOUT_PROF),$(KFRAGMENTS_TEST) \
		kernel/configs/prof.config)
	+$(call kbuild,$(KSRC),$(KOUT_PROF)) -s Image
	@echo "  KERNEL  $(IMAGE_PROF) (perf events)"

# With BACKPORT=y, these two work on the backport line.
kernel-patches: kernel-src
	@scripts/src-patches.sh $(KSRC) $(KSERIES_DIR)

# Findings kept on purpose are listed, with reasons, in
# kernel/LINE/checkpatch.exceptions.
checkpatch: kernel-src
	@scripts/checkpatch.sh $(KSRC) $(KSERIES_DIR)/checkpatch.exceptions \
		--strict $(addprefix $(TOP)/,$(PATCHES))

.PHONY: kernel-src tree kernel kernel-base kernel-prof selftests \
	kernel-backport selftests-backport kernel-patches checkpatch
