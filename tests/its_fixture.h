/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Synthetic guest memory and ITS tables for the host tests: a few zeroed
 * regions standing for memslots, and a writer that lays tables out the
 * way KVM's vgic_its_save_tables_v0() does, next offsets included.
 */
#ifndef ITS_FIXTURE_H
#define ITS_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "its_abi.h"

#define FX_MAX_REGIONS	4

struct fx_region {
	uint64_t base;
	size_t size;
	uint8_t *buf;
};

struct fx {
	struct fx_region r[FX_MAX_REGIONS];
	int nr;
	unsigned long reads;	/* calls to fx_read() */
	int fail_errno;		/* returned for unbacked reads */
};

struct fx_event {
	uint32_t event;
	uint32_t pintid;
	uint16_t icid;
};

struct fx_dev {
	uint64_t id;
	uint64_t itt;
	unsigned int bits;
	const struct fx_event *ev;	/* sorted by event */
	size_t nr_ev;
};

struct fx_coll {
	uint16_t icid;
	uint32_t vcpu;
};

void fx_init(struct fx *f);
int fx_add(struct fx *f, uint64_t base, size_t size);
void fx_free(struct fx *f);
int fx_read(void *ctx, uint64_t gpa, void *buf, size_t len);
struct its_mem fx_mem(struct fx *f);

int fx_put(struct fx *f, uint64_t gpa, uint64_t raw);
int fx_get(struct fx *f, uint64_t gpa, uint64_t *raw);
int fx_l1e(struct fx *f, uint64_t gpa, uint64_t l2);
uint64_t fx_baser(uint64_t addr, unsigned int pages, bool indirect,
		  unsigned int type);

/* devs sorted by id: written like KVM's save, next offsets and all. */
int fx_save(struct fx *f, uint64_t baser_dev, uint64_t baser_coll,
	    const struct fx_dev *devs, size_t nr_devs,
	    const struct fx_coll *colls, size_t nr_colls);

#endif /* ITS_FIXTURE_H */
