// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the state's records, and its_state_load(), which scans, walks
 * and checks.  May call state.c, the walkers and the codec.
 * See its_state.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "state_internal.h"

#define CTE_RES0_KVM	MASK64(62, 48)	/* not read back by KVM */

static enum its_severity sev_if(bool reached)
{
	return reached ? ITS_SEV_ERROR : ITS_SEV_WARN;
}

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

/* ---- Load: scan, walk, check ---- */

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
