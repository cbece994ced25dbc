#!/bin/sh
# The main job ("make run").  Until the migration harness exists, run the
# upstream ITS stress test at its default scale and print its result.
echo "run: vgic_lpi_stress (upstream kvm selftest), default scale"
vgic_lpi_stress
