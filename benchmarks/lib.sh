# SPDX-License-Identifier: GPL-2.0
# Shared by the benchmark scripts: sourced, not run.

# kname LOG: the guest kernel a console log's vgic_its_precopy_perf ran on,
# or, in a run without it, the kernel the guest's first line names.
kname() {
	{
		sed -n 's/^# # vgic_its_precopy_perf: //p' "$1"
		sed -n 's/^its-precopy guest: \([^,]*\),.*/Linux \1/p' "$1"
	} | head -n 1
}

# machine_header NAME GUEST: the lines above the data of a results CSV,
# saying what ran where and when, and from which sources (build/versions,
# or $VERSIONS).
machine_header() {
	local cpu versions=${VERSIONS:-build/versions}

	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	echo "# $1, $(date -u +%Y-%m-%d)"
	echo "# host: $cpu, $(nproc) cores, $(uname -r)"
	echo "# guest: $2, KVM nested under QEMU TCG"
	[ ! -f "$versions" ] ||
		echo "# sources: $(paste -sd, "$versions" | sed 's/,/, /g')"
}
