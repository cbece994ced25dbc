// SPDX-License-Identifier: GPL-2.0
/*
 * KVM vGICv3 ITS table ABI rev0: entry codec, table walkers and a
 * consistency checker.  See its_abi.h.
 *
 * The restore walk mirrors scan_its_table() and its callbacks in the
 * kernel's arch/arm64/kvm/vgic/vgic-its.c, so that "consistent" here means
 * "KVM_DEV_ARM_ITS_RESTORE_TABLES restores every entry that is there".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "its_abi.h"

#define BIT64(n)		(1ULL << (n))
#define MASK64(h, l)		((~0ULL >> (63 - (h))) & ~(BIT64(l) - 1))
#define FIELD_GET64(raw, h, l)	(((raw) & MASK64(h, l)) >> (l))

#define DTE_VALID		BIT64(63)
#define DTE_NEXT_SHIFT		49
#define DTE_ITT_SHIFT		5
#define DTE_ITT_BITS		44	/* ITT_addr[51:8] */

#define ITE_NEXT_SHIFT		48
#define ITE_PINTID_SHIFT	16

#define CTE_VALID		BIT64(63)
#define CTE_RDBASE_SHIFT	16
#define CTE_RDBASE_BITS		36	/* bits 51:16 */
#define CTE_RES0_KVM		MASK64(62, 48)	/* not read back by KVM */

#define L1E_VALID		BIT64(63)
#define L1E_ADDR_MASK		MASK64(51, 16)

#define BASER_VALID		BIT64(63)
#define BASER_INDIRECT		BIT64(62)
#define BASER_PA_LIMIT		BIT64(52)

/* ---- Entry codec ---- */

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

/* ---- Reading guest memory ---- */

#define RD_BLK		4096

/*
 * RD_PARTIAL: the block straddles the end of an image or memslot, and is
 * read entry by entry.  RD_HOLE: none of it is backed.
 */
enum rd_state { RD_EMPTY, RD_OK, RD_PARTIAL, RD_HOLE };

/* A one-block cache: tables are read entry by entry, mostly in order. */
struct its_rd {
	const struct its_mem *mem;
	uint64_t blk;
	enum rd_state state;
	uint8_t buf[RD_BLK];
};

static int rd_single(struct its_rd *rd, uint64_t gpa, uint64_t *raw)
{
	uint8_t b[ITS_ESZ];

	if (rd->mem->read(rd->mem->ctx, gpa, b, sizeof(b)))
		return -EFAULT;
	*raw = its_le64_get(b);
	return 0;
}

static void rd_fill(struct its_rd *rd, uint64_t blk)
{
	uint64_t raw;

	rd->blk = blk;
	rd->state = RD_OK;
	if (!rd->mem->read(rd->mem->ctx, blk, rd->buf, RD_BLK))
		return;
	/* Memory comes in pages: unless an end is backed, none of it is. */
	rd->state = RD_PARTIAL;
	if (rd_single(rd, blk, &raw) &&
	    rd_single(rd, blk + RD_BLK - ITS_ESZ, &raw))
		rd->state = RD_HOLE;
}

/*
 * Read the entry at gpa.  Returns 0, or the number of bytes from gpa on
 * known not to be backed: the rest of a hole, or this entry.  Walking an
 * ITT that points nowhere then costs three reads per 4K, not 1024.
 */
static uint64_t rd_entry(struct its_rd *rd, uint64_t gpa, uint64_t *raw)
{
	uint64_t blk = gpa & ~(uint64_t)(RD_BLK - 1);

	if (gpa & (ITS_ESZ - 1))
		return rd_single(rd, gpa, raw) ? ITS_ESZ : 0;
	if (rd->state == RD_EMPTY || rd->blk != blk)
		rd_fill(rd, blk);
	switch (rd->state) {
	case RD_OK:
		*raw = its_le64_get(rd->buf + (gpa - blk));
		return 0;
	case RD_HOLE:
		return blk + RD_BLK - gpa;
	default:
		return rd_single(rd, gpa, raw) ? ITS_ESZ : 0;
	}
}

/* ---- Walkers ---- */

struct its_walk {
	const struct its_walk_ops *ops;
	void *arg;
	struct its_baser dev;
	struct its_baser coll;
	int abort;		/* first non-zero callback return */
	uint64_t devid;		/* device whose ITT is being walked */
	unsigned int bits;	/* and its EventID size */
	struct its_rd rd;
};

static void walk_init(struct its_walk *w, const struct its_mem *mem,
		      uint64_t baser_dev, uint64_t baser_coll,
		      const struct its_walk_ops *ops, void *arg)
{
	memset(w, 0, sizeof(*w));
	w->ops = ops;
	w->arg = arg;
	w->rd.mem = mem;
	its_baser_decode(baser_dev, &w->dev);
	its_baser_decode(baser_coll, &w->coll);
}

static void walk_call(struct its_walk *w, int ret)
{
	if (ret && !w->abort)
		w->abort = ret;
}

/*
 * Read the entry at gpa of a table that ends at end.  Returns 0, or the
 * number of bytes from gpa that cannot be read, after reporting them.
 */
static uint64_t walk_read(struct its_walk *w, enum its_table tbl,
			  uint64_t gpa, uint64_t end, uint64_t *raw)
{
	const struct its_mem *mem = w->rd.mem;
	uint64_t owner = tbl == ITS_TBL_ITT ? w->devid : 0;
	uint64_t bad;

	/* Out of budget: an invalid entry, and the walk stops. */
	if (mem->max_reads && ++*mem->nr_reads > mem->max_reads) {
		walk_call(w, -E2BIG);
		*raw = 0;
		return 0;
	}

	bad = rd_entry(&w->rd, gpa, raw);

	if (!bad)
		return 0;
	if (bad > end - gpa)
		bad = end - gpa;
	if (w->ops->unmapped)
		walk_call(w, w->ops->unmapped(w->arg, tbl, owner, gpa, bad));
	return bad;
}

static void call_dte(struct its_walk *w, uint64_t id, uint64_t gpa,
		     uint64_t raw)
{
	if (w->ops->dte)
		walk_call(w, w->ops->dte(w->arg, id, gpa, raw));
}

static void call_ite(struct its_walk *w, uint32_t event, uint64_t gpa,
		     uint64_t raw)
{
	if (w->ops->ite)
		walk_call(w, w->ops->ite(w->arg, w->devid, event, gpa, raw));
}

static void call_l1e(struct its_walk *w, uint32_t index, uint64_t gpa,
		     uint64_t raw)
{
	if (w->ops->l1e)
		walk_call(w, w->ops->l1e(w->arg, index, gpa, raw));
}

static void call_cte(struct its_walk *w, uint32_t index, uint64_t gpa,
		     uint64_t raw)
{
	if (w->ops->cte)
		walk_call(w, w->ops->cte(w->arg, index, gpa, raw));
}

/*
 * Returns <0 to stop, 0 if this was the last entry, else the ID offset
 * to the next entry to read: KVM's entry_fn_t.
 */
typedef long (*chain_fn)(struct its_walk *w, uint64_t id, uint64_t gpa,
			 uint64_t raw);

/*
 * KVM's scan_its_table(): read an entry, step by what the callback
 * returns, and end quietly (1) when the step leaves the table.
 */
static long walk_chain(struct its_walk *w, enum its_table tbl,
		       uint64_t base, uint64_t size, uint64_t id,
		       chain_fn fn)
{
	uint64_t off = 0, raw;
	long next;

	for (;;) {
		/* KVM fails on the one entry it cannot read. */
		if (walk_read(w, tbl, base + off, base + off + ITS_ESZ, &raw))
			return -EFAULT;
		next = fn(w, id, base + off, raw);
		if (w->abort)
			return -ECANCELED;
		if (next <= 0)
			return next;
		if ((uint64_t)next * ITS_ESZ >= size - off)
			return 1;
		id += next;
		off += (uint64_t)next * ITS_ESZ;
	}
}

/* vgic_its_restore_ite() */
static long restore_ite(struct its_walk *w, uint64_t event, uint64_t gpa,
			uint64_t raw)
{
	struct its_ite ite;

	its_ite_decode(raw, &ite);
	if (!ite.pintid)
		return 1;	/* invalid: KVM steps to the next entry */

	call_ite(w, event, gpa, raw);
	/* KVM fails the restore here (-EINVAL): nothing sane to follow. */
	if (event + ite.next >= BIT64(w->bits))
		return 0;
	return ite.next;
}

static void restore_itt(struct its_walk *w, uint64_t devid,
			const struct its_dte *dte)
{
	w->devid = devid;
	w->bits = dte->eventid_bits;
	walk_chain(w, ITS_TBL_ITT, dte->itt_addr, its_itt_size(dte), 0,
		   restore_ite);
}

/* vgic_its_restore_dte() */
static long restore_dte(struct its_walk *w, uint64_t id, uint64_t gpa,
			uint64_t raw)
{
	struct its_dte dte;

	its_dte_decode(raw, &dte);
	if (!dte.valid)
		return 1;

	call_dte(w, id, gpa, raw);
	if (!w->abort && its_dte_itt_ok(&dte))
		restore_itt(w, id, &dte);
	return dte.next;
}

/* handle_l1_dte(): 0 ends the whole table, 1 goes on to the next L1E. */
static long restore_l1e(struct its_walk *w, uint64_t index, uint64_t gpa,
			uint64_t raw)
{
	struct its_l1e l1e;
	long ret;

	its_l1e_decode(raw, &l1e);
	if (!l1e.valid)
		return 1;

	call_l1e(w, index, gpa, raw);
	if (w->abort)
		return -ECANCELED;
	ret = walk_chain(w, ITS_TBL_DEV, l1e.l2_addr, ITS_PAGE_SZ,
			 index * ITS_L2_DTES, restore_dte);
	/* KVM fails on an unreadable L2 page; look at the next one. */
	if (ret < 0 && !w->abort)
		return 1;
	return ret;
}

static void restore_devices(struct its_walk *w)
{
	const struct its_baser *b = &w->dev;

	if (!b->valid)
		return;
	if (b->indirect)
		walk_chain(w, ITS_TBL_L1, b->addr, b->size, 0, restore_l1e);
	else
		walk_chain(w, ITS_TBL_DEV, b->addr, b->size, 0, restore_dte);
}

/* The first invalid CTE ends the table; KVM ignores BASER.Indirect. */
static void restore_collections(struct its_walk *w)
{
	const struct its_baser *b = &w->coll;
	struct its_cte cte;
	uint64_t off, raw;

	if (!b->valid)
		return;
	for (off = 0; off < b->size && !w->abort; off += ITS_ESZ) {
		if (walk_read(w, ITS_TBL_COLL, b->addr + off,
			      b->addr + off + ITS_ESZ, &raw))
			return;
		its_cte_decode(raw, &cte);
		if (!cte.valid)
			return;
		call_cte(w, off / ITS_ESZ, b->addr + off, raw);
	}
}

int its_walk_restore(const struct its_mem *mem, uint64_t baser_dev,
		     uint64_t baser_coll, const struct its_walk_ops *ops,
		     void *arg)
{
	struct its_walk *w = malloc(sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	walk_init(w, mem, baser_dev, baser_coll, ops, arg);
	/* KVM restores collections first: ITEs refer to them. */
	restore_collections(w);
	if (!w->abort)
		restore_devices(w);
	ret = w->abort;
	free(w);
	return ret;
}

static void scan_itt(struct its_walk *w, uint64_t devid,
		     const struct its_dte *dte)
{
	uint64_t end = dte->itt_addr + its_itt_size(dte), gpa, bad, raw;
	struct its_ite ite;

	w->devid = devid;
	for (gpa = dte->itt_addr; gpa < end && !w->abort; gpa += ITS_ESZ) {
		bad = walk_read(w, ITS_TBL_ITT, gpa, end, &raw);
		if (bad) {
			gpa += bad - ITS_ESZ;
			continue;
		}
		its_ite_decode(raw, &ite);
		if (ite.pintid)
			call_ite(w, (gpa - dte->itt_addr) / ITS_ESZ, gpa, raw);
	}
}

static void scan_dtes(struct its_walk *w, uint64_t base, uint64_t nr,
		      uint64_t first_id)
{
	uint64_t end = base + nr * ITS_ESZ, i, gpa, bad, raw;
	struct its_dte dte;

	for (i = 0; i < nr && !w->abort; i++) {
		gpa = base + i * ITS_ESZ;
		bad = walk_read(w, ITS_TBL_DEV, gpa, end, &raw);
		if (bad) {
			i += bad / ITS_ESZ - 1;
			continue;
		}
		its_dte_decode(raw, &dte);
		if (!dte.valid)
			continue;
		call_dte(w, first_id + i, gpa, raw);
		if (!w->abort && its_dte_itt_ok(&dte))
			scan_itt(w, first_id + i, &dte);
	}
}

static void scan_devices(struct its_walk *w)
{
	const struct its_baser *b = &w->dev;
	uint64_t end = b->addr + b->size, i, gpa, bad, raw;
	struct its_l1e l1e;

	if (!b->valid)
		return;
	if (!b->indirect) {
		scan_dtes(w, b->addr, b->size / ITS_ESZ, 0);
		return;
	}
	for (i = 0; i < b->size / ITS_ESZ && !w->abort; i++) {
		gpa = b->addr + i * ITS_ESZ;
		bad = walk_read(w, ITS_TBL_L1, gpa, end, &raw);
		if (bad) {
			i += bad / ITS_ESZ - 1;
			continue;
		}
		its_l1e_decode(raw, &l1e);
		if (!l1e.valid)
			continue;
		call_l1e(w, i, gpa, raw);
		if (!w->abort)
			scan_dtes(w, l1e.l2_addr, ITS_L2_DTES,
				  i * ITS_L2_DTES);
	}
}

static void scan_collections(struct its_walk *w)
{
	const struct its_baser *b = &w->coll;
	uint64_t end = b->addr + b->size, off, bad, raw;
	struct its_cte cte;

	if (!b->valid)
		return;
	for (off = 0; off < b->size && !w->abort; off += ITS_ESZ) {
		bad = walk_read(w, ITS_TBL_COLL, b->addr + off, end, &raw);
		if (bad) {
			off += bad - ITS_ESZ;
			continue;
		}
		its_cte_decode(raw, &cte);
		if (cte.valid)
			call_cte(w, off / ITS_ESZ, b->addr + off, raw);
	}
}

int its_scan(const struct its_mem *mem, uint64_t baser_dev,
	     uint64_t baser_coll, const struct its_walk_ops *ops, void *arg)
{
	struct its_walk *w = malloc(sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	walk_init(w, mem, baser_dev, baser_coll, ops, arg);
	scan_collections(w);
	if (!w->abort)
		scan_devices(w);
	ret = w->abort;
	free(w);
	return ret;
}

/* ---- Names ---- */

static const char *const kind_names[ITS_F_NR_KINDS] = {
	[ITS_F_UNMAPPED]	= "unmapped",
	[ITS_F_BASER]		= "baser",
	[ITS_F_NEXT_DANGLING]	= "next-dangling",
	[ITS_F_NEXT_RANGE]	= "next-range",
	[ITS_F_UNREACHABLE]	= "unreachable",
	[ITS_F_PINTID]		= "bad-pintid",
	[ITS_F_PINTID_DUP]	= "pintid-duplicate",
	[ITS_F_ICID_MISSING]	= "icid-missing",
	[ITS_F_ICID_DUP]	= "icid-duplicate",
	[ITS_F_ICID_RANGE]	= "icid-range",
	[ITS_F_EVENTID_BITS]	= "eventid-bits",
	[ITS_F_DEVID_RANGE]	= "devid-range",
	[ITS_F_VCPU]		= "vcpu-range",
	[ITS_F_RES0]		= "res0",
	[ITS_F_OVERLAP]		= "overlap",
};

const char *its_finding_kind_name(enum its_finding_kind kind)
{
	if ((unsigned int)kind >= ITS_F_NR_KINDS)
		return "unknown";
	return kind_names[kind];
}

const char *its_severity_name(enum its_severity sev)
{
	return sev == ITS_SEV_ERROR ? "error" : "warning";
}

const char *its_table_name(enum its_table tbl)
{
	switch (tbl) {
	case ITS_TBL_DEV:
		return "device table";
	case ITS_TBL_L1:
		return "device L1 table";
	case ITS_TBL_ITT:
		return "ITT";
	case ITS_TBL_COLL:
		return "collection table";
	}
	return "unknown table";
}

/* ---- State: scan, walk, check ---- */

/* Grow *arr so that it holds at least nr elements of esz bytes. */
static int grow(void **arr, size_t *cap, size_t nr, size_t esz)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	if (nr <= *cap)
		return 0;
	while (ncap < nr)
		ncap *= 2;
	p = realloc(*arr, ncap * esz);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

#define GROW(st, arr, cap, nr)						\
	((st)->err = (st)->err ? (st)->err :				\
	 grow((void **)&(arr), &(cap), (nr), sizeof(*(arr))))

/* Count one more scanned entry; stop the scan on garbage tables. */
static int add_entry(struct its_state *st)
{
	if (++st->nr_entries > st->cfg.max_entries && !st->err)
		st->err = -EFBIG;
	return st->err;
}

static void count_sev(struct its_state *st, enum its_severity sev, int n)
{
	if (sev == ITS_SEV_ERROR)
		st->nr_errors += n;
	else
		st->nr_warnings += n;
}

__attribute__((format(printf, 6, 7)))
static struct its_finding *add_finding(struct its_state *st,
				       enum its_finding_kind kind,
				       enum its_severity sev,
				       enum its_table tbl, uint64_t gpa,
				       const char *fmt, ...)
{
	struct its_finding *f;
	va_list ap;

	count_sev(st, sev, 1);
	if (st->nr_findings >= st->cfg.max_findings) {
		st->nr_dropped++;
		return NULL;
	}
	if (GROW(st, st->findings, st->cap_findings, st->nr_findings + 1))
		return NULL;
	f = &st->findings[st->nr_findings++];
	f->kind = kind;
	f->sev = sev;
	f->table = tbl;
	f->gpa = gpa;
	f->len = ITS_ESZ;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return f;
}

static enum its_severity sev_if(bool reached)
{
	return reached ? ITS_SEV_ERROR : ITS_SEV_WARN;
}

static void unmapped_msg(struct its_finding *f, uint64_t owner)
{
	char who[40] = "";

	if (f->table == ITS_TBL_ITT)
		snprintf(who, sizeof(who), " of device %#llx",
			 (unsigned long long)owner);
	snprintf(f->msg, sizeof(f->msg),
		 "%llu bytes of the %s%s are outside guest memory%s",
		 (unsigned long long)f->len, its_table_name(f->table), who,
		 f->sev == ITS_SEV_ERROR ?
		 "; the restore reads them and fails" : "");
}

/*
 * Scan: one finding per run of contiguous unreadable entries of one
 * table, counted once even when past max_findings.
 */
static int scan_unmapped(void *arg, enum its_table tbl, uint64_t owner,
			 uint64_t gpa, uint64_t len)
{
	struct its_state *st = arg;
	struct its_finding *f;

	if (st->run.active && st->run.tbl == tbl &&
	    st->run.owner == owner && st->run.end == gpa) {
		st->run.end += len;
		if (st->run.finding >= 0) {
			f = &st->findings[st->run.finding];
			f->len += len;
			unmapped_msg(f, owner);
		}
		return 0;
	}
	f = add_finding(st, ITS_F_UNMAPPED, ITS_SEV_WARN, tbl, gpa, "-");
	st->run.active = true;
	st->run.tbl = tbl;
	st->run.owner = owner;
	st->run.end = gpa + len;
	st->run.finding = f ? f - st->findings : -1;
	if (f) {
		f->len = len;
		unmapped_msg(f, owner);
	}
	return st->err;
}

static int scan_cte(void *arg, uint32_t index, uint64_t gpa, uint64_t raw)
{
	struct its_state *st = arg;
	struct its_coll_rec *c;

	if (add_entry(st) ||
	    GROW(st, st->colls, st->cap_colls, st->nr_colls + 1))
		return st->err;
	c = &st->colls[st->nr_colls++];
	memset(c, 0, sizeof(*c));
	c->index = index;
	c->gpa = gpa;
	c->raw = raw;
	its_cte_decode(raw, &c->cte);
	return 0;
}

static int scan_l1e(void *arg, uint32_t index, uint64_t gpa, uint64_t raw)
{
	struct its_state *st = arg;
	struct its_l1_rec *l;

	if (add_entry(st) || GROW(st, st->l1, st->cap_l1, st->nr_l1 + 1))
		return st->err;
	l = &st->l1[st->nr_l1++];
	l->index = index;
	l->gpa = gpa;
	l->raw = raw;
	its_l1e_decode(raw, &l->l1e);
	return 0;
}

static int scan_dte(void *arg, uint64_t devid, uint64_t gpa, uint64_t raw)
{
	struct its_state *st = arg;
	struct its_dev_rec *d;

	if (add_entry(st) ||
	    GROW(st, st->devs, st->cap_devs, st->nr_devs + 1))
		return st->err;
	d = &st->devs[st->nr_devs++];
	memset(d, 0, sizeof(*d));
	d->id = devid;
	d->gpa = gpa;
	d->raw = raw;
	its_dte_decode(raw, &d->dte);
	return 0;
}

/* The scan visits a DTE's ITT right after the DTE. */
static int scan_ite(void *arg, uint64_t devid, uint32_t event, uint64_t gpa,
		    uint64_t raw)
{
	struct its_state *st = arg;
	struct its_dev_rec *d;
	struct its_ite_rec *e;

	if (!st->nr_devs || st->devs[st->nr_devs - 1].id != devid)
		return -EINVAL;
	d = &st->devs[st->nr_devs - 1];
	if (add_entry(st) || GROW(st, d->ites, d->cap_ites, d->nr_ites + 1))
		return st->err;
	e = &d->ites[d->nr_ites++];
	memset(e, 0, sizeof(*e));
	e->event = event;
	e->gpa = gpa;
	e->raw = raw;
	its_ite_decode(raw, &e->ite);
	return 0;
}

static const struct its_walk_ops scan_ops = {
	.cte = scan_cte,
	.l1e = scan_l1e,
	.dte = scan_dte,
	.ite = scan_ite,
	.unmapped = scan_unmapped,
};

static int cmp_dev_id(const void *key, const void *elem)
{
	uint64_t k = *(const uint64_t *)key;
	uint64_t id = ((const struct its_dev_rec *)elem)->id;

	return (k > id) - (k < id);
}

static int cmp_ite_event(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key;
	uint32_t ev = ((const struct its_ite_rec *)elem)->event;

	return (k > ev) - (k < ev);
}

static int cmp_coll_index(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key;
	uint32_t idx = ((const struct its_coll_rec *)elem)->index;

	return (k > idx) - (k < idx);
}

struct its_dev_rec *its_state_find_dev(const struct its_state *st,
				       uint64_t devid)
{
	if (!st->nr_devs)
		return NULL;
	return bsearch(&devid, st->devs, st->nr_devs, sizeof(*st->devs),
		       cmp_dev_id);
}

struct its_ite_rec *its_dev_find_ite(const struct its_dev_rec *dev,
				     uint32_t event)
{
	if (!dev->nr_ites)
		return NULL;
	return bsearch(&event, dev->ites, dev->nr_ites, sizeof(*dev->ites),
		       cmp_ite_event);
}

static struct its_coll_rec *find_coll(const struct its_state *st,
				      uint32_t index)
{
	if (!st->nr_colls)
		return NULL;
	return bsearch(&index, st->colls, st->nr_colls, sizeof(*st->colls),
		       cmp_coll_index);
}

size_t its_state_nr_ites(const struct its_state *st)
{
	size_t i, nr = 0;

	for (i = 0; i < st->nr_devs; i++)
		nr += st->devs[i].nr_ites;
	return nr;
}

/*
 * The walk reads what the scan already read, so every entry it reaches
 * has a record; one that has not means guest memory changed in between,
 * and is left alone.
 */
static int reach_cte(void *arg, uint32_t index, uint64_t gpa, uint64_t raw)
{
	struct its_coll_rec *c = find_coll(arg, index);

	if (c && c->gpa == gpa && c->raw == raw)
		c->reached = true;
	return 0;
}

static int reach_dte(void *arg, uint64_t devid, uint64_t gpa, uint64_t raw)
{
	struct its_dev_rec *d = its_state_find_dev(arg, devid);

	if (d && d->gpa == gpa && d->raw == raw)
		d->reached = true;
	return 0;
}

static int reach_ite(void *arg, uint64_t devid, uint32_t event,
		     uint64_t gpa, uint64_t raw)
{
	struct its_dev_rec *d = its_state_find_dev(arg, devid);
	struct its_ite_rec *e = d ? its_dev_find_ite(d, event) : NULL;

	if (e && e->gpa == gpa && e->raw == raw)
		e->reached = true;
	return 0;
}

/*
 * An unreadable entry on the walk fails the restore: make it an error.
 * (Past max_findings, where the scan's finding was not stored, the range
 * is counted again, as an error.)
 */
static int reach_unmapped(void *arg, enum its_table tbl, uint64_t owner,
			  uint64_t gpa, uint64_t len)
{
	struct its_state *st = arg;
	struct its_finding *f;
	size_t i;

	for (i = 0; i < st->nr_findings; i++) {
		f = &st->findings[i];
		if (f->kind != ITS_F_UNMAPPED || f->table != tbl ||
		    gpa < f->gpa || gpa - f->gpa >= f->len)
			continue;
		if (f->sev == ITS_SEV_WARN) {
			count_sev(st, ITS_SEV_WARN, -1);
			count_sev(st, ITS_SEV_ERROR, 1);
			f->sev = ITS_SEV_ERROR;
			unmapped_msg(f, owner);
		}
		return 0;
	}
	f = add_finding(st, ITS_F_UNMAPPED, ITS_SEV_ERROR, tbl, gpa, "-");
	if (f) {
		f->len = len;
		unmapped_msg(f, owner);
	}
	return st->err;
}

static const struct its_walk_ops reach_ops = {
	.cte = reach_cte,
	.dte = reach_dte,
	.ite = reach_ite,
	.unmapped = reach_unmapped,
};

/* ---- Checks ---- */

#define ICID_WORDS	(65536 / 64)

struct check_ctx {
	uint64_t reached_icid[ICID_WORDS];	/* restored collections */
	uint64_t any_icid[ICID_WORDS];		/* every valid CTE */
};

static void set_bit64(uint64_t *map, unsigned int n)
{
	map[n / 64] |= BIT64(n % 64);
}

static bool test_bit64(const uint64_t *map, unsigned int n)
{
	return map[n / 64] & BIT64(n % 64);
}

static void check_one_baser(struct its_state *st, const struct its_baser *b,
			    const char *name, unsigned int type)
{
	enum its_table tbl = type == ITS_BASER_TYPE_COLL ? ITS_TBL_COLL :
				 ITS_TBL_DEV;

	if (!b->valid)
		return;
	if (b->type && b->type != type)
		add_finding(st, ITS_F_BASER, ITS_SEV_WARN, tbl, b->addr,
			    "%s BASER type is %u, not %u", name, b->type,
			    type);
	if (b->type && b->entry_size != ITS_ESZ)
		add_finding(st, ITS_F_BASER, ITS_SEV_WARN, tbl, b->addr,
			    "%s BASER entry size is %u, ABI rev0 uses 8",
			    name, b->entry_size);
	if (b->page_size != ITS_PAGE_SZ)
		add_finding(st, ITS_F_BASER, ITS_SEV_WARN, tbl, b->addr,
			    "%s BASER page size is not 64K; KVM forces 64K, so this value did not come from KVM",
			    name);
	if (type == ITS_BASER_TYPE_COLL && b->indirect)
		add_finding(st, ITS_F_BASER, ITS_SEV_WARN, tbl, b->addr,
			    "collection BASER has Indirect set; KVM clears it and walks the table flat");
}

static void check_basers(struct its_state *st)
{
	check_one_baser(st, &st->dev_baser, "device", ITS_BASER_TYPE_DEVICE);
	check_one_baser(st, &st->coll_baser, "collection",
			ITS_BASER_TYPE_COLL);
}

static void check_cte(struct its_state *st, const struct its_coll_rec *c)
{
	enum its_severity sev = sev_if(c->reached);
	uint64_t nr = st->coll_baser.size / ITS_ESZ;
	uint32_t vcpu = its_cte_vcpu(&c->cte);

	if (!c->reached)
		add_finding(st, ITS_F_UNREACHABLE, ITS_SEV_WARN, ITS_TBL_COLL,
			    c->gpa,
			    "collection entry %u (ICID %u) lies after the first invalid entry; the restore stops before it",
			    c->index, c->cte.icid);
	if (c->cte.icid >= nr)
		add_finding(st, ITS_F_ICID_RANGE, sev, ITS_TBL_COLL, c->gpa,
			    "collection entry %u: ICID %u is beyond the %llu entries the collection table holds",
			    c->index, c->cte.icid, (unsigned long long)nr);
	if (st->cfg.nr_vcpus && vcpu != ITS_COLL_NOT_MAPPED &&
	    vcpu >= st->cfg.nr_vcpus)
		add_finding(st, ITS_F_VCPU, sev, ITS_TBL_COLL, c->gpa,
			    "collection entry %u: ICID %u targets vCPU %u, the VM has %u",
			    c->index, c->cte.icid, vcpu, st->cfg.nr_vcpus);
	if (c->raw & CTE_RES0_KVM)
		add_finding(st, ITS_F_RES0, ITS_SEV_WARN, ITS_TBL_COLL,
			    c->gpa,
			    "collection entry %u: bits 62:48 are %#llx; KVM never sets them and ignores them on restore",
			    c->index,
			    (unsigned long long)FIELD_GET64(c->raw, 62, 48));
}

static int cmp_coll_icid(const void *a, const void *b)
{
	const struct its_coll_rec *ca = *(const struct its_coll_rec **)a;
	const struct its_coll_rec *cb = *(const struct its_coll_rec **)b;

	if (ca->cte.icid != cb->cte.icid)
		return ca->cte.icid < cb->cte.icid ? -1 : 1;
	return (ca->index > cb->index) - (ca->index < cb->index);
}

/* KVM fails with -EEXIST on the second restored CTE of an ICID. */
static void check_icid_dups(struct its_state *st)
{
	const struct its_coll_rec **v;
	const struct its_coll_rec *a, *b;
	size_t i;

	if (st->nr_colls < 2)
		return;
	v = malloc(st->nr_colls * sizeof(*v));
	if (!v) {
		st->err = -ENOMEM;
		return;
	}
	for (i = 0; i < st->nr_colls; i++)
		v[i] = &st->colls[i];
	qsort(v, st->nr_colls, sizeof(*v), cmp_coll_icid);
	for (i = 1; i < st->nr_colls; i++) {
		a = v[i - 1];
		b = v[i];
		if (a->cte.icid != b->cte.icid)
			continue;
		add_finding(st, ITS_F_ICID_DUP, sev_if(a->reached && b->reached),
			    ITS_TBL_COLL, b->gpa,
			    "collection entry %u repeats ICID %u of entry %u",
			    b->index, b->cte.icid, a->index);
	}
	free(v);
}

static void check_collections(struct its_state *st, struct check_ctx *cx)
{
	const struct its_coll_rec *c;
	size_t i;

	for (i = 0; i < st->nr_colls; i++) {
		c = &st->colls[i];
		check_cte(st, c);
		set_bit64(cx->any_icid, c->cte.icid);
		if (c->reached)
			set_bit64(cx->reached_icid, c->cte.icid);
	}
	check_icid_dups(st);
}

/* Device IDs the device table covers: its entries, or L1E * 64K/8. */
static uint64_t dev_table_ids(const struct its_state *st)
{
	uint64_t nr = st->dev_baser.size / ITS_ESZ;

	return st->dev_baser.indirect ? nr * ITS_L2_DTES : nr;
}

static void check_dte_next(struct its_state *st, const struct its_dev_rec *d)
{
	uint64_t target = d->id + d->dte.next;
	uint64_t nr = dev_table_ids(st);

	if (!d->dte.next)
		return;
	if (target >= nr)
		add_finding(st, ITS_F_NEXT_RANGE, ITS_SEV_WARN, ITS_TBL_DEV,
			    d->gpa,
			    "device %#llx: next %u points to device %#llx, beyond the %llu IDs the table covers",
			    (unsigned long long)d->id, d->dte.next,
			    (unsigned long long)target,
			    (unsigned long long)nr);
	/* A capped offset may land anywhere before the next device. */
	else if (d->dte.next != ITS_DTE_NEXT_MAX &&
		 !its_state_find_dev(st, target))
		add_finding(st, ITS_F_NEXT_DANGLING, ITS_SEV_WARN,
			    ITS_TBL_DEV, d->gpa,
			    "device %#llx: next %u points to device %#llx, which has no valid entry",
			    (unsigned long long)d->id, d->dte.next,
			    (unsigned long long)target);
}

static void check_dte(struct its_state *st, const struct its_dev_rec *d)
{
	enum its_severity sev = sev_if(d->reached);
	unsigned long long id = d->id;

	if (!d->reached)
		add_finding(st, ITS_F_UNREACHABLE, ITS_SEV_WARN, ITS_TBL_DEV,
			    d->gpa,
			    "device %#llx is valid but no next offset leads to it; the restore skips it",
			    id);
	if (d->id > ITS_MAX_DEVID)
		add_finding(st, ITS_F_DEVID_RANGE, sev, ITS_TBL_DEV, d->gpa,
			    "device %#llx is beyond the 16 DeviceID bits of KVM's ITS",
			    id);
	if (!its_dte_itt_ok(&d->dte))
		add_finding(st, ITS_F_EVENTID_BITS, sev, ITS_TBL_DEV, d->gpa,
			    "device %#llx has %u EventID bits, KVM accepts at most %u; its ITT is not read",
			    id, d->dte.eventid_bits, ITS_MAX_EVENTID_BITS);
	check_dte_next(st, d);
}

static void check_ite_next(struct its_state *st, const struct its_dev_rec *d,
			   const struct its_ite_rec *e)
{
	uint64_t target = (uint64_t)e->event + e->ite.next;
	uint64_t nr = BIT64(d->dte.eventid_bits);

	if (!e->ite.next)
		return;
	if (target >= nr)
		add_finding(st, ITS_F_NEXT_RANGE, sev_if(e->reached),
			    ITS_TBL_ITT, e->gpa,
			    "device %#llx event %u: next %u points to event %llu, beyond the %llu events of the ITT",
			    (unsigned long long)d->id, e->event, e->ite.next,
			    (unsigned long long)target,
			    (unsigned long long)nr);
	else if (e->ite.next != ITS_ITE_NEXT_MAX &&
		 !its_dev_find_ite(d, target))
		add_finding(st, ITS_F_NEXT_DANGLING, ITS_SEV_WARN,
			    ITS_TBL_ITT, e->gpa,
			    "device %#llx event %u: next %u points to event %llu, which has no valid entry",
			    (unsigned long long)d->id, e->event, e->ite.next,
			    (unsigned long long)target);
}

static void check_ite(struct its_state *st, const struct check_ctx *cx,
		      const struct its_dev_rec *d,
		      const struct its_ite_rec *e)
{
	enum its_severity sev = sev_if(e->reached);
	unsigned long long id = d->id;
	uint16_t icid = e->ite.icid;

	/* ITEs of a skipped device are skipped: said once, on the DTE. */
	if (d->reached && !e->reached)
		add_finding(st, ITS_F_UNREACHABLE, ITS_SEV_WARN, ITS_TBL_ITT,
			    e->gpa,
			    "device %#llx event %u is valid but no next offset leads to it; the restore skips it",
			    id, e->event);
	if (e->ite.pintid < ITS_MIN_LPI)
		add_finding(st, ITS_F_PINTID, sev, ITS_TBL_ITT, e->gpa,
			    "device %#llx event %u: pINTID %u is not an LPI (< %u)",
			    id, e->event, e->ite.pintid, ITS_MIN_LPI);
	if (!test_bit64(cx->reached_icid, icid))
		add_finding(st, ITS_F_ICID_MISSING, sev, ITS_TBL_ITT, e->gpa,
			    "device %#llx event %u: ICID %u is %s",
			    id, e->event, icid,
			    test_bit64(cx->any_icid, icid) ?
			    "only in an unreachable collection entry" :
			    "not in the collection table");
	check_ite_next(st, d, e);
}

static void check_devices(struct its_state *st, const struct check_ctx *cx)
{
	const struct its_dev_rec *d;
	size_t i, j;

	for (i = 0; i < st->nr_devs; i++) {
		d = &st->devs[i];
		check_dte(st, d);
		for (j = 0; j < d->nr_ites; j++)
			check_ite(st, cx, d, &d->ites[j]);
	}
}

struct lpi_ref {
	uint32_t pintid;
	const struct its_dev_rec *dev;
	const struct its_ite_rec *ite;
};

static int cmp_lpi_ref(const void *a, const void *b)
{
	const struct lpi_ref *ra = a, *rb = b;

	if (ra->pintid != rb->pintid)
		return ra->pintid < rb->pintid ? -1 : 1;
	if (ra->dev->id != rb->dev->id)
		return ra->dev->id < rb->dev->id ? -1 : 1;
	return (ra->ite->event > rb->ite->event) -
	       (ra->ite->event < rb->ite->event);
}

/* The GIC architecture makes two mappings of one LPI UNPREDICTABLE. */
static void check_pintid_dups(struct its_state *st)
{
	size_t nr = its_state_nr_ites(st), n = 0, i, j;
	struct lpi_ref *v, *a, *b;

	if (nr < 2)
		return;
	v = malloc(nr * sizeof(*v));
	if (!v) {
		st->err = -ENOMEM;
		return;
	}
	for (i = 0; i < st->nr_devs; i++)
		for (j = 0; j < st->devs[i].nr_ites; j++)
			v[n++] = (struct lpi_ref){
				.pintid = st->devs[i].ites[j].ite.pintid,
				.dev = &st->devs[i],
				.ite = &st->devs[i].ites[j],
			};
	qsort(v, n, sizeof(*v), cmp_lpi_ref);
	for (i = 1; i < n; i++) {
		a = &v[i - 1];
		b = &v[i];
		if (a->pintid != b->pintid)
			continue;
		add_finding(st, ITS_F_PINTID_DUP, ITS_SEV_WARN, ITS_TBL_ITT,
			    b->ite->gpa,
			    "device %#llx event %u maps LPI %u, as does device %#llx event %u",
			    (unsigned long long)b->dev->id, b->ite->event,
			    b->pintid, (unsigned long long)a->dev->id,
			    a->ite->event);
	}
	free(v);
}

/* A stretch of guest memory a table occupies, for the overlap check. */
struct mem_range {
	uint64_t start;
	uint64_t end;
	enum its_table tbl;
	uint64_t id;		/* DeviceID (ITT) or L1 index (L2 page) */
	bool l2;
};

static void range_name(const struct mem_range *r, char *buf, size_t len)
{
	if (r->tbl == ITS_TBL_ITT)
		snprintf(buf, len, "ITT of device %#llx",
			 (unsigned long long)r->id);
	else if (r->l2)
		snprintf(buf, len, "L2 page of L1 entry %llu",
			 (unsigned long long)r->id);
	else
		snprintf(buf, len, "%s", its_table_name(r->tbl));
}

static int cmp_range(const void *a, const void *b)
{
	const struct mem_range *ra = a, *rb = b;

	if (ra->start != rb->start)
		return ra->start < rb->start ? -1 : 1;
	return (ra->end > rb->end) - (ra->end < rb->end);
}

static void add_range(struct mem_range *v, size_t *n, uint64_t start,
		      uint64_t size, enum its_table tbl, uint64_t id, bool l2)
{
	v[(*n)++] = (struct mem_range){
		.start = start, .end = start + size, .tbl = tbl,
		.id = id, .l2 = l2,
	};
}

static size_t collect_ranges(const struct its_state *st, struct mem_range *v)
{
	const struct its_baser *db = &st->dev_baser, *cb = &st->coll_baser;
	size_t i, n = 0;

	if (db->valid)
		add_range(v, &n, db->addr, db->size,
			  db->indirect ? ITS_TBL_L1 : ITS_TBL_DEV, 0, false);
	if (cb->valid)
		add_range(v, &n, cb->addr, cb->size, ITS_TBL_COLL, 0, false);
	for (i = 0; i < st->nr_l1; i++)
		add_range(v, &n, st->l1[i].l1e.l2_addr, ITS_PAGE_SZ,
			  ITS_TBL_DEV, st->l1[i].index, true);
	for (i = 0; i < st->nr_devs; i++)
		if (its_dte_itt_ok(&st->devs[i].dte))
			add_range(v, &n, st->devs[i].dte.itt_addr,
				  its_itt_size(&st->devs[i].dte),
				  ITS_TBL_ITT, st->devs[i].id, false);
	return n;
}

/* Two tables in the same memory overwrite each other on the next save. */
static void check_overlaps(struct its_state *st)
{
	size_t nr = 2 + st->nr_l1 + st->nr_devs, n, i;
	const struct mem_range *prev;
	struct mem_range *v;
	char a[48], b[48];

	v = malloc(nr * sizeof(*v));
	if (!v) {
		st->err = -ENOMEM;
		return;
	}
	n = collect_ranges(st, v);
	qsort(v, n, sizeof(*v), cmp_range);
	for (i = 1, prev = v; i < n; i++) {
		if (v[i].start < prev->end) {
			range_name(&v[i], a, sizeof(a));
			range_name(prev, b, sizeof(b));
			add_finding(st, ITS_F_OVERLAP, ITS_SEV_WARN, v[i].tbl,
				    v[i].start,
				    "%s [%#llx-%#llx) overlaps %s [%#llx-%#llx)",
				    a, (unsigned long long)v[i].start,
				    (unsigned long long)v[i].end, b,
				    (unsigned long long)prev->start,
				    (unsigned long long)prev->end);
		}
		if (v[i].end > prev->end)
			prev = &v[i];
	}
	free(v);
}

static int its_check(struct its_state *st)
{
	struct check_ctx *cx = calloc(1, sizeof(*cx));

	if (!cx)
		return -ENOMEM;
	check_collections(st, cx);
	check_devices(st, cx);
	check_pintid_dups(st);
	check_overlaps(st);
	free(cx);
	return st->err;
}

int its_state_load(struct its_state *st, const struct its_mem *mem,
		   const struct its_config *cfg)
{
	struct its_mem m = *mem;
	uint64_t reads = 0;
	int ret;

	if (cfg->max_reads) {
		m.max_reads = cfg->max_reads;
		m.nr_reads = &reads;
	}

	memset(st, 0, sizeof(*st));
	st->cfg = *cfg;
	if (!st->cfg.max_findings)
		st->cfg.max_findings = ITS_DEFAULT_MAX_FINDINGS;
	if (!st->cfg.max_entries)
		st->cfg.max_entries = ITS_DEFAULT_MAX_ENTRIES;
	its_baser_decode(cfg->baser_dev, &st->dev_baser);
	its_baser_decode(cfg->baser_coll, &st->coll_baser);

	check_basers(st);
	ret = its_scan(&m, cfg->baser_dev, cfg->baser_coll, &scan_ops, st);
	if (!ret)
		ret = its_walk_restore(&m, cfg->baser_dev, cfg->baser_coll,
				       &reach_ops, st);
	if (!ret)
		ret = its_check(st);
	if (!ret)
		ret = st->err;
	if (ret)
		its_state_free(st);
	return ret;
}

void its_state_free(struct its_state *st)
{
	size_t i;

	for (i = 0; i < st->nr_devs; i++)
		free(st->devs[i].ites);
	free(st->devs);
	free(st->l1);
	free(st->colls);
	free(st->findings);
	memset(st, 0, sizeof(*st));
}
