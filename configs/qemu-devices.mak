# The devices of the QEMU built for the test guest (mk/qemu.mk), which is
# configured --without-default-devices: the virt machine and what
# guest/its-migrate.sh puts in it, virtio-blk-pci disks on the root bus
# and behind pcie-pci-bridges.  Kconfig's "select"s add the rest.
CONFIG_ARM_VIRT=y
CONFIG_VIRTIO_PCI=y
CONFIG_VIRTIO_BLK=y
CONFIG_PCIE_PORT=y
CONFIG_PCIE_PCI_BRIDGE=y
