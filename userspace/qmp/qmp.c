// SPDX-License-Identifier: GPL-2.0
/*
 * qmp: a minimal QMP client for the test guest, where busybox nc cannot
 * reach a unix socket and there is no python.
 *
 *   qmp [-r] [-w] [-t SECONDS] ADDRESS [COMMAND]...
 *
 * Connects to the QMP monitor at ADDRESS (unix:PATH, a PATH with a '/', or
 * HOST:PORT with a numeric HOST), negotiates capabilities and runs each COMMAND in turn: a
 * JSON object ({"execute": ..., "arguments": {...}}) or the bare name of a
 * command without arguments.  Each reply is printed on one line (with -r,
 * only its "return" value); events are not printed.
 *
 * -w: then wait for the outgoing migration to end, polling query-migrate,
 *     and print its last reply.  Fails unless the status is "completed".
 * -t: give up after SECONDS (default 30), connection included: QEMU may
 *     not have created the socket yet.
 *
 * Exit status: 0 on success; 1 when QEMU answered a command with an error
 * (its description goes to stderr) or a migration did not complete; 2 on
 * usage, connection or protocol errors and timeouts.
 */
#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define EXIT_QMP_ERROR	1
#define EXIT_FAILURE2	2
#define MAX_MSG		(1024 * 1024)
#define POLL_MS		100

struct conn {
	int fd;
	char *buf;		/* received bytes, not yet consumed */
	size_t len;
	double deadline;	/* monotonic seconds */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: qmp [-r] [-w] [-t SECONDS] ADDRESS [COMMAND]...\n"
		"\n"
		"Run QMP COMMANDs (JSON objects, or names of commands without\n"
		"arguments) on the monitor at ADDRESS (unix:PATH, PATH or\n"
		"HOST:PORT) and print each reply on a line.\n"
		"  -r  print only the \"return\" values\n"
		"  -w  then wait for the migration to end (query-migrate) and\n"
		"      print its last reply; fail unless it completed\n"
		"  -t  give up after SECONDS (default 30)\n"
		"Exit: 0 ok, 1 QMP error or migration not completed, 2 other.\n");
}

/*
 * A few JSON helpers, enough for QMP replies: skip one value, find a
 * member of an object.  The input is trusted to be valid JSON (QEMU wrote
 * it); these only need not to run past its end.
 */
static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

static const char *skip_string(const char *p)
{
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
	}
	return *p ? p + 1 : p;
}

/* Return the end of the value starting at p (after leading blanks). */
static const char *skip_value(const char *p)
{
	int depth = 0;

	p = skip_ws(p);
	do {
		switch (*p) {
		case '\0':
			return p;
		case '"':
			p = skip_string(p);
			continue;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (!depth)
				return p;
			depth--;
			break;
		case ',':
		case ':':
			if (!depth)
				return p;
			break;
		}
		p++;
	} while (depth || (*p && !strchr(",:}] \t\r\n", *p)));
	return p;
}

/*
 * Find member KEY of the object starting at OBJ; store where its value
 * starts and its length.  Returns false if there is none.
 */
static bool json_member(const char *obj, const char *key, const char **val,
			size_t *len)
{
	size_t klen = strlen(key);
	const char *p = skip_ws(obj);
	const char *k, *end;

	if (*p != '{')
		return false;
	p = skip_ws(p + 1);
	while (*p == '"') {
		k = p + 1;
		p = skip_string(p);
		p = skip_ws(p);
		if (*p != ':')
			return false;
		p = skip_ws(p + 1);
		end = skip_value(p);
		if ((size_t)(end - k) > klen && !strncmp(k, key, klen) &&
		    k[klen] == '"') {
			*val = p;
			*len = end - p;
			return true;
		}
		p = skip_ws(end);
		if (*p != ',')
			return false;
		p = skip_ws(p + 1);
	}
	return false;
}

/* Copy a string member's contents (without unescaping) into out. */
static bool json_string_member(const char *obj, const char *key, char *out,
			       size_t size)
{
	const char *val;
	size_t len;

	if (!json_member(obj, key, &val, &len) || len < 2 || *val != '"')
		return false;
	len -= 2;
	if (len >= size)
		len = size - 1;
	memcpy(out, val + 1, len);
	out[len] = '\0';
	return true;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* HOST:PORT, HOST a numeric IPv4 or IPv6 ([::1]:PORT) address. */
static int connect_tcp(const char *addr)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	const char *colon = strrchr(addr, ':');
	struct sockaddr *sa = (struct sockaddr *)&sin;
	socklen_t salen = sizeof(sin);
	char host[64], *end;
	unsigned long port;
	size_t hlen;
	int fd;

	if (!colon)
		goto inval;
	hlen = colon - addr;
	if (hlen >= 2 && addr[0] == '[' && addr[hlen - 1] == ']') {
		addr++;
		hlen -= 2;
	}
	if (hlen >= sizeof(host))
		goto inval;
	memcpy(host, addr, hlen);
	host[hlen] = '\0';
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || !port || port > 65535)
		goto inval;
	if (inet_pton(AF_INET, host, &sin.sin_addr) == 1) {
		sin.sin_port = htons(port);
	} else if (inet_pton(AF_INET6, host, &sin6.sin6_addr) == 1) {
		sin6.sin6_port = htons(port);
		sa = (struct sockaddr *)&sin6;
		salen = sizeof(sin6);
	} else {
		goto inval;
	}
	fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, sa, salen)) {
		close(fd);
		return -1;
	}
	return fd;
inval:
	errno = EINVAL;
	return -1;
}

/* Connect, retrying while the socket does not exist or refuses. */
static int qmp_connect(struct conn *c, const char *addr)
{
	bool is_unix = !strncmp(addr, "unix:", 5) || strchr(addr, '/');
	const char *path = strncmp(addr, "unix:", 5) ? addr : addr + 5;

	for (;;) {
		c->fd = is_unix ? connect_unix(path) : connect_tcp(addr);
		if (c->fd >= 0)
			return 0;
		if ((errno != ENOENT && errno != ECONNREFUSED) ||
		    now() >= c->deadline) {
			fprintf(stderr, "qmp: cannot connect to %s: %s\n", addr,
				strerror(errno));
			return -1;
		}
		usleep(POLL_MS * 1000);
	}
}

/*
 * Read one message (QEMU ends each with a newline) into msg, a buffer of
 * MAX_MSG bytes, without its line end.  Returns 0, or -1 on timeout, EOF
 * or error.
 */
static int qmp_read(struct conn *c, char *msg)
{
	struct pollfd pfd = { .events = POLLIN };
	char *nl;
	ssize_t n;
	int left;

	for (;;) {
		nl = memchr(c->buf, '\n', c->len);
		if (nl) {
			size_t mlen = nl - c->buf;
			size_t used = mlen + 1;

			/* QEMU ends its lines with \r\n. */
			if (mlen && c->buf[mlen - 1] == '\r')
				mlen--;
			memcpy(msg, c->buf, mlen);
			msg[mlen] = '\0';
			c->len -= used;
			memmove(c->buf, c->buf + used, c->len);
			return 0;
		}
		if (c->len >= MAX_MSG - 1) {
			fprintf(stderr, "qmp: message too long\n");
			return -1;
		}
		left = (int)((c->deadline - now()) * 1000);
		if (left <= 0) {
			fprintf(stderr, "qmp: timed out waiting for QEMU\n");
			return -1;
		}
		pfd.fd = c->fd;
		if (poll(&pfd, 1, left) < 0) {
			if (errno == EINTR)
				continue;
			perror("qmp: poll");
			return -1;
		}
		if (!pfd.revents)
			continue;
		n = read(c->fd, c->buf + c->len, MAX_MSG - 1 - c->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "qmp: %s\n", n ? strerror(errno) :
				"QEMU closed the connection");
			return -1;
		}
		c->len += n;
	}
}

static int write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			perror("qmp: write");
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/*
 * Send one command and wait for its reply, skipping events.  Returns 0 for
 * a "return", 1 for an "error" (reported on stderr), -1 otherwise.
 */
static int qmp_command(struct conn *c, const char *cmd, char *reply)
{
	char desc[512];
	const char *val;
	size_t len;

	if (write_all(c->fd, cmd, strlen(cmd)) || write_all(c->fd, "\n", 1))
		return -1;
	for (;;) {
		if (qmp_read(c, reply))
			return -1;
		if (json_member(reply, "return", &val, &len))
			return 0;
		if (json_member(reply, "error", &val, &len)) {
			if (!json_string_member(val, "desc", desc, sizeof(desc)))
				snprintf(desc, sizeof(desc), "%.*s", (int)len,
					 val);
			fprintf(stderr, "qmp: %s: %s\n", cmd, desc);
			return 1;
		}
		if (!json_member(reply, "event", &val, &len)) {
			fprintf(stderr, "qmp: unexpected message: %s\n", reply);
			return -1;
		}
	}
}

static void print_reply(const char *reply, bool only_return)
{
	const char *val;
	size_t len;

	if (only_return && json_member(reply, "return", &val, &len))
		printf("%.*s\n", (int)len, val);
	else
		printf("%s\n", reply);
	fflush(stdout);
}

/* Poll query-migrate until the migration ends. */
static int wait_migration(struct conn *c, char *reply, bool only_return)
{
	static const char query[] = "{\"execute\": \"query-migrate\"}";
	char status[64];
	const char *ret;
	size_t len;
	int err;

	for (;;) {
		err = qmp_command(c, query, reply);
		if (err)
			return err < 0 ? EXIT_FAILURE2 : EXIT_QMP_ERROR;
		if (!json_member(reply, "return", &ret, &len) ||
		    !json_string_member(ret, "status", status, sizeof(status)))
			snprintf(status, sizeof(status), "none");
		if (!strcmp(status, "completed") || !strcmp(status, "failed") ||
		    !strcmp(status, "cancelled") || !strcmp(status, "none")) {
			print_reply(reply, only_return);
			if (strcmp(status, "completed")) {
				fprintf(stderr, "qmp: migration %s\n", status);
				return EXIT_QMP_ERROR;
			}
			return 0;
		}
		if (now() >= c->deadline) {
			print_reply(reply, only_return);
			fprintf(stderr, "qmp: migration still %s, timed out\n",
				status);
			return EXIT_FAILURE2;
		}
		usleep(POLL_MS * 1000);
	}
}

int main(int argc, char **argv)
{
	struct conn c = { .fd = -1 };
	bool only_return = false, wait_mig = false;
	double timeout = 30;
	char *reply, *cmd, *end;
	int opt, i, err, status;

	while ((opt = getopt(argc, argv, "rwt:h")) != -1) {
		switch (opt) {
		case 'r':
			only_return = true;
			break;
		case 'w':
			wait_mig = true;
			break;
		case 't':
			timeout = strtod(optarg, &end);
			if (*end || timeout <= 0) {
				fprintf(stderr, "qmp: bad timeout '%s'\n",
					optarg);
				return EXIT_FAILURE2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_FAILURE2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_FAILURE2;
	}

	c.deadline = now() + timeout;
	c.buf = malloc(MAX_MSG);
	reply = malloc(MAX_MSG);
	status = EXIT_FAILURE2;
	if (!c.buf || !reply) {
		fprintf(stderr, "qmp: out of memory\n");
		goto out;
	}
	if (qmp_connect(&c, argv[optind]))
		goto out;

	/* The greeting, then capabilities negotiation. */
	if (qmp_read(&c, reply)) {
		fprintf(stderr, "qmp: no QMP greeting from %s\n", argv[optind]);
		goto out;
	}
	if (!strstr(reply, "\"QMP\"")) {
		fprintf(stderr, "qmp: %s sent no QMP greeting but: %.120s\n",
			argv[optind], reply);
		goto out;
	}
	if (qmp_command(&c, "{\"execute\": \"qmp_capabilities\"}", reply))
		goto out;

	status = 0;
	for (i = optind + 1; i < argc; i++) {
		const char *arg = skip_ws(argv[i]);

		if (*arg == '{') {
			cmd = strdup(arg);
		} else {
			cmd = malloc(strlen(arg) + 32);
			if (cmd)
				sprintf(cmd, "{\"execute\": \"%s\"}", arg);
		}
		if (!cmd) {
			fprintf(stderr, "qmp: out of memory\n");
			status = EXIT_FAILURE2;
			goto out;
		}
		err = qmp_command(&c, cmd, reply);
		free(cmd);
		if (err < 0) {
			status = EXIT_FAILURE2;
			goto out;
		}
		if (err) {
			status = EXIT_QMP_ERROR;
			continue;
		}
		print_reply(reply, only_return);
	}
	if (wait_mig && !status)
		status = wait_migration(&c, reply, only_return);
out:
	if (c.fd >= 0)
		close(c.fd);
	free(c.buf);
	free(reply);
	return status;
}
