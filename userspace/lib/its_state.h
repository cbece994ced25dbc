/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State and consistency check: records of every valid entry and findings
 * (state.c), built and checked by its_state_load() (check.c).  Builds on
 * the walkers and the codec.
 */
#ifndef ITS_STATE_H
#define ITS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "its_walk.h"

enum its_finding_kind {
	ITS_F_UNMAPPED,		/* entry outside guest memory */
	ITS_F_BASER,		/* GITS_BASER value KVM would not hold */
	ITS_F_NEXT_DANGLING,	/* next lands on an invalid entry */
	ITS_F_NEXT_RANGE,	/* next leaves the table or ITT */
	ITS_F_UNREACHABLE,	/* valid entry the restore never reaches */
	ITS_F_PINTID,		/* ITE pINTID below 8192 */
	ITS_F_PINTID_DUP,	/* two ITEs name the same LPI */
	ITS_F_ICID_MISSING,	/* ITE ICID not in the collection table */
	ITS_F_ICID_DUP,		/* two CTEs with the same ICID */
	ITS_F_ICID_RANGE,	/* ICID beyond the collection table size */
	ITS_F_EVENTID_BITS,	/* DTE EventID size above 16 bits */
	ITS_F_DEVID_RANGE,	/* valid DTE for a DeviceID above 16 bits */
	ITS_F_VCPU,		/* CTE target vCPU does not exist */
	ITS_F_RES0,		/* reserved bits set */
	ITS_F_OVERLAP,		/* two tables share memory */
	ITS_F_NR_KINDS
};

/*
 * An error is a problem on an entry the restore reaches: the kernel's
 * RESTORE_TABLES fails on it.  A warning is an inconsistency that the
 * restore survives, usually by silently losing or misplacing state.
 */
enum its_severity {
	ITS_SEV_WARN,
	ITS_SEV_ERROR,
};

struct its_finding {
	enum its_finding_kind kind;
	enum its_severity sev;
	enum its_table table;
	uint64_t gpa;		/* the entry, or start of the range */
	uint64_t len;		/* bytes, for ITS_F_UNMAPPED; else 8 */
	char msg[160];
};

struct its_ite_rec {
	uint32_t event;
	bool reached;		/* on the restore walk */
	uint64_t gpa;
	uint64_t raw;
	struct its_ite ite;
};

struct its_dev_rec {
	uint64_t id;
	bool reached;
	uint64_t gpa;
	uint64_t raw;
	struct its_dte dte;
	struct its_ite_rec *ites;	/* valid ITEs, by EventID */
	size_t nr_ites;
	size_t cap_ites;
};

struct its_coll_rec {
	uint32_t index;		/* position in the collection table */
	bool reached;
	uint64_t gpa;
	uint64_t raw;
	struct its_cte cte;
};

struct its_l1_rec {
	uint32_t index;
	uint64_t gpa;
	uint64_t raw;
	struct its_l1e l1e;
};

struct its_config {
	uint64_t baser_dev;
	uint64_t baser_coll;
	uint32_t nr_vcpus;	/* 0: unknown, skip the vCPU check */
	size_t max_findings;	/* 0: ITS_DEFAULT_MAX_FINDINGS */
	size_t max_entries;	/* 0: ITS_DEFAULT_MAX_ENTRIES */
	uint64_t max_reads;	/* 0: no limit; see struct its_mem */
};

#define ITS_DEFAULT_MAX_FINDINGS 1000
/*
 * KVM's ITS has 16-bit DeviceIDs and LPIs below 2^16, so real tables hold
 * far fewer valid entries; more means BASER values pointing at garbage.
 */
#define ITS_DEFAULT_MAX_ENTRIES	(1U << 22)

/* Every valid entry found by its_scan(), marked by its_walk_restore(). */
struct its_state {
	struct its_config cfg;
	struct its_baser dev_baser;
	struct its_baser coll_baser;
	struct its_l1_rec *l1;		/* valid L1 entries, by index */
	size_t nr_l1;
	struct its_dev_rec *devs;	/* valid DTEs, by DeviceID */
	size_t nr_devs;
	struct its_coll_rec *colls;	/* valid CTEs, by index */
	size_t nr_colls;
	struct its_finding *findings;
	size_t nr_findings;		/* stored: at most max_findings */
	size_t nr_dropped;		/* found past max_findings */
	size_t nr_errors;		/* all found, stored or not */
	size_t nr_warnings;

	/* private to state.c and check.c */
	size_t cap_l1, cap_devs, cap_colls, cap_findings, nr_entries;
	struct {			/* the unmapped run the scan extends */
		bool active;
		enum its_table tbl;
		uint64_t owner;
		uint64_t end;
		long finding;		/* its finding, -1 if not stored */
	} run;
	int err;
};

/*
 * Scan, walk and check the tables.  Returns 0 with the result in *st
 * (problems in the tables are findings, not errors), or a negative errno
 * with *st empty: -ENOMEM, -EFBIG past cfg->max_entries valid entries, or
 * -E2BIG past cfg->max_reads entries read by the scan and the walk
 * together.  Free with its_state_free().
 */
int its_state_load(struct its_state *st, const struct its_mem *mem,
		   const struct its_config *cfg);
void its_state_free(struct its_state *st);

struct its_dev_rec *its_state_find_dev(const struct its_state *st,
				       uint64_t devid);
struct its_ite_rec *its_dev_find_ite(const struct its_dev_rec *dev,
				     uint32_t event);
size_t its_state_nr_ites(const struct its_state *st);

const char *its_finding_kind_name(enum its_finding_kind kind);
const char *its_severity_name(enum its_severity sev);
const char *its_table_name(enum its_table tbl);

#endif /* ITS_STATE_H */
