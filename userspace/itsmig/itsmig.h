/* SPDX-License-Identifier: GPL-2.0 */
/*
 * itsmig: live migration of a KVM/arm64 VM with many ITS devices, built on
 * the kvm selftests library, to measure what ITS table pre-copy takes out
 * of the downtime.
 */
#ifndef ITSMIG_H
#define ITSMIG_H

#include <pthread.h>
#include <stdbool.h>

#include "kvm_util.h"
#include "proto.h"
#include "xfer.h"

#define MAX_VCPUS		8
#define GIC_LPI_OFFSET		8192
#define MAX_LPIS		(65536 - GIC_LPI_OFFSET)
#define LPI_PROP_DEFAULT_PRIO	0xa0
#define NR_SPIS			32

#define TABLES_SLOT		1	/* device table, collection table, ITTs */
#define MISC_SLOT		2	/* command queue, LPI tables */
#define NR_SLOTS		3

enum { SYNC_MAPPED = 1 };

/* Shared with the guest: set by the host before the guest runs. */
struct guest_args {
	u32		vcpus;
	u32		devices;
	u32		events;
	u32		collections;
	u32		churn;		/* commands per second */
	u64		seed;
	u32		itt_sz;
	u64		dt_sz;
	gpa_t		tables;
	gpa_t		misc;
};

/* Guest globals the host reads and writes through the guest's memory. */
extern struct guest_args gargs;
extern u32 g_quiesce;		/* host: stop changing mappings */
extern u32 g_quiesced;		/* guest: mappings stable, model exact */
extern u32 g_stop;		/* host: leave */
extern u64 g_cmds;		/* guest: ITS commands issued */
extern u32 g_seen_count;	/* guest: LPIs taken since the host reset */
extern u32 g_irqs[MAX_VCPUS];	/* guest: interrupts taken, per vCPU */
extern u32 g_last_irq[MAX_VCPUS];	/* guest: last INTID acked, per vCPU */
extern u8 g_model[MAX_LPIS];	/* guest: collection + 1, or 0: unmapped */
extern u8 g_seen[MAX_LPIS];	/* guest: vCPU + 1 that took the LPI */

void guest_main(void);
gpa_t guest_ct_gpa(const struct guest_args *a);
gpa_t guest_itt_gpa(const struct guest_args *a, u32 dev);
#define CMDQ_GPA(a)	((a)->misc)
#define PROP_GPA(a)	((a)->misc + SZ_64K)
#define PEND_GPA(a, c)	((a)->misc + (2 + (c)) * SZ_64K)

enum vcpu_state { VCPU_RUNNING, VCPU_PAUSED, VCPU_DONE };

struct vcpu_ctx {
	struct kvm_vcpu	*vcpu;
	pthread_t	thread;
	u32		index;
	u32		ring_fetch;
	enum vcpu_state	state;
	u64		sync;		/* last GUEST_SYNC stage */
	struct vm_ctx	*vm;
};

struct vm_ctx {
	struct itsmig_config	cfg;
	struct kvm_vm		*vm;
	struct vcpu_ctx		vcpus[MAX_VCPUS];
	int			gic_fd;
	int			its_fd;
	bool			ring;
	bool			threads;	/* vCPU threads started */
	pthread_mutex_t		lock;
	pthread_cond_t		cond;
	bool			pause;
	/* Dirty pages still to send, per slot; and KVM's last bitmap. */
	unsigned long		*dirty[NR_SLOTS];
	unsigned long		*log;
	u64			slot_pages[NR_SLOTS];
	/* Where slot 0 holds the host addresses of the ucall header */
	u64			*ucall_words;
	u32			nr_ucall_words;
};

int vm_build(struct vm_ctx *c, const struct itsmig_config *cfg);
void vm_destroy(struct vm_ctx *c);
void vm_start(struct vm_ctx *c);
int vm_wait_sync(struct vm_ctx *c, u64 stage, int timeout_s);
void vm_pause(struct vm_ctx *c);
void vm_resume(struct vm_ctx *c);
void vm_dump_vcpus(struct vm_ctx *c);
void vm_stop_guest(struct vm_ctx *c);
void vm_ucall_note(struct vm_ctx *c);
void vm_ucall_fixup(struct vm_ctx *c);

void vm_dirty_log_start(struct vm_ctx *c);
void vm_dirty_log_stop(struct vm_ctx *c);
u64 vm_collect_dirty(struct vm_ctx *c, u64 *table_pages);
void vm_mark_all_dirty(struct vm_ctx *c);
void *vm_slot_hva(struct vm_ctx *c, int slot, u64 *gpa, u64 *pages);
int vm_gpa_slot(struct vm_ctx *c, u64 gpa, u64 len);

int vm_save_state(struct vm_ctx *c, struct xfer *x);
int vm_stash_state(struct vm_ctx *c, const struct itsmig_hdr *h,
		   const void *payload);
int vm_restore_state(struct vm_ctx *c, u64 *its_restore_ns);
int vm_save_early_state(struct vm_ctx *c, struct xfer *x);
int vm_restore_early(struct vm_ctx *c, u64 *ns);

int vm_verify(struct vm_ctx *c, u32 every, struct itsmig_verdict *v);
u64 vm_guest_cmds(struct vm_ctx *c);

u64 now_ns(void);

#endif /* ITSMIG_H */
