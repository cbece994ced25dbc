// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of itsmig's wire protocol (userspace/itsmig/proto.c) and
 * of its io_uring transport (xfer.c) over a socket pair.  Prints TAP.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include "net.h"
#include "proto.h"
#include "xfer.h"
#include "tap.h"

static void rehash(struct itsmig_hdr *h)
{
	h->hcrc = itsmig_crc32c(0, h, offsetof(struct itsmig_hdr, hcrc));
}

static void t_crc_vector(void)
{
	/* The CRC-32C check value of RFC 3720, appendix B.4. */
	EXPECT_EQ(itsmig_crc32c(0, "123456789", 9), 0xe3069283);
}

static void t_hdr_round_trip(void)
{
	struct itsmig_config cfg = { .vcpus = 2 };
	struct itsmig_hdr h;

	itsmig_hdr_init(&h, MSG_HELLO, 0, &cfg, sizeof(cfg));
	EXPECT_EQ(itsmig_hdr_check(&h), 0);
	EXPECT_EQ(itsmig_payload_check(&h, &cfg), 0);
	itsmig_hdr_init(&h, MSG_STOPCOPY_END, 0, NULL, 0);
	EXPECT_EQ(itsmig_hdr_check(&h), 0);
}

static void t_hdr_corrupt(void)
{
	struct itsmig_hdr h, bad;
	unsigned int bit;

	itsmig_hdr_init(&h, MSG_STOPCOPY_END, 0, NULL, 0);
	/* Any single flipped bit before the checksum is caught. */
	for (bit = 0; bit < 8 * offsetof(struct itsmig_hdr, hcrc); bit++) {
		bad = h;
		((unsigned char *)&bad)[bit / 8] ^= 1 << (bit % 8);
		EXPECT(itsmig_hdr_check(&bad) < 0);
	}
}

static void t_hdr_version(void)
{
	struct itsmig_hdr h;

	itsmig_hdr_init(&h, MSG_STOPCOPY_END, 0, NULL, 0);
	h.version = ITSMIG_VERSION + 1;
	rehash(&h);
	EXPECT_EQ(itsmig_hdr_check(&h), -EPROTO);
}

static void t_hdr_type(void)
{
	struct itsmig_hdr h;

	itsmig_hdr_init(&h, MSG_STOPCOPY_END, 0, NULL, 0);
	h.type = 0;
	rehash(&h);
	EXPECT_EQ(itsmig_hdr_check(&h), -EBADMSG);
	h.type = MSG_TYPE_MAX;
	rehash(&h);
	EXPECT_EQ(itsmig_hdr_check(&h), -EBADMSG);
	EXPECT(!strcmp(itsmig_type_name(MSG_TYPE_MAX), "?"));
}

static void check_pages(uint64_t gpa, uint32_t len, int want)
{
	struct itsmig_hdr h;

	itsmig_hdr_init(&h, MSG_PAGES, gpa, NULL, len);
	EXPECT_EQ(itsmig_hdr_check(&h), want);
}

static void t_pages_sizes(void)
{
	check_pages(0x1000, ITSMIG_PAGE_SIZE, 0);
	check_pages(0x1000, ITSMIG_MAX_PAYLOAD, 0);
	check_pages(0x1000, 0, -EBADMSG);
	check_pages(0x1000, ITSMIG_PAGE_SIZE + 1, -EBADMSG);
	check_pages(0x1000, ITSMIG_MAX_PAYLOAD + ITSMIG_PAGE_SIZE, -EBADMSG);
	check_pages(0x1004, ITSMIG_PAGE_SIZE, -EBADMSG);
}

static void t_fixed_sizes(void)
{
	struct itsmig_verdict v = { 0 };
	struct itsmig_hdr h;

	itsmig_hdr_init(&h, MSG_VERIFIED, 0, &v, sizeof(v) - 4);
	EXPECT_EQ(itsmig_hdr_check(&h), -EBADMSG);
	itsmig_hdr_init(&h, MSG_STOPCOPY_END, 0, &v, 4);
	EXPECT_EQ(itsmig_hdr_check(&h), -EBADMSG);
}

/* Destination pre-copy's message carries nothing and has its name. */
static void t_early_messages(void)
{
	uint32_t pad = 0;
	struct itsmig_hdr h;

	itsmig_hdr_init(&h, MSG_EARLY_RESTORE, 0, NULL, 0);
	EXPECT_EQ(itsmig_hdr_check(&h), 0);
	itsmig_hdr_init(&h, MSG_EARLY_RESTORE, 0, &pad, sizeof(pad));
	EXPECT_EQ(itsmig_hdr_check(&h), -EBADMSG);
	EXPECT(!strcmp(itsmig_type_name(MSG_EARLY_RESTORE), "EARLY_RESTORE"));
	EXPECT(!strcmp(itsmig_type_name(MSG_EARLY_RESTORE + 1), "?"));
}

static void t_payload_corrupt(void)
{
	struct itsmig_config cfg = { .vcpus = 2, .devices = 4 };
	struct itsmig_hdr h;

	itsmig_hdr_init(&h, MSG_HELLO, 0, &cfg, sizeof(cfg));
	cfg.devices = 5;
	EXPECT_EQ(itsmig_payload_check(&h, &cfg), -EBADMSG);
}

static void t_error_nul(void)
{
	struct itsmig_hdr h;
	char why[4] = "abc";

	itsmig_hdr_init(&h, MSG_ERROR, 0, why, 4);
	EXPECT_EQ(itsmig_payload_check(&h, why), 0);
	itsmig_hdr_init(&h, MSG_ERROR, 0, why, 3);
	EXPECT_EQ(itsmig_payload_check(&h, why), -EBADMSG);
}

static void t_records(void)
{
	uint64_t buf[64], v8 = 0x1122334455667788ull;
	uint32_t v4 = 0xa5a5a5a5, off = 0;
	const struct itsmig_rec *r;
	unsigned char v16[16];
	const void *data;
	long len = 0;
	int err;

	memset(v16, 0x3c, sizeof(v16));
	len = itsmig_rec_put(buf, sizeof(buf), len, 1, &v4, 4);
	len = itsmig_rec_put(buf, sizeof(buf), len, 2, &v8, 8);
	len = itsmig_rec_put(buf, sizeof(buf), len, 3, v16, 16);
	REQUIRE(len == 3 * 16 + 8 + 8 + 16);

	r = itsmig_rec_next(buf, len, &off, &data, &err);
	REQUIRE(r && r->id == 1 && r->size == 4);
	EXPECT(!memcmp(data, &v4, 4));
	r = itsmig_rec_next(buf, len, &off, &data, &err);
	REQUIRE(r && r->id == 2 && r->size == 8);
	EXPECT(!memcmp(data, &v8, 8));
	r = itsmig_rec_next(buf, len, &off, &data, &err);
	REQUIRE(r && r->id == 3 && r->size == 16);
	EXPECT(!memcmp(data, v16, 16));
	EXPECT(!itsmig_rec_next(buf, len, &off, &data, &err));
	EXPECT_EQ(err, 0);
out:
	return;
}

static void t_records_truncated(void)
{
	uint64_t buf[8], v8 = 1;
	uint32_t off = 0;
	const void *data;
	long len;
	int err;

	len = itsmig_rec_put(buf, sizeof(buf), 0, 7, &v8, 8);
	REQUIRE(len == 24);
	/* Cut inside the data, then inside the record header. */
	EXPECT(!itsmig_rec_next(buf, 20, &off, &data, &err));
	EXPECT_EQ(err, -EBADMSG);
	off = 0;
	EXPECT(!itsmig_rec_next(buf, 12, &off, &data, &err));
	EXPECT_EQ(err, -EBADMSG);
out:
	return;
}

static void t_records_bad(void)
{
	struct itsmig_rec r = { .id = 1, .size = 0 };
	uint64_t buf[64] = { 0 };
	uint32_t off = 0;
	const void *data;
	int err;

	memcpy(buf, &r, sizeof(r));
	EXPECT(!itsmig_rec_next(buf, sizeof(buf), &off, &data, &err));
	EXPECT_EQ(err, -EBADMSG);
	r.size = ITSMIG_REC_MAX + 1;
	memcpy(buf, &r, sizeof(r));
	off = 0;
	EXPECT(!itsmig_rec_next(buf, sizeof(buf), &off, &data, &err));
	EXPECT_EQ(err, -EBADMSG);
	r.size = 8;
	r.pad = 1;
	memcpy(buf, &r, sizeof(r));
	off = 0;
	EXPECT(!itsmig_rec_next(buf, sizeof(buf), &off, &data, &err));
	EXPECT_EQ(err, -EBADMSG);
}

static void t_records_full(void)
{
	uint64_t buf[4], v = 0;

	EXPECT_EQ(itsmig_rec_put(buf, sizeof(buf), 0, 1, &v, 8), 24);
	EXPECT_EQ(itsmig_rec_put(buf, sizeof(buf), 24, 1, &v, 8), -1);
	EXPECT_EQ(itsmig_rec_put(buf, sizeof(buf), 40, 1, &v, 8), -1);
}

static void t_state_kind(void)
{
	struct itsmig_hdr h;

	itsmig_hdr_init(&h, MSG_STATE, (uint64_t)STATE_ITS << 32, NULL, 0);
	EXPECT_EQ(itsmig_hdr_check(&h), 0);
	itsmig_hdr_init(&h, MSG_STATE, (uint64_t)STATE_KIND_MAX << 32, NULL, 0);
	EXPECT_EQ(itsmig_hdr_check(&h), -EBADMSG);
	itsmig_hdr_init(&h, MSG_STATE, 0, NULL, 0);
	EXPECT_EQ(itsmig_hdr_check(&h), -EBADMSG);
}

static void t_config(void)
{
	struct itsmig_config ok = { .vcpus = 2, .devices = 64, .events = 32,
				    .collections = 2 }, c;
	char why[128];

	EXPECT_EQ(itsmig_config_check(&ok, why, sizeof(why)), 0);
	c = ok; c.vcpus = 0;
	EXPECT_EQ(itsmig_config_check(&c, why, sizeof(why)), -EINVAL);
	c = ok; c.vcpus = 9;
	EXPECT_EQ(itsmig_config_check(&c, why, sizeof(why)), -EINVAL);
	c = ok; c.devices = 4096; c.events = 16;
	EXPECT_EQ(itsmig_config_check(&c, why, sizeof(why)), -EINVAL);
	EXPECT(strstr(why, "57344"));
	c = ok; c.devices = 7168; c.events = 8;
	EXPECT_EQ(itsmig_config_check(&c, why, sizeof(why)), 0);
	c = ok; c.collections = 0;
	EXPECT_EQ(itsmig_config_check(&c, why, sizeof(why)), -EINVAL);
	c = ok; c.flags = 1u << 7;
	EXPECT_EQ(itsmig_config_check(&c, why, sizeof(why)), -EINVAL);
}

/* ---- The transport, over a socket pair ---- */

#define NR_MSGS		200

struct peer {
	int	fd;
	int	ret;
	bool	truncate;	/* stop in the middle of a message */
	/* the sender's transport counters, when it is done */
	uint64_t bytes_sent;
	uint64_t short_writes;
	uint64_t ring_bytes;
};

static unsigned char pattern(unsigned int msg, unsigned int i)
{
	return msg * 31 + i * 7;
}

static uint32_t msg_len(unsigned int m)
{
	return (m % 7) * ITSMIG_PAGE_SIZE + (m % 3 ? ITSMIG_PAGE_SIZE : 0);
}

static void *sender(void *arg)
{
	static unsigned char buf[ITSMIG_MAX_PAYLOAD];
	struct peer *p = arg;
	struct xfer x;
	unsigned int m, i;
	uint32_t len;

	p->ret = xfer_init(&x, p->fd);
	for (m = 0; m < NR_MSGS && !p->ret; m++) {
		len = msg_len(m);
		for (i = 0; i < len; i++)
			buf[i] = pattern(m, i);
		p->ret = len ? xfer_send_pages(&x, m * ITSMIG_PAGE_SIZE, buf,
					       len) :
			       xfer_send(&x, MSG_STOPCOPY_END, 0, NULL, 0);
	}
	if (!p->ret)
		p->ret = xfer_flush(&x);
	p->bytes_sent = x.bytes_sent;
	p->short_writes = x.short_writes;
	p->ring_bytes = x.ring_bytes;
	if (!p->ret && p->truncate)
		p->ret = write(p->fd, buf, 10) == 10 ? 0 : -errno;
	xfer_exit(&x);
	shutdown(p->fd, SHUT_WR);
	return NULL;
}

/*
 * A socket pair with an xfer on one end (sv[1], or sv[0] for a sender),
 * set up and taken down the same way by every transport test.
 */
struct link {
	int		sv[2];
	struct xfer	x;
	bool		xfer;
};

static int link_open(struct link *l, int xfer_end)
{
	l->xfer = false;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, l->sv))
		return -errno;
	if (xfer_init(&l->x, l->sv[xfer_end]))
		return -EIO;
	l->xfer = true;
	return 0;
}

/* Send one STOPCOPY_END to the xfer end, sv[1], from sv[0]. */
static int link_open_sender(struct link *l)
{
	struct xfer x;
	int ret = xfer_init(&x, l->sv[0]);

	if (ret)
		return ret;
	ret = xfer_send(&x, MSG_STOPCOPY_END, 0, NULL, 0) ?: xfer_flush(&x);
	xfer_exit(&x);
	return ret;
}

static void link_close(struct link *l)
{
	if (l->xfer)
		xfer_exit(&l->x);
	close(l->sv[0]);
	close(l->sv[1]);
}

/*
 * Run sender() on sv[0] of @l and receive on sv[1], waiting @delay_us
 * before each message: everything sent must arrive, in order, intact,
 * then the end of the stream.  The sender's counters are left in @p.
 */
static void recv_stream(struct link *l, struct peer *p, unsigned int delay_us)
{
	static unsigned char buf[ITSMIG_MAX_PAYLOAD];
	struct itsmig_hdr h;
	unsigned int m, i, bad = 0;
	pthread_t t;

	p->fd = l->sv[0];
	pthread_create(&t, NULL, sender, p);
	for (m = 0; m < NR_MSGS; m++) {
		if (delay_us)
			usleep(delay_us);
		EXPECT_EQ(xfer_recv_hdr(&l->x, &h), 0);
		EXPECT_EQ(h.len, msg_len(m));
		if (t_failed)
			break;
		EXPECT_EQ(h.type, h.len ? MSG_PAGES : MSG_STOPCOPY_END);
		EXPECT_EQ(xfer_recv(&l->x, buf, h.len), 0);
		for (i = 0; i < h.len; i++)
			bad += buf[i] != pattern(m, i);
	}
	EXPECT_EQ(bad, 0);
	/* Then the sender closed: the next header is an error. */
	EXPECT_EQ(xfer_recv_hdr(&l->x, &h), -EPIPE);
	pthread_join(t, NULL);
	EXPECT_EQ(p->ret, 0);
}

/* Everything sent arrives, in order, intact, whatever the batching. */
static void t_xfer_stream(void)
{
	struct link l = { .sv = { -1, -1 } };
	struct peer p = { 0 };

	REQUIRE(!link_open(&l, 1));
	recv_stream(&l, &p, 0);
out:
	link_close(&l);
}

/*
 * A reader slower than the sender, behind a 4K send buffer: the socket
 * takes part of a write at a time, so the sender's writes come back short.
 * The rest must still go through the ring, in order (not by write(2) on
 * the caller's thread, which blocks it), and arrive intact.
 */
static void t_xfer_slow_reader(void)
{
	struct link l = { .sv = { -1, -1 } };
	struct peer p = { 0 };
	int sz = 4096;

	REQUIRE(!link_open(&l, 1));
	REQUIRE(!setsockopt(l.sv[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz)));
	REQUIRE(!setsockopt(l.sv[1], SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz)));
	recv_stream(&l, &p, 200);
	/* The path under test was taken, and the ring wrote every byte. */
	EXPECT(p.short_writes > 0);
	EXPECT_EQ(p.ring_bytes, p.bytes_sent);
out:
	link_close(&l);
}

/*
 * itsmig source/dest --file: the stream written into a file must be the
 * same bytes, each write at its place, and read back the same way as from
 * a socket, up to its end.
 */
static void t_xfer_file(void)
{
	static unsigned char buf[ITSMIG_MAX_PAYLOAD];
	char path[] = "/tmp/itsmig-file-XXXXXX";
	struct peer p = { 0 };
	struct itsmig_hdr h;
	struct xfer x;
	bool xfer = false;
	unsigned int m, i, bad = 0;
	struct stat st;
	int fd;

	p.fd = mkstemp(path);
	REQUIRE(p.fd >= 0);
	unlink(path);
	sender(&p);
	REQUIRE(!p.ret);
	REQUIRE(!fstat(p.fd, &st));
	EXPECT_EQ((uint64_t)st.st_size, p.bytes_sent);
	fd = p.fd;
	REQUIRE(lseek(fd, 0, SEEK_SET) == 0);
	REQUIRE(!xfer_init(&x, fd));
	xfer = true;
	EXPECT(x.file);
	for (m = 0; m < NR_MSGS && !t_failed; m++) {
		EXPECT_EQ(xfer_recv_hdr(&x, &h), 0);
		EXPECT_EQ(h.len, msg_len(m));
		EXPECT_EQ(xfer_recv(&x, buf, h.len), 0);
		for (i = 0; i < h.len; i++)
			bad += buf[i] != pattern(m, i);
	}
	EXPECT_EQ(bad, 0);
	/* The end of the file ends the stream. */
	EXPECT_EQ(xfer_recv_hdr(&x, &h), -EPIPE);
out:
	if (xfer)
		xfer_exit(&x);
	if (p.fd >= 0)
		close(p.fd);
}

/* A connection closed mid-message is an error, not a short message. */
static void t_xfer_truncated(void)
{
	static unsigned char buf[ITSMIG_MAX_PAYLOAD];
	struct link l = { .sv = { -1, -1 } };
	struct peer p = { .truncate = true };
	struct itsmig_hdr h;
	unsigned int m;
	pthread_t t;

	REQUIRE(!link_open(&l, 1));
	p.fd = l.sv[0];
	pthread_create(&t, NULL, sender, &p);
	for (m = 0; m < NR_MSGS; m++)
		if (xfer_recv_hdr(&l.x, &h) || xfer_recv(&l.x, buf, h.len))
			break;
	EXPECT_EQ(m, NR_MSGS);
	EXPECT_EQ(xfer_recv_hdr(&l.x, &h), -EPIPE);
	pthread_join(t, NULL);
out:
	link_close(&l);
}

/* Garbage on the wire is rejected at the first header. */
static void t_xfer_garbage(void)
{
	unsigned char junk[sizeof(struct itsmig_hdr)];
	struct link l = { .sv = { -1, -1 } };
	struct itsmig_hdr h;

	memset(junk, 0x5a, sizeof(junk));
	REQUIRE(!link_open(&l, 1));
	REQUIRE(write(l.sv[0], junk, sizeof(junk)) == sizeof(junk));
	EXPECT_EQ(xfer_recv_hdr(&l.x, &h), -EBADMSG);
out:
	link_close(&l);
}

/* Sending to a closed peer fails with -EPIPE, no SIGPIPE. */
static void t_xfer_peer_gone(void)
{
	static unsigned char buf[ITSMIG_MAX_PAYLOAD];
	struct link l = { .sv = { -1, -1 } };
	int i, ret = 0;

	REQUIRE(!link_open(&l, 0));
	close(l.sv[1]);
	l.sv[1] = -1;
	for (i = 0; i < 64 && !ret; i++)
		ret = xfer_send_pages(&l.x, 0, buf, sizeof(buf));
	if (!ret)
		ret = xfer_flush(&l.x);
	EXPECT_EQ(ret, -EPIPE);
out:
	link_close(&l);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A peer that sends nothing: the receive gives up after the timeout. */
static void t_xfer_recv_timeout(void)
{
	struct link l = { .sv = { -1, -1 } };
	struct itsmig_hdr h;
	double t;

	REQUIRE(!link_open(&l, 1));
	xfer_set_timeout(&l.x, 300);
	t = now_s();
	EXPECT_EQ(xfer_recv_hdr(&l.x, &h), -ETIMEDOUT);
	t = now_s() - t;
	EXPECT(t >= 0.25 && t < 5);
	/* The receive was cancelled: what comes next is read whole. */
	REQUIRE(!link_open_sender(&l));
	EXPECT_EQ(xfer_recv_hdr(&l.x, &h), 0);
	EXPECT_EQ(h.type, MSG_STOPCOPY_END);
out:
	link_close(&l);
}

/* A peer that takes nothing: the send gives up after the timeout. */
static void t_xfer_send_timeout(void)
{
	static unsigned char buf[ITSMIG_MAX_PAYLOAD];
	struct link l = { .sv = { -1, -1 } };
	int i, ret = 0, sz = 4096;
	double t;

	REQUIRE(!link_open(&l, 0));
	REQUIRE(!setsockopt(l.sv[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz)));
	xfer_set_timeout(&l.x, 300);
	t = now_s();
	for (i = 0; i < 64 && !ret; i++)
		ret = xfer_send_pages(&l.x, 0, buf, sizeof(buf));
	if (!ret)
		ret = xfer_flush(&l.x);
	t = now_s() - t;
	EXPECT_EQ(ret, -ETIMEDOUT);
	EXPECT(t >= 0.25 && t < 5);
out:
	link_close(&l);
}

struct listener {
	const char	*port;
	int		fd;
};

static void *accept_one(void *arg)
{
	struct listener *ls = arg;

	ls->fd = net_accept_once(ls->port);
	return NULL;
}

/* One byte each way over a connection made by net_connect(). */
static bool net_round_trip(const char *where, const char *port)
{
	struct listener ls = { .port = port, .fd = -1 };
	char c = 'x';
	pthread_t t;
	bool ok;
	int fd = -1, i;

	pthread_create(&t, NULL, accept_one, &ls);
	/* Until the listener is up. */
	for (i = 0; i < 50 && fd < 0; i++) {
		usleep(20000);
		fd = net_connect(where, 1000);
	}
	if (fd < 0) {
		pthread_cancel(t);
		pthread_join(t, NULL);
		return false;
	}
	pthread_join(t, NULL);
	ok = ls.fd >= 0 && write(fd, &c, 1) == 1 && read(ls.fd, &c, 1) == 1 &&
	     write(ls.fd, &c, 1) == 1 && read(fd, &c, 1) == 1 && c == 'x';
	close(fd);
	if (ls.fd >= 0)
		close(ls.fd);
	return ok;
}

/* The destination takes IPv4 and, where the host has it, IPv6. */
static void t_net_dual_stack(void)
{
	int fd6 = socket(AF_INET6, SOCK_STREAM, 0);

	EXPECT(net_round_trip("127.0.0.1:47411", "47411"));
	if (fd6 < 0) {
		printf("# no IPv6 on this host: IPv4 only\n");
		return;
	}
	close(fd6);
	EXPECT(net_round_trip("[::1]:47412", "47412"));
}

static const struct test tests[] = {
	{ "crc32c matches the RFC 3720 check value", t_crc_vector },
	{ "headers round-trip", t_hdr_round_trip },
	{ "any flipped header bit is rejected", t_hdr_corrupt },
	{ "another protocol version: -EPROTO", t_hdr_version },
	{ "unknown message types are rejected", t_hdr_type },
	{ "page runs: whole, aligned pages, 64 at most", t_pages_sizes },
	{ "fixed-size messages of another size are rejected", t_fixed_sizes },
	{ "early-restore and round-end messages carry nothing", t_early_messages },
	{ "a corrupt payload fails its checksum", t_payload_corrupt },
	{ "an ERROR reason must be NUL-terminated", t_error_nul },
	{ "state records round-trip in order", t_records },
	{ "truncated state records are rejected", t_records_truncated },
	{ "records of size 0, over 256 or with padding set", t_records_bad },
	{ "a full record buffer refuses more", t_records_full },
	{ "state kinds out of range are rejected", t_state_kind },
	{ "impossible configurations are refused with a reason", t_config },
	{ "io_uring transport: 200 messages in order and intact", t_xfer_stream },
	{ "io_uring transport: a stream cut mid-message fails", t_xfer_truncated },
	{ "io_uring transport: short writes go back through the ring", t_xfer_slow_reader },
	{ "io_uring transport: a stream into a file reads back intact", t_xfer_file },
	{ "io_uring transport: garbage fails the first header", t_xfer_garbage },
	{ "io_uring transport: a closed peer gives -EPIPE", t_xfer_peer_gone },
	{ "io_uring transport: a silent peer times a receive out", t_xfer_recv_timeout },
	{ "io_uring transport: a peer that reads nothing times a send out", t_xfer_send_timeout },
	{ "the destination listens on IPv6 and IPv4", t_net_dual_stack },
};

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	return tap_run(tests, ARRAY_SIZE(tests));
}
