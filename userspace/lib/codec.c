// SPDX-License-Identifier: GPL-2.0
/*
 * Entry codec: ITS table ABI rev0 entries and GITS_BASER, bit for bit as
 * arch/arm64/kvm/vgic/vgic-its.c packs them.  Calls nothing else of the
 * library.  See its_codec.h.
 */
#include <errno.h>

#include "internal.h"
#include "its_codec.h"

#define DTE_VALID		BIT64(63)
#define DTE_NEXT_SHIFT		49
#define DTE_ITT_SHIFT		5
#define DTE_ITT_BITS		44	/* ITT_addr[51:8] */

#define ITE_NEXT_SHIFT		48
#define ITE_PINTID_SHIFT	16

#define CTE_VALID		BIT64(63)
#define CTE_RDBASE_SHIFT	16
#define CTE_RDBASE_BITS		36	/* bits 51:16 */

#define L1E_VALID		BIT64(63)
#define L1E_ADDR_MASK		MASK64(51, 16)

#define BASER_VALID		BIT64(63)
#define BASER_INDIRECT		BIT64(62)
#define BASER_PA_LIMIT		BIT64(52)

uint64_t its_le64_get(const void *p)
{
	const uint8_t *b = p;
	uint64_t val = 0;
	int i;

	for (i = 7; i >= 0; i--)
		val = val << 8 | b[i];
	return val;
}

void its_le64_put(void *p, uint64_t val)
{
	uint8_t *b = p;
	int i;

	for (i = 0; i < 8; i++)
		b[i] = val >> (8 * i);
}

/* An invalid DTE is all zeroes: KVM never writes one, the guest zeroes. */
int its_dte_encode(const struct its_dte *dte, uint64_t *raw)
{
	if (!dte->valid) {
		*raw = 0;
		return 0;
	}
	if (dte->next > ITS_DTE_NEXT_MAX || dte->itt_addr & 0xff ||
	    dte->itt_addr >= BASER_PA_LIMIT ||
	    dte->eventid_bits < 1 || dte->eventid_bits > 32)
		return -ERANGE;

	*raw = DTE_VALID | (uint64_t)dte->next << DTE_NEXT_SHIFT |
	       (dte->itt_addr >> 8) << DTE_ITT_SHIFT |
	       (dte->eventid_bits - 1);
	return 0;
}

void its_dte_decode(uint64_t raw, struct its_dte *dte)
{
	dte->valid = raw & DTE_VALID;
	dte->next = FIELD_GET64(raw, 62, 49);
	dte->itt_addr = FIELD_GET64(raw, 48, 5) << 8;
	dte->eventid_bits = FIELD_GET64(raw, 4, 0) + 1;
}

int its_ite_encode(const struct its_ite *ite, uint64_t *raw)
{
	if (ite->next > ITS_ITE_NEXT_MAX)
		return -ERANGE;

	*raw = (uint64_t)ite->next << ITE_NEXT_SHIFT |
	       (uint64_t)ite->pintid << ITE_PINTID_SHIFT | ite->icid;
	return 0;
}

void its_ite_decode(uint64_t raw, struct its_ite *ite)
{
	ite->next = FIELD_GET64(raw, 63, 48);
	ite->pintid = FIELD_GET64(raw, 47, 16);
	ite->icid = FIELD_GET64(raw, 15, 0);
}

int its_cte_encode(const struct its_cte *cte, uint64_t *raw)
{
	if (cte->rdbase >= BIT64(CTE_RDBASE_BITS))
		return -ERANGE;

	*raw = (cte->valid ? CTE_VALID : 0) |
	       cte->rdbase << CTE_RDBASE_SHIFT | cte->icid;
	return 0;
}

void its_cte_decode(uint64_t raw, struct its_cte *cte)
{
	cte->valid = raw & CTE_VALID;
	cte->rdbase = FIELD_GET64(raw, 51, 16);
	cte->icid = FIELD_GET64(raw, 15, 0);
}

int its_l1e_encode(const struct its_l1e *l1e, uint64_t *raw)
{
	if (l1e->l2_addr & ~L1E_ADDR_MASK)
		return -ERANGE;

	*raw = (l1e->valid ? L1E_VALID : 0) | l1e->l2_addr;
	return 0;
}

void its_l1e_decode(uint64_t raw, struct its_l1e *l1e)
{
	l1e->valid = raw & L1E_VALID;
	l1e->l2_addr = raw & L1E_ADDR_MASK;
}

static int page_size_field(unsigned int page_size)
{
	switch (page_size) {
	case 0x1000:
		return 0;
	case 0x4000:
		return 1;
	case 0x10000:
		return 2;
	default:
		return -1;
	}
}

/* Builds a BASER as KVM holds it; baser->raw and ->size are ignored. */
int its_baser_encode(const struct its_baser *b, uint64_t *raw)
{
	int psz = page_size_field(b->page_size);

	if (psz < 0 || b->nr_pages < 1 || b->nr_pages > 256 ||
	    b->entry_size < 1 || b->entry_size > 32 || b->type > 7 ||
	    b->addr & (ITS_PAGE_SZ - 1) || b->addr >= BASER_PA_LIMIT)
		return -ERANGE;

	*raw = (b->valid ? BASER_VALID : 0) |
	       (b->indirect ? BASER_INDIRECT : 0) |
	       (uint64_t)b->type << 56 |
	       (uint64_t)(b->entry_size - 1) << 48 |
	       (b->addr & MASK64(47, 16)) |
	       FIELD_GET64(b->addr, 51, 48) << 12 |
	       (uint64_t)psz << 8 | (b->nr_pages - 1);
	return 0;
}

void its_baser_decode(uint64_t raw, struct its_baser *b)
{
	static const unsigned int page_sizes[] = { 0x1000, 0x4000, 0x10000, 0 };

	b->raw = raw;
	b->valid = raw & BASER_VALID;
	b->indirect = raw & BASER_INDIRECT;
	b->type = FIELD_GET64(raw, 58, 56);
	b->entry_size = FIELD_GET64(raw, 52, 48) + 1;
	b->page_size = page_sizes[FIELD_GET64(raw, 9, 8)];
	b->nr_pages = FIELD_GET64(raw, 7, 0) + 1;
	/* GITS_BASER_ADDR_48_to_52(): KVM uses 64K pages only. */
	b->addr = (raw & MASK64(47, 16)) | FIELD_GET64(raw, 15, 12) << 48;
	b->size = b->nr_pages * ITS_PAGE_SZ;
}
