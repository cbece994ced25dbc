/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ITSMIG_MIGRATE_H
#define ITSMIG_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>

#include "proto.h"

struct mig_opts {
	struct itsmig_config	cfg;
	bool			precopy;
	bool			dest_precopy;	/* restore the ITS early */
	bool			json;
	bool			csv;
	bool			quiet;
	uint32_t		max_rounds;
	uint32_t		threshold;	/* pages left to switch over */
	uint32_t		drop_after;	/* dest: PAGES messages, 0: never */
	bool			drop_resumed;	/* dest: drop instead of RESUMED */
	uint32_t		repeat;		/* compare: migrations per mode */
	const char		*dump_dir;	/* source: tables for its-dump */
	uint32_t		check_every;	/* dest: signal every Nth LPI */
	uint32_t		timeout_s;	/* network, 0: wait forever */
	/* The stream goes to or comes from a file: no answers. */
	bool			file;
};

struct mig_report {
	bool		precopy;	/* asked for */
	bool		precopy_used;	/* and the kernel has it */
	bool		dest_precopy;	/* the destination's kernel has it */
	bool		early_asked;	/* destination pre-copy asked for */
	bool		early_used;	/* and the destination restored early */
	uint64_t	early_ns;	/* destination: all PRECOPY_RESTOREs */
	uint64_t	refresh_ns;	/* destination: the last one */
	uint32_t	refreshes;	/* PRECOPY_RESTOREs after the first */
	uint64_t	changed_ns;	/* destination: PRECOPY_CHANGED, down */
	uint32_t	rounds;
	uint64_t	total_ns;	/* migration start to resumed */
	uint64_t	downtime_ns;	/* source stop to destination resumed */
	/* QEMU's downtime: source stop to the last byte of stop-copy sent */
	uint64_t	qemu_downtime_ns;
	uint64_t	enable_ns;	/* KVM_DEV_ARM_ITS_PRECOPY_ENABLE */
	uint64_t	pause_ns;
	uint64_t	its_flush_ns;	/* KVM_DEV_ARM_ITS_SAVE_TABLES */
	uint64_t	lpi_pending_ns;	/* KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES */
	uint64_t	state_ns;	/* registers */
	uint64_t	final_copy_ns;	/* last dirty pages and state sent */
	uint64_t	restore_ns;	/* destination: state restore */
	uint64_t	its_restore_ns;	/* destination: RESTORE_TABLES */
	uint64_t	precopy_pages;
	uint64_t	precopy_bytes;
	uint64_t	stopcopy_pages;
	uint64_t	stopcopy_bytes;
	uint64_t	flush_table_pages;
	/* KVM_DEV_ARM_ITS_PRECOPY_INFO once the vCPUs stopped */
	uint64_t	switchover_pending_bytes;
	/*
	 * Guest ITS commands at the last pre-copy round's log harvest, and
	 * those issued between it and the pause
	 */
	uint64_t	harvest_cmds;
	uint64_t	last_round_cmds;
	struct itsmig_verdict verdict;
	/* The state was sent but no word came back: the VM may run there. */
	bool		outcome_unknown;
};

/* The network timeout; main() keeps timeout_s at most a day. */
static inline unsigned int mig_timeout_ms(const struct mig_opts *o)
{
	return o->timeout_s * 1000;
}

int mig_source(const struct mig_opts *o, int fd, struct mig_report *r);
int mig_dest(const struct mig_opts *o, int fd);

#endif /* ITSMIG_MIGRATE_H */
