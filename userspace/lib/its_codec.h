/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry codec (codec.c): ITS table ABI rev0 entries and GITS_BASER, packed
 * and unpacked the way KVM does.  Depends on nothing else of the library.
 */
#ifndef ITS_CODEC_H
#define ITS_CODEC_H

#include <stdbool.h>
#include <stdint.h>

#define ITS_ESZ			8	/* every ABI rev0 entry, LE */
#define ITS_PAGE_SZ		0x10000ULL /* KVM only walks 64K pages */
#define ITS_L2_DTES		(ITS_PAGE_SZ / ITS_ESZ)
#define ITS_MIN_LPI		8192
#define ITS_MAX_DEVID		0xffffULL  /* GITS_TYPER.Devbits = 16 */
#define ITS_MAX_EVENTID_BITS	16	   /* GITS_TYPER.ID_bits = 16 */
#define ITS_DTE_NEXT_MAX	0x3fff	   /* 2^14 - 1: "capped" offset */
#define ITS_ITE_NEXT_MAX	0xffff	   /* 2^16 - 1 */
#define ITS_COLL_NOT_MAPPED	0xffffffffU /* CTE target of MAPC V=0 */

#define ITS_BASER_TYPE_DEVICE	1
#define ITS_BASER_TYPE_COLL	4

/* Device Table Entry: | V:63 | next:62-49 | ITT_addr[51:8]:48-5 | size:4-0 | */
struct its_dte {
	bool valid;
	uint32_t next;		/* DeviceID offset to the next DTE, 0: last */
	uint64_t itt_addr;	/* 256-byte aligned, below 2^52 */
	uint32_t eventid_bits;	/* 1..32; KVM accepts at most 16 */
};

/* Interrupt Translation Entry: | next:63-48 | pINTID:47-16 | ICID:15-0 | */
struct its_ite {
	uint32_t next;		/* EventID offset to the next ITE, 0: last */
	uint32_t pintid;	/* 0: invalid entry */
	uint16_t icid;
};

/* Collection Table Entry: | V:63 | RES0:62-52 | RDBase:51-16 | ICID:15-0 | */
struct its_cte {
	bool valid;
	uint64_t rdbase;	/* vCPU id; KVM itself only reads bits 47:16 */
	uint16_t icid;
};

/* Level 1 device table entry: | V:63 | L2 page address[51:16] | */
struct its_l1e {
	bool valid;
	uint64_t l2_addr;	/* 64K aligned */
};

/*
 * GITS_BASER<n>, read the way KVM reads it: the address is bits 47:16
 * with PA[51:48] in bits 15:12 (64K pages), and the table is walked as
 * nr_pages * 64K bytes whatever the Page_Size field says.
 */
struct its_baser {
	uint64_t raw;
	bool valid;
	bool indirect;
	unsigned int type;	  /* ITS_BASER_TYPE_*, 0 if unset */
	unsigned int entry_size;  /* Entry_Size + 1, in bytes */
	unsigned int page_size;	  /* from Page_Size; 0 if reserved */
	unsigned int nr_pages;	  /* Size + 1 */
	uint64_t addr;
	uint64_t size;		  /* nr_pages * 64K */
};

uint64_t its_le64_get(const void *p);
void its_le64_put(void *p, uint64_t val);

/* Encoders return 0, or -ERANGE when a field does not fit its bits. */
int its_dte_encode(const struct its_dte *dte, uint64_t *raw);
void its_dte_decode(uint64_t raw, struct its_dte *dte);
int its_ite_encode(const struct its_ite *ite, uint64_t *raw);
void its_ite_decode(uint64_t raw, struct its_ite *ite);
int its_cte_encode(const struct its_cte *cte, uint64_t *raw);
void its_cte_decode(uint64_t raw, struct its_cte *cte);
int its_l1e_encode(const struct its_l1e *l1e, uint64_t *raw);
void its_l1e_decode(uint64_t raw, struct its_l1e *l1e);
int its_baser_encode(const struct its_baser *baser, uint64_t *raw);
void its_baser_decode(uint64_t raw, struct its_baser *baser);

/* The vCPU id KVM restores a collection to (bits 47:16 of the CTE). */
static inline uint32_t its_cte_vcpu(const struct its_cte *cte)
{
	return (uint32_t)cte->rdbase;
}

/* Bytes of the ITT a DTE describes, as KVM's restore scans it. */
static inline uint64_t its_itt_size(const struct its_dte *dte)
{
	return (1ULL << dte->eventid_bits) * ITS_ESZ;
}

/* KVM rejects a DTE with more EventID bits than GITS_TYPER offers. */
static inline bool its_dte_itt_ok(const struct its_dte *dte)
{
	return dte->eventid_bits >= 1 &&
	       dte->eventid_bits <= ITS_MAX_EVENTID_BITS;
}

#endif /* ITS_CODEC_H */
