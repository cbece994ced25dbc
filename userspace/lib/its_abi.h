/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM vGICv3 ITS table ABI rev0: entry codec, table walkers and a
 * consistency checker.
 *
 * KVM_DEV_ARM_ITS_SAVE_TABLES writes the in-kernel ITS state into guest
 * memory in the layout of Documentation/virt/kvm/devices/arm-vgic-its.rst
 * ("ITS Table ABI REV0"); KVM_DEV_ARM_ITS_RESTORE_TABLES reads it back by
 * following the "next" offsets of the entries.  This library decodes those
 * tables the same way the kernel's restore path does, and also scans them
 * for every valid entry so that the two views can be compared.
 *
 * The library does no I/O of its own: guest memory is reached through
 * struct its_mem, so the same code serves a memory image on disk
 * (its-dump) and a running VM (itsmig).
 */
#ifndef ITS_ABI_H
#define ITS_ABI_H

#include <stdbool.h>
#include <stddef.h>
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

/* ---- Consistency check ---- */

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

	/* private to its_abi.c */
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

#endif /* ITS_ABI_H */
