# SPDX-License-Identifier: GPL-2.0
#
# The QMP client (userspace/qmp/) that drives QEMU in the test guest's
# migration tests: static for arm64 (build/userspace/arm64/qmp), and for
# the host with its test, run by "make test" against the host's QEMU.
#
# Included by the top Makefile after mk/userspace.mk, whose variables
# (US_*, HOST_TESTS) it uses.

QMP_SRC		:= $(US_SRC)/qmp/qmp.c
QMP_TEST	:= $(TOP)/tests/test_qmp.sh
QMP_ARM64	:= $(US_ARM64)/qmp

$(US_HOST)/qmp: $(QMP_SRC) | $(US_HOST)
	$(US_CC) $(US_CFLAGS) -o $@ $<

$(QMP_ARM64): $(QMP_SRC) | $(US_ARM64)
	$(US_CROSS_CC) $(US_CFLAGS) -static -o $@ $<

$(US_SAN)/qmp: $(QMP_SRC) | $(US_SAN)
	$(US_CC) $(US_CFLAGS) $(US_SANFLAGS) -o $@ $<

$(HOST_TESTS)/test_qmp.t: $(QMP_TEST) $(US_HOST)/qmp | $(HOST_TESTS)
	@printf '#!/bin/sh\nexec %s %s\n' '$(QMP_TEST)' '$(US_HOST)/qmp' \
		> $@.tmp
	@chmod +x $@.tmp && mv $@.tmp $@

userspace: $(US_HOST)/qmp $(QMP_ARM64)
host-tests: $(HOST_TESTS)/test_qmp.t

qmp-test-san: $(US_SAN)/qmp
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 $(QMP_TEST) $(US_SAN)/qmp

host-tests-san: qmp-test-san

.PHONY: qmp-test-san
