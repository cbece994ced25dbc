// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig guest code: runs in the VM being migrated.
 *
 * Every vCPU brings up its redistributor with LPIs and takes interrupts;
 * vCPU 0 also brings up the ITS, maps every (device, event) to an LPI on
 * one of the collections, and then keeps changing the mappings (MAPTI,
 * DISCARD, MOVI, MAPD) at gargs.churn commands per second until the host
 * asks it to quiesce.  g_model always says what the ITS maps once a
 * command has completed, so after migration the host can check every
 * translation against it.
 */
#include <linux/sizes.h>

#include "itsmig.h"
#include "gic.h"
#include "gic_v3.h"
#include "gic_v3_its.h"
#include "processor.h"
#include "ucall.h"

struct guest_args gargs;
u32 g_quiesce, g_quiesced, g_stop, g_seen_count;
u64 g_cmds;
u32 g_irqs[MAX_VCPUS], g_last_irq[MAX_VCPUS];
u8 g_model[MAX_LPIS];
u8 g_seen[MAX_LPIS];

static u32 cpus_ready;
static u8 dev_mapped[65536];
static u64 rng;

gpa_t guest_ct_gpa(const struct guest_args *a)
{
	return a->tables + a->dt_sz;
}

gpa_t guest_itt_gpa(const struct guest_args *a, u32 dev)
{
	return guest_ct_gpa(a) + SZ_64K + (u64)dev * a->itt_sz;
}

static u64 rand64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void *cmdq(void)
{
	return (void *)CMDQ_GPA(&gargs);
}

static void map_device(u32 dev, bool valid)
{
	its_send_mapd_cmd(cmdq(), dev, guest_itt_gpa(&gargs, dev),
			  gargs.itt_sz / 8, valid);
	dev_mapped[dev] = valid;
	g_cmds++;
}

static void map_event(u32 dev, u32 ev, u32 coll)
{
	u32 i = dev * gargs.events + ev;

	its_send_mapti_cmd(cmdq(), dev, ev, coll, GIC_LPI_OFFSET + i);
	WRITE_ONCE(g_model[i], coll + 1);
	g_cmds++;
}

/* One random change of the mappings. */
static void churn_one(void)
{
	u32 i = rand64() % (gargs.devices * gargs.events);
	u32 dev = i / gargs.events, ev = i % gargs.events, e;
	u32 coll = rand64() % gargs.collections;

	if (!dev_mapped[dev]) {
		map_device(dev, true);
	} else if (rand64() % 64 == 0) {
		/* Unmapping a device drops all its events. */
		map_device(dev, false);
		for (e = 0; e < gargs.events; e++)
			WRITE_ONCE(g_model[dev * gargs.events + e], 0);
	} else if (!g_model[i]) {
		map_event(dev, ev, coll);
	} else if (rand64() & 1) {
		its_send_movi_cmd(cmdq(), dev, ev, coll);
		WRITE_ONCE(g_model[i], coll + 1);
		g_cmds++;
	} else {
		its_send_discard_cmd(cmdq(), dev, ev);
		WRITE_ONCE(g_model[i], 0);
		g_cmds++;
	}
}

static void its_setup(void)
{
	u32 c, d, e;

	its_init(guest_ct_gpa(&gargs), SZ_64K, gargs.tables, gargs.dt_sz,
		 CMDQ_GPA(&gargs), SZ_64K);
	for (c = 0; c < gargs.collections; c++)
		its_send_mapc_cmd(cmdq(), c % gargs.vcpus, c, true);
	for (d = 0; d < gargs.devices; d++) {
		map_device(d, true);
		for (e = 0; e < gargs.events; e++)
			map_event(d, e, (d + e) % gargs.collections);
	}
	for (c = 0; c < gargs.collections; c++)
		its_send_invall_cmd(cmdq(), c);
}

/* Change mappings at gargs.churn per second until the host says stop. */
static void churn(void)
{
	u64 freq = read_sysreg(cntfrq_el0), next, now, period;

	period = gargs.churn ? freq / gargs.churn : 0;
	next = read_sysreg(cntvct_el0);
	while (!READ_ONCE(g_quiesce) && !READ_ONCE(g_stop)) {
		if (!gargs.churn) {
			wfi();	/* the host kicks the vCPU after g_quiesce */
			continue;
		}
		now = read_sysreg(cntvct_el0);
		if (now < next) {
			cpu_relax();
			continue;
		}
		/* Behind by more than a second (a stop): do not catch up. */
		next = now - next > freq ? now + period : next + period;
		churn_one();
	}
	WRITE_ONCE(g_quiesced, 1);
}

void guest_main(void)
{
	u32 cpu = guest_get_vcpuid();

	gic_init(GIC_V3, gargs.vcpus);
	gic_rdist_enable_lpis(PROP_GPA(&gargs), SZ_64K, PEND_GPA(&gargs, cpu));
	local_irq_enable();
	__atomic_fetch_add(&cpus_ready, 1, __ATOMIC_SEQ_CST);

	if (cpu == 0) {
		while (READ_ONCE(cpus_ready) < gargs.vcpus)
			cpu_relax();
		rng = gargs.seed | 1;
		its_setup();
		GUEST_SYNC(SYNC_MAPPED);
		churn();
	}
	/* LPIs wake the vCPU; the host kicks it after setting g_stop. */
	while (!READ_ONCE(g_stop))
		wfi();
	GUEST_DONE();
}
