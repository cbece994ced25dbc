// SPDX-License-Identifier: GPL-2.0
/*
 * State: records of every valid entry the scan finds, marked as the restore
 * walk reaches them, the findings, and the names used in messages.  Serves
 * the walkers as callbacks; calls the codec only.  See its_state.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "state_internal.h"

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

/* ---- State: scan and walk ---- */

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
struct its_finding *add_finding(struct its_state *st,
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

const struct its_walk_ops scan_ops = {
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

const struct its_walk_ops reach_ops = {
	.cte = reach_cte,
	.dte = reach_dte,
	.ite = reach_ite,
	.unmapped = reach_unmapped,
};

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
