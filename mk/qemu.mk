# SPDX-License-Identifier: GPL-2.0
#
# QEMU for the test guest: Debian's QEMU source with qemu-patches/ applied
# (build/qemu, a git tree like build/linux), cross-built into a static
# arm64 qemu-system-aarch64 with KVM only (build/qemu-build).

QVER		:= $(call unquote,$(CONFIG_QEMU_PKG_VERSION))
QSRC		:= $(BUILD)/qemu
QOUT		:= $(BUILD)/qemu-build
QEMU_ARM64	:= $(QOUT)/qemu-system-aarch64
QBASE_STAMP	:= $(QSRC)/.git/its-precopy-base
QTREE_STAMP	:= $(QSRC)/.git/its-precopy-series
QPATCHES	:= $(addprefix qemu-patches/,$(shell grep -v '^\#' qemu-patches/series))

QEMU_CONFIGURE	:= --cross-prefix=$(CROSS) --cc="ccache $(CROSS)gcc" \
		   --target-list=aarch64-softmmu --enable-kvm --disable-tcg \
		   --static --disable-docs --disable-tools --disable-user \
		   --disable-werror --without-default-features \
		   --enable-fdt=system --disable-install-blobs \
		   --python=/usr/bin/python3

$(QBASE_STAMP): | deps
	@tarball=$$(scripts/qemu-source.sh "$(QVER)" $(CACHE)/qemu-src \
		$(BUILD)/qemu-src) && \
	scripts/src-tree.sh base qemu "$(QVER)" $$tarball $(QSRC) $(CACHE)
	@scripts/qemu-stub-blobs.sh $(QSRC)

qemu-tree: | $(QBASE_STAMP)
	@scripts/src-tree.sh apply qemu "$(QVER)" $(QSRC) qemu-patches/series

$(QTREE_STAMP): qemu-tree ;

$(QOUT)/build.ninja: $(QTREE_STAMP)
	@mkdir -p $(QOUT)
	cd $(QOUT) && $(QSRC)/configure $(QEMU_CONFIGURE) > configure.log || \
		{ tail -n 30 configure.log; exit 1; }

qemu: $(QOUT)/build.ninja
	ninja -C $(QOUT) -j$(JOBS) qemu-system-aarch64
	@echo "  QEMU    $(QEMU_ARM64)"

qemu-patches: | $(QBASE_STAMP)
	@scripts/src-patches.sh $(QSRC) "$(QVER)" qemu-patches

qemu-checkpatch: | $(QBASE_STAMP)
	@scripts/checkpatch.sh $(QSRC) qemu-patches/checkpatch.exceptions \
		$(addprefix $(TOP)/,$(QPATCHES))

.PHONY: qemu-tree qemu qemu-patches qemu-checkpatch
