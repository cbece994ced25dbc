// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic guest memory and ITS tables for the host tests.  fx_save()
 * follows vgic_its_save_tables_v0() in arch/arm64/kvm/vgic/vgic-its.c:
 * DTEs at their DeviceID (through the L1 table when two-level, skipping
 * devices whose L1 entry is invalid), next offsets capped at 2^14-1 and
 * 2^16-1, the collection table written from its start and closed by an
 * invalid entry when there is room.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "its_fixture.h"

void fx_init(struct fx *f)
{
	memset(f, 0, sizeof(*f));
	f->fail_errno = -EFAULT;
}

int fx_add(struct fx *f, uint64_t base, size_t size)
{
	struct fx_region *r;

	if (f->nr == FX_MAX_REGIONS)
		return -ENOSPC;
	r = &f->r[f->nr];
	r->buf = calloc(1, size);
	if (!r->buf)
		return -ENOMEM;
	r->base = base;
	r->size = size;
	f->nr++;
	return 0;
}

void fx_free(struct fx *f)
{
	int i;

	for (i = 0; i < f->nr; i++)
		free(f->r[i].buf);
	f->nr = 0;
}

static uint8_t *fx_ptr(struct fx *f, uint64_t gpa, size_t len)
{
	struct fx_region *r;
	int i;

	for (i = 0; i < f->nr; i++) {
		r = &f->r[i];
		if (gpa >= r->base && gpa - r->base <= r->size &&
		    len <= r->size - (gpa - r->base))
			return r->buf + (gpa - r->base);
	}
	return NULL;
}

int fx_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct fx *f = ctx;
	uint8_t *p = fx_ptr(f, gpa, len);

	f->reads++;
	if (!p)
		return f->fail_errno;
	memcpy(buf, p, len);
	return 0;
}

struct its_mem fx_mem(struct fx *f)
{
	return (struct its_mem){ .read = fx_read, .ctx = f };
}

int fx_put(struct fx *f, uint64_t gpa, uint64_t raw)
{
	uint8_t *p = fx_ptr(f, gpa, ITS_ESZ);

	if (!p)
		return -EFAULT;
	its_le64_put(p, raw);
	return 0;
}

int fx_get(struct fx *f, uint64_t gpa, uint64_t *raw)
{
	uint8_t *p = fx_ptr(f, gpa, ITS_ESZ);

	if (!p)
		return -EFAULT;
	*raw = its_le64_get(p);
	return 0;
}

int fx_l1e(struct fx *f, uint64_t gpa, uint64_t l2)
{
	struct its_l1e l1e = { .valid = true, .l2_addr = l2 };
	uint64_t raw;
	int ret;

	ret = its_l1e_encode(&l1e, &raw);
	return ret ? ret : fx_put(f, gpa, raw);
}

uint64_t fx_baser(uint64_t addr, unsigned int pages, bool indirect,
		  unsigned int type)
{
	struct its_baser b = {
		.valid = true, .indirect = indirect, .type = type,
		.entry_size = ITS_ESZ, .page_size = ITS_PAGE_SZ,
		.nr_pages = pages, .addr = addr,
	};
	uint64_t raw = 0;

	its_baser_encode(&b, &raw);
	return raw;
}

/* vgic_its_check_id() for the device table: where DTE id lives. */
static bool fx_dte_gpa(struct fx *f, const struct its_baser *b, uint64_t id,
		       uint64_t *gpa)
{
	uint64_t raw, index;
	struct its_l1e l1e;

	if (id > ITS_MAX_DEVID)
		return false;
	if (!b->indirect) {
		if (id >= b->size / ITS_ESZ)
			return false;
		*gpa = b->addr + id * ITS_ESZ;
		return true;
	}
	index = id / ITS_L2_DTES;
	if (index >= b->size / ITS_ESZ ||
	    fx_get(f, b->addr + index * ITS_ESZ, &raw))
		return false;
	its_l1e_decode(raw, &l1e);
	*gpa = l1e.l2_addr + id % ITS_L2_DTES * ITS_ESZ;
	return l1e.valid;
}

static int fx_save_itt(struct fx *f, const struct fx_dev *d)
{
	struct its_ite ite;
	uint64_t raw, next;
	size_t i;
	int ret;

	for (i = 0; i < d->nr_ev; i++) {
		next = i + 1 < d->nr_ev ? d->ev[i + 1].event - d->ev[i].event
					: 0;
		ite = (struct its_ite){
			.next = next > ITS_ITE_NEXT_MAX ? ITS_ITE_NEXT_MAX
							: next,
			.pintid = d->ev[i].pintid,
			.icid = d->ev[i].icid,
		};
		ret = its_ite_encode(&ite, &raw);
		if (!ret)
			ret = fx_put(f, d->itt + d->ev[i].event * ITS_ESZ, raw);
		if (ret)
			return ret;
	}
	return 0;
}

/* compute_next_devid_offset(): the next device that has a slot. */
static uint32_t fx_next_dev(struct fx *f, const struct its_baser *b,
			    const struct fx_dev *devs, size_t nr, size_t i)
{
	uint64_t gpa, off;
	size_t j;

	for (j = i + 1; j < nr; j++) {
		if (!fx_dte_gpa(f, b, devs[j].id, &gpa))
			continue;
		off = devs[j].id - devs[i].id;
		return off > ITS_DTE_NEXT_MAX ? ITS_DTE_NEXT_MAX : off;
	}
	return 0;
}

static int fx_save_devs(struct fx *f, const struct its_baser *b,
			const struct fx_dev *devs, size_t nr)
{
	struct its_dte dte;
	uint64_t gpa, raw;
	size_t i;
	int ret;

	for (i = 0; i < nr; i++) {
		if (i && devs[i].id <= devs[i - 1].id)
			return -EINVAL;
		if (!fx_dte_gpa(f, b, devs[i].id, &gpa))
			continue;
		dte = (struct its_dte){
			.valid = true,
			.next = fx_next_dev(f, b, devs, nr, i),
			.itt_addr = devs[i].itt,
			.eventid_bits = devs[i].bits,
		};
		ret = fx_save_itt(f, &devs[i]);
		if (!ret)
			ret = its_dte_encode(&dte, &raw);
		if (!ret)
			ret = fx_put(f, gpa, raw);
		if (ret)
			return ret;
	}
	return 0;
}

static int fx_save_colls(struct fx *f, const struct its_baser *b,
			 const struct fx_coll *colls, size_t nr)
{
	struct its_cte cte;
	uint64_t raw;
	size_t i;
	int ret;

	for (i = 0; i < nr; i++) {
		cte = (struct its_cte){
			.valid = true, .rdbase = colls[i].vcpu,
			.icid = colls[i].icid,
		};
		ret = its_cte_encode(&cte, &raw);
		if (!ret)
			ret = fx_put(f, b->addr + i * ITS_ESZ, raw);
		if (ret)
			return ret;
	}
	if (nr * ITS_ESZ == b->size)
		return 0;
	return fx_put(f, b->addr + nr * ITS_ESZ, 0);
}

int fx_save(struct fx *f, uint64_t baser_dev, uint64_t baser_coll,
	    const struct fx_dev *devs, size_t nr_devs,
	    const struct fx_coll *colls, size_t nr_colls)
{
	struct its_baser bd, bc;
	int ret;

	its_baser_decode(baser_dev, &bd);
	its_baser_decode(baser_coll, &bc);
	/* KVM saves nothing into a table whose BASER is not valid. */
	if (bd.valid) {
		ret = fx_save_devs(f, &bd, devs, nr_devs);
		if (ret)
			return ret;
	}
	return bc.valid ? fx_save_colls(f, &bc, colls, nr_colls) : 0;
}
