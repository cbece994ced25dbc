#!/bin/sh
# The main job ("make run"): one VM with many ITS devices migrated by
# itsmig in this guest, without and with ITS pre-copy (and with both
# pre-copies), and the downtimes, split into their parts.  Its options:
# Kconfig RUN_ARGS, from /its/config.
args=${CONFIG_RUN_ARGS:?no CONFIG_RUN_ARGS: /its/config sets it}
echo "run: itsmig compare $args"
# kvm selftests load their own ELF through argv[0]: give a full path.
# shellcheck disable=SC2086 # RUN_ARGS is a list of options
/its/bin/itsmig compare $args
