// SPDX-License-Identifier: GPL-2.0
/*
 * kprof: sample the kernel's call chains on every CPU while a command runs,
 * and print where the samples that went through FUNCTION spent their time,
 * by symbol: self (the sampled instruction) and inclusive (anywhere in the
 * chain).  "make profile" runs it in the test guest on a kernel built with
 * CONFIG_PERF_EVENTS; the test kernel has no perf events.
 *
 * usage: kprof [-F HZ] [-f FUNCTION] [-n TOP] -- COMMAND [ARGS...]
 *
 * The samples come from the cpu-clock software event, a timer interrupt:
 * time spent with interrupts masked (an irqsave spinlock's section, say)
 * is charged to where they are unmasked again.  Symbols are those of
 * /proc/kallsyms, so a static function inlined into its caller counts as
 * the caller.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define RING_PAGES	256

struct sym {
	uint64_t addr;
	char *name;
	uint64_t self, incl, mark;
};

static struct sym *syms;
static size_t nsyms;
static uint64_t total, matched;
static long filter_idx = -2;	/* -2: no filter */
static uint64_t sample_no;

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void load_kallsyms(const char *filter)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], name[256], type;
	unsigned long long addr;
	size_t cap = 0, i;

	if (!f) {
		perror("/proc/kallsyms");
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (type != 't' && type != 'T')
			continue;
		if (nsyms == cap) {
			struct sym *grown;

			cap = cap ? cap * 2 : 65536;
			grown = realloc(syms, cap * sizeof(*syms));
			if (!grown) {
				perror("kprof: symbols");
				exit(1);
			}
			syms = grown;
		}
		syms[nsyms].addr = addr;
		syms[nsyms].name = strdup(name);
		if (!syms[nsyms].name) {
			perror("kprof: symbols");
			exit(1);
		}
		syms[nsyms].self = syms[nsyms].incl = 0;
		syms[nsyms].mark = 0;
		nsyms++;
	}
	fclose(f);
	qsort(syms, nsyms, sizeof(*syms), cmp_sym);
	if (filter) {
		filter_idx = -1;
		for (i = 0; i < nsyms; i++)
			if (!strcmp(syms[i].name, filter))
				filter_idx = i;
		if (filter_idx < 0) {
			fprintf(stderr, "kprof: no symbol %s\n", filter);
			exit(1);
		}
	}
}

static long find_sym(uint64_t ip)
{
	size_t lo = 0, hi = nsyms;

	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (syms[mid].addr <= ip)
			lo = mid;
		else
			hi = mid;
	}
	return nsyms && syms[lo].addr <= ip ? (long)lo : -1;
}

static void account(uint64_t nr, const uint64_t *ips)
{
	long idx[PERF_MAX_STACK_DEPTH];
	size_t n = 0, i;
	int hit = filter_idx == -2;

	for (i = 0; i < nr && n < PERF_MAX_STACK_DEPTH; i++) {
		if (ips[i] >= PERF_CONTEXT_MAX)
			continue;
		idx[n] = find_sym(ips[i]);
		if (idx[n] >= 0 && idx[n] == filter_idx)
			hit = 1;
		n++;
	}
	total++;
	if (!hit || !n)
		return;
	matched++;
	sample_no++;
	if (idx[0] >= 0)
		syms[idx[0]].self++;
	for (i = 0; i < n; i++) {
		if (idx[i] < 0 || syms[idx[i]].mark == sample_no)
			continue;
		syms[idx[i]].mark = sample_no;
		syms[idx[i]].incl++;
	}
}

struct ring {
	int fd;
	struct perf_event_mmap_page *meta;
	char *data;
	size_t size;
};

static void drain(struct ring *r)
{
	uint64_t head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = r->meta->data_tail;
	static char rec[65536];

	while (tail < head) {
		struct perf_event_header *h;
		size_t off = tail % r->size, len, first;

		h = (void *)(r->data + off);
		/* The header itself never wraps: records are 8-byte aligned. */
		len = h->size;
		first = len < r->size - off ? len : r->size - off;
		memcpy(rec, r->data + off, first);
		memcpy(rec + first, r->data, len - first);
		h = (void *)rec;
		if (h->type == PERF_RECORD_SAMPLE) {
			uint64_t *p = (uint64_t *)(h + 1);

			/* PERF_SAMPLE_IP, then PERF_SAMPLE_CALLCHAIN */
			account(p[1], p + 2);
		}
		tail += len;
	}
	__atomic_store_n(&r->meta->data_tail, tail, __ATOMIC_RELEASE);
}

/* What the symbols are sorted and printed by: self or inclusive samples. */
static int by_incl;

static uint64_t count(const struct sym *s)
{
	return by_incl ? s->incl : s->self;
}

static int by_count(const void *a, const void *b)
{
	uint64_t x = count(a), y = count(b);

	return x < y ? 1 : x > y ? -1 : 0;
}

static void print_top(int top, int incl)
{
	int i;

	by_incl = incl;
	qsort(syms, nsyms, sizeof(*syms), by_count);
	printf("kprof: %s\n", incl ? "inclusive" : "self");
	for (i = 0; i < top && i < (int)nsyms && count(&syms[i]); i++)
		printf("kprof:  %6.2f%% %7llu  %s\n",
		       100.0 * count(&syms[i]) / matched,
		       (unsigned long long)count(&syms[i]), syms[i].name);
}

static void report(int top, const char *filter)
{
	printf("kprof: %llu samples, %llu through %s\n",
	       (unsigned long long)total, (unsigned long long)matched,
	       filter ? filter : "(any)");
	if (!matched)
		return;
	print_top(top, 0);
	print_top(top, 1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: kprof [-F HZ] [-f FUNCTION] [-n TOP] -- COMMAND...\n");
}

int main(int argc, char **argv)
{
	const char *filter = NULL;
	int freq = 2000, top = 40, opt, ncpu, c, status;
	size_t pg = sysconf(_SC_PAGESIZE);
	struct ring *rings;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+F:f:n:")) != -1) {
		switch (opt) {
		case 'F':
			freq = atoi(optarg);
			break;
		case 'f':
			filter = optarg;
			break;
		case 'n':
			top = atoi(optarg);
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind >= argc) {
		usage();
		return 2;
	}
	load_kallsyms(filter);

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	rings = calloc(ncpu, sizeof(*rings));
	for (c = 0; c < ncpu; c++) {
		struct perf_event_attr a = {
			.size = sizeof(a),
			.type = PERF_TYPE_SOFTWARE,
			.config = PERF_COUNT_SW_CPU_CLOCK,
			.freq = 1,
			.sample_freq = freq,
			.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_CALLCHAIN,
			.exclude_user = 1,
			.exclude_hv = 1,
			.exclude_callchain_user = 1,
		};
		struct ring *r = &rings[c];

		r->fd = syscall(SYS_perf_event_open, &a, -1, c, -1, 0);
		if (r->fd < 0) {
			perror("perf_event_open");
			return 1;
		}
		r->size = RING_PAGES * pg;
		r->meta = mmap(NULL, r->size + pg, PROT_READ | PROT_WRITE,
			       MAP_SHARED, r->fd, 0);
		if (r->meta == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		r->data = (char *)r->meta + pg;
	}

	pid = fork();
	if (!pid) {
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		for (c = 0; c < ncpu; c++)
			drain(&rings[c]);
		usleep(10000);
	}
	for (c = 0; c < ncpu; c++) {
		ioctl(rings[c].fd, PERF_EVENT_IOC_DISABLE, 0);
		drain(&rings[c]);
	}
	report(top, filter);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
