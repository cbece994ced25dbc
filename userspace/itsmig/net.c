// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig's TCP endpoints.
 */
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>

#include "net.h"

static int parse_port(const char *s, uint16_t *port)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || *end || !*s || !n || n > 65535)
		return -1;
	*port = n;
	return 0;
}

static int parse_addr(const char *where, struct sockaddr_storage *ss,
		      socklen_t *len)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	char host[64], *port;
	uint16_t p;

	snprintf(host, sizeof(host), "%s", where);
	port = strrchr(host, ':');
	if (!port || parse_port(port + 1, &p))
		goto bad;
	*port = 0;
	memset(ss, 0, sizeof(*ss));
	if (host[0] == '[' && port[-1] == ']') {
		port[-1] = 0;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(p);
		*len = sizeof(*in6);
		if (inet_pton(AF_INET6, host + 1, &in6->sin6_addr) == 1)
			return 0;
	} else {
		in->sin_family = AF_INET;
		in->sin_port = htons(p);
		*len = sizeof(*in);
		if (inet_pton(AF_INET, host, &in->sin_addr) == 1)
			return 0;
	}
bad:
	fprintf(stderr, "itsmig: '%s' is not ADDRESS:PORT (numeric address)\n",
		where);
	return -1;
}

/* One connect() attempt; -ECONNREFUSED and friends, or the socket. */
static int try_connect(const struct sockaddr_storage *ss, socklen_t len,
		       const struct timeval *tv)
{
	struct timeval none = { 0 };
	int fd, err;

	fd = socket(ss->ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		return -errno;
	/* A blocking connect() gives up after SO_SNDTIMEO: EINPROGRESS. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, tv, sizeof(*tv)) ||
	    connect(fd, (const struct sockaddr *)ss, len)) {
		err = errno == EINPROGRESS ? -ETIMEDOUT : -errno;
		close(fd);
		return err;
	}
	/* io_uring does not use it; leave the socket as it was. */
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &none, sizeof(none));
	return fd;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

int net_connect(const char *where, unsigned int timeout_ms)
{
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = timeout_ms % 1000 * 1000,
	};
	uint64_t end = now_ms() + timeout_ms;
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if (parse_addr(where, &ss, &len))
		return -1;
	/* A destination that is not listening yet is waited for, too. */
	for (;;) {
		fd = try_connect(&ss, len, &tv);
		if (fd != -ECONNREFUSED || !timeout_ms || now_ms() >= end)
			break;
		usleep(100 * 1000);
	}
	if (fd < 0)
		fprintf(stderr, "itsmig: connecting to %s: %s\n", where,
			strerror(-fd));
	return fd < 0 ? -1 : fd;
}

/* A socket bound to @port on every address, IPv6 and IPv4 if it can. */
static int bind_any(uint16_t port)
{
	struct sockaddr_in6 sa6 = {
		.sin6_family = AF_INET6,
		.sin6_port = htons(port),
		.sin6_addr = IN6ADDR_ANY_INIT,
	};
	struct sockaddr_in sa = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int fd, one = 1, zero = 0;

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (!setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
				sizeof(zero)) &&
		    !bind(fd, (struct sockaddr *)&sa6, sizeof(sa6)))
			return fd;
		close(fd);
	}
	/* No IPv6 here (a kernel built without it): IPv4 alone. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (!bind(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return fd;
	close(fd);
	return -1;
}

int net_accept_once(const char *port)
{
	int fd, conn = -1;
	uint16_t p;

	if (parse_port(port, &p)) {
		fprintf(stderr, "itsmig: bad port '%s'\n", port);
		return -1;
	}
	fd = bind_any(p);
	if (fd >= 0) {
		if (!listen(fd, 1))
			conn = accept(fd, NULL, NULL);
		close(fd);
	}
	if (conn < 0)
		fprintf(stderr, "itsmig: listening on port %s: %s\n", port,
			strerror(errno));
	return conn;
}
