/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM vGICv3 ITS table ABI rev0: entry codec, table walkers and a
 * consistency checker.
 *
 * KVM_DEV_ARM_ITS_SAVE_TABLES writes the in-kernel ITS state into guest
 * memory in the layout of Documentation/virt/kvm/devices/arm-vgic-its.rst
 * ("ITS Table ABI REV0"); KVM_DEV_ARM_ITS_RESTORE_TABLES reads it back by
 * following the "next" offsets of the entries.  This library decodes those
 * tables the same way the kernel's restore path does, and also scans them
 * for every valid entry so that the two views can be compared.
 *
 * The library does no I/O of its own: guest memory is reached through
 * struct its_mem, so the same code serves a memory image on disk
 * (its-dump) and a running VM (itsmig).
 *
 * One header a layer, each including the one below it:
 *   its_codec.h  entry codec (codec.c)
 *   its_walk.h   guest memory and table walkers (walk.c)
 *   its_state.h  state, findings and the checks (state.c, check.c)
 */
#ifndef ITS_ABI_H
#define ITS_ABI_H

#include "its_codec.h"
#include "its_walk.h"
#include "its_state.h"

#endif /* ITS_ABI_H */
