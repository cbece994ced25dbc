// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig verification: after a migration (or a failed one, on the source)
 * every (device, event) is signalled with KVM_SIGNAL_MSI, and the guest's
 * record of the LPIs it took is compared with its own model of the
 * mappings: a mapped event must arrive once on the vCPU its collection
 * targets, an unmapped one must be refused.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "itsmig.h"
#include "gic.h"
#include "gic_v3.h"

/* How long the guest may make no progress at all. */
#define STALL_NS	(20 * 1000000000ull)

/*
 * How many signalled LPIs the guest may not have taken yet.  Once a
 * vCPU has more pending interrupts than list registers, KVM sorts its
 * whole list of them before every entry.  Under nested emulation a few
 * thousand take longer to sort than the host's tick lasts, the tick is
 * pending at every entry, and the vCPU never runs again.  A bounded
 * backlog keeps this test about the ITS.
 */
#define MAX_BACKLOG	64

/*
 * Wait until the guest counter at @hva is at most @slack short of @val
 * (0: exactly @val).  Under nested emulation the guest takes maybe a
 * thousand LPIs a second, so the limit is on a stall, not on the whole
 * wait.
 */
static int wait_guest(const u32 *hva, u32 val, u32 slack)
{
	u64 end = now_ns() + STALL_NS;
	u32 last = READ_ONCE(*hva), cur;

	while (val - (cur = READ_ONCE(*hva)) > slack) {
		if (cur != last) {
			last = cur;
			end = now_ns() + STALL_NS;
		}
		if (now_ns() > end)
			return -ETIMEDOUT;
		usleep(1000);
	}
	return 0;
}

/* Make the vCPUs leave WFI and look at their flags again. */
static void kick(struct vm_ctx *c)
{
	vm_pause(c);
	vm_resume(c);
}

static int signal_msi(struct vm_ctx *c, u32 dev, u32 ev)
{
	u64 db = GITS_BASE_GPA + GITS_TRANSLATER;
	struct kvm_msi msi = {
		.address_lo	= (u32)db,
		.address_hi	= db >> 32,
		.data		= ev,
		.devid		= dev,
		.flags		= KVM_MSI_VALID_DEVID,
	};

	return __vm_ioctl(c->vm, KVM_SIGNAL_MSI, &msi);
}

static void complain(struct itsmig_verdict *v, const char *fmt, u32 i,
		     u32 events, int a, int b)
{
	if (v->errors++ < 8) {
		fprintf(stderr, "itsmig: device %u event %u: ", i / events,
			i % events);
		fprintf(stderr, fmt, a, b);
		fputc('\n', stderr);
	}
}

/* Which vCPUs the missing LPIs were for: a stalled vCPU shows up here. */
static void report_missing(struct vm_ctx *c, u32 every, const u8 *model,
			   const u8 *seen)
{
	u32 missing[MAX_VCPUS] = { 0 }, taken[MAX_VCPUS] = { 0 };
	u32 n = c->cfg.devices * c->cfg.events, i, v, shown = 0;
	u32 *irqs = addr_gva2hva(c->vm, (gva_t)g_irqs);
	u32 *last = addr_gva2hva(c->vm, (gva_t)g_last_irq);

	for (i = 0; i < n; i += every) {
		if (!model[i])
			continue;
		v = (model[i] - 1) % c->cfg.vcpus;
		if (seen[i]) {
			taken[v]++;
			continue;
		}
		missing[v]++;
		if (shown++ < 4)
			fprintf(stderr, "itsmig: missing LPI %u (device %u event %u, vCPU %u)\n",
				GIC_LPI_OFFSET + i, i / c->cfg.events,
				i % c->cfg.events, v);
	}
	for (v = 0; v < c->cfg.vcpus; v++)
		fprintf(stderr, "itsmig: vCPU %u: %u LPIs taken, %u missing, %u acked, last %u\n",
			v, taken[v], missing[v], READ_ONCE(irqs[v]),
			READ_ONCE(last[v]));
	vm_dump_vcpus(c);
}

/*
 * Check every @every-th (device, event): 1 checks them all; more bounds
 * the time a benchmark spends taking LPIs at a thousand a second.
 */
int vm_verify(struct vm_ctx *c, u32 every, struct itsmig_verdict *v)
{
	u32 *quiesced = addr_gva2hva(c->vm, (gva_t)&g_quiesced);
	u32 *count = addr_gva2hva(c->vm, (gva_t)&g_seen_count);
	u8 *model = addr_gva2hva(c->vm, (gva_t)g_model);
	u8 *seen = addr_gva2hva(c->vm, (gva_t)g_seen);
	u32 n = c->cfg.devices * c->cfg.events, i, want, sent = 0;
	int rc, ret;

	memset(v, 0, sizeof(*v));
	write_guest_global(c->vm, g_quiesce, 1);
	kick(c);
	ret = wait_guest(quiesced, 1, 0);
	if (ret) {
		fprintf(stderr, "itsmig: the guest did not quiesce: %s\n",
			strerror(-ret));
		vm_dump_vcpus(c);
		return ret;
	}
	/* No LPI is in flight: the guest takes them only from us. */
	memset(seen, 0, n);
	WRITE_ONCE(*count, 0);
	for (i = 0, ret = 0; i < n; i += every) {
		if (sent - READ_ONCE(*count) >= MAX_BACKLOG)
			ret = wait_guest(count, sent, MAX_BACKLOG / 2);
		if (ret)
			break;
		rc = signal_msi(c, i / c->cfg.events, i % c->cfg.events);
		if (rc == 1)
			sent++;
		if (rc != (model[i] ? 1 : 0))
			complain(v, "KVM_SIGNAL_MSI returned %d, want %d", i,
				 c->cfg.events, rc, model[i] ? 1 : 0);
	}
	if (!ret)
		ret = wait_guest(count, sent, 0);
	if (ret) {
		fprintf(stderr, "itsmig: %u of %u LPIs arrived\n",
			READ_ONCE(*count), sent);
		report_missing(c, every, model, seen);
	}
	for (i = 0; i < n; i += every) {
		if (!model[i])
			continue;
		v->mapped++;
		want = (model[i] - 1) % c->cfg.vcpus + 1;
		if (seen[i] == want)
			v->delivered++;
		else if (seen[i])
			complain(v, "LPI taken by vCPU %d, want vCPU %d", i,
				 c->cfg.events, seen[i] - 1, want - 1);
	}
	v->guest_cmds = vm_guest_cmds(c);
	if (v->delivered != v->mapped && !v->errors)
		v->errors = v->mapped - v->delivered;
	return v->errors ? -EIO : 0;
}

/* The ITS commands the guest has issued so far */
u64 vm_guest_cmds(struct vm_ctx *c)
{
	return READ_ONCE(*(u64 *)addr_gva2hva(c->vm, (gva_t)&g_cmds));
}
