// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig device state: what KVM keeps outside guest memory, as MSG_STATE
 * records, saved on the source with the vCPUs stopped and restored on the
 * destination in the order Documentation/virt/kvm/devices/arm-vgic-its.rst
 * and arm-vgic-v3.rst require.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "itsmig.h"
#include "gic_v3.h"
#include "processor.h"

/* A vGIC CPU interface register, as KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS. */
#define ICC(op0, op1, crn, crm, op2) \
	((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

/* In restore order: SRE and CTLR decide what the others mean. */
static const u64 icc_regs[] = {
	ICC(3, 0, 12, 12, 5),	/* ICC_SRE_EL1 */
	ICC(3, 0, 12, 12, 4),	/* ICC_CTLR_EL1 */
	ICC(3, 0, 4, 6, 0),	/* ICC_PMR_EL1 */
	ICC(3, 0, 12, 8, 3),	/* ICC_BPR0_EL1 */
	ICC(3, 0, 12, 12, 3),	/* ICC_BPR1_EL1 */
	ICC(3, 0, 12, 8, 4), ICC(3, 0, 12, 8, 5),	/* ICC_AP0Rn_EL1 */
	ICC(3, 0, 12, 8, 6), ICC(3, 0, 12, 8, 7),
	ICC(3, 0, 12, 9, 0), ICC(3, 0, 12, 9, 1),	/* ICC_AP1Rn_EL1 */
	ICC(3, 0, 12, 9, 2), ICC(3, 0, 12, 9, 3),
	ICC(3, 0, 12, 12, 6),	/* ICC_IGRPEN0_EL1 */
	ICC(3, 0, 12, 12, 7),	/* ICC_IGRPEN1_EL1 */
};

/*
 * KVM lists all four ICC_AP{0,1}Rn_EL1 but implements only as many as its
 * priority bits need (ICC_CTLR_EL1.PRIbits); reading another is -EINVAL.
 */
static bool icc_apr_absent(u32 group, u64 attr, int err)
{
	u64 reg = attr & KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK;

	return group == KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS && err == -EINVAL &&
	       ((reg >= ICC(3, 0, 12, 8, 5) && reg <= ICC(3, 0, 12, 8, 7)) ||
		(reg >= ICC(3, 0, 12, 9, 1) && reg <= ICC(3, 0, 12, 9, 3)));
}

/* ITS registers in restore order; GITS_CTLR last, after the tables. */
static const u64 its_regs[] = {
	GITS_CBASER, GITS_IIDR, GITS_BASER, GITS_BASER + 8, GITS_CREADR,
	GITS_CWRITER, GITS_CTLR,
};

#define SGI_BASE	0x10000

/*
 * 32-bit registers of the distributor (SPIs only: SGIs and PPIs live in
 * the redistributors) and of a redistributor, GICR_CTLR last so that
 * EnableLPIs is set after PROPBASER and PENDBASER.
 */
#define FIRST_SPI	32
#define END_SPI		(FIRST_SPI + NR_SPIS)

static u32 dist_offsets(u64 *off)
{
	u32 n = 0, i;

	off[n++] = GICD_CTLR;
	for (i = FIRST_SPI / 32; i < END_SPI / 32; i++) {
		off[n++] = 0x80 + 4 * i;	/* GICD_IGROUPR */
		off[n++] = 0x100 + 4 * i;	/* GICD_ISENABLER */
		off[n++] = 0xd00 + 4 * i;	/* GICD_IGRPMODR */
	}
	for (i = FIRST_SPI / 16; i < END_SPI / 16; i++)
		off[n++] = 0xc00 + 4 * i;	/* GICD_ICFGR */
	for (i = FIRST_SPI / 4; i < END_SPI / 4; i++)
		off[n++] = 0x400 + 4 * i;	/* GICD_IPRIORITYR */
	for (i = FIRST_SPI; i < END_SPI; i++) {
		off[n++] = GICD_IROUTER + 8 * i;
		off[n++] = GICD_IROUTER + 8 * i + 4;
	}
	for (i = FIRST_SPI / 32; i < END_SPI / 32; i++) {
		off[n++] = 0x200 + 4 * i;	/* GICD_ISPENDR */
		off[n++] = 0x300 + 4 * i;	/* GICD_ISACTIVER */
	}
	return n;
}

static u32 redist_offsets(u64 *off)
{
	u32 n = 0, i;

	off[n++] = GICR_PROPBASER;
	off[n++] = GICR_PROPBASER + 4;
	off[n++] = GICR_PENDBASER;
	off[n++] = GICR_PENDBASER + 4;
	off[n++] = SGI_BASE + 0x80;		/* GICR_IGROUPR0 */
	off[n++] = SGI_BASE + 0x100;		/* GICR_ISENABLER0 */
	off[n++] = SGI_BASE + 0xd00;		/* GICR_IGRPMODR0 */
	off[n++] = SGI_BASE + 0xc00;		/* GICR_ICFGR0 */
	off[n++] = SGI_BASE + 0xc04;		/* GICR_ICFGR1 */
	for (i = 0; i < 8; i++)
		off[n++] = SGI_BASE + 0x400 + 4 * i;	/* GICR_IPRIORITYR */
	off[n++] = SGI_BASE + 0x200;		/* GICR_ISPENDR0 */
	off[n++] = SGI_BASE + 0x300;		/* GICR_ISACTIVER0 */
	off[n++] = GICR_CTLR;
	return n;
}

/* The MPIDR affinity KVM's redistributor and sysreg attributes take. */
static u64 vcpu_mpidr_attr(struct kvm_vcpu *vcpu)
{
	u64 mpidr = vcpu_get_reg(vcpu, KVM_ARM64_SYS_REG(SYS_MPIDR_EL1));

	return ((mpidr & 0xffffff) | (mpidr >> 32 & 0xff) << 24) <<
	       KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT;
}

struct rec_buf {
	char	*p;
	size_t	len;
	size_t	cap;
};

static int put(struct rec_buf *b, u64 id, const void *data, u32 size)
{
	long n = itsmig_rec_put(b->p, b->cap, b->len, id, data, size);

	if (n < 0)
		return -E2BIG;
	b->len = n;
	return 0;
}

static int send_buf(struct xfer *x, struct rec_buf *b, u32 kind, u32 idx)
{
	int ret = xfer_send(x, MSG_STATE, (u64)kind << 32 | idx, b->p, b->len);

	b->len = 0;
	return ret;
}

static int save_vcpu(struct kvm_vcpu *vcpu, struct rec_buf *b)
{
	struct kvm_reg_list *list = vcpu_get_reg_list(vcpu);
	u8 val[ITSMIG_REC_MAX];
	u64 i, size;
	int ret = 0;

	for (i = 0; i < list->n && !ret; i++) {
		size = 1ull << ((list->reg[i] & KVM_REG_SIZE_MASK) >>
				KVM_REG_SIZE_SHIFT);
		if (size > sizeof(val)) {
			ret = -E2BIG;
			break;
		}
		/* Not vcpu_get_reg(): FP and SVE registers are wider than u64. */
		if (__vcpu_get_reg(vcpu, list->reg[i], val)) {
			ret = -errno;
			break;
		}
		ret = put(b, list->reg[i], val, size);
	}
	free(list);
	return ret;
}

/* Device registers of @group that this KVM has, in the given order. */
static int save_dev(int fd, u32 group, u64 prefix, const u64 *attrs, u32 n,
		    u32 size, struct rec_buf *b)
{
	u64 attr, val;
	u32 i;
	int ret = 0;

	for (i = 0; i < n && !ret; i++) {
		attr = prefix | attrs[i];
		if (__kvm_has_device_attr(fd, group, attr))
			continue;
		val = 0;
		ret = __kvm_device_attr_get(fd, group, attr, &val);
		if (ret && icc_apr_absent(group, attr, -errno)) {
			ret = 0;
			continue;
		}
		if (ret) {
			ret = -errno;
			fprintf(stderr, "itsmig: reading group %u attribute 0x%llx: %s\n",
				group, (unsigned long long)attr, strerror(-ret));
			return ret;
		}
		ret = put(b, attr, &val, size);
	}
	return ret;
}

/* Stop-copy: the vCPUs are paused, the ITS and LPI tables saved. */
int vm_save_state(struct vm_ctx *c, struct xfer *x)
{
	u64 offs[128];
	u32 n, i;
	struct rec_buf b = { .cap = ITSMIG_MAX_PAYLOAD };
	struct kvm_mp_state mp;
	struct kvm_vcpu *vcpu;
	u64 mpidr;
	int ret;

	b.p = malloc(b.cap);
	if (!b.p)
		return -ENOMEM;
	for (i = 0; i < c->cfg.vcpus; i++) {
		vcpu = c->vcpus[i].vcpu;
		ret = save_vcpu(vcpu, &b);
		if (ret) {
			fprintf(stderr, "itsmig: vCPU %u registers: %s\n", i,
				strerror(-ret));
			goto out;
		}
		ret = send_buf(x, &b, STATE_VCPU, i);
		if (ret)
			goto out;
		vcpu_mp_state_get(vcpu, &mp);
		ret = put(&b, 0, &mp, sizeof(mp)) ?:
		      send_buf(x, &b, STATE_VCPU_MP, i);
		if (ret)
			goto out;
	}
	n = dist_offsets(offs);
	ret = save_dev(c->gic_fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, offs, n,
		       4, &b) ?: send_buf(x, &b, STATE_GIC_DIST, 0);
	for (i = 0; i < c->cfg.vcpus && !ret; i++) {
		mpidr = vcpu_mpidr_attr(c->vcpus[i].vcpu);
		n = redist_offsets(offs);
		ret = save_dev(c->gic_fd, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
			       mpidr, offs, n, 4, &b) ?:
		      send_buf(x, &b, STATE_GIC_REDIST, i) ?:
		      save_dev(c->gic_fd, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
			       mpidr, icc_regs, ARRAY_SIZE(icc_regs), 8, &b) ?:
		      send_buf(x, &b, STATE_GIC_CPU, i);
	}
	if (!ret)
		ret = save_dev(c->its_fd, KVM_DEV_ARM_VGIC_GRP_ITS_REGS, 0,
			       its_regs, ARRAY_SIZE(its_regs), 8, &b) ?:
		      send_buf(x, &b, STATE_ITS, 0);
out:
	free(b.p);
	return ret;
}

/*
 * Destination pre-copy: what the destination's early restore reads the ITS
 * tables with, sent once the first pre-copy round is: each redistributor's
 * GICR_PROPBASER and GICR_PENDBASER and the ITS registers, but GITS_CTLR.
 * Not GICR_CTLR: with EnableLPIs set, KVM would ignore the other two at
 * stop-copy, when the whole state follows, as always, and replaces this.
 */
static const u64 early_redist_regs[] = {
	GICR_PROPBASER, GICR_PROPBASER + 4, GICR_PENDBASER, GICR_PENDBASER + 4,
};

int vm_save_early_state(struct vm_ctx *c, struct xfer *x)
{
	struct rec_buf b = { .cap = ITSMIG_MAX_PAYLOAD };
	u64 mpidr;
	u32 i;
	int ret = 0;

	b.p = malloc(b.cap);
	if (!b.p)
		return -ENOMEM;
	for (i = 0; i < c->cfg.vcpus && !ret; i++) {
		mpidr = vcpu_mpidr_attr(c->vcpus[i].vcpu);
		ret = save_dev(c->gic_fd, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
			       mpidr, early_redist_regs,
			       ARRAY_SIZE(early_redist_regs), 4, &b) ?:
		      send_buf(x, &b, STATE_GIC_REDIST, i);
	}
	/* GITS_CTLR is its_regs[]'s last: the ITS stays disabled. */
	if (!ret)
		ret = save_dev(c->its_fd, KVM_DEV_ARM_VGIC_GRP_ITS_REGS, 0,
			       its_regs, ARRAY_SIZE(its_regs) - 1, 8, &b) ?:
		      send_buf(x, &b, STATE_ITS, 0);
	free(b.p);
	return ret;
}

/* The destination keeps each MSG_STATE payload until STOPCOPY_END. */
static struct stash {
	void	*p;
	u32	len;
} stash[STATE_KIND_MAX][MAX_VCPUS];

int vm_stash_state(struct vm_ctx *c, const struct itsmig_hdr *h,
		   const void *payload)
{
	u32 kind = h->arg >> 32, idx = (u32)h->arg;
	struct stash *s;

	if (idx >= c->cfg.vcpus)
		return -EBADMSG;
	s = &stash[kind][idx];
	free(s->p);
	s->p = malloc(h->len ?: 1);
	if (!s->p)
		return -ENOMEM;
	memcpy(s->p, payload, h->len);
	s->len = h->len;
	return 0;
}

typedef int (*apply_fn)(struct vm_ctx *c, u32 idx, u64 id, const void *data,
			u32 size);

static int apply(struct vm_ctx *c, u32 kind, u32 idx, apply_fn fn)
{
	const struct itsmig_rec *r;
	struct stash *s = &stash[kind][idx];
	const void *data;
	u32 off = 0;
	int err, ret;

	if (!s->p) {
		fprintf(stderr, "itsmig: no state of kind %u/%u received\n",
			kind, idx);
		return -ENODATA;
	}
	while ((r = itsmig_rec_next(s->p, s->len, &off, &data, &err))) {
		ret = fn(c, idx, r->id, data, r->size);
		if (ret) {
			fprintf(stderr,
				"itsmig: restoring %u/%u register 0x%llx: %s\n",
				kind, idx, (unsigned long long)r->id,
				strerror(-ret));
			return ret;
		}
	}
	return err;
}

static int set_vcpu_reg(struct vm_ctx *c, u32 idx, u64 id, const void *data,
			u32 size)
{
	struct kvm_one_reg reg = { .id = id, .addr = (u64)data };

	if (size != 1ull << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT))
		return -EBADMSG;
	return __vcpu_ioctl(c->vcpus[idx].vcpu, KVM_SET_ONE_REG, &reg) ?
	       -errno : 0;
}

static int set_mp_state(struct vm_ctx *c, u32 idx, u64 id, const void *data,
			u32 size)
{
	struct kvm_mp_state mp;

	if (id || size != sizeof(mp))
		return -EBADMSG;
	memcpy(&mp, data, size);
	vcpu_mp_state_set(c->vcpus[idx].vcpu, &mp);
	return 0;
}

static int set_attr(int fd, u32 group, u64 attr, const void *data, u32 size,
		    u32 want)
{
	u64 val = 0;

	if (size != want)
		return -EBADMSG;
	memcpy(&val, data, size);
	return __kvm_device_attr_set(fd, group, attr, &val) ? -errno : 0;
}

static int set_dist(struct vm_ctx *c, u32 idx, u64 id, const void *data,
		    u32 size)
{
	return set_attr(c->gic_fd, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, id, data,
			size, 4);
}

/* Redistributor and CPU interface records name their vCPU's MPIDR. */
static int check_mpidr(struct vm_ctx *c, u32 idx, u64 id)
{
	u64 mask = KVM_DEV_ARM_VGIC_V3_MPIDR_MASK;

	return (id & mask) == vcpu_mpidr_attr(c->vcpus[idx].vcpu) ? 0 :
	       -EBADMSG;
}

static int set_redist(struct vm_ctx *c, u32 idx, u64 id, const void *data,
		      u32 size)
{
	return check_mpidr(c, idx, id) ?:
	       set_attr(c->gic_fd, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, id, data,
			size, 4);
}

static int set_icc(struct vm_ctx *c, u32 idx, u64 id, const void *data,
		   u32 size)
{
	return check_mpidr(c, idx, id) ?:
	       set_attr(c->gic_fd, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, id, data,
			size, 8);
}

static u64 its_restore_ns;
static bool its_restored;

/* ITS registers, and the tables just before GITS_CTLR. */
static int set_its(struct vm_ctx *c, u32 idx, u64 id, const void *data,
		   u32 size)
{
	u64 t;
	int ret;

	if (id == GITS_CTLR) {
		t = now_ns();
		ret = __kvm_device_attr_set(c->its_fd,
					    KVM_DEV_ARM_VGIC_GRP_CTRL,
					    KVM_DEV_ARM_ITS_RESTORE_TABLES,
					    NULL);
		its_restore_ns = now_ns() - t;
		its_restored = !ret;
		if (ret) {
			fprintf(stderr, "itsmig: KVM_DEV_ARM_ITS_RESTORE_TABLES: %s\n",
				strerror(errno));
			return -errno;
		}
	}
	return set_attr(c->its_fd, KVM_DEV_ARM_VGIC_GRP_ITS_REGS, id, data,
			size, 8);
}

/* Guest memory is in place; the vCPU threads have not started. */
int vm_restore_state(struct vm_ctx *c, u64 *its_ns)
{
	u32 i;
	int ret = 0;

	for (i = 0; i < c->cfg.vcpus && !ret; i++)
		ret = apply(c, STATE_VCPU, i, set_vcpu_reg) ?:
		      apply(c, STATE_VCPU_MP, i, set_mp_state);
	if (!ret)
		ret = apply(c, STATE_GIC_DIST, 0, set_dist);
	for (i = 0; i < c->cfg.vcpus && !ret; i++)
		ret = apply(c, STATE_GIC_REDIST, i, set_redist) ?:
		      apply(c, STATE_GIC_CPU, i, set_icc);
	its_restored = false;
	if (!ret)
		ret = apply(c, STATE_ITS, 0, set_its);
	if (!ret && !its_restored) {
		fprintf(stderr, "itsmig: the ITS state has no GITS_CTLR\n");
		ret = -EBADMSG;
	}
	*its_ns = its_restore_ns;
	return ret;
}

/*
 * Destination pre-copy: the early state is in (vm_save_early_state()) and
 * guest memory holds a first copy of the tables.  Restore the ITS now;
 * @ns: how long KVM_DEV_ARM_ITS_PRECOPY_RESTORE took.
 */
int vm_restore_early(struct vm_ctx *c, u64 *ns)
{
	u64 t;
	u32 i;
	int ret = 0;

	for (i = 0; i < c->cfg.vcpus && !ret; i++)
		ret = apply(c, STATE_GIC_REDIST, i, set_redist);
	if (!ret)
		ret = apply(c, STATE_ITS, 0, set_its);
	if (ret)
		return ret;

	t = now_ns();
	ret = __kvm_device_attr_set(c->its_fd, KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY,
				    KVM_DEV_ARM_ITS_PRECOPY_RESTORE, NULL);
	*ns = now_ns() - t;
	if (ret) {
		fprintf(stderr, "itsmig: KVM_DEV_ARM_ITS_PRECOPY_RESTORE: %s\n",
			strerror(errno));
		return -errno;
	}
	return 0;
}
