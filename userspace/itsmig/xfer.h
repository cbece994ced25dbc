/* SPDX-License-Identifier: GPL-2.0 */
/*
 * itsmig transport: messages over a stream socket, or into and out of a
 * file, through io_uring.
 */
#ifndef ITSMIG_XFER_H
#define ITSMIG_XFER_H

#include <stdbool.h>
#include <stdint.h>
#include <liburing.h>

#include "proto.h"

#define XFER_BUFS	16	/* registered send buffers, two batches */
#define XFER_BUF_SIZE	(sizeof(struct itsmig_hdr) + ITSMIG_MAX_PAYLOAD)

struct xfer {
	struct io_uring	ring;
	int		fd;
	void		*bufs;		/* XFER_BUFS x XFER_BUF_SIZE */
	uint32_t	len[XFER_BUFS];
	unsigned int	batch;		/* the half being filled: 0 or 1 */
	unsigned int	filled;		/* buffers used in that half */
	unsigned int	inflight;	/* buffers of the other half in flight */
	uint64_t	bytes_sent;
	/* For tests: short writes seen, and bytes the ring itself wrote */
	uint64_t	short_writes;
	uint64_t	ring_bytes;
	unsigned int	timeout_ms;	/* 0: wait forever */
	bool		file;		/* a file or block device, not a socket */
	uint64_t	read_off;	/* bytes received */
};

int xfer_init(struct xfer *x, int fd);
void xfer_exit(struct xfer *x);
/*
 * Fail a send or a receive that sees no progress for @ms milliseconds
 * with -ETIMEDOUT (a peer that hangs, a link gone without a reset); 0, the
 * default, waits forever.
 */
void xfer_set_timeout(struct xfer *x, unsigned int ms);

/*
 * Queue a message; it is sent in order with the others, in batches.  The
 * payload is copied, so the caller may reuse it at once.
 */
int xfer_send(struct xfer *x, enum itsmig_type type, uint64_t arg,
	      const void *payload, uint32_t len);
/* Queue guest pages, len a multiple of the page size. */
int xfer_send_pages(struct xfer *x, uint64_t gpa, const void *pages,
		    uint32_t len);
/* Send everything queued and wait until the socket has taken it. */
int xfer_flush(struct xfer *x);

/* Receive exactly len bytes; -EPIPE if the peer closed the connection. */
int xfer_recv(struct xfer *x, void *buf, size_t len);
/*
 * Receive and check one header; then the caller receives h->len bytes of
 * payload (xfer_recv) and checks them (itsmig_payload_check).
 */
int xfer_recv_hdr(struct xfer *x, struct itsmig_hdr *h);

#endif /* ITSMIG_XFER_H */
