# SPDX-License-Identifier: GPL-2.0
#
# Userspace tools (userspace/) and their host tests.
#
#   userspace        its-dump for the host (build/userspace/host/) and, static,
#                    for the arm64 test guest (build/userspace/arm64/), with
#                    kprof, the guest's kernel profiler
#   itsmig           the migration harness, static arm64, linked with the kvm
#                    selftests library of our tree (build/userspace/arm64/)
#   host-tests       the unit tests, each installed as an executable
#                    build/host-tests/<name>.t printing TAP, which
#                    scripts/test.sh runs; "make test" builds them first
#   host-tests-san   the same tests built with ASan and UBSan, run now
#   userspace-cppcheck  cppcheck over userspace/
#
# Included by the top Makefile (TOP, BUILD and CROSS come from there); it
# also works alone: make -f mk/userspace.mk host-tests

TOP	?= $(CURDIR)
BUILD	?= $(TOP)/build
CROSS	?= aarch64-linux-gnu-

US_CC		?= cc
US_CROSS_CC	?= $(CROSS)gcc
US_CFLAGS	:= -Wall -Wextra -Werror -O2 -g -std=gnu11
US_SANFLAGS	:= -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer

US_SRC		:= $(TOP)/userspace
US_HOST		:= $(BUILD)/userspace/host
US_ARM64	:= $(BUILD)/userspace/arm64
US_SAN		:= $(BUILD)/userspace/host-san
HOST_TESTS	:= $(BUILD)/host-tests

# The library, one layer a file, each calling only those before it.
US_LIB_SRCS	:= $(addprefix $(US_SRC)/lib/,codec.c walk.c state.c check.c)
US_LIB_H	:= $(wildcard $(US_SRC)/lib/*.h)
US_FX_C		:= $(TOP)/tests/its_fixture.c
US_FX_H		:= $(TOP)/tests/its_fixture.h
US_DUMP_TEST	:= $(TOP)/tests/test_its_dump.sh
US_TAP_H	:= $(TOP)/tests/tap.h
US_MIG		:= $(US_SRC)/itsmig
US_PROTO	:= $(US_MIG)/proto.c $(US_MIG)/xfer.c $(US_MIG)/net.c
US_PROTO_H	:= $(US_MIG)/proto.h $(US_MIG)/xfer.h $(US_MIG)/net.h

# $(call us_lib,DIR): the library's objects in DIR.
us_lib		= $(patsubst $(US_SRC)/lib/%.c,$(1)/%.o,$(US_LIB_SRCS))

# $(call us_tools,DIR,CC,CFLAGS,LDFLAGS): the library and its-dump in DIR.
define us_tools
$(call us_lib,$(1)): $(1)/%.o: $(US_SRC)/lib/%.c $(US_LIB_H) | $(1)
	$(2) $(US_CFLAGS) $(3) -c -o $$@ $$<

$(1)/its-dump.o: $(US_SRC)/its-dump/its-dump.c $(US_LIB_H) | $(1)
	$(2) $(US_CFLAGS) $(3) -I$(US_SRC)/lib -c -o $$@ $$<

$(1)/its-dump: $(1)/its-dump.o $(call us_lib,$(1))
	$(2) $(3) $(4) -o $$@ $$^
endef

# $(call us_tests,DIR,CC,CFLAGS,LDFLAGS): the test programs in DIR.
define us_tests
$(1)/its_fixture.o: $(US_FX_C) $(US_FX_H) $(US_LIB_H) | $(1)
	$(2) $(US_CFLAGS) $(3) -I$(US_SRC)/lib -c -o $$@ $$<

$(1)/test_its_abi.o: $(TOP)/tests/test_its_abi.c $(US_FX_H) \
		$(US_LIB_H) $(US_TAP_H) | $(1)
	$(2) $(US_CFLAGS) $(3) -I$(US_SRC)/lib -c -o $$@ $$<

$(1)/gen_its_image.o: $(TOP)/tests/gen_its_image.c $(US_FX_H) \
		$(US_LIB_H) | $(1)
	$(2) $(US_CFLAGS) $(3) -I$(US_SRC)/lib -c -o $$@ $$<

$(1)/test_its_abi: $(1)/test_its_abi.o $(1)/its_fixture.o \
		$(call us_lib,$(1))
	$(2) $(3) $(4) -o $$@ $$^

$(1)/gen_its_image: $(1)/gen_its_image.o $(1)/its_fixture.o \
		$(call us_lib,$(1))
	$(2) $(3) $(4) -o $$@ $$^

$(1)/test_itsmig_proto: $(TOP)/tests/test_itsmig_proto.c $(US_PROTO) \
		$(US_PROTO_H) $(US_TAP_H) | $(1)
	$(2) $(US_CFLAGS) $(3) -I$(US_MIG) -I$(TOP)/tests $(4) -o $$@ \
		$$(filter %.c,$$^) -luring -lpthread
endef

$(eval $(call us_tools,$(US_HOST),$(US_CC),,))
$(eval $(call us_tests,$(US_HOST),$(US_CC),,))
# Static: the test guest's initramfs has no arm64 libc.
$(eval $(call us_tools,$(US_ARM64),$(US_CROSS_CC),,-static))
$(eval $(call us_tools,$(US_SAN),$(US_CC),$(US_SANFLAGS),))
$(eval $(call us_tests,$(US_SAN),$(US_CC),$(US_SANFLAGS),))

$(US_HOST) $(US_ARM64) $(US_SAN) $(HOST_TESTS):
	@mkdir -p $@

# kprof, the kernel sampling profiler of "make profile" (guest only).
$(US_ARM64)/kprof: $(US_SRC)/kprof/kprof.c | $(US_ARM64)
	$(US_CROSS_CC) $(US_CFLAGS) -static -o $@ $<

userspace: $(US_HOST)/its-dump $(US_ARM64)/its-dump $(US_ARM64)/kprof

# itsmig is built the way the kvm selftests are (their flags and headers:
# its guest code runs in the VM) and linked with their library objects,
# so "selftests" comes first.  KSRC, KOUT and SELFTESTS: mk/kernel.mk.
ST_SRC		= $(KSRC)/tools/testing/selftests/kvm
# The arm64 directory of the selftests: arm64/ since 6.15, aarch64/ before.
ST_ARCH		= $(notdir $(firstword $(wildcard $(ST_SRC)/lib/arm64 \
		  $(ST_SRC)/lib/aarch64)))
ITSMIG_CFLAGS	= -Wall -Wstrict-prototypes -Werror -O2 -g -std=gnu99 \
		  -D_GNU_SOURCE= -DCONFIG_64BIT -U_FORTIFY_SOURCE \
		  -fno-builtin-memcmp \
		  -fno-builtin-memcpy -fno-builtin-memset \
		  -fno-builtin-strnlen -fno-stack-protector -fno-PIE \
		  -fno-strict-aliasing -I$(KSRC)/tools/include \
		  -I$(KSRC)/tools/arch/arm64/include \
		  -I$(KSRC)/tools/arch/arm64/include/generated \
		  -I$(ST_SRC)/include -I$(ST_SRC)/include/$(ST_ARCH) \
		  -I$(ST_SRC)/.. -isystem $(KOUT)/usr/include -I$(US_MIG)
ITSMIG_SRCS	:= $(wildcard $(US_MIG)/*.c)
ITSMIG		:= $(US_ARM64)/itsmig

# A kernel without ITS pre-copy (a line whose series is not in yet, or
# KERNEL_PRECOPY=n) has neither the uAPI nor the selftests library that
# itsmig needs: it is left out then, and its tests in the guest fail.
$(ITSMIG): $(ITSMIG_SRCS) $(wildcard $(US_MIG)/*.h) selftests | $(US_ARM64)
	@rm -f $@
	@if grep -q KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY $(KOUT)/usr/include/asm/kvm.h; then \
		echo "  CC      $@"; \
		ccache $(US_CROSS_CC) $(ITSMIG_CFLAGS) -static -pthread -no-pie \
		-o $@ $(ITSMIG_SRCS) $(SELFTESTS)/lib/*.o \
		$(SELFTESTS)/lib/$(ST_ARCH)/*.o -luring -ldl; \
	else \
		echo "  SKIP    itsmig: $(KSRC) has no ITS pre-copy"; \
	fi

itsmig: $(ITSMIG)

# A .t is a two-line script: scripts/test.sh finds tests by that name.
$(HOST_TESTS)/test_its_abi.t: $(US_HOST)/test_its_abi | $(HOST_TESTS)
	@printf '#!/bin/sh\nexec %s "$$@"\n' '$<' > $@.tmp
	@chmod +x $@.tmp && mv $@.tmp $@

$(HOST_TESTS)/test_its_dump.t: $(US_DUMP_TEST) $(US_HOST)/its-dump \
		$(US_HOST)/gen_its_image | $(HOST_TESTS)
	@printf '#!/bin/sh\nexec %s %s %s\n' '$(US_DUMP_TEST)' \
		'$(US_HOST)/its-dump' '$(US_HOST)/gen_its_image' > $@.tmp
	@chmod +x $@.tmp && mv $@.tmp $@

$(HOST_TESTS)/test_itsmig_proto.t: $(US_HOST)/test_itsmig_proto | $(HOST_TESTS)
	@printf '#!/bin/sh\nexec %s "$$@"\n' '$<' > $@.tmp
	@chmod +x $@.tmp && mv $@.tmp $@

host-tests: $(HOST_TESTS)/test_its_abi.t $(HOST_TESTS)/test_its_dump.t \
	$(HOST_TESTS)/test_itsmig_proto.t

# Leaks, overflows and undefined behaviour fail the run.
host-tests-san: $(US_SAN)/test_its_abi $(US_SAN)/its-dump \
		$(US_SAN)/gen_its_image $(US_SAN)/test_itsmig_proto
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 $(US_SAN)/test_its_abi
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 $(US_SAN)/test_itsmig_proto
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 $(US_DUMP_TEST) \
		$(US_SAN)/its-dump $(US_SAN)/gen_its_image

# variableScope: kernel style declares locals at the top of a function.
userspace-cppcheck:
	cppcheck --quiet --error-exitcode=1 --inline-suppr --std=c11 \
		--enable=warning,style,performance,portability \
		--suppress=missingIncludeSystem --suppress=variableScope \
		-I$(US_SRC)/lib -I$(TOP)/tests $(US_SRC)

userspace-clean:
	rm -rf $(BUILD)/userspace $(HOST_TESTS)

# The host tests are part of "make test"; "make clean" removes them.
test: host-tests
clean: userspace-clean

.PHONY: userspace itsmig host-tests host-tests-san userspace-cppcheck \
	userspace-clean
