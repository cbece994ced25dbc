/* SPDX-License-Identifier: GPL-2.0 */
/*
 * itsmig's TCP endpoints: the source connects, the destination listens.
 */
#ifndef ITSMIG_NET_H
#define ITSMIG_NET_H

/*
 * Connect to ADDRESS:PORT, a numeric IPv4 address or an IPv6 one in
 * brackets ([::1]:4444; the binary is static: no name service).  Gives up
 * after @timeout_ms, also waiting that long for a destination that is not
 * listening yet (0: one attempt, the kernel's own TCP timeout).  Returns the
 * socket, or -1 after a message.
 */
int net_connect(const char *where, unsigned int timeout_ms);

/*
 * Accept one connection on @port, from IPv6 or IPv4 (one dual-stack
 * socket; IPv4 alone where the host has no IPv6).  Returns the socket, or
 * -1 after a message.
 */
int net_accept_once(const char *port);

#endif /* ITSMIG_NET_H */
