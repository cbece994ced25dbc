// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of userspace/lib/ (its_abi.h).  Prints TAP.
 *
 * Tables are built in synthetic guest memory by its_fixture.c, which
 * writes them the way KVM's save path does.  A few entries are checked
 * against raw constants worked out by hand from the ABI document, so a
 * bug shared by the encoder and the decoder cannot pass unnoticed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "its_abi.h"
#include "its_fixture.h"
#include "tap.h"

/* ---- Layout of the synthetic guest ---- */

#define RAM		0x40000000ULL
#define RAM_SZ		0x400000ULL
#define DT		RAM			/* device table or L1 */
#define CT		(RAM + 0x10000)		/* collection table */
#define L2A		(RAM + 0x20000)
#define L2B		(RAM + 0x30000)
#define ITT(n)		(RAM + 0x100000 + (n) * 0x1000ULL)

static const struct fx_event ev_a[] = {
	{ 0, 8192, 0 }, { 1, 8193, 1 }, { 7, 8194, 0 },
};
static const struct fx_event ev_b[] = { { 2, 8200, 1 } };
static const struct fx_event ev_c[] = { { 0, 8300, 0 }, { 3, 8301, 1 } };

static const struct fx_dev devs3[] = {
	{ 0, ITT(0), 5, ev_a, 3 },
	{ 5, ITT(1), 2, ev_b, 1 },
	{ 100, ITT(2), 4, ev_c, 2 },
};

static const struct fx_coll colls2[] = { { 0, 0 }, { 1, 1 } };

struct tc {
	struct fx f;
	struct its_mem mem;
	struct its_config cfg;
	struct its_state st;
};

static void tc_setup(struct tc *t, bool indirect)
{
	memset(t, 0, sizeof(*t));
	fx_init(&t->f);
	EXPECT_EQ(fx_add(&t->f, RAM, RAM_SZ), 0);
	t->mem = fx_mem(&t->f);
	t->cfg.baser_dev = fx_baser(DT, 1, indirect, ITS_BASER_TYPE_DEVICE);
	t->cfg.baser_coll = fx_baser(CT, 1, false, ITS_BASER_TYPE_COLL);
}

/* The standard tables: devices 0, 5 and 100, collections 0 and 1. */
static void tc_save3(struct tc *t)
{
	EXPECT_EQ(fx_save(&t->f, t->cfg.baser_dev, t->cfg.baser_coll,
			  devs3, ARRAY_SIZE(devs3), colls2,
			  ARRAY_SIZE(colls2)), 0);
}

static void tc_load(struct tc *t)
{
	EXPECT_EQ(its_state_load(&t->st, &t->mem, &t->cfg), 0);
}

static void tc_teardown(struct tc *t)
{
	its_state_free(&t->st);
	fx_free(&t->f);
}

static size_t nr_kind(const struct its_state *st, enum its_finding_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < st->nr_findings; i++)
		n += st->findings[i].kind == k;
	return n;
}

static const struct its_finding *first_kind(const struct its_state *st,
					    enum its_finding_kind k)
{
	size_t i;

	for (i = 0; i < st->nr_findings; i++)
		if (st->findings[i].kind == k)
			return &st->findings[i];
	return NULL;
}

/* Expect exactly one finding, of kind k at gpa with severity sev. */
static void expect_only(int line, const struct its_state *st,
			enum its_finding_kind k, uint64_t gpa,
			enum its_severity sev)
{
	const struct its_finding *f = first_kind(st, k);

	if (st->nr_findings != 1 || !f)
		fail_at(line, "want one %s finding, have %zu (first: %s: %s)",
			its_finding_kind_name(k), st->nr_findings,
			st->nr_findings ?
			its_finding_kind_name(st->findings[0].kind) : "-",
			st->nr_findings ? st->findings[0].msg : "-");
	else if (f->gpa != gpa || f->sev != sev)
		fail_at(line, "%s at %#llx (%s), want %#llx (%s): %s",
			its_finding_kind_name(k),
			(unsigned long long)f->gpa, its_severity_name(f->sev),
			(unsigned long long)gpa, its_severity_name(sev),
			f->msg);
}

#define EXPECT_ONLY(st, k, gpa, sev) expect_only(__LINE__, st, k, gpa, sev)

static void set_next_dte(struct tc *t, uint64_t gpa, uint32_t next)
{
	struct its_dte dte;
	uint64_t raw = 0;

	EXPECT_EQ(fx_get(&t->f, gpa, &raw), 0);
	its_dte_decode(raw, &dte);
	dte.next = next;
	EXPECT_EQ(its_dte_encode(&dte, &raw), 0);
	EXPECT_EQ(fx_put(&t->f, gpa, raw), 0);
}

static void set_ite(struct tc *t, uint64_t gpa, uint32_t next,
		    uint32_t pintid, uint16_t icid)
{
	struct its_ite ite = { .next = next, .pintid = pintid, .icid = icid };
	uint64_t raw;

	EXPECT_EQ(its_ite_encode(&ite, &raw), 0);
	EXPECT_EQ(fx_put(&t->f, gpa, raw), 0);
}

/* ---- Codec ---- */

static void t_dte_raw(void)
{
	struct its_dte d = {
		.valid = true, .next = 3, .itt_addr = 0x40000000,
		.eventid_bits = 5,
	};
	uint64_t raw = 0;

	/* V | next 3 << 49 | (0x40000000 >> 8) << 5 | (5 - 1) */
	EXPECT_EQ(its_dte_encode(&d, &raw), 0);
	EXPECT_EQ(raw, 0x8006000008000004ULL);

	memset(&d, 0, sizeof(d));
	its_dte_decode(0xfffe00000000011fULL, &d);
	EXPECT(d.valid);
	EXPECT_EQ(d.next, 0x3fff);
	EXPECT_EQ(d.itt_addr, 0x800);	/* bits 48:5 = 0x8 -> 0x8 << 8 */
	EXPECT_EQ(d.eventid_bits, 32);
	its_dte_decode(0x7fffffffffffffffULL, &d);
	EXPECT(!d.valid);
	EXPECT_EQ(d.itt_addr, 0xfffffffffff00ULL);
}

static void t_ite_raw(void)
{
	struct its_ite i = { .next = 1, .pintid = 8192, .icid = 2 };
	uint64_t raw = 0;

	EXPECT_EQ(its_ite_encode(&i, &raw), 0);
	EXPECT_EQ(raw, 0x0001000020000002ULL);
	its_ite_decode(0xffff12345678abcdULL, &i);
	EXPECT_EQ(i.next, 0xffff);
	EXPECT_EQ(i.pintid, 0x12345678);
	EXPECT_EQ(i.icid, 0xabcd);
}

static void t_cte_raw(void)
{
	struct its_cte c = { .valid = true, .rdbase = 3, .icid = 5 };
	uint64_t raw = 0;

	EXPECT_EQ(its_cte_encode(&c, &raw), 0);
	EXPECT_EQ(raw, 0x8000000000030005ULL);
	/* MAPC with V=0: KVM saves target COLLECTION_NOT_MAPPED. */
	c.rdbase = ITS_COLL_NOT_MAPPED;
	c.icid = 7;
	EXPECT_EQ(its_cte_encode(&c, &raw), 0);
	EXPECT_EQ(raw, 0x8000ffffffff0007ULL);
	its_cte_decode(0x7fffffffffffffffULL, &c);
	EXPECT(!c.valid);
	EXPECT_EQ(c.rdbase, 0xfffffffffULL);
	EXPECT_EQ(its_cte_vcpu(&c), 0xffffffffU);
	EXPECT_EQ(c.icid, 0xffff);
}

static void t_l1e_raw(void)
{
	struct its_l1e l = { .valid = true, .l2_addr = 0x50000000 };
	uint64_t raw = 0;

	EXPECT_EQ(its_l1e_encode(&l, &raw), 0);
	EXPECT_EQ(raw, 0x8000000050000000ULL);
	its_l1e_decode(0xffffffffffffffffULL, &l);
	EXPECT(l.valid);
	EXPECT_EQ(l.l2_addr, 0xfffffffff0000ULL);
}

static void t_baser_raw(void)
{
	struct its_baser b;
	uint64_t raw = 0;

	/* V | Indirect | Type 1 | Entry_Size 7 | addr | 64K | 1 page */
	its_baser_decode(0xc107000040000200ULL, &b);
	EXPECT(b.valid && b.indirect);
	EXPECT_EQ(b.type, ITS_BASER_TYPE_DEVICE);
	EXPECT_EQ(b.entry_size, 8);
	EXPECT_EQ(b.page_size, 0x10000);
	EXPECT_EQ(b.nr_pages, 1);
	EXPECT_EQ(b.addr, 0x40000000);
	EXPECT_EQ(b.size, 0x10000);

	/* Bits 15:12 are PA[51:48]; Size 2 is 3 pages. */
	its_baser_decode(0x8407000040003202ULL, &b);
	EXPECT(b.valid && !b.indirect);
	EXPECT_EQ(b.type, ITS_BASER_TYPE_COLL);
	EXPECT_EQ(b.addr, 0x0003000040000000ULL);
	EXPECT_EQ(b.nr_pages, 3);
	EXPECT_EQ(b.size, 0x30000);
	EXPECT_EQ(its_baser_encode(&b, &raw), 0);
	EXPECT_EQ(raw, 0x8407000040003202ULL);

	its_baser_decode(0x300, &b);		/* reserved page size */
	EXPECT_EQ(b.page_size, 0);
	EXPECT(!b.valid);
}

static void t_round_trips(void)
{
	static const uint64_t itts[] = { 0, 0x100, 0x40000000,
					 0xfffffffffff00ULL };
	static const uint32_t pintids[] = { 0, 1, 8191, 8192, 0xffffffffU };
	struct its_dte d, d2;
	struct its_ite i, i2;
	struct its_cte c, c2;
	uint64_t raw;
	size_t a, b;

	for (a = 0; a < ARRAY_SIZE(itts); a++) {
		for (b = 1; b <= 32; b++) {
			d = (struct its_dte){ true, (b * 511) & 0x3fff,
					      itts[a], b };
			EXPECT_EQ(its_dte_encode(&d, &raw), 0);
			its_dte_decode(raw, &d2);
			EXPECT(d2.valid && d2.next == d.next &&
			       d2.itt_addr == d.itt_addr &&
			       d2.eventid_bits == d.eventid_bits);
		}
	}
	for (a = 0; a < ARRAY_SIZE(pintids); a++) {
		i = (struct its_ite){ a * 0x3333, pintids[a], a * 0x3001 };
		EXPECT_EQ(its_ite_encode(&i, &raw), 0);
		its_ite_decode(raw, &i2);
		EXPECT(i2.next == i.next && i2.pintid == i.pintid &&
		       i2.icid == i.icid);
		c = (struct its_cte){ a & 1, pintids[a], a * 0x3001 };
		EXPECT_EQ(its_cte_encode(&c, &raw), 0);
		its_cte_decode(raw, &c2);
		EXPECT(c2.valid == c.valid && c2.rdbase == c.rdbase &&
		       c2.icid == c.icid);
	}
}

static void t_encode_range(void)
{
	struct its_dte d = { true, 0, 0x1000, 4 };
	struct its_ite i = { 0x10000, 8192, 0 };
	struct its_cte c = { true, 1ULL << 36, 0 };
	struct its_l1e l = { true, 0x50008000 };
	struct its_baser b = { .valid = true, .type = 1, .entry_size = 8,
			       .page_size = 0x10000, .nr_pages = 1,
			       .addr = 0x40000000 };
	uint64_t raw;

	d.next = 0x4000;
	EXPECT_EQ(its_dte_encode(&d, &raw), -ERANGE);
	d.next = 0;
	d.itt_addr = 0x1080;
	EXPECT_EQ(its_dte_encode(&d, &raw), -ERANGE);
	d.itt_addr = 1ULL << 52;
	EXPECT_EQ(its_dte_encode(&d, &raw), -ERANGE);
	d.itt_addr = 0x1000;
	d.eventid_bits = 0;
	EXPECT_EQ(its_dte_encode(&d, &raw), -ERANGE);
	d.eventid_bits = 33;
	EXPECT_EQ(its_dte_encode(&d, &raw), -ERANGE);
	EXPECT_EQ(its_ite_encode(&i, &raw), -ERANGE);
	EXPECT_EQ(its_cte_encode(&c, &raw), -ERANGE);
	EXPECT_EQ(its_l1e_encode(&l, &raw), -ERANGE);
	EXPECT_EQ(its_baser_encode(&b, &raw), 0);
	b.addr = 0x40001000;
	EXPECT_EQ(its_baser_encode(&b, &raw), -ERANGE);
	b.addr = 0x40000000;
	b.nr_pages = 257;
	EXPECT_EQ(its_baser_encode(&b, &raw), -ERANGE);
	b.nr_pages = 1;
	b.page_size = 0x2000;
	EXPECT_EQ(its_baser_encode(&b, &raw), -ERANGE);
}

/* ---- Walking consistent tables ---- */

static void t_flat_walk(void)
{
	const struct its_dev_rec *d;
	struct tc t;
	uint64_t raw = 0;
	size_t i, j;

	tc_setup(&t, false);
	tc_save3(&t);
	/* The save itself, against the ABI by hand. */
	EXPECT_EQ(fx_get(&t.f, DT, &raw), 0);
	EXPECT_EQ(raw, 0x800a000008020004ULL);	/* next 5, ITT(0), 5 bits */
	EXPECT_EQ(fx_get(&t.f, ITT(0) + 8, &raw), 0);
	EXPECT_EQ(raw, 0x0006000020010001ULL);	/* next 6, 8193, ICID 1 */
	EXPECT_EQ(fx_get(&t.f, CT + 8, &raw), 0);
	EXPECT_EQ(raw, 0x8000000000010001ULL);
	tc_load(&t);

	EXPECT_EQ(t.st.nr_findings, 0);
	EXPECT_EQ(t.st.nr_devs, 3);
	EXPECT_EQ(t.st.nr_colls, 2);
	EXPECT_EQ(its_state_nr_ites(&t.st), 6);
	for (i = 0; i < t.st.nr_devs && i < ARRAY_SIZE(devs3); i++) {
		d = &t.st.devs[i];
		EXPECT(d->reached);
		EXPECT_EQ(d->id, devs3[i].id);
		EXPECT_EQ(d->gpa, DT + devs3[i].id * 8);
		EXPECT_EQ(d->dte.itt_addr, devs3[i].itt);
		EXPECT_EQ(d->dte.eventid_bits, devs3[i].bits);
		EXPECT_EQ(d->nr_ites, devs3[i].nr_ev);
		for (j = 0; j < d->nr_ites && j < devs3[i].nr_ev; j++) {
			EXPECT(d->ites[j].reached);
			EXPECT_EQ(d->ites[j].event, devs3[i].ev[j].event);
			EXPECT_EQ(d->ites[j].ite.pintid,
				  devs3[i].ev[j].pintid);
		}
	}
	REQUIRE(t.st.nr_colls == 2);
	EXPECT(t.st.colls[0].reached && t.st.colls[1].reached);
	EXPECT_EQ(t.st.colls[1].cte.icid, 1);
out:
	tc_teardown(&t);
}

struct trace {
	char buf[512];
	size_t len;
};

static void trace_add(struct trace *tr, const char *fmt, ...)
{
	va_list ap;

	if (tr->len >= sizeof(tr->buf))
		return;
	va_start(ap, fmt);
	tr->len += vsnprintf(tr->buf + tr->len, sizeof(tr->buf) - tr->len,
			     fmt, ap);
	va_end(ap);
}

static int tr_cte(void *arg, uint32_t index, uint64_t gpa, uint64_t raw)
{
	trace_add(arg, "C%u ", index);
	return gpa && raw ? 0 : -EINVAL;
}

static int tr_l1e(void *arg, uint32_t index, uint64_t gpa, uint64_t raw)
{
	trace_add(arg, "L%u ", index);
	return gpa && raw ? 0 : -EINVAL;
}

static int tr_dte(void *arg, uint64_t devid, uint64_t gpa, uint64_t raw)
{
	trace_add(arg, "D%llu ", (unsigned long long)devid);
	return gpa && raw ? 0 : -EINVAL;
}

static int tr_ite(void *arg, uint64_t devid, uint32_t event, uint64_t gpa,
		  uint64_t raw)
{
	trace_add(arg, "I%llu.%u ", (unsigned long long)devid, event);
	return gpa && raw ? 0 : -EINVAL;
}

static const struct its_walk_ops trace_ops = {
	.cte = tr_cte, .l1e = tr_l1e, .dte = tr_dte, .ite = tr_ite,
};

static void t_walk_order(void)
{
	struct trace tr = { .len = 0 };
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	EXPECT_EQ(its_walk_restore(&t.mem, t.cfg.baser_dev, t.cfg.baser_coll,
				   &trace_ops, &tr), 0);
	/* Collections first, then each DTE followed by its ITT. */
	EXPECT(!strcmp(tr.buf, "C0 C1 D0 I0.0 I0.1 I0.7 D5 I5.2 D100 I100.0 I100.3 "));
	if (t_failed)
		fail_at(__LINE__, "trace: %s", tr.buf);
	tc_teardown(&t);
}

static void t_two_level(void)
{
	static const struct fx_dev devs[] = {
		{ 1, ITT(0), 5, ev_a, 3 },
		{ 8191, ITT(1), 2, ev_b, 1 },		/* last of page 0 */
		{ 16391, ITT(2), 4, ev_c, 2 },		/* page 2 */
	};
	struct trace tr = { .len = 0 };
	struct tc t;
	uint64_t raw = 0;
	size_t i;

	tc_setup(&t, true);
	EXPECT_EQ(fx_l1e(&t.f, DT, L2A), 0);
	EXPECT_EQ(fx_l1e(&t.f, DT + 16, L2B), 0);	/* L1 entry 1 invalid */
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs,
			  ARRAY_SIZE(devs), colls2, ARRAY_SIZE(colls2)), 0);
	/* 8191 -> 16391 crosses pages: the offset says 8200. */
	EXPECT_EQ(fx_get(&t.f, L2A + 8191 * 8, &raw), 0);
	EXPECT_EQ(raw >> 49 & 0x3fff, 8200);
	tc_load(&t);
	EXPECT_EQ(t.st.nr_findings, 0);
	if (t.st.nr_findings)
		fail_at(__LINE__, "%s", t.st.findings[0].msg);
	EXPECT_EQ(t.st.nr_l1, 2);
	REQUIRE(t.st.nr_devs == 3);
	for (i = 0; i < t.st.nr_devs; i++)
		EXPECT(t.st.devs[i].reached);
	EXPECT_EQ(t.st.devs[2].id, 16391);
	EXPECT_EQ(t.st.devs[2].gpa, L2B + 7 * 8);
	EXPECT_EQ(its_walk_restore(&t.mem, t.cfg.baser_dev, t.cfg.baser_coll,
				   &trace_ops, &tr), 0);
	EXPECT(strstr(tr.buf, "L0 D1 ") && strstr(tr.buf, "L2 D16391 "));
out:
	tc_teardown(&t);
}

static void t_sparse_capped(void)
{
	static const struct fx_dev devs[] = {
		{ 0, ITT(0), 5, ev_a, 3 },
		{ 20000, ITT(1), 2, ev_b, 1 },
	};
	uint64_t dt = RAM + 0x200000, raw = 0;
	struct tc t;

	tc_setup(&t, false);
	t.cfg.baser_dev = fx_baser(dt, 3, false, ITS_BASER_TYPE_DEVICE);
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs,
			  ARRAY_SIZE(devs), colls2, ARRAY_SIZE(colls2)), 0);
	EXPECT_EQ(fx_get(&t.f, dt, &raw), 0);
	EXPECT_EQ(raw >> 49 & 0x3fff, ITS_DTE_NEXT_MAX);
	tc_load(&t);
	/* 16383 is invalid: KVM steps on one by one to 20000. */
	EXPECT_EQ(t.st.nr_findings, 0);
	REQUIRE(t.st.nr_devs == 2);
	EXPECT(t.st.devs[1].reached);
out:
	tc_teardown(&t);
}

static void t_ite_next_max(void)
{
	static const struct fx_event ev[] = {
		{ 0, 9000, 0 }, { 65535, 9001, 1 },
	};
	static const struct fx_dev devs[] = { { 3, ITT(0), 16, ev, 2 } };
	struct tc t;
	uint64_t raw = 0;

	tc_setup(&t, false);
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs,
			  1, colls2, ARRAY_SIZE(colls2)), 0);
	EXPECT_EQ(fx_get(&t.f, ITT(0), &raw), 0);
	EXPECT_EQ(raw >> 48, 0xffff);
	tc_load(&t);
	EXPECT_EQ(t.st.nr_findings, 0);
	REQUIRE(t.st.nr_devs == 1 && t.st.devs[0].nr_ites == 2);
	EXPECT(t.st.devs[0].ites[1].reached);
out:
	tc_teardown(&t);
}

static void t_empty(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_load(&t);
	EXPECT_EQ(t.st.nr_findings + t.st.nr_devs + t.st.nr_colls, 0);
	tc_teardown(&t);

	tc_setup(&t, true);
	tc_load(&t);
	EXPECT_EQ(t.st.nr_findings + t.st.nr_devs + t.st.nr_l1, 0);
	its_state_free(&t.st);

	/* BASERs not valid: KVM restores nothing and reads nothing. */
	tc_save3(&t);
	t.cfg.baser_dev = 0;
	t.cfg.baser_coll &= ~(1ULL << 63);
	t.f.reads = 0;
	tc_load(&t);
	EXPECT_EQ(t.st.nr_findings + t.st.nr_devs + t.st.nr_colls, 0);
	EXPECT_EQ(t.f.reads, 0);
	tc_teardown(&t);
}

static void t_scan_all(void)
{
	struct trace tr = { .len = 0 };
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	set_next_dte(&t, DT, 0);	/* the chain ends at device 0 */
	EXPECT_EQ(fx_put(&t.f, CT + 8, 0), 0);
	EXPECT_EQ(its_scan(&t.mem, t.cfg.baser_dev, t.cfg.baser_coll,
			   &trace_ops, &tr), 0);
	EXPECT(!strcmp(tr.buf, "C0 D0 I0.0 I0.1 I0.7 D5 I5.2 D100 I100.0 I100.3 "));
	tr.len = 0;
	tr.buf[0] = 0;
	EXPECT_EQ(its_walk_restore(&t.mem, t.cfg.baser_dev,
				   t.cfg.baser_coll, &trace_ops, &tr), 0);
	EXPECT(!strcmp(tr.buf, "C0 D0 I0.0 I0.1 I0.7 "));
	if (t_failed)
		fail_at(__LINE__, "trace: %s", tr.buf);
	tc_teardown(&t);
}

static int stop_dte(void *arg, uint64_t devid, uint64_t gpa, uint64_t raw)
{
	(*(int *)arg)++;
	return devid == 5 && gpa && raw ? 7 : 0;
}

static int count_ite(void *arg, uint64_t devid, uint32_t event, uint64_t gpa,
		     uint64_t raw)
{
	(void)devid;
	(void)event;
	(void)gpa;
	(void)raw;
	(*(int *)arg) += 100;
	return 0;
}

static void t_callback_stops(void)
{
	static const struct its_walk_ops ops = {
		.dte = stop_dte, .ite = count_ite,
	};
	struct tc t;
	int calls = 0;

	tc_setup(&t, false);
	tc_save3(&t);
	EXPECT_EQ(its_walk_restore(&t.mem, t.cfg.baser_dev,
				   t.cfg.baser_coll, &ops, &calls), 7);
	EXPECT_EQ(calls, 302);	/* D0, its 3 ITEs, D5; not I5.2, D100 */
	calls = 0;
	EXPECT_EQ(its_scan(&t.mem, t.cfg.baser_dev, t.cfg.baser_coll, &ops,
			   &calls), 7);
	EXPECT_EQ(calls, 302);
	tc_teardown(&t);
}

/* ---- Findings on corrupted tables ---- */

static void t_dangling_dte(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	set_next_dte(&t, DT, 3);	/* device 3 has no entry */
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_NEXT_DANGLING, DT, ITS_SEV_WARN);
	/* KVM steps on from 3 and still finds device 5. */
	REQUIRE(t.st.nr_devs == 3);
	EXPECT(t.st.devs[1].reached);
out:
	tc_teardown(&t);
}

static void t_dangling_ite(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	set_ite(&t, ITT(0) + 8, 3, 8193, 1);	/* event 4: invalid */
	tc_load(&t);
	/* KVM steps on from event 4 and still finds event 7. */
	EXPECT_ONLY(&t.st, ITS_F_NEXT_DANGLING, ITT(0) + 8, ITS_SEV_WARN);
	tc_teardown(&t);
}

static void t_unreachable_dte(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	set_next_dte(&t, DT + 5 * 8, 0);	/* 5 claims to be last */
	tc_load(&t);
	/* Device 100 is reported once: not its ITEs as well. */
	EXPECT_ONLY(&t.st, ITS_F_UNREACHABLE, DT + 100 * 8, ITS_SEV_WARN);
	REQUIRE(t.st.nr_devs == 3);
	EXPECT(!t.st.devs[2].reached);
out:
	tc_teardown(&t);
}

static void t_unreachable_ite(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	set_ite(&t, ITT(0) + 8, 0, 8193, 1);	/* event 1 claims last */
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_UNREACHABLE, ITT(0) + 7 * 8, ITS_SEV_WARN);
	tc_teardown(&t);
}

static void t_unreachable_cte(void)
{
	struct its_cte c = { .valid = true, .rdbase = 0, .icid = 9 };
	const struct its_finding *f;
	uint64_t raw;
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	/* CT + 16 terminates the table; an entry after it is lost. */
	EXPECT_EQ(its_cte_encode(&c, &raw), 0);
	EXPECT_EQ(fx_put(&t.f, CT + 24, raw), 0);
	set_ite(&t, ITT(1) + 2 * 8, 0, 8200, 9);
	tc_load(&t);
	EXPECT_EQ(t.st.nr_findings, 2);
	f = first_kind(&t.st, ITS_F_UNREACHABLE);
	EXPECT(f && f->gpa == CT + 24 && f->table == ITS_TBL_COLL);
	f = first_kind(&t.st, ITS_F_ICID_MISSING);
	EXPECT(f && f->gpa == ITT(1) + 16 && f->sev == ITS_SEV_ERROR);
	EXPECT(f && strstr(f->msg, "unreachable collection"));
	tc_teardown(&t);
}

static void t_bad_pintid(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	set_ite(&t, ITT(2), 3, 100, 0);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_PINTID, ITT(2), ITS_SEV_ERROR);
	tc_teardown(&t);
}

static void t_icid_missing(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	set_ite(&t, ITT(2) + 3 * 8, 0, 8301, 42);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_ICID_MISSING, ITT(2) + 24, ITS_SEV_ERROR);
	EXPECT(t.st.nr_findings &&
	       strstr(t.st.findings[0].msg, "not in the collection table"));
	tc_teardown(&t);
}

static void t_event_beyond_itt(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	/* Device 5 has 2 EventID bits: events 0-3; 2 + 2 = 4 is past. */
	set_ite(&t, ITT(1) + 2 * 8, 2, 8200, 1);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_NEXT_RANGE, ITT(1) + 16, ITS_SEV_ERROR);
	tc_teardown(&t);
}

static void t_icid_dup(void)
{
	static const struct fx_coll colls[] = { { 0, 0 }, { 1, 1 }, { 0, 1 } };
	struct tc t;

	tc_setup(&t, false);
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs3,
			  ARRAY_SIZE(devs3), colls, ARRAY_SIZE(colls)), 0);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_ICID_DUP, CT + 16, ITS_SEV_ERROR);
	tc_teardown(&t);
}

static void t_eventid_bits(void)
{
	struct tc t;
	struct its_dte d = { true, 0, ITT(0), 17 };
	uint64_t raw;

	tc_setup(&t, false);
	tc_save3(&t);
	d.next = 5;
	EXPECT_EQ(its_dte_encode(&d, &raw), 0);
	EXPECT_EQ(fx_put(&t.f, DT, raw), 0);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_EVENTID_BITS, DT, ITS_SEV_ERROR);
	REQUIRE(t.st.nr_devs == 3);
	EXPECT_EQ(t.st.devs[0].nr_ites, 0);	/* its ITT is not read */
out:
	tc_teardown(&t);
}

static void t_dte_next_beyond_table(void)
{
	struct trace tr = { .len = 0 };
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	/* 100 + 8092 is the first ID past the table: the CT follows it. */
	set_next_dte(&t, DT + 100 * 8, 8092);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_NEXT_RANGE, DT + 800, ITS_SEV_WARN);
	EXPECT_EQ(its_walk_restore(&t.mem, t.cfg.baser_dev, t.cfg.baser_coll,
				   &trace_ops, &tr), 0);
	/* KVM stops there; it must not read the CTE after the table. */
	EXPECT(!strcmp(tr.buf, "C0 C1 D0 I0.0 I0.1 I0.7 D5 I5.2 D100 I100.0 I100.3 "));
	if (t_failed)
		fail_at(__LINE__, "trace: %s", tr.buf);
	tc_teardown(&t);
}

static void t_l2_unreadable(void)
{
	/* Page 0 is not in memory: nothing can be saved there. */
	static const struct fx_dev devs[] = {
		{ 8192 + 3, ITT(1), 2, ev_b, 1 },	/* page 1 */
	};
	const struct its_finding *f;
	struct tc t;

	tc_setup(&t, true);
	EXPECT_EQ(fx_l1e(&t.f, DT, 0x90000000), 0);	/* not in memory */
	EXPECT_EQ(fx_l1e(&t.f, DT + 8, L2A), 0);
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs,
			  ARRAY_SIZE(devs), colls2, ARRAY_SIZE(colls2)), 0);
	tc_load(&t);
	/* The restore fails on page 0; the walk goes on to page 1. */
	EXPECT_ONLY(&t.st, ITS_F_UNMAPPED, 0x90000000, ITS_SEV_ERROR);
	f = first_kind(&t.st, ITS_F_UNMAPPED);
	EXPECT(f && f->len == ITS_PAGE_SZ && f->table == ITS_TBL_DEV);
	REQUIRE(t.st.nr_devs == 1);
	EXPECT(t.st.devs[0].id == 8195 && t.st.devs[0].reached);
out:
	tc_teardown(&t);
}

static void t_devid_range(void)
{
	struct its_dte d = { true, 0, ITT(0), 5 };
	uint64_t raw;
	struct tc t;

	tc_setup(&t, true);
	/* L1 entry 8 covers DeviceIDs 65536-73727. */
	EXPECT_EQ(fx_l1e(&t.f, DT + 8 * 8, L2A), 0);
	EXPECT_EQ(its_dte_encode(&d, &raw), 0);
	EXPECT_EQ(fx_put(&t.f, L2A, raw), 0);
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, NULL, 0,
			  colls2, ARRAY_SIZE(colls2)), 0);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_DEVID_RANGE, L2A, ITS_SEV_ERROR);
	EXPECT(t.st.nr_devs == 1 && t.st.devs[0].id == 65536);
	tc_teardown(&t);
}

static void t_truncated(void)
{
	const struct its_finding *f;
	struct tc t;

	/* Only the first 32K of the device table is in guest memory. */
	memset(&t, 0, sizeof(t));
	fx_init(&t.f);
	EXPECT_EQ(fx_add(&t.f, DT, 0x8000), 0);
	EXPECT_EQ(fx_add(&t.f, CT, RAM_SZ - 0x10000), 0);
	t.mem = fx_mem(&t.f);
	t.cfg.baser_dev = fx_baser(DT, 1, false, ITS_BASER_TYPE_DEVICE);
	t.cfg.baser_coll = fx_baser(CT, 1, false, ITS_BASER_TYPE_COLL);
	tc_save3(&t);
	tc_load(&t);
	/* The restore never reads the missing half: a warning. */
	EXPECT_ONLY(&t.st, ITS_F_UNMAPPED, DT + 0x8000, ITS_SEV_WARN);
	f = first_kind(&t.st, ITS_F_UNMAPPED);
	EXPECT(f && f->len == 0x8000 && f->table == ITS_TBL_DEV);
	its_state_free(&t.st);

	/* Now the chain leads into it: the restore would fail. */
	set_next_dte(&t, DT + 100 * 8, 5000);
	tc_load(&t);
	EXPECT_EQ(nr_kind(&t.st, ITS_F_UNMAPPED), 1);
	f = first_kind(&t.st, ITS_F_UNMAPPED);
	EXPECT(f && f->sev == ITS_SEV_ERROR && f->len == 0x8000);
	EXPECT_EQ(nr_kind(&t.st, ITS_F_NEXT_DANGLING), 1);
	EXPECT_EQ(t.st.nr_errors, 1);
	EXPECT_EQ(t.st.nr_warnings, 1);		/* the warning moved */
	tc_teardown(&t);
}

static void t_truncated_mid_page(void)
{
	static const struct fx_dev devs[] = {
		{ 0, ITT(0), 5, ev_a, 3 },
		{ 4032, ITT(1), 2, ev_b, 1 },		/* DT + 0x7e00 */
	};
	const struct its_finding *f;
	struct tc t;

	/* The image ends 256 bytes into the last 4K page it touches. */
	memset(&t, 0, sizeof(t));
	fx_init(&t.f);
	EXPECT_EQ(fx_add(&t.f, DT, 0x7f00), 0);
	EXPECT_EQ(fx_add(&t.f, CT, RAM_SZ - 0x10000), 0);
	t.mem = fx_mem(&t.f);
	t.cfg.baser_dev = fx_baser(DT, 1, false, ITS_BASER_TYPE_DEVICE);
	t.cfg.baser_coll = fx_baser(CT, 1, false, ITS_BASER_TYPE_COLL);
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs,
			  ARRAY_SIZE(devs), colls2, ARRAY_SIZE(colls2)), 0);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_UNMAPPED, DT + 0x7f00, ITS_SEV_WARN);
	f = first_kind(&t.st, ITS_F_UNMAPPED);
	EXPECT(f && f->len == 0x8100);
	REQUIRE(t.st.nr_devs == 2);
	EXPECT(t.st.devs[1].id == 4032 && t.st.devs[1].reached);
out:
	tc_teardown(&t);
}

static void t_unmapped_itt(void)
{
	static const struct fx_dev devs[] = {
		{ 1, 0x90000000, 5, NULL, 0 },		/* 256 bytes */
		{ 2, 0x90000100, 2, NULL, 0 },
	};
	const struct its_finding *f;
	struct tc t;

	tc_setup(&t, false);
	t.f.fail_errno = -EIO;	/* any read error counts */
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs,
			  ARRAY_SIZE(devs), colls2, ARRAY_SIZE(colls2)), 0);
	tc_load(&t);
	/* Adjacent ITTs of two devices stay two findings. */
	EXPECT_EQ(t.st.nr_findings, 2);
	EXPECT_EQ(nr_kind(&t.st, ITS_F_UNMAPPED), 2);
	f = first_kind(&t.st, ITS_F_UNMAPPED);
	EXPECT(f && f->table == ITS_TBL_ITT && f->gpa == 0x90000000);
	EXPECT(f && f->sev == ITS_SEV_ERROR && f->len == 256);
	EXPECT(f && strstr(f->msg, "device 0x1"));
	tc_teardown(&t);
}

static void t_overlap(void)
{
	static const struct fx_dev devs[] = {
		{ 0, ITT(0), 7, ev_a, 3 },		/* 1K */
		{ 5, ITT(0) + 0x100, 2, ev_b, 1 },	/* inside it */
		{ 100, ITT(0) + 0x200, 4, ev_c, 2 },	/* past 5, in 0 */
	};
	struct tc t;

	tc_setup(&t, false);
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs,
			  ARRAY_SIZE(devs), colls2, ARRAY_SIZE(colls2)), 0);
	tc_load(&t);
	EXPECT_EQ(nr_kind(&t.st, ITS_F_OVERLAP), 2);
	REQUIRE(t.st.nr_findings >= 2);
	EXPECT(strstr(t.st.findings[t.st.nr_findings - 2].msg,
		      "ITT of device 0x5 "));
	EXPECT(strstr(t.st.findings[t.st.nr_findings - 1].msg,
		      "ITT of device 0x64 "));
out:
	tc_teardown(&t);
}

static void t_pintid_dup(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	set_ite(&t, ITT(1) + 2 * 8, 0, 8192, 1);	/* as 0/0 */
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_PINTID_DUP, ITT(1) + 16, ITS_SEV_WARN);
	tc_teardown(&t);
}

static void t_vcpu_range(void)
{
	static const struct fx_coll colls[] = {
		{ 0, 0 }, { 1, 5 }, { 2, ITS_COLL_NOT_MAPPED },
	};
	struct tc t;

	tc_setup(&t, false);
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs3,
			  ARRAY_SIZE(devs3), colls, ARRAY_SIZE(colls)), 0);
	t.cfg.nr_vcpus = 2;
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_VCPU, CT + 8, ITS_SEV_ERROR);
	its_state_free(&t.st);
	t.cfg.nr_vcpus = 0;		/* unknown: not checked */
	tc_load(&t);
	EXPECT_EQ(t.st.nr_findings, 0);
	tc_teardown(&t);
}

static void t_cte_res0(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	EXPECT_EQ(fx_put(&t.f, CT + 8, 0x8010000000010001ULL), 0);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_RES0, CT + 8, ITS_SEV_WARN);
	tc_teardown(&t);
}

static void t_icid_range(void)
{
	static const struct fx_coll colls[] = { { 0, 0 }, { 1, 1 },
						{ 9000, 0 } };
	struct tc t;

	tc_setup(&t, false);
	/* One 64K page holds 8192 CTEs: ICID 9000 has no slot. */
	EXPECT_EQ(fx_save(&t.f, t.cfg.baser_dev, t.cfg.baser_coll, devs3,
			  ARRAY_SIZE(devs3), colls, ARRAY_SIZE(colls)), 0);
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_ICID_RANGE, CT + 16, ITS_SEV_ERROR);
	tc_teardown(&t);
}

static void t_baser_checks(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	t.cfg.baser_coll |= 1ULL << 62;		/* Indirect */
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_BASER, CT, ITS_SEV_WARN);
	EXPECT_EQ(t.st.nr_colls, 2);		/* still walked flat */
	its_state_free(&t.st);

	t.cfg.baser_coll &= ~(1ULL << 62);
	t.cfg.baser_dev = (t.cfg.baser_dev & ~(0x7ULL << 56)) | 4ULL << 56;
	tc_load(&t);
	EXPECT_ONLY(&t.st, ITS_F_BASER, DT, ITS_SEV_WARN);
	tc_teardown(&t);
}

static void t_findings_capped(void)
{
	struct its_dte d = { true, 0, ITT(3), 4 };
	uint64_t raw;
	struct tc t;
	int i;

	tc_setup(&t, false);
	tc_save3(&t);
	for (i = 0; i < 10; i++)
		set_ite(&t, ITT(3) + i * 8, 0, 20000 + i, 99);
	/* Device 200 follows the last link (device 100, next 0). */
	EXPECT_EQ(its_dte_encode(&d, &raw), 0);
	EXPECT_EQ(fx_put(&t.f, DT + 200 * 8, raw), 0);
	t.cfg.max_findings = 3;
	tc_load(&t);
	/* Device 200: unreachable, then 10 ITEs with no collection. */
	EXPECT_EQ(t.st.nr_findings, 3);
	EXPECT_EQ(t.st.nr_dropped, 8);
	EXPECT_EQ(t.st.nr_warnings + t.st.nr_errors, 11);
	tc_teardown(&t);
}

static void t_max_entries(void)
{
	struct tc t;

	tc_setup(&t, false);
	tc_save3(&t);
	t.cfg.max_entries = 11;		/* 2 CTEs + 3 DTEs + 6 ITEs */
	tc_load(&t);
	EXPECT_EQ(t.st.nr_devs, 3);
	its_state_free(&t.st);
	t.cfg.max_entries = 10;
	EXPECT_EQ(its_state_load(&t.st, &t.mem, &t.cfg), -EFBIG);
	EXPECT_EQ(t.st.nr_devs + t.st.nr_colls, 0);	/* freed */
	tc_teardown(&t);
}

static void t_names(void)
{
	const char *a, *b;
	int i, j;

	for (i = 0; i < ITS_F_NR_KINDS; i++) {
		a = its_finding_kind_name(i);
		EXPECT(a && strcmp(a, "unknown"));
		for (j = 0; j < i; j++) {
			b = its_finding_kind_name(j);
			EXPECT(!a || !b || strcmp(a, b));
		}
	}
	EXPECT(!strcmp(its_finding_kind_name(ITS_F_NR_KINDS), "unknown"));
	EXPECT(!strcmp(its_table_name(ITS_TBL_ITT), "ITT"));
}

static const struct test tests[] = {
	{ "DTE encodes and decodes hand-computed raw values", t_dte_raw },
	{ "ITE encodes and decodes hand-computed raw values", t_ite_raw },
	{ "CTE encodes and decodes hand-computed raw values", t_cte_raw },
	{ "L1 entry encodes and decodes hand-computed raw values", t_l1e_raw },
	{ "BASER decodes like KVM, 52-bit address bits included", t_baser_raw },
	{ "entries round-trip over field extremes", t_round_trips },
	{ "encoders reject fields that do not fit", t_encode_range },
	{ "flat device table: every entry restored, no findings", t_flat_walk },
	{ "restore walk visits entries in KVM's order", t_walk_order },
	{ "two-level device table, next offset across L2 pages", t_two_level },
	{ "sparse DeviceIDs: next capped at 2^14-1 still reaches", t_sparse_capped },
	{ "largest ITE next offset (2^16-1) is followed", t_ite_next_max },
	{ "empty and disabled tables", t_empty },
	{ "scan finds entries the restore walk does not", t_scan_all },
	{ "a callback's non-zero return stops the walk", t_callback_stops },
	{ "DTE next to an invalid entry: next-dangling", t_dangling_dte },
	{ "ITE next to an invalid entry: next-dangling", t_dangling_ite },
	{ "device after the last link: unreachable", t_unreachable_dte },
	{ "ITE after the last link: unreachable", t_unreachable_ite },
	{ "CTE after the terminator: unreachable, ICID missing", t_unreachable_cte },
	{ "ITE pINTID below 8192: bad-pintid", t_bad_pintid },
	{ "ITE ICID not in the collection table: icid-missing", t_icid_missing },
	{ "ITE next beyond the ITT: next-range", t_event_beyond_itt },
	{ "two CTEs for one ICID: icid-duplicate", t_icid_dup },
	{ "DTE with 17 EventID bits: eventid-bits", t_eventid_bits },
	{ "DTE next beyond the device table: next-range", t_dte_next_beyond_table },
	{ "unreadable L2 page: unmapped error, next page walked", t_l2_unreadable },
	{ "DTE above DeviceID 0xffff: devid-range", t_devid_range },
	{ "truncated image: unmapped, error once the walk reads it", t_truncated },
	{ "image ending mid-page: entries before the end are read", t_truncated_mid_page },
	{ "ITT outside guest memory: unmapped per device", t_unmapped_itt },
	{ "ITT inside another ITT: overlap", t_overlap },
	{ "two ITEs for one LPI: pintid-duplicate", t_pintid_dup },
	{ "collection on a vCPU the VM lacks: vcpu-range", t_vcpu_range },
	{ "CTE with bits 62:48 set: res0", t_cte_res0 },
	{ "ICID beyond the collection table: icid-range", t_icid_range },
	{ "BASER values KVM would not hold: baser", t_baser_checks },
	{ "findings beyond max_findings are counted, not stored", t_findings_capped },
	{ "more valid entries than max_entries: -EFBIG", t_max_entries },
	{ "finding kind names are distinct", t_names },
};

int main(void)
{
	return tap_run(tests, ARRAY_SIZE(tests));
}
