// SPDX-License-Identifier: GPL-2.0
/*
 * Table walkers and their reader of guest memory (private to this file).
 * May call the codec only.  See its_walk.h.
 *
 * The restore walk mirrors scan_its_table() and its callbacks in the
 * kernel's arch/arm64/kvm/vgic/vgic-its.c, so that "consistent" here means
 * "KVM_DEV_ARM_ITS_RESTORE_TABLES restores every entry that is there".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "its_walk.h"

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
