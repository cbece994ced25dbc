// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig transport over io_uring.
 *
 * Sends go through XFER_BUFS registered buffers in two halves: while one
 * half is on the wire as a chain of linked IORING_OP_WRITE_FIXED requests,
 * the caller fills the other.  The chain keeps the messages of a half in
 * order and a half is submitted only once the previous one completed, so
 * the stream is never reordered.  A short write (the socket took part of
 * it) breaks the chain: the rest of the half, from the first byte not
 * written, goes back through the ring as a new chain.
 *
 * The stream may also be a file or a block device (itsmig source/dest
 * --file): the writes then carry their offsets, the bytes before them in
 * the stream, and the receives are reads at the offset reached.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "xfer.h"

#define HALF		(XFER_BUFS / 2)
/* user_data of a receive, and of its cancellation */
#define RECV_TAG	(~0ULL)
#define CANCEL_TAG	(~1ULL)

static char *buf_at(struct xfer *x, unsigned int i)
{
	return (char *)x->bufs + (size_t)i * XFER_BUF_SIZE;
}

int xfer_init(struct xfer *x, int fd)
{
	struct iovec iov[XFER_BUFS];
	struct stat st;
	unsigned int i;
	int ret;

	memset(x, 0, sizeof(*x));
	x->fd = fd;
	x->file = !fstat(fd, &st) && (S_ISREG(st.st_mode) ||
				      S_ISBLK(st.st_mode));
	ret = io_uring_queue_init(2 * XFER_BUFS, &x->ring, 0);
	if (ret)
		return ret;
	if (posix_memalign(&x->bufs, 4096, (size_t)XFER_BUFS * XFER_BUF_SIZE)) {
		ret = -ENOMEM;
		goto err_ring;
	}
	for (i = 0; i < XFER_BUFS; i++) {
		iov[i].iov_base = buf_at(x, i);
		iov[i].iov_len = XFER_BUF_SIZE;
	}
	ret = io_uring_register_buffers(&x->ring, iov, XFER_BUFS);
	if (ret)
		goto err_bufs;
	return 0;

err_bufs:
	free(x->bufs);
err_ring:
	io_uring_queue_exit(&x->ring);
	return ret;
}

void xfer_exit(struct xfer *x)
{
	io_uring_queue_exit(&x->ring);
	free(x->bufs);
}

void xfer_set_timeout(struct xfer *x, unsigned int ms)
{
	x->timeout_ms = ms;
}

/* Wait for a completion: -ETIMEDOUT after x->timeout_ms without one. */
static int wait_cqe(struct xfer *x, struct io_uring_cqe **cqe)
{
	struct __kernel_timespec ts;
	int ret;

	if (!x->timeout_ms)
		return io_uring_wait_cqe(&x->ring, cqe);
	ts.tv_sec = x->timeout_ms / 1000;
	ts.tv_nsec = (x->timeout_ms % 1000) * 1000000LL;
	ret = io_uring_wait_cqe_timeout(&x->ring, cqe, &ts);
	return ret == -ETIME ? -ETIMEDOUT : ret;
}

/*
 * A receive timed out: cancel it and reap it before its buffer, the
 * caller's, goes away.  Writes need no such care: their buffers live as
 * long as the ring.
 */
static void cancel_recv(struct xfer *x)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&x->ring);
	struct io_uring_cqe *cqe;
	int n = 2;	/* the cancellation's completion and the receive's */

	io_uring_prep_cancel64(sqe, RECV_TAG, 0);
	sqe->user_data = CANCEL_TAG;
	io_uring_submit(&x->ring);
	while (n-- && !io_uring_wait_cqe(&x->ring, &cqe))
		io_uring_cqe_seen(&x->ring, cqe);
}

/* Queue buffers @from..@to of a half as one chain, @done[] bytes in. */
static void chain(struct xfer *x, unsigned int first, unsigned int from,
		  unsigned int to, const uint32_t *done)
{
	struct io_uring_sqe *sqe;
	uint64_t off = x->bytes_sent;	/* in a file: where the half starts */
	unsigned int i;

	for (i = 0; i < from; i++)
		off += x->len[first + i];
	for (i = from; i < to; i++) {
		sqe = io_uring_get_sqe(&x->ring);
		io_uring_prep_write_fixed(sqe, x->fd,
					  buf_at(x, first + i) + done[i],
					  x->len[first + i] - done[i],
					  x->file ? off + done[i] : 0,
					  first + i);
		off += x->len[first + i];
		sqe->user_data = first + i;
		if (i + 1 < to)
			sqe->flags |= IOSQE_IO_LINK;
	}
}

/* Collect @n completions of the half at @first into @done[]. */
static int collect(struct xfer *x, unsigned int first, unsigned int n,
		   uint32_t *done)
{
	struct io_uring_cqe *cqe;
	unsigned int i;
	int ret = 0, res;

	while (n--) {
		res = wait_cqe(x, &cqe);
		if (res)
			return res;
		i = cqe->user_data - first;
		res = cqe->res;
		io_uring_cqe_seen(&x->ring, cqe);
		if (i >= HALF)
			return -EIO;
		if (res > 0) {
			done[i] += res;
			x->ring_bytes += res;
			x->short_writes += done[i] < x->len[first + i];
		} else if (!res && !ret) {
			ret = -EPIPE;	/* nothing taken: the peer is gone */
		} else if (res != -ECANCELED && !ret) {
			ret = res;
		}
	}
	return ret == -ECONNRESET ? -EPIPE : ret;
}

/*
 * Wait for the half in flight.  A short write cancels the rest of its
 * chain: resubmit from the first buffer not written in full, until all is.
 */
static int reap(struct xfer *x)
{
	unsigned int first = (1 - x->batch) * HALF, to = x->inflight, n = to, i;
	uint32_t done[HALF] = { 0 };
	int ret;

	x->inflight = 0;
	while (n) {
		ret = collect(x, first, n, done);
		if (ret)
			return ret;
		for (i = 0; i < to && done[i] == x->len[first + i]; i++)
			;
		n = to - i;
		if (!n)
			break;
		chain(x, first, i, to, done);
		ret = io_uring_submit(&x->ring);
		if (ret < 0)
			return ret;
	}
	for (i = 0; i < to; i++) {
		x->bytes_sent += x->len[first + i];
		x->len[first + i] = 0;
	}
	return 0;
}

static int submit(struct xfer *x)
{
	static const uint32_t none[HALF];
	int ret;

	ret = reap(x);
	if (ret || !x->filled)
		return ret;
	chain(x, x->batch * HALF, 0, x->filled, none);
	ret = io_uring_submit(&x->ring);
	if (ret < 0)
		return ret;
	x->inflight = x->filled;
	x->filled = 0;
	x->batch = 1 - x->batch;
	return 0;
}

static char *next_buf(struct xfer *x, uint32_t len, int *err)
{
	unsigned int i;

	*err = 0;
	if (x->filled == HALF) {
		*err = submit(x);
		if (*err)
			return NULL;
	}
	i = x->batch * HALF + x->filled++;
	x->len[i] = sizeof(struct itsmig_hdr) + len;
	return buf_at(x, i);
}

int xfer_send(struct xfer *x, enum itsmig_type type, uint64_t arg,
	      const void *payload, uint32_t len)
{
	struct itsmig_hdr h;
	char *p;
	int err;

	if (len > ITSMIG_MAX_PAYLOAD)
		return -EMSGSIZE;
	p = next_buf(x, len, &err);
	if (!p)
		return err;
	itsmig_hdr_init(&h, type, arg, payload, len);
	memcpy(p, &h, sizeof(h));
	if (len)
		memcpy(p + sizeof(h), payload, len);
	return 0;
}

int xfer_send_pages(struct xfer *x, uint64_t gpa, const void *pages,
		    uint32_t len)
{
	return xfer_send(x, MSG_PAGES, gpa, pages, len);
}

int xfer_flush(struct xfer *x)
{
	int ret = submit(x);

	return ret ? ret : reap(x);
}

int xfer_recv(struct xfer *x, void *buf, size_t len)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	char *p = buf;
	int ret;

	ret = xfer_flush(x);
	while (!ret && len) {
		sqe = io_uring_get_sqe(&x->ring);
		if (x->file)
			io_uring_prep_read(sqe, x->fd, p, len, x->read_off);
		else
			io_uring_prep_recv(sqe, x->fd, p, len, MSG_WAITALL);
		sqe->user_data = RECV_TAG;
		ret = io_uring_submit(&x->ring);
		if (ret < 0)
			break;
		ret = wait_cqe(x, &cqe);
		if (ret == -ETIMEDOUT)
			cancel_recv(x);
		if (ret)
			break;
		ret = cqe->res;
		io_uring_cqe_seen(&x->ring, cqe);
		if (ret == -EINTR || ret == -EAGAIN) {
			ret = 0;
			continue;
		}
		if (ret <= 0) {
			ret = ret ? ret : -EPIPE;
			break;
		}
		p += ret;
		len -= ret;
		x->read_off += ret;
		ret = 0;
	}
	return ret == -ECONNRESET ? -EPIPE : ret;
}

int xfer_recv_hdr(struct xfer *x, struct itsmig_hdr *h)
{
	int ret = xfer_recv(x, h, sizeof(*h));

	return ret ? ret : itsmig_hdr_check(h);
}
