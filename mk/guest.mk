# SPDX-License-Identifier: GPL-2.0
#
# The test guest: an initramfs with busybox, the init and test runner from
# guest/, the kvm selftests and our tools, booted by scripts/guest.sh.

INITRD		:= $(BUILD)/initramfs/initramfs.cpio.gz
IROOT		:= $(BUILD)/initramfs/root
GEN_INIT_CPIO	:= $(BUILD)/tools/gen_init_cpio
BUSYBOX		:= /bin/busybox

# $(call guest_args,KERNEL,EXTRA): what scripts/guest.sh needs to boot the
# test guest on KERNEL.  EXTRA goes on the kernel command line: what is
# particular to one boot (which list, which tests, a tag), never a
# project option, which the guest reads from /its/config.
guest_args = KERNEL=$(1) INITRD=$(INITRD) \
		  SMP=$(CONFIG_GUEST_SMP) MEM=$(CONFIG_GUEST_MEM_MB) \
		  TIMEOUT=$(CONFIG_GUEST_TIMEOUT) APPEND="$(2)"

# The guest's /its/config, which its init sources: build/.config as it
# is, then the CONFIG_ values given on make's command line (make test
# CONFIG_TEST_FILTER=...), which win.
CONFIG_CMDLINE	= $(foreach v,$(filter CONFIG_%,$(.VARIABLES)),\
		  $(if $(filter command line,$(origin $(v))),$(v)))
guest_config	= { cat $(PROJCONFIG); $(foreach v,$(CONFIG_CMDLINE),\
		  echo "$(v)='$(call unquote,$($(v)))'";) } > $(1)

GUEST_ARGS	= $(call guest_args,$(IMAGE))

# make test's second boot, on the debug kernel (Kconfig TEST_DEBUG): the
# tests that match TEST_DEBUG_FILTER (and TEST_FILTER), named "debug: ...".
DEBUG_IMAGE	:= $(BUILD)/kernel-debug/arch/arm64/boot/Image
DEBUG_GUEST_ARGS = $(call guest_args,$(DEBUG_IMAGE),itsp.tag=debug \
		  itsp.only=$(call unquote,$(CONFIG_TEST_DEBUG_FILTER)))

# make test's boot on the backport kernel (Kconfig TEST_BACKPORT): the
# tests of TEST_BACKPORT_FILTER, with the backport's selftests, which the
# initramfs holds beside the primary line's, named "6.12: ...".
BP_SELFTESTS	:= $(if $(filter y,$(CONFIG_TEST_BACKPORT)),selftests-backport)
BACKPORT_GUEST_ARGS = $(call guest_args,$(IMAGE_BP),itsp.tag=$(KLINE_BP) \
		  itsp.selftests=/its/selftests-$(KLINE_BP) \
		  itsp.only=$(call unquote,$(CONFIG_TEST_BACKPORT_FILTER)))

# What goes into the guest's /its/, flat: the runner and the main job
# (guest/boot/), the test scenarios and their lists (guest/tests/), the
# benchmark drivers and theirs (guest/bench/).
GUEST_SCRIPTS	:= guest/boot/runner guest/boot/run.sh \
		   $(wildcard guest/tests/*.sh guest/bench/*.sh)
GUEST_LISTS	:= $(wildcard guest/tests/*.list guest/bench/*.list)

$(GEN_INIT_CPIO): | kernel-src
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $(KSRC)/usr/gen_init_cpio.c

# The inner guest of the QEMU migration tests (guest/tests/its-migrate.sh):
# the test kernel and an initramfs with busybox and guest/inner/init, both
# copied into the test guest's /its/inner.  guest/inner/its-inject.c
# queues the ITS commands of the failed-write test (its-migrate.sh -x fail).
INNER_ROOT	:= $(BUILD)/initramfs/inner-root
INNER_INITRD	:= $(BUILD)/initramfs/inner.cpio.gz
ITS_INJECT	:= $(BUILD)/initramfs/its-inject

$(ITS_INJECT): guest/inner/its-inject.c
	@mkdir -p $(dir $@)
	$(CROSS)gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

inner-initramfs: $(GEN_INIT_CPIO) $(ITS_INJECT)
	@rm -rf $(INNER_ROOT) && mkdir -p $(INNER_ROOT)/bin
	@install -m 755 $(BUSYBOX) $(INNER_ROOT)/bin/busybox
	@install -m 755 $(ITS_INJECT) $(INNER_ROOT)/bin/its-inject
	@install -m 755 guest/inner/init $(INNER_ROOT)/init
	@scripts/mkinitramfs.sh $(GEN_INIT_CPIO) $(INNER_ROOT) $(INNER_INITRD)

# Rebuilt on every call (a few seconds): its inputs are whole build trees.
GUEST_QEMU	:= $(if $(filter y,$(CONFIG_BUILD_QEMU)),kernel qemu inner-initramfs)

# itsmig is left out when the kernel has no ITS pre-copy (mk/userspace.mk).
initramfs: selftests $(BP_SELFTESTS) userspace itsmig $(GUEST_QEMU) \
		$(GEN_INIT_CPIO)
	@file -L $(BUSYBOX) | grep -q aarch64 || \
		{ echo "$(BUSYBOX) is not arm64: run 'make deps'"; exit 1; }
	@rm -rf $(IROOT) && mkdir -p $(IROOT)/bin $(IROOT)/its/selftests
	@install -m 755 $(BUSYBOX) $(IROOT)/bin/busybox
	@install -m 755 guest/boot/init $(IROOT)/init
	@install -m 755 $(GUEST_SCRIPTS) $(IROOT)/its/
	@install -m 644 $(GUEST_LISTS) $(IROOT)/its/
	@$(call guest_config,$(IROOT)/its/config)
	@find $(SELFTESTS) -type f -perm -u+x ! -name '*.o' \
		-exec install -m 755 {} $(IROOT)/its/selftests/ \;
	$(if $(BP_SELFTESTS),@mkdir -p $(IROOT)/its/selftests-$(KLINE_BP) && \
		find $(SELFTESTS_BP) -type f -perm -u+x ! -name '*.o' \
		-exec install -m 755 {} $(IROOT)/its/selftests-$(KLINE_BP)/ \;)
	@install -D -m 755 $(US_ARM64)/its-dump $(IROOT)/its/bin/its-dump
	@install -m 755 $(US_ARM64)/kprof $(IROOT)/its/bin/kprof
	@[ ! -f $(ITSMIG) ] || install -m 755 $(ITSMIG) $(IROOT)/its/bin/itsmig
	@install -m 755 $(QMP_ARM64) $(IROOT)/its/bin/qmp
	$(if $(GUEST_QEMU),@install -D -m 755 -s --strip-program=$(CROSS)strip \
		$(QEMU_ARM64) $(IROOT)/its/bin/qemu-system-aarch64)
	$(if $(GUEST_QEMU),@install -D -m 644 $(IMAGE) $(IROOT)/its/inner/Image)
	$(if $(GUEST_QEMU),@install -D -m 644 $(INNER_INITRD) $(IROOT)/its/inner/initramfs.cpio.gz)
	@scripts/mkinitramfs.sh $(GEN_INIT_CPIO) $(IROOT) $(INITRD)
	@echo "  INITRD  $(INITRD) ($$(du -h $(INITRD) | cut -f1))"

.PHONY: initramfs inner-initramfs
