/* SPDX-License-Identifier: GPL-2.0 */
/*
 * itsmig wire protocol: a stream of messages, each a fixed header and a
 * payload.  The header carries its own checksum, and so does every payload
 * but guest pages (the transport is a byte stream that already protects
 * them; checksumming every page would only add to the measured copy).
 *
 * Nothing here touches KVM: the framing is unit-tested on the host.
 */
#ifndef ITSMIG_PROTO_H
#define ITSMIG_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define ITSMIG_MAGIC		0x4d535449u	/* "ITSM" */
#define ITSMIG_VERSION		3
#define ITSMIG_PAGE_SIZE	4096u
/* The largest payload of any message: a run of 64 pages. */
#define ITSMIG_MAX_PAYLOAD	(64u * ITSMIG_PAGE_SIZE)

enum itsmig_type {
	MSG_HELLO = 1,		/* source -> dest: struct itsmig_config */
	MSG_HELLO_ACK,		/* dest -> source: struct itsmig_caps */
	MSG_PAGES,		/* arg: guest physical address; pages */
	MSG_STATE,		/* arg: kind << 32 | index; records */
	MSG_STOPCOPY_END,	/* source -> dest: nothing more follows */
	MSG_RESUMED,		/* dest -> source: struct itsmig_dest_times */
	MSG_VERIFIED,		/* dest -> source: struct itsmig_verdict */
	MSG_ERROR,		/* either way: a NUL-terminated reason */
	/*
	 * Destination pre-copy, after each pre-copy round: the
	 * redistributors' LPI registers and the ITS registers (MSG_STATE)
	 * are in; restore the ITS early, or refresh what it holds.
	 */
	MSG_EARLY_RESTORE,
	MSG_TYPE_MAX,
};

/* MSG_STATE kinds. */
enum itsmig_state_kind {
	STATE_VCPU = 1,		/* KVM_{GET,SET}_ONE_REG, every listed reg */
	STATE_VCPU_MP,		/* id 0: the vCPU's mp_state */
	STATE_GIC_DIST,		/* KVM_DEV_ARM_VGIC_GRP_DIST_REGS */
	STATE_GIC_REDIST,	/* KVM_DEV_ARM_VGIC_GRP_REDIST_REGS */
	STATE_GIC_CPU,		/* KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS */
	STATE_ITS,		/* KVM_DEV_ARM_VGIC_GRP_ITS_REGS */
	STATE_KIND_MAX,
};

struct itsmig_hdr {
	uint32_t magic;
	uint16_t type;
	uint16_t version;
	uint32_t len;		/* payload bytes */
	uint32_t pcrc;		/* crc32c of the payload, 0 for MSG_PAGES */
	uint64_t arg;
	uint32_t hcrc;		/* crc32c of the header up to here */
	uint32_t pad;
};

/* What both sides build: the destination's VM must equal the source's. */
struct itsmig_config {
	uint32_t vcpus;
	uint32_t devices;
	uint32_t events;
	uint32_t collections;
	uint32_t churn;		/* ITS commands per second, 0: quiet */
	uint32_t flags;
	uint64_t seed;
};

#define CONFIG_F_DIRTY_RING	(1u << 0)

struct itsmig_caps {
	uint32_t precopy;	/* the destination's KVM has ITS pre-copy */
	uint32_t early_restore;	/* and KVM_DEV_ARM_ITS_PRECOPY_RESTORE */
};

struct itsmig_dest_times {
	uint64_t restore_ns;		/* state restore, STOPCOPY_END to run */
	uint64_t its_restore_ns;	/* KVM_DEV_ARM_ITS_RESTORE_TABLES */
	uint64_t pages;			/* pages received, in all */
	/*
	 * Destination pre-copy: KVM_DEV_ARM_ITS_PRECOPY_RESTORE, all of them
	 * and the last one, not down
	 */
	uint64_t early_ns;
	uint64_t refresh_ns;
	/* KVM_DEV_ARM_ITS_PRECOPY_CHANGED at STOPCOPY_END, down */
	uint64_t changed_ns;
	uint32_t early;			/* restored early: 1, failed: 2 */
	uint32_t refreshes;		/* PRECOPY_RESTOREs after the first */
};

struct itsmig_verdict {
	uint32_t mapped;	/* (device, event) pairs mapped */
	uint32_t delivered;	/* LPIs that reached the right vCPU */
	uint32_t errors;	/* any other outcome */
	uint32_t pad;
	uint64_t guest_cmds;	/* ITS commands the guest issued */
};

/* One register in a MSG_STATE payload; data follows, padded to 8. */
struct itsmig_rec {
	uint64_t id;
	uint32_t size;
	uint32_t pad;
};

#define ITSMIG_REC_MAX		256	/* bytes: the largest KVM register */

uint32_t itsmig_crc32c(uint32_t crc, const void *buf, size_t len);

void itsmig_hdr_init(struct itsmig_hdr *h, enum itsmig_type type,
		     uint64_t arg, const void *payload, uint32_t len);
int itsmig_hdr_check(const struct itsmig_hdr *h);
int itsmig_payload_check(const struct itsmig_hdr *h, const void *payload);
const char *itsmig_type_name(unsigned int type);

/*
 * Walk the records of a MSG_STATE payload: returns the next record and its
 * data, NULL at the end; *err is set to -EBADMSG on a malformed payload.
 */
const struct itsmig_rec *itsmig_rec_next(const void *payload, uint32_t len,
					 uint32_t *off, const void **data,
					 int *err);
/* Append a record to buf (capacity cap); returns the new length or -1. */
long itsmig_rec_put(void *buf, size_t cap, size_t len, uint64_t id,
		    const void *data, uint32_t size);

int itsmig_config_check(const struct itsmig_config *c, char *why,
			size_t whylen);

#endif /* ITSMIG_PROTO_H */
