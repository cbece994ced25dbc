#!/bin/sh
# The main job ("make run"): one VM with many ITS devices migrated twice
# by itsmig in this guest, without and with ITS table pre-copy, and the
# downtime of both, split into its parts.  RUN_ARGS: Kconfig RUN_ARGS.
args=${RUN_ARGS:--v 2 -d 512 -e 16 -n 3}
echo "run: itsmig compare $args"
# kvm selftests load their own ELF through argv[0]: give a full path.
# shellcheck disable=SC2086 # RUN_ARGS is a list of options
/its/bin/itsmig compare $args
