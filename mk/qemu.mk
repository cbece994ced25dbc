# SPDX-License-Identifier: GPL-2.0
#
# QEMU for the test guest: Debian's QEMU source of the line QEMU_LINE
# (10.2; the newest upload, or QEMU_PIN) with qemu-patches/ applied
# (build/qemu, a git tree like build/linux), cross-built into a static
# arm64 qemu-system-aarch64 with KVM only and the devices of
# configs/qemu-devices.mak (build/qemu-build).

QLINE		:= $(call pcfg,QEMU_LINE)
QPIN		:= $(call pcfg,QEMU_PIN)
QSRC		:= $(BUILD)/qemu
QOUT		:= $(BUILD)/qemu-build
QEMU_ARM64	:= $(QOUT)/qemu-system-aarch64
QTREE_STAMP	:= $(QSRC)/.git/its-precopy-series
QPATCHES	:= $(addprefix qemu-patches/,$(shell grep -v '^\#' qemu-patches/series))

QEMU_CONFIGURE	:= --cross-prefix=$(CROSS) --cc="ccache $(CROSS)gcc" \
		   --target-list=aarch64-softmmu --enable-kvm --disable-tcg \
		   --static --disable-docs --disable-tools --disable-user \
		   --disable-werror --without-default-features \
		   --enable-fdt=system --disable-install-blobs \
		   --without-default-devices --with-devices-aarch64=its-precopy \
		   --python=/usr/bin/python3

qemu-src: | deps
	@scripts/src-tree.sh base qemu "$(QLINE)" "$(QPIN)" $(QSRC) \
		$(CACHE) $(BUILD)
	@scripts/qemu-stub-blobs.sh $(QSRC)

qemu-tree: qemu-src
	@scripts/src-tree.sh apply $(QSRC) qemu-patches/series

$(QTREE_STAMP): qemu-tree ;

# configure looks for the device list in the source tree; like the stub
# blobs it stays out of git there.
QDEVICES_REL	:= configs/devices/aarch64-softmmu/its-precopy.mak
QDEVICES	:= $(QSRC)/$(QDEVICES_REL)

$(QOUT)/build.ninja: $(QTREE_STAMP) configs/qemu-devices.mak
	@mkdir -p $(QOUT)
	@cp configs/qemu-devices.mak $(QDEVICES)
	@grep -qx '/$(QDEVICES_REL)' $(QSRC)/.git/info/exclude 2>/dev/null || \
		echo '/$(QDEVICES_REL)' >> $(QSRC)/.git/info/exclude
	cd $(QOUT) && $(QSRC)/configure $(QEMU_CONFIGURE) > configure.log || \
		{ tail -n 30 configure.log; exit 1; }

qemu: $(QOUT)/build.ninja
	ninja -C $(QOUT) -j$(JOBS) qemu-system-aarch64
	@echo "  QEMU    $(QEMU_ARM64)"

qemu-patches: qemu-src
	@scripts/src-patches.sh $(QSRC) qemu-patches

qemu-checkpatch: qemu-src
	@scripts/checkpatch.sh $(QSRC) qemu-patches/checkpatch.exceptions \
		$(addprefix $(TOP)/,$(QPATCHES))

.PHONY: qemu-src qemu-tree qemu qemu-patches qemu-checkpatch
