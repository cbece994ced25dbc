// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig VM: build the VM both sides run, drive its vCPU threads, track
 * dirty memory, and save and restore the state KVM keeps outside guest
 * memory (vCPU registers, GICv3 distributor, redistributors and CPU
 * interfaces, ITS registers).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <signal.h>
#include <time.h>
#include <asm/barrier.h>
#include <linux/bitmap.h>
#include <linux/sizes.h>

#include "itsmig.h"
#include "ucall_common.h"
#include "gic.h"
#include "gic_v3.h"
#include "processor.h"
#include "ucall.h"
#include "vgic.h"

#define SLOT0_PAGES	4096
#define RING_ENTRIES	4096

u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void guest_irq_handler(struct ex_regs *regs)
{
	u32 intid = gic_get_and_ack_irq();
	u32 cpu = guest_get_vcpuid();

	WRITE_ONCE(g_irqs[cpu], g_irqs[cpu] + 1);
	WRITE_ONCE(g_last_irq[cpu], intid);
	if (intid == IAR_SPURIOUS)
		return;
	if (intid >= GIC_LPI_OFFSET && intid < GIC_LPI_OFFSET + MAX_LPIS) {
		WRITE_ONCE(g_seen[intid - GIC_LPI_OFFSET], cpu + 1);
		__atomic_fetch_add(&g_seen_count, 1, __ATOMIC_SEQ_CST);
	}
	gic_set_eoi(intid);
}

/*
 * vm_create_with_vcpus() with a fixed slot 0, so that both sides get the
 * same memory layout whatever they enable, and with the dirty ring and its
 * backup bitmap enabled before the first memslot exists, as KVM requires.
 */
static void create_vm(struct vm_ctx *c)
{
	struct kvm_vm *vm = ____vm_create(VM_SHAPE_DEFAULT);
	struct userspace_mem_region *slot0;
	u32 i;

	/* vm_build() makes the vGIC, with the SPIs the guest uses. */
	test_disable_default_vgic();

	if (c->ring) {
		vm_enable_dirty_ring(vm, RING_ENTRIES *
					 sizeof(struct kvm_dirty_gfn));
		vm_enable_cap(vm, KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP, 0);
	}
	vm_userspace_mem_region_add(vm, VM_MEM_SRC_ANONYMOUS, 0, 0,
				    vm_adjust_num_guest_pages(vm->mode,
							      SLOT0_PAGES), 0);
	for (i = 0; i < NR_MEM_REGIONS; i++)
		vm->memslots[i] = 0;
	kvm_vm_elf_load(vm, program_invocation_name);
	slot0 = memslot2region(vm, 0);
	ucall_init(vm, slot0->region.guest_phys_addr + slot0->region.memory_size);
	kvm_arch_vm_post_create(vm, c->cfg.vcpus);

	for (i = 0; i < c->cfg.vcpus; i++) {
		c->vcpus[i].vcpu = vm_vcpu_add(vm, i, guest_main);
		c->vcpus[i].index = i;
		c->vcpus[i].vm = c;
	}
	c->vm = vm;
}

/* The ITS and LPI tables, in two slots at the top of guest memory. */
static void setup_layout(struct vm_ctx *c, struct guest_args *a)
{
	u64 top = (vm_compute_max_gfn(c->vm) + 1) * c->vm->page_size;
	u32 ev = c->cfg.events < 2 ? 2 : c->cfg.events;
	u64 tables_sz, misc_sz;

	a->vcpus = c->cfg.vcpus;
	a->devices = c->cfg.devices;
	a->events = c->cfg.events;
	a->collections = c->cfg.collections;
	a->churn = c->cfg.churn;
	a->seed = c->cfg.seed;
	/* MAPD takes a power of two of events; ITTs are 256-byte aligned. */
	a->itt_sz = max_t(u32, 8u << (32 - __builtin_clz(ev - 1)), 256);
	a->dt_sz = align_up((u64)c->cfg.devices * 8, SZ_64K);
	tables_sz = align_up(a->dt_sz + SZ_64K +
			     (u64)c->cfg.devices * a->itt_sz, SZ_64K);
	misc_sz = (2 + c->cfg.vcpus) * SZ_64K;

	top = align_down(top, SZ_64K);
	a->tables = top - tables_sz;
	a->misc = a->tables - misc_sz;

	vm_userspace_mem_region_add(c->vm, VM_MEM_SRC_ANONYMOUS, a->tables,
				    TABLES_SLOT, tables_sz / c->vm->page_size,
				    0);
	vm_userspace_mem_region_add(c->vm, VM_MEM_SRC_ANONYMOUS, a->misc,
				    MISC_SLOT, misc_sz / c->vm->page_size, 0);
	virt_map(c->vm, CMDQ_GPA(a), CMDQ_GPA(a),
		 vm_calc_num_guest_pages(c->vm->mode, SZ_64K));
}

static void configure_lpis(struct vm_ctx *c, const struct guest_args *a)
{
	u8 *prop = addr_gpa2hva(c->vm, PROP_GPA(a));

	memset(prop, LPI_PROP_DEFAULT_PRIO | LPI_PROP_GROUP1 |
		     LPI_PROP_ENABLED, (size_t)a->devices * a->events);
}

static void sig_kick(int sig)
{
}

int vm_build(struct vm_ctx *c, const struct itsmig_config *cfg)
{
	struct sigaction sa = { .sa_handler = sig_kick };
	struct guest_args a = { 0 };
	int i;

	memset(c, 0, sizeof(*c));
	c->cfg = *cfg;
	c->ring = cfg->flags & CONFIG_F_DIRTY_RING;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	/* No SA_RESTART: the kick must make KVM_RUN return. */
	sigaction(SIGUSR1, &sa, NULL);

	create_vm(c);
	vm_init_descriptor_tables(c->vm);
	for (i = 0; i < (int)cfg->vcpus; i++)
		vcpu_init_descriptor_tables(c->vcpus[i].vcpu);
	vm_install_exception_handler(c->vm, VECTOR_IRQ_CURRENT,
				     guest_irq_handler);
	setup_layout(c, &a);
	configure_lpis(c, &a);

	c->gic_fd = vgic_v3_setup(c->vm, cfg->vcpus, 32 + NR_SPIS);
	if (c->gic_fd < 0)
		return -ENODEV;
	c->its_fd = vgic_its_setup(c->vm);
	if (c->ring)
		for (i = 0; i < (int)cfg->vcpus; i++)
			vcpu_map_dirty_ring(c->vcpus[i].vcpu);

	for (i = 0; i < NR_SLOTS; i++) {
		c->slot_pages[i] = memslot2region(c->vm, i)->region.memory_size /
				   getpagesize();
		c->dirty[i] = bitmap_zalloc(c->slot_pages[i]);
		TEST_ASSERT(c->dirty[i], "Out of memory");
	}
	c->log = bitmap_zalloc(max(c->slot_pages[0],
				   max(c->slot_pages[TABLES_SLOT],
				       c->slot_pages[MISC_SLOT])));
	TEST_ASSERT(c->log, "Out of memory");
	for (i = 0; i < (int)cfg->vcpus; i++)
		c->vcpus[i].state = VCPU_PAUSED;
	gargs = a;
	sync_global_to_guest(c->vm, gargs);
	return 0;
}

static void *vcpu_thread(void *arg)
{
	struct vcpu_ctx *v = arg;
	struct vm_ctx *c = v->vm;
	struct kvm_run *run = v->vcpu->run;
	struct ucall uc;
	int rc;

	for (;;) {
		pthread_mutex_lock(&c->lock);
		if (c->pause) {
			v->state = VCPU_PAUSED;
			pthread_cond_broadcast(&c->cond);
			while (c->pause)
				pthread_cond_wait(&c->cond, &c->lock);
			v->state = VCPU_RUNNING;
			run->immediate_exit = 0;
		}
		pthread_mutex_unlock(&c->lock);

		rc = __vcpu_run(v->vcpu);
		if (rc < 0 && errno == EINTR)
			continue;
		TEST_ASSERT(!rc, KVM_IOCTL_ERROR(KVM_RUN, rc));
		if (run->exit_reason == KVM_EXIT_DIRTY_RING_FULL) {
			/* The migration thread harvests and resets. */
			usleep(1000);
			continue;
		}
		switch (get_ucall(v->vcpu, &uc)) {
		case UCALL_SYNC:
			pthread_mutex_lock(&c->lock);
			v->sync = uc.args[1];
			pthread_cond_broadcast(&c->cond);
			pthread_mutex_unlock(&c->lock);
			break;
		case UCALL_DONE:
			pthread_mutex_lock(&c->lock);
			v->state = VCPU_DONE;
			pthread_cond_broadcast(&c->cond);
			pthread_mutex_unlock(&c->lock);
			return NULL;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			break;
		default:
			TEST_FAIL("vCPU %u: unexpected exit %s", v->index,
				  exit_reason_str(run->exit_reason));
		}
	}
}

void vm_start(struct vm_ctx *c)
{
	u32 i;

	for (i = 0; i < c->cfg.vcpus; i++) {
		c->vcpus[i].state = VCPU_RUNNING;
		pthread_create(&c->vcpus[i].thread, NULL, vcpu_thread,
			       &c->vcpus[i]);
	}
	c->threads = true;
}

int vm_wait_sync(struct vm_ctx *c, u64 stage, int timeout_s)
{
	struct timespec ts;
	int ret = 0;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_s;
	pthread_mutex_lock(&c->lock);
	while (c->vcpus[0].sync != stage && !ret)
		ret = pthread_cond_timedwait(&c->cond, &c->lock, &ts);
	pthread_mutex_unlock(&c->lock);
	return ret ? -ETIMEDOUT : 0;
}

static bool any_running(struct vm_ctx *c)
{
	u32 i;

	for (i = 0; i < c->cfg.vcpus; i++)
		if (c->vcpus[i].state == VCPU_RUNNING)
			return true;
	return false;
}

/*
 * Make every vCPU leave KVM_RUN and wait for it.  immediate_exit covers a
 * vCPU about to enter KVM_RUN, the signal one already in it (or in WFI).
 */
void vm_pause(struct vm_ctx *c)
{
	u32 i;

	pthread_mutex_lock(&c->lock);
	c->pause = true;
	for (i = 0; i < c->cfg.vcpus; i++)
		c->vcpus[i].vcpu->run->immediate_exit = 1;
	pthread_mutex_unlock(&c->lock);
	for (i = 0; i < c->cfg.vcpus; i++)
		if (c->vcpus[i].state != VCPU_DONE)
			pthread_kill(c->vcpus[i].thread, SIGUSR1);
	pthread_mutex_lock(&c->lock);
	while (any_running(c))
		pthread_cond_wait(&c->cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
}

void vm_resume(struct vm_ctx *c)
{
	pthread_mutex_lock(&c->lock);
	c->pause = false;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

/* Let the guest leave and wait for its vCPU threads. */
void vm_stop_guest(struct vm_ctx *c)
{
	u32 i;

	if (!c->threads)
		return;
	write_guest_global(c->vm, g_stop, 1);
	vm_pause(c);
	vm_resume(c);
	for (i = 0; i < c->cfg.vcpus; i++)
		pthread_join(c->vcpus[i].thread, NULL);
	c->threads = false;
}

/* What the hva field at @w holds in this process: its ucall's address. */
static u64 ucall_self(const u64 *w)
{
	return (u64)((const char *)w - offsetof(struct ucall, hva));
}

/*
 * The selftests' ucall header, in guest memory, holds the host address of
 * each struct ucall (its hva field), which the guest hands back through
 * MMIO on every ucall.  Pages from the source hold the source's addresses:
 * note where this VM's own are before the pages arrive, and put them back
 * after (a fork()ed destination only got away without it because it had
 * mapped its memory where its parent had).
 */
void vm_ucall_note(struct vm_ctx *c)
{
	u64 gpa, pages, n, i;
	u64 *p = vm_slot_hva(c, 0, &gpa, &pages);

	n = pages * getpagesize() / sizeof(*p);
	for (i = 0; i < n; i++) {
		if (p[i] != ucall_self(&p[i]))
			continue;
		c->ucall_words = realloc(c->ucall_words,
					 (c->nr_ucall_words + 1) *
					 sizeof(*c->ucall_words));
		TEST_ASSERT(c->ucall_words, "Out of memory");
		c->ucall_words[c->nr_ucall_words++] = i;
	}
	TEST_ASSERT(c->nr_ucall_words, "No ucall header in guest memory");
}

void vm_ucall_fixup(struct vm_ctx *c)
{
	u64 gpa, pages, *w, i;
	u64 *p = vm_slot_hva(c, 0, &gpa, &pages);

	for (i = 0; i < c->nr_ucall_words; i++) {
		w = p + c->ucall_words[i];
		*w = ucall_self(w);
	}
}

void vm_destroy(struct vm_ctx *c)
{
	int i;

	vm_stop_guest(c);
	free(c->ucall_words);
	close(c->its_fd);
	close(c->gic_fd);
	kvm_vm_free(c->vm);
	for (i = 0; i < NR_SLOTS; i++)
		free(c->dirty[i]);
	free(c->log);
}

void *vm_slot_hva(struct vm_ctx *c, int slot, u64 *gpa, u64 *pages)
{
	struct userspace_mem_region *r = memslot2region(c->vm, slot);

	*gpa = r->region.guest_phys_addr;
	*pages = c->slot_pages[slot];
	return r->host_mem;
}

/* The slot holding [gpa, gpa + len), or -1. */
int vm_gpa_slot(struct vm_ctx *c, u64 gpa, u64 len)
{
	u64 base, pages;
	int i;

	for (i = 0; i < NR_SLOTS; i++) {
		vm_slot_hva(c, i, &base, &pages);
		if (gpa >= base && len <= pages * getpagesize() &&
		    gpa - base <= pages * getpagesize() - len)
			return i;
	}
	return -1;
}

void vm_dirty_log_start(struct vm_ctx *c)
{
	int i;

	for (i = 0; i < NR_SLOTS; i++)
		vm_mem_region_set_flags(c->vm, i, KVM_MEM_LOG_DIRTY_PAGES);
}

void vm_dirty_log_stop(struct vm_ctx *c)
{
	int i;

	for (i = 0; i < NR_SLOTS; i++)
		vm_mem_region_set_flags(c->vm, i, 0);
}

void vm_mark_all_dirty(struct vm_ctx *c)
{
	int i;

	for (i = 0; i < NR_SLOTS; i++)
		bitmap_fill(c->dirty[i], c->slot_pages[i]);
}

static void harvest_rings(struct vm_ctx *c)
{
	struct kvm_dirty_gfn *gfns, *cur;
	u32 i;

	for (i = 0; i < c->cfg.vcpus; i++) {
		gfns = c->vcpus[i].vcpu->dirty_gfns;
		for (;;) {
			cur = &gfns[c->vcpus[i].ring_fetch % RING_ENTRIES];
			/* Read the entry only once KVM has published it. */
			if (smp_load_acquire(&cur->flags) !=
			    KVM_DIRTY_GFN_F_DIRTY)
				break;
			TEST_ASSERT(cur->slot < NR_SLOTS &&
				    cur->offset < c->slot_pages[cur->slot],
				    "Bad dirty ring entry %u/0x%llx",
				    cur->slot, cur->offset);
			__set_bit(cur->offset, c->dirty[cur->slot]);
			smp_store_release(&cur->flags, KVM_DIRTY_GFN_F_RESET);
			c->vcpus[i].ring_fetch++;
		}
	}
	TEST_ASSERT(__vm_ioctl(c->vm, KVM_RESET_DIRTY_RINGS, NULL) >= 0,
		    "KVM_RESET_DIRTY_RINGS: %s", strerror(errno));
}

/*
 * Add what KVM logged since the last call to the pages still to send;
 * return how many those are.  *table_pages: how many of the newly logged
 * pages hold ITS tables.  With the dirty ring, writes made without a
 * running vCPU (the ITS at enable time and at the flush) are in the backup
 * bitmap, which KVM_GET_DIRTY_LOG returns.
 */
u64 vm_collect_dirty(struct vm_ctx *c, u64 *table_pages)
{
	u64 n = 0, i;
	int s;

	if (table_pages)
		*table_pages = 0;
	if (c->ring)
		harvest_rings(c);
	for (s = 0; s < NR_SLOTS; s++) {
		kvm_vm_get_dirty_log(c->vm, s, c->log);
		for (i = 0; i < c->slot_pages[s]; i++) {
			if (!test_bit(i, c->log))
				continue;
			if (s == TABLES_SLOT && table_pages)
				(*table_pages)++;
			__set_bit(i, c->dirty[s]);
		}
		for (i = 0; i < BITS_TO_LONGS(c->slot_pages[s]); i++)
			n += __builtin_popcountl(c->dirty[s][i]);
	}
	return n;
}

/* Where each vCPU is, for a guest that stopped answering. */
void vm_dump_vcpus(struct vm_ctx *c)
{
	u64 pc, pstate;
	u32 i;

	vm_pause(c);
	for (i = 0; i < c->cfg.vcpus; i++) {
		pc = vcpu_get_reg(c->vcpus[i].vcpu, ARM64_CORE_REG(regs.pc));
		pstate = vcpu_get_reg(c->vcpus[i].vcpu,
				      ARM64_CORE_REG(regs.pstate));
		fprintf(stderr, "itsmig: vCPU %u: state %d, pc 0x%llx, pstate 0x%llx\n",
			i, c->vcpus[i].state, (unsigned long long)pc,
			(unsigned long long)pstate);
	}
	vm_resume(c);
}
