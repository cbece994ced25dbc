# The devices of the QEMU built for the test guest (mk/qemu.mk), which is
# configured --without-default-devices: the virt machine and what
# guest/tests/its-migrate.sh puts in it, virtio-blk-pci disks on the root bus
# and behind pcie-pci-bridges.  Kconfig's "select"s add the rest, but not
# all of it in 10.2: pcie-pci-bridge calls into PCI_BRIDGE, and virt's
# ACPI_CXL into CXL (its stubs lack cxl_fmws_get_all_sorted()), which
# depends on PXB and calls into CXL_MEM_DEVICE.
CONFIG_ARM_VIRT=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_BLK=y
CONFIG_PCIE_PORT=y
CONFIG_PCIE_PCI_BRIDGE=y
CONFIG_PCI_BRIDGE=y
CONFIG_PXB=y
CONFIG_CXL=y
CONFIG_CXL_MEM_DEVICE=y
