# SPDX-License-Identifier: GPL-2.0
#
# The kernel: a git tree of the pinned source with kernel/series applied
# (build/linux), the test kernel built from it (build/kernel) and the kvm
# selftests (build/selftests).

KSRC		:= $(BUILD)/linux
BASE_STAMP	:= $(KSRC)/.git/its-precopy-base
TREE_STAMP	:= $(KSRC)/.git/its-precopy-series
TARBALL		:= /usr/src/linux-source-6.12.tar.xz
PATCHES		:= $(addprefix kernel/,$(shell grep -v '^\#' kernel/series))

ifeq ($(CONFIG_KERNEL_PRECOPY),y)
SERIES		:= kernel/series
else
SERIES		:= kernel/series.none
endif

# The test kernel's configuration; the debug kernel adds debug.config.
KFRAGMENTS_TEST	:= kernel/configs/test.config \
		   $(call unquote,$(CONFIG_KERNEL_EXTRA_CONFIG))
ifeq ($(CONFIG_KERNEL_DEBUG),y)
KOUT		:= $(BUILD)/kernel-debug
KFRAGMENTS	:= $(KFRAGMENTS_TEST) kernel/configs/debug.config
else
KOUT		:= $(BUILD)/kernel
KFRAGMENTS	:= $(KFRAGMENTS_TEST)
endif

IMAGE		:= $(KOUT)/arch/arm64/boot/Image

# $(call kbuild,SRC,OUT): kbuild of the tree SRC into OUT.
kbuild		= $(MAKE) -C $(1) O=$(2) ARCH=arm64 \
		  CROSS_COMPILE=$(CROSS) CC="ccache $(CROSS)gcc" -j$(JOBS)
KMAKE		= $(call kbuild,$(KSRC),$(KOUT))

# $(call merge_config,SRC,OUT,FRAGMENTS): OUT/.config from arm64's
# defconfig and FRAGMENTS; fails if kconfig dropped a requested value.
define merge_config
	@mkdir -p $(2)
	cd $(1) && ARCH=arm64 CROSS_COMPILE=$(CROSS) \
		scripts/kconfig/merge_config.sh -n -O $(2) \
		$(addprefix $(TOP)/,$(3)) > $(2)/merge_config.log
	@! grep -A2 '^Value requested' $(2)/merge_config.log
endef

# The base tree is all the kconfig tools need, so it comes first; the
# series is applied once build/.config says which one (KERNEL_PRECOPY).
# src-tree.sh runs every time but rewrites TREE_STAMP only when it
# changes the tree, and only then does the kernel config follow.
$(BASE_STAMP): | deps
	@scripts/src-tree.sh base linux "$(KVER)" $(TARBALL) $(KSRC) $(CACHE)

tree: | $(BASE_STAMP)
	@scripts/src-tree.sh apply linux "$(KVER)" $(KSRC) $(SERIES)

$(TREE_STAMP): tree ;

$(KOUT)/.config: $(KFRAGMENTS) $(TREE_STAMP)
	$(call merge_config,$(KSRC),$(KOUT),$(KFRAGMENTS))
	@touch $@	# kconfig leaves an unchanged .config untouched

kernel: $(KOUT)/.config
	+$(KMAKE) -s Image
	@echo "  KERNEL  $(IMAGE)"

# Selftests are static arm64 binaries built against the tree's own uAPI.
SELFTESTS	:= $(BUILD)/selftests
STMAKE		= $(MAKE) -C $(KSRC)/tools/testing/selftests/kvm ARCH=arm64 \
		  CROSS_COMPILE=$(CROSS) CC="ccache $(CROSS)gcc" \
		  EXTRA_CFLAGS=-static OUTPUT=$(SELFTESTS) \
		  KHDR_INCLUDES="-isystem $(KOUT)/usr/include" -j$(JOBS)

selftests: $(KOUT)/.config
	+$(KMAKE) -s headers_install
	+$(STMAKE) -s
	@echo "  SELFTST $(SELFTESTS)"

# The baseline kernel of "make bench": the first BENCH_BASELINE_PATCHES
# patches of kernel/series, in a worktree of build/linux (build/linux-base),
# with the test kernel's configuration, built in build/kernel-base.
KSRC_BASE	:= $(BUILD)/linux-base
KOUT_BASE	:= $(BUILD)/kernel-base
IMAGE_BASE	:= $(KOUT_BASE)/arch/arm64/boot/Image

kernel-base: | $(BASE_STAMP)
	@scripts/base-tree.sh $(KSRC) $(KSRC_BASE) "$(KVER)" kernel/series \
		$(CONFIG_BENCH_BASELINE_PATCHES)
	$(call merge_config,$(KSRC_BASE),$(KOUT_BASE),$(KFRAGMENTS_TEST))
	+$(call kbuild,$(KSRC_BASE),$(KOUT_BASE)) LOCALVERSION=-baseline -s Image
	@echo "  KERNEL  $(IMAGE_BASE) (baseline)"

# The profiling kernel of "make profile": the test kernel with perf events
# (kernel/configs/prof.config), built in build/kernel-prof.
KOUT_PROF	:= $(BUILD)/kernel-prof
IMAGE_PROF	:= $(KOUT_PROF)/arch/arm64/boot/Image

kernel-prof: $(TREE_STAMP)
	$(call merge_config,$(KSRC),$(KOUT_PROF),$(KFRAGMENTS_TEST) \
		kernel/configs/prof.config)
	+$(call kbuild,$(KSRC),$(KOUT_PROF)) -s Image
	@echo "  KERNEL  $(IMAGE_PROF) (perf events)"

kernel-patches: | $(BASE_STAMP)
	@scripts/src-patches.sh $(KSRC) "$(KVER)" kernel

# Findings kept on purpose are listed, with reasons, in
# kernel/checkpatch.exceptions.
checkpatch: | $(BASE_STAMP)
	@scripts/checkpatch.sh $(KSRC) kernel/checkpatch.exceptions --strict \
		$(addprefix $(TOP)/,$(PATCHES))

.PHONY: tree kernel kernel-base kernel-prof selftests kernel-patches checkpatch
