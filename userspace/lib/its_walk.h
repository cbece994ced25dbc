/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Table walkers (walk.c): guest memory access, the restore walk and the
 * scan of every valid entry.  Builds on the codec only.
 */
#ifndef ITS_WALK_H
#define ITS_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "its_codec.h"

/*
 * Guest memory.  read() copies len bytes at guest physical address gpa
 * into buf and returns 0, or returns a negative errno when any byte of the
 * range is not backed (outside every memslot or image).  The walkers
 * read either one 4K-aligned 4K block or one 8-byte entry at a time.
 *
 * Memory is taken to be backed in whole pages, as memslots are: a 4K
 * block that cannot be read, nor its first nor its last entry, counts as
 * a hole without reading the rest.  (An image smaller than 4K lying
 * strictly inside one 4K block would be missed.)
 */
typedef int (*its_read_fn)(void *ctx, uint64_t gpa, void *buf, size_t len);

struct its_mem {
	its_read_fn read;
	void *ctx;
	/*
	 * How many entries the walkers may read in all, 0 for no limit; past
	 * it they stop and return -E2BIG.  *nr_reads counts the entries read
	 * (it may be NULL when there is no limit).  A table entry costs one
	 * read per walk, so a budget of a few reads per 8 bytes of memory
	 * bounds the work that hostile tables (many DTEs sharing one large
	 * ITT, say) can ask for.
	 */
	uint64_t max_reads;
	uint64_t *nr_reads;
};

enum its_table {
	ITS_TBL_DEV,		/* device table, or one L2 page of it */
	ITS_TBL_L1,		/* level 1 of a two-level device table */
	ITS_TBL_ITT,		/* one device's interrupt translation table */
	ITS_TBL_COLL,		/* collection table */
};

/*
 * Walker callbacks, all optional.  The entry callbacks only see valid
 * entries.  A non-zero return stops the walk, which then returns it.
 * unmapped() is told of len bytes (a multiple of 8) of a table at gpa
 * that could not be read; owner is the DeviceID for ITS_TBL_ITT and 0
 * otherwise.
 */
struct its_walk_ops {
	int (*cte)(void *arg, uint32_t index, uint64_t gpa, uint64_t raw);
	int (*l1e)(void *arg, uint32_t index, uint64_t gpa, uint64_t raw);
	int (*dte)(void *arg, uint64_t devid, uint64_t gpa, uint64_t raw);
	int (*ite)(void *arg, uint64_t devid, uint32_t event, uint64_t gpa,
		   uint64_t raw);
	int (*unmapped)(void *arg, enum its_table tbl, uint64_t owner,
			uint64_t gpa, uint64_t len);
};

/*
 * Visit the entries KVM_DEV_ARM_ITS_RESTORE_TABLES would restore, in its
 * order: the collection table up to its first invalid entry, then the
 * device table along the "next" chain (stepping one entry at a time over
 * invalid ones, and one L1 entry at a time over a two-level table), each
 * valid DTE followed by its ITT walked the same way.
 *
 * Unlike the kernel, which gives up at the first bad entry, the walk goes
 * on wherever the entry still says where to go, so that one run reports
 * every problem; it stops a table only where the chain cannot be followed
 * (an unreadable entry, an ITE "next" beyond its ITT).
 */
int its_walk_restore(const struct its_mem *mem, uint64_t baser_dev,
		     uint64_t baser_coll, const struct its_walk_ops *ops,
		     void *arg);

/*
 * Visit every valid entry of every table, ignoring the "next" offsets:
 * all collection table entries, all device table entries (all L2 pages
 * of valid L1 entries), and the whole ITT of each valid DTE whose
 * EventID size KVM accepts.
 */
int its_scan(const struct its_mem *mem, uint64_t baser_dev,
	     uint64_t baser_coll, const struct its_walk_ops *ops, void *arg);

#endif /* ITS_WALK_H */
