/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to userspace/lib: the bit helpers of codec.c, walk.c and check.c.
 * its_abi.h does not include it.
 */
#ifndef ITS_LIB_INTERNAL_H
#define ITS_LIB_INTERNAL_H

#define BIT64(n)		(1ULL << (n))
#define MASK64(h, l)		((~0ULL >> (63 - (h))) & ~(BIT64(l) - 1))
#define FIELD_GET64(raw, h, l)	(((raw) & MASK64(h, l)) >> (l))

#endif /* ITS_LIB_INTERNAL_H */
