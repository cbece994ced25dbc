// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig migration: the source's pre-copy and stop-copy, the
 * destination's restore.
 *
 * Source: guest memory is sent in rounds with dirty logging until few
 * pages are left (and, with --precopy, the ITS has nothing pending); then
 * the vCPUs stop, the ITS tables are flushed (or, baseline, saved in full),
 * the redistributors' LPI pending tables saved, and the remaining dirty
 * pages and the register state sent.  Downtime runs from that stop until
 * the destination says its vCPUs run again.
 *
 * Destination pre-copy (--dest-precopy): once the first round is sent, the
 * source sends the registers the ITS tables are read with, and the
 * destination restores its ITS early.  It then tells KVM, after each
 * round, which pages it wrote, so that its final RESTORE_TABLES reads only
 * those.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/bitmap.h>

#include "itsmig.h"
#include "gic_v3.h"
#include "migrate.h"

#define SYNC_TIMEOUT_S	600

/* Time spent on --dump-tables, taken out of the downtime. */
static u64 t_dump;

static void progress(const struct mig_opts *o, const char *fmt, ...)
{
	va_list ap;

	if (o->quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* Send the pages still marked dirty, in runs of up to 64; clear them. */
static int send_dirty(struct vm_ctx *c, struct xfer *x, u64 *pages)
{
	u64 gpa, n, i, run;
	u32 max = ITSMIG_MAX_PAYLOAD / getpagesize();
	char *hva;
	int s, ret;

	*pages = 0;
	for (s = 0; s < NR_SLOTS; s++) {
		hva = vm_slot_hva(c, s, &gpa, &n);
		for (i = 0; i < n; i += run) {
			run = 0;
			while (i + run < n && run < max &&
			       test_bit(i + run, c->dirty[s]))
				__clear_bit(i + run++, c->dirty[s]);
			if (!run) {
				run = 1;
				continue;
			}
			ret = xfer_send_pages(x, gpa + i * getpagesize(),
					      hva + i * getpagesize(),
					      run * getpagesize());
			if (ret)
				return ret;
			*pages += run;
		}
	}
	return 0;
}

/* Set attribute @attr of @group on the ITS; @ns: how long it took. */
static int its_set(struct vm_ctx *c, u32 group, u64 attr, void *val, u64 *ns)
{
	u64 t = now_ns();
	int ret;

	ret = __kvm_device_attr_set(c->its_fd, group, attr, val);
	if (ns)
		*ns = now_ns() - t;
	return ret ? -errno : 0;
}

static int precopy_set(struct vm_ctx *c, u64 val, u64 *ns)
{
	return its_set(c, KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY,
		       KVM_DEV_ARM_ITS_PRECOPY_ENABLE, &val, ns);
}

static int precopy_info(struct vm_ctx *c, struct kvm_arm_its_precopy_info *i)
{
	return __kvm_device_attr_get(c->its_fd,
				     KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY,
				     KVM_DEV_ARM_ITS_PRECOPY_INFO, i) ?
	       -errno : 0;
}

static bool has_precopy(struct vm_ctx *c)
{
	return !__kvm_has_device_attr(c->its_fd,
				      KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY,
				      KVM_DEV_ARM_ITS_PRECOPY_ENABLE);
}

static bool has_early_restore(struct vm_ctx *c)
{
	return !__kvm_has_device_attr(c->its_fd,
				      KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY,
				      KVM_DEV_ARM_ITS_PRECOPY_RESTORE);
}

/* Expect one message of @type; an ERROR from the peer is printed. */
static int expect(struct xfer *x, enum itsmig_type type, void *buf, u32 len)
{
	char why[1024];
	struct itsmig_hdr h;
	int ret;

	ret = xfer_recv_hdr(x, &h);
	if (ret)
		return ret;
	if (h.type == MSG_ERROR) {
		ret = xfer_recv(x, why, h.len) ?: itsmig_payload_check(&h, why);
		if (!ret)
			fprintf(stderr, "itsmig: the peer says: %s\n", why);
		return -ECONNABORTED;
	}
	if (h.type != type || h.len != len)
		return -EPROTO;
	return xfer_recv(x, buf, len) ?: itsmig_payload_check(&h, buf);
}

/*
 * Destination pre-copy, after each round: the registers the ITS tables are
 * read with, then the word to restore early, or to refresh the early
 * restore with the pages of the round.  KVM reads the registers with the
 * vCPUs out of the guest: they pause for that moment.
 */
static int send_early_state(struct vm_ctx *c, struct xfer *x)
{
	int ret;

	vm_pause(c);
	ret = vm_save_early_state(c, x);
	vm_resume(c);
	return ret ?: xfer_send(x, MSG_EARLY_RESTORE, 0, NULL, 0);
}

static int pre_copy(const struct mig_opts *o, struct vm_ctx *c,
		    struct xfer *x, struct mig_report *r)
{
	struct kvm_arm_its_precopy_info info = { 0 };
	u64 pages;
	int ret;

	vm_dirty_log_start(c);
	vm_mark_all_dirty(c);
	if (r->precopy_used) {
		ret = precopy_set(c, 1, &r->enable_ns);
		if (ret) {
			fprintf(stderr, "itsmig: enabling ITS pre-copy: %s\n",
				strerror(-ret));
			return ret;
		}
	}
	for (r->rounds = 0;; r->rounds++) {
		/*
		 * Round 0 sends every page: what the log holds by then (the
		 * enable's table writes) is in it already.  Harvesting the log
		 * here leaves round 1 only what was written once the copy
		 * began, so that the destination does not see the whole
		 * tables change after its early restore.
		 */
		vm_collect_dirty(c, NULL);
		r->harvest_cmds = vm_guest_cmds(c);
		ret = send_dirty(c, x, &pages);
		if (!ret && r->early_used)
			ret = send_early_state(c, x);
		ret = ret ?: xfer_flush(x);
		if (ret)
			return ret;
		r->precopy_pages += pages;
		if (r->precopy_used) {
			ret = precopy_info(c, &info);
			if (ret)
				return ret;
		}
		progress(o, "itsmig: round %u: %llu pages sent, ITS pending %llu bytes\n",
			 r->rounds, pages, info.pending_bytes);
		if (r->rounds && pages <= o->threshold &&
		    !info.pending_bytes)
			break;
		if (r->rounds + 1 >= o->max_rounds)
			break;
	}
	r->rounds++;
	return 0;
}

/*
 * Write the ITS tables as the stop-copy left them, for its-dump: the
 * table memslot as a raw image, and the its-dump arguments that decode
 * it (DIR/its-dump.args).
 */
static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "w");
	int ret = 0;

	if (!f || fwrite(buf, 1, len, f) != len)
		ret = -EIO;
	if (f && fclose(f))
		ret = -EIO;
	if (ret)
		fprintf(stderr, "itsmig: writing %s: %s\n", path,
			strerror(errno));
	return ret;
}

static int dump_tables(struct vm_ctx *c, const char *dir)
{
	u64 gpa, pages, baser[2];
	char path[4096], args[sizeof(path) + 256];
	void *hva;
	int i, ret;

	for (i = 0; i < 2; i++)
		kvm_device_attr_get(c->its_fd, KVM_DEV_ARM_VGIC_GRP_ITS_REGS,
				    GITS_BASER + 8 * i, &baser[i]);
	hva = vm_slot_hva(c, TABLES_SLOT, &gpa, &pages);
	snprintf(path, sizeof(path), "%s/tables.img", dir);
	ret = write_file(path, hva, pages * getpagesize());
	if (ret)
		return ret;
	snprintf(args, sizeof(args),
		 "--image %s --base 0x%llx --baser-dev 0x%llx --baser-coll 0x%llx --vcpus %u\n",
		 path, (unsigned long long)gpa, (unsigned long long)baser[0],
		 (unsigned long long)baser[1], c->cfg.vcpus);
	snprintf(path, sizeof(path), "%s/its-dump.args", dir);
	return write_file(path, args, strlen(args));
}

static int stop_copy(const struct mig_opts *o, struct vm_ctx *c,
		     struct xfer *x, struct mig_report *r)
{
	u64 t, pages;
	int ret;

	t = now_ns();
	vm_pause(c);
	r->pause_ns = now_ns() - t;
	r->last_round_cmds = vm_guest_cmds(c) - r->harvest_cmds;
	t_dump = 0;

	/* What the final save still has to write, as QEMU traces it. */
	if (r->precopy_used) {
		struct kvm_arm_its_precopy_info info;

		ret = precopy_info(c, &info);
		if (ret)
			return ret;
		r->switchover_pending_bytes = info.pending_bytes;
	}

	/* What the guest dirtied before it stopped is not the flush's. */
	vm_collect_dirty(c, NULL);
	ret = its_set(c, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_ITS_SAVE_TABLES,
		      NULL, &r->its_flush_ns);
	if (ret) {
		fprintf(stderr, "itsmig: KVM_DEV_ARM_ITS_SAVE_TABLES: %s\n",
			strerror(-ret));
		return ret;
	}
	vm_collect_dirty(c, &r->flush_table_pages);
	/* Not timed: it is no part of a real migration. */
	if (o->dump_dir) {
		u64 d = now_ns();

		ret = dump_tables(c, o->dump_dir);
		if (ret)
			return ret;
		t_dump = now_ns() - d;
	}

	t = now_ns();
	ret = __kvm_device_attr_set(c->gic_fd, KVM_DEV_ARM_VGIC_GRP_CTRL,
				    KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, NULL);
	r->lpi_pending_ns = now_ns() - t;
	if (ret) {
		fprintf(stderr, "itsmig: KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES: %s\n",
			strerror(errno));
		return -errno;
	}

	t = now_ns();
	vm_collect_dirty(c, NULL);
	ret = send_dirty(c, x, &pages);
	r->stopcopy_pages = pages;
	if (!ret) {
		u64 s = now_ns();

		ret = vm_save_state(c, x);
		r->state_ns = now_ns() - s;
	}
	ret = ret ?: xfer_send(x, MSG_STOPCOPY_END, 0, NULL, 0) ?:
	      xfer_flush(x);
	r->final_copy_ns = now_ns() - t - r->state_ns;
	if (ret)
		fprintf(stderr, "itsmig: stop-copy: %s\n", strerror(-ret));
	return ret;
}

/*
 * The connection or the destination failed: the VM goes on here, as a
 * VMM's would, and we check that it still works.
 */
static void cancel(const struct mig_opts *o, struct vm_ctx *c,
		   struct mig_report *r, int err)
{
	struct itsmig_verdict v;

	fprintf(stderr, "itsmig: migration failed: %s; the VM keeps running on the source\n",
		strerror(-err));
	if (r->precopy_used)
		precopy_set(c, 0, NULL);
	vm_dirty_log_stop(c);
	vm_resume(c);
	if (!vm_verify(c, 1, &v))
		fprintf(stderr, "itsmig: source VM still running: %u of %u mapped LPIs delivered\n",
			v.delivered, v.mapped);
	else
		fprintf(stderr, "itsmig: source VM check failed: %u errors\n",
			v.errors);
}

/*
 * The whole state went out, but the destination's answer did not come
 * back: it may have resumed the VM.  Resuming it here too would run it
 * twice, so it stays paused, as QEMU's source does once it has completed.
 */
static void outcome_unknown(struct mig_report *r, int err)
{
	r->outcome_unknown = true;
	fprintf(stderr, "itsmig: no answer from the destination after the whole state was sent (%s): it may be running the VM, so the VM stays paused on the source\n",
		strerror(-err));
}

/*
 * The whole state is in the file.  As after QEMU's migration to a file,
 * the VM stays paused: whoever loads the file runs it.
 */
static int saved(const struct mig_report *r, int fd)
{
	if (fsync(fd)) {
		perror("itsmig: fsync");
		return -errno;
	}
	fprintf(stderr, "itsmig: the state is saved (%s); the VM stays paused here\n",
		r->precopy_used ? "ITS tables pre-copied" :
				  "ITS tables saved at stop");
	return 0;
}

int mig_source(const struct mig_opts *o, int fd, struct mig_report *r)
{
	struct itsmig_dest_times dt;
	struct itsmig_caps caps;
	struct vm_ctx c;
	struct xfer x;
	u64 t0, t_stop;
	int ret;

	memset(r, 0, sizeof(*r));
	r->precopy = o->precopy;
	ret = xfer_init(&x, fd);
	if (ret) {
		fprintf(stderr, "itsmig: io_uring: %s\n", strerror(-ret));
		return ret;
	}
	xfer_set_timeout(&x, mig_timeout_ms(o));
	memset(&caps, 0, sizeof(caps));
	ret = xfer_send(&x, MSG_HELLO, 0, &o->cfg, sizeof(o->cfg));
	if (!ret && !o->file)
		ret = expect(&x, MSG_HELLO_ACK, &caps, sizeof(caps));
	if (ret) {
		fprintf(stderr, "itsmig: no destination: %s\n", strerror(-ret));
		goto out_xfer;
	}
	r->dest_precopy = caps.precopy;
	r->early_asked = o->dest_precopy;
	r->early_used = o->dest_precopy && caps.early_restore;
	if (o->dest_precopy && !caps.early_restore && !o->quiet && !o->file)
		fprintf(stderr, "itsmig: the destination's kernel cannot restore the ITS early: it restores at switch-over\n");
	if (o->precopy && !caps.precopy && !o->quiet && !o->file)
		fprintf(stderr, "itsmig: the destination's kernel has no ITS pre-copy; it needs none: the tables keep their ABI\n");

	ret = vm_build(&c, &o->cfg);
	if (ret)
		goto out_xfer;
	vm_start(&c);
	ret = vm_wait_sync(&c, SYNC_MAPPED, SYNC_TIMEOUT_S);
	if (ret) {
		fprintf(stderr, "itsmig: the guest did not map its devices\n");
		goto out_vm;
	}
	r->precopy_used = o->precopy && has_precopy(&c);
	if (o->precopy && !r->precopy_used)
		fprintf(stderr, "itsmig: this kernel has no ITS pre-copy (KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY): falling back to a normal migration\n");

	t0 = now_ns();
	ret = pre_copy(o, &c, &x, r);
	r->precopy_bytes = x.bytes_sent;
	t_stop = now_ns();
	if (ret)
		fprintf(stderr, "itsmig: pre-copy: %s\n", strerror(-ret));
	ret = ret ?: stop_copy(o, &c, &x, r);
	t_stop += t_dump;
	r->qemu_downtime_ns = now_ns() - t_stop;
	r->stopcopy_bytes = x.bytes_sent - r->precopy_bytes;
	/* Short of STOPCOPY_END, the destination cannot resume the VM. */
	if (ret) {
		cancel(o, &c, r, ret);
		goto out_vm;
	}
	if (o->file) {
		ret = saved(r, fd);
		goto out_vm;
	}
	ret = expect(&x, MSG_RESUMED, &dt, sizeof(dt));
	if (ret == -ECONNABORTED) {
		/* MSG_ERROR: the destination failed before resuming. */
		cancel(o, &c, r, ret);
		goto out_vm;
	}
	if (ret) {
		outcome_unknown(r, ret);
		goto out_vm;
	}
	r->downtime_ns = now_ns() - t_stop;
	r->total_ns = now_ns() - t0;
	r->restore_ns = dt.restore_ns;
	r->its_restore_ns = dt.its_restore_ns;
	r->early_ns = dt.early_ns;
	r->refresh_ns = dt.refresh_ns;
	r->refreshes = dt.refreshes;
	r->changed_ns = dt.changed_ns;
	if (r->early_used && dt.early != 1)
		r->early_used = false;
	/* The destination checks its LPIs, about a thousand a second. */
	if (o->timeout_s)
		xfer_set_timeout(&x, mig_timeout_ms(o) +
				 10 * o->cfg.devices * o->cfg.events);
	ret = expect(&x, MSG_VERIFIED, &r->verdict, sizeof(r->verdict));
	if (!ret && r->verdict.errors)
		ret = -EIO;
out_vm:
	vm_destroy(&c);
out_xfer:
	xfer_exit(&x);
	return ret;
}

static int send_error(struct xfer *x, const char *why)
{
	if (x->file)
		return 0;
	return xfer_send(x, MSG_ERROR, 0, why, strlen(why) + 1) ?:
	       xfer_flush(x);
}

/*
 * Receive guest pages straight into guest memory.  Once the ITS is
 * restored early, @changed: the pages are marked in c->dirty[], for KVM.
 */
static int recv_pages(struct vm_ctx *c, struct xfer *x,
		      const struct itsmig_hdr *h, bool changed)
{
	int s = vm_gpa_slot(c, h->arg, h->len);
	u64 gpa, pages, i;
	char *hva;

	if (s < 0) {
		fprintf(stderr, "itsmig: pages at 0x%llx outside guest memory\n",
			(unsigned long long)h->arg);
		return -EBADMSG;
	}
	hva = vm_slot_hva(c, s, &gpa, &pages);
	/* One bit at a time: the selftests library has no __bitmap_set(). */
	for (i = 0; changed && i * getpagesize() < h->len; i++)
		__set_bit((h->arg - gpa) / getpagesize() + i, c->dirty[s]);
	return xfer_recv(x, hva + (h->arg - gpa), h->len);
}

/*
 * Destination pre-copy: tell KVM which pages were written since the last
 * report, slot by slot, so that the final RESTORE_TABLES reads only those
 * again.  Every slot is reported, clean ones too: a page never reported
 * counts as changed.
 */
static int report_changed(struct vm_ctx *c)
{
	struct kvm_arm_its_changed ch = { 0 };
	u64 gpa, pages;
	int s, ret;

	for (s = 0; s < NR_SLOTS; s++) {
		vm_slot_hva(c, s, &gpa, &pages);
		ch.gpa = gpa;
		ch.npages = pages;
		ch.bitmap = (u64)c->dirty[s];
		ret = its_set(c, KVM_DEV_ARM_VGIC_GRP_ITS_PRECOPY,
			      KVM_DEV_ARM_ITS_PRECOPY_CHANGED, &ch, NULL);
		if (ret) {
			fprintf(stderr, "itsmig: KVM_DEV_ARM_ITS_PRECOPY_CHANGED: %s\n",
				strerror(-ret));
			return ret;
		}
		bitmap_zero(c->dirty[s], pages);
	}
	return 0;
}

/*
 * MSG_EARLY_RESTORE: the early state is in; restore the ITS now, or, once
 * it is, report the pages of the round and refresh it.  A failed early
 * restore or refresh costs no migration: the ITS is empty, and the next
 * MSG_EARLY_RESTORE, or the final RESTORE_TABLES, restores it in full.
 */
static int early_restore(struct vm_ctx *c, struct itsmig_dest_times *dt)
{
	bool refresh = dt->early == 1;
	int ret;

	ret = refresh ? report_changed(c) : 0;
	if (ret)
		return ret;
	dt->early = vm_restore_early(c, &dt->refresh_ns) ? 2 : 1;
	dt->early_ns += dt->refresh_ns;
	dt->refreshes += refresh;
	if (dt->early != 1)
		fprintf(stderr, "itsmig: the early restore failed: the ITS is restored in full later\n");
	return 0;
}

static int recv_all(const struct mig_opts *o, struct vm_ctx *c,
		    struct xfer *x, struct itsmig_dest_times *dt)
{
	struct itsmig_hdr h;
	void *buf = malloc(ITSMIG_MAX_PAYLOAD);
	u64 msgs = 0;
	int ret;

	if (!buf)
		return -ENOMEM;
	/*
	 * The source builds its VM and waits for its guest to map its devices
	 * before the first page: only then does the stream have to flow.
	 */
	xfer_set_timeout(x, 0);
	for (;;) {
		ret = xfer_recv_hdr(x, &h);
		xfer_set_timeout(x, mig_timeout_ms(o));
		if (ret)
			break;
		if (h.type == MSG_STOPCOPY_END)
			break;
		if (h.type == MSG_PAGES) {
			ret = recv_pages(c, x, &h, dt->early == 1);
			dt->pages += h.len / getpagesize();
			if (!ret && o->drop_after && ++msgs == o->drop_after) {
				fprintf(stderr, "itsmig: dropping the connection after %u page messages (--drop-after)\n",
					o->drop_after);
				ret = -ECONNABORTED;
			}
		} else if (h.type == MSG_STATE) {
			ret = xfer_recv(x, buf, h.len) ?:
			      itsmig_payload_check(&h, buf) ?:
			      vm_stash_state(c, &h, buf);
		} else if (h.type == MSG_EARLY_RESTORE) {
			ret = early_restore(c, dt);
		} else {
			ret = -EPROTO;
		}
		if (ret)
			break;
	}
	free(buf);
	return ret;
}

/* Check the LPIs of the VM that runs here; say how it went as @who. */
static int verify_here(const struct mig_opts *o, struct vm_ctx *c,
		       struct itsmig_verdict *v, const char *who, bool quiet)
{
	int ret = vm_verify(c, o->check_every, v);

	if (!quiet)
		fprintf(stderr, "itsmig: %s: %u of %u mapped LPIs delivered to the right vCPU, %u errors\n",
			who, v->delivered, v->mapped, v->errors);
	return ret;
}

int mig_dest(const struct mig_opts *o, int fd)
{
	struct itsmig_dest_times dt = { 0 };
	struct itsmig_config cfg;
	struct itsmig_verdict v;
	struct itsmig_caps caps = { 0 };
	struct vm_ctx c;
	struct xfer x;
	char why[128];
	u64 t;
	int ret;

	ret = xfer_init(&x, fd);
	if (ret) {
		fprintf(stderr, "itsmig: io_uring: %s\n", strerror(-ret));
		return ret;
	}
	xfer_set_timeout(&x, mig_timeout_ms(o));
	ret = expect(&x, MSG_HELLO, &cfg, sizeof(cfg));
	if (ret) {
		fprintf(stderr, "itsmig: no migration stream from the %s: %s\n",
			o->file ? "file" : "source", strerror(-ret));
		goto out_xfer;
	}
	if (itsmig_config_check(&cfg, why, sizeof(why))) {
		fprintf(stderr, "itsmig: refusing the migration: %s\n", why);
		send_error(&x, why);
		ret = -EINVAL;
		goto out_xfer;
	}
	/* The destination logs nothing: no dirty ring. */
	cfg.flags &= ~CONFIG_F_DIRTY_RING;
	ret = vm_build(&c, &cfg);
	if (ret)
		goto out_xfer;
	caps.precopy = has_precopy(&c);
	caps.early_restore = has_early_restore(&c);
	vm_ucall_note(&c);
	if (!o->file)
		ret = xfer_send(&x, MSG_HELLO_ACK, 0, &caps, sizeof(caps)) ?:
		      xfer_flush(&x);
	ret = ret ?: recv_all(o, &c, &x, &dt);
	if (ret) {
		if (ret != -ECONNABORTED)
			fprintf(stderr, "itsmig: receiving: %s\n",
				strerror(-ret));
		goto out_vm;
	}

	t = now_ns();
	if (dt.early == 1) {
		ret = report_changed(&c);
		dt.changed_ns = now_ns() - t;
		if (ret) {
			send_error(&x, "reporting the changed pages failed");
			goto out_vm;
		}
	}
	vm_ucall_fixup(&c);
	ret = vm_restore_state(&c, &dt.its_restore_ns);
	if (ret) {
		send_error(&x, "restoring the state failed");
		goto out_vm;
	}
	vm_start(&c);
	dt.restore_ns = now_ns() - t;
	if (o->file) {
		ret = verify_here(o, &c, &v, "loaded", false);
		ret = ret ?: v.errors ? -EIO : 0;
		goto out_vm;
	}
	if (o->drop_resumed) {
		fprintf(stderr, "itsmig: the VM runs here; dropping the connection instead of saying so (--drop-resumed)\n");
		ret = verify_here(o, &c, &v, "destination", false);
		ret = ret ?: -ECONNABORTED;
		goto out_vm;
	}
	ret = xfer_send(&x, MSG_RESUMED, 0, &dt, sizeof(dt)) ?: xfer_flush(&x);
	if (ret)
		goto out_vm;

	ret = verify_here(o, &c, &v, "destination", o->quiet);
	xfer_send(&x, MSG_VERIFIED, 0, &v, sizeof(v));
	xfer_flush(&x);
out_vm:
	vm_destroy(&c);
out_xfer:
	xfer_exit(&x);
	return ret;
}
