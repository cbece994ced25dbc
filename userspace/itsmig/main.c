// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig - migrate a KVM/arm64 VM with many ITS devices and measure its
 * downtime, with and without ITS table pre-copy.
 *
 *   itsmig [OPTIONS]                 source and destination, forked here
 *   itsmig compare [OPTIONS]         baseline, then --precopy, side by side
 *                                    (and --dest-precopy, with it)
 *   itsmig source --to HOST:PORT [OPTIONS]
 *   itsmig dest --listen PORT [--drop-after N]
 *   itsmig source --file PATH [OPTIONS]   save the VM into PATH
 *   itsmig dest --file PATH               load it, check every LPI
 */
#include <errno.h>
#include <getopt.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "migrate.h"
#include "net.h"

enum mode { MODE_LOCAL, MODE_COMPARE, MODE_SOURCE, MODE_DEST };

#define MAX_REPEAT	32

static void usage(FILE *f)
{
	fprintf(f,
"usage: itsmig [compare] [OPTIONS]\n"
"       itsmig source --to HOST:PORT [OPTIONS]\n"
"       itsmig dest --listen PORT [--drop-after N] [--drop-resumed]\n"
"       itsmig source --file PATH [OPTIONS]\n"
"       itsmig dest --file PATH [--check-every N]\n"
"\n"
"Migrate a VM whose guest maps DEVICES x EVENTS LPIs through the ITS and\n"
"print the downtime, split into its parts.  Without a mode, a destination\n"
"is forked and reached over a socket pair; 'compare' migrates in two\n"
"modes, the baseline and --precopy, -n times each, alternately, and\n"
"prints both; with --dest-precopy, in three: baseline, --precopy, and\n"
"both.  With --file, the source writes the stream into a file or block\n"
"device and leaves its VM paused, and the destination reads it from\n"
"there, runs the VM and checks every LPI: a migration between two boots,\n"
"of different kernels for instance.\n"
"\n"
"  -v, --vcpus N         vCPUs (2)\n"
"  -d, --devices N       devices (64)\n"
"  -e, --events N        events per device (32)\n"
"  -c, --collections N   collections, spread over the vCPUs (= vCPUs)\n"
"  -r, --churn N         ITS commands per second while migrating (0)\n"
"  -p, --precopy         enable ITS table pre-copy at migration start\n"
"      --dest-precopy    the destination restores its ITS early, during\n"
"                        pre-copy, and the final restore reads only the\n"
"                        pages that changed since\n"
"      --dirty-ring      dirty ring with backup bitmap, not the bitmap\n"
"  -s, --seed N          seed of the guest's command stream (1)\n"
"      --max-rounds N    pre-copy rounds at most (30)\n"
"      --threshold N     switch over with at most N dirty pages (64)\n"
"      --timeout S       give up on a peer that sends or takes nothing\n"
"                        for S seconds, and on a connection not made\n"
"                        in S seconds (60; 0: wait forever)\n"
"      --check-every N   destination: check every Nth (device, event)\n"
"                        only (1: all; the guest takes about a thousand\n"
"                        LPIs a second under nested emulation)\n"
"      --drop-after N    destination: drop the connection after N page\n"
"                        messages (to test a failed migration)\n"
"      --drop-resumed    destination: resume the VM, then drop the\n"
"                        connection instead of saying so (the source\n"
"                        must not resume it too)\n"
"  -n, --repeat N        compare: migrate N times in each mode, print medians\n"
"      --dump-tables DIR source: write the ITS tables as stop-copy left\n"
"                        them to DIR/tables.img, its-dump's arguments to\n"
"                        DIR/its-dump.args (not counted as downtime)\n"
"  -j, --json            one JSON object per migration on stdout\n"
"      --csv             \"csv,\" lines: a header, the medians of each mode;\n"
"                        \"csv-run,\" lines: each migration\n"
"  -q, --quiet           no progress lines\n");
}

static int parse_u32(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || !*s || n > UINT32_MAX) {
		fprintf(stderr, "itsmig: bad number '%s'\n", s);
		return -1;
	}
	*v = n;
	return 0;
}

static double ms(uint64_t ns)
{
	return ns / 1e6;
}

/* The parts of the downtime not measured on their own. */
static uint64_t other_ns(const struct mig_report *r)
{
	uint64_t known = r->pause_ns + r->its_flush_ns + r->lpi_pending_ns +
			 r->state_ns + r->final_copy_ns + r->restore_ns;

	return r->downtime_ns > known ? r->downtime_ns - known : 0;
}

static double its_share(const struct mig_report *r)
{
	return r->downtime_ns ? 100.0 * (r->its_flush_ns + r->its_restore_ns +
					 r->changed_ns) / r->downtime_ns : 0;
}

/* Where and when it ran, for the JSON results. */
static void print_json_meta(void)
{
	char when[32] = "";
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;

	if (uname(&u))
		memset(&u, 0, sizeof(u));
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	printf("\"meta\": {\"time\": \"%s\", \"kernel\": \"%s\", "
	       "\"machine\": \"%s\", \"cpus\": %ld, \"protocol\": %d}, ",
	       when, u.release, u.machine, sysconf(_SC_NPROCESSORS_ONLN),
	       ITSMIG_VERSION);
}

static void print_json(const struct mig_opts *o, const struct mig_report *r)
{
	putchar('{');
	print_json_meta();
	printf("\"vcpus\": %u, \"devices\": %u, \"events\": %u, "
	       "\"collections\": %u, \"churn\": %u, \"dirty_ring\": %s, "
	       "\"precopy\": %s, \"precopy_used\": %s, \"rounds\": %u, "
	       "\"total_ms\": %.3f, \"downtime_ms\": %.3f, "
	       "\"qemu_downtime_ms\": %.3f, \"enable_ms\": %.3f, "
	       "\"switchover_pending_bytes\": %llu, "
	       "\"pause_ms\": %.3f, \"its_flush_ms\": %.3f, "
	       "\"lpi_pending_ms\": %.3f, \"state_ms\": %.3f, "
	       "\"final_copy_ms\": %.3f, \"restore_ms\": %.3f, "
	       "\"its_restore_ms\": %.3f, \"other_ms\": %.3f, "
	       "\"its_share_pct\": %.2f, \"precopy_pages\": %llu, "
	       "\"precopy_bytes\": %llu, \"stopcopy_pages\": %llu, "
	       "\"stopcopy_bytes\": %llu, \"flush_table_pages\": %llu, "
	       "\"lpis_mapped\": %u, \"lpis_delivered\": %u, "
	       "\"errors\": %u, \"guest_cmds\": %llu, "
	       "\"dest_precopy\": %s, \"dest_precopy_used\": %s, "
	       "\"early_restore_ms\": %.3f, \"changed_ms\": %.3f, "
	       "\"refreshes\": %u, \"refresh_ms\": %.3f, "
	       "\"last_round_cmds\": %llu}\n",
	       o->cfg.vcpus, o->cfg.devices, o->cfg.events,
	       o->cfg.collections, o->cfg.churn,
	       o->cfg.flags & CONFIG_F_DIRTY_RING ? "true" : "false",
	       r->precopy ? "true" : "false",
	       r->precopy_used ? "true" : "false", r->rounds,
	       ms(r->total_ns), ms(r->downtime_ns), ms(r->qemu_downtime_ns),
	       ms(r->enable_ns),
	       (unsigned long long)r->switchover_pending_bytes,
	       ms(r->pause_ns),
	       ms(r->its_flush_ns), ms(r->lpi_pending_ns), ms(r->state_ns),
	       ms(r->final_copy_ns), ms(r->restore_ns),
	       ms(r->its_restore_ns), ms(other_ns(r)), its_share(r),
	       (unsigned long long)r->precopy_pages,
	       (unsigned long long)r->precopy_bytes,
	       (unsigned long long)r->stopcopy_pages,
	       (unsigned long long)r->stopcopy_bytes,
	       (unsigned long long)r->flush_table_pages,
	       r->verdict.mapped, r->verdict.delivered, r->verdict.errors,
	       (unsigned long long)r->verdict.guest_cmds,
	       r->early_asked ? "true" : "false",
	       r->early_used ? "true" : "false",
	       ms(r->early_ns), ms(r->changed_ns), r->refreshes,
	       ms(r->refresh_ns), (unsigned long long)r->last_round_cmds);
	fflush(stdout);
}

typedef double (*getter)(const struct mig_report *r);

#define GET(name, expr)							\
	static double get_##name(const struct mig_report *r)		\
	{								\
		return expr;						\
	}
GET(total, ms(r->total_ns))
GET(downtime, ms(r->downtime_ns))
GET(qemu_downtime, ms(r->qemu_downtime_ns))
GET(enable, ms(r->enable_ns))
GET(pending, r->switchover_pending_bytes)
GET(its_flush, ms(r->its_flush_ns))
GET(its_restore, ms(r->its_restore_ns))
GET(pause, ms(r->pause_ns))
GET(lpi_pending, ms(r->lpi_pending_ns))
GET(state, ms(r->state_ns))
GET(final_copy, ms(r->final_copy_ns))
GET(restore, ms(r->restore_ns - r->its_restore_ns - r->changed_ns))
GET(early, ms(r->early_ns))
GET(changed, ms(r->changed_ns))
GET(other, ms(other_ns(r)))
GET(share, its_share(r))
GET(rounds, r->rounds)
GET(pre_pages, r->precopy_pages)
GET(stop_pages, r->stopcopy_pages)
GET(stop_kib, r->stopcopy_bytes / 1024)
GET(flush_pages, r->flush_table_pages)
GET(mapped, r->verdict.mapped)
GET(delivered, r->verdict.delivered)
GET(cmds, r->verdict.guest_cmds)
GET(refresh, ms(r->refresh_ns))
GET(last_cmds, r->last_round_cmds)

static const struct {
	const char	*label;
	const char	*csv;
	getter		get;
	int		decimals;
} rows[] = {
	{ "total ms", "total_ms",			get_total, 3 },
	{ "downtime ms", "downtime_ms",			get_downtime, 3 },
	{ "  ITS flush (SAVE_TABLES) ms", "its_flush_ms", get_its_flush, 3 },
	{ "  ITS restore (RESTORE_TABLES) ms", "its_restore_ms",
							get_its_restore, 3 },
	{ "  vCPU pause ms", "pause_ms",		get_pause, 3 },
	{ "  LPI pending tables save ms", "lpi_pending_ms",
							get_lpi_pending, 3 },
	{ "  register state save ms", "state_ms",	get_state, 3 },
	{ "  final memory copy ms", "final_copy_ms",	get_final_copy, 3 },
	{ "  restore, all but the ITS ms", "restore_other_ms",
							get_restore, 3 },
	{ "  transfer and other ms", "other_ms",	get_other, 3 },
	{ "ITS share of downtime %", "its_share_pct",	get_share, 2 },
	{ "pre-copy rounds", "rounds",			get_rounds, 0 },
	{ "pages sent in pre-copy", "precopy_pages",	get_pre_pages, 0 },
	{ "pages sent in stop-copy", "stopcopy_pages",	get_stop_pages, 0 },
	{ "KiB sent in stop-copy", "stopcopy_kib",	get_stop_kib, 0 },
	{ "table pages dirtied by the flush", "flush_table_pages",
							get_flush_pages, 0 },
	{ "LPIs checked on the destination", "lpis_mapped", get_mapped, 0 },
	{ "  delivered to the right vCPU", "lpis_delivered",
							get_delivered, 0 },
	{ "guest ITS commands", "guest_cmds",		get_cmds, 0 },
	/* Later additions: at the end, for scripts that count columns. */
	{ "downtime, QEMU's definition ms", "qemu_downtime_ms",
							get_qemu_downtime, 3 },
	{ "ITS pre-copy enable ms (not down)", "enable_ms", get_enable, 3 },
	{ "ITS bytes pending at switch-over", "switchover_pending_bytes",
							get_pending, 0 },
	{ "  ITS changed pages report ms", "changed_ms",
							get_changed, 3 },
	{ "ITS early restore ms (not down)", "early_restore_ms",
							get_early, 3 },
	{ "  the last refresh ms (not down)", "refresh_ms", get_refresh, 3 },
	{ "guest ITS commands, last round", "last_round_cmds",
							get_last_cmds, 0 },
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of a row over @reps reports. */
static double median(getter get, const struct mig_report *r, int reps)
{
	double v[MAX_REPEAT] = { 0 };
	int i;

	for (i = 0; i < reps; i++)
		v[i] = get(&r[i]);
	qsort(v, reps, sizeof(v[0]), cmp_double);
	return reps % 2 ? v[reps / 2] : (v[reps / 2 - 1] + v[reps / 2]) / 2;
}

/* What a column of reports is: the same for all its repetitions. */
static const char *mode_name(const struct mig_report *r)
{
	if (r->early_asked && !r->early_used)
		return "no-early";
	if (r->early_asked)
		return !r->precopy ? "dest" :
		       r->precopy_used ? "both" : "fallback";
	return !r->precopy ? "baseline" :
	       r->precopy_used ? "precopy" : "fallback";
}

/* Columns of @reps reports each, side by side; medians when reps > 1. */
static void print_table(const struct mig_opts *o, const struct mig_report *r,
			int n, int reps)
{
	unsigned int k;
	int i;

	printf("itsmig: %u vCPUs, %u devices x %u events = %u LPIs, %u collections, churn %u commands/s, dirty %s\n",
	       o->cfg.vcpus, o->cfg.devices, o->cfg.events,
	       o->cfg.devices * o->cfg.events, o->cfg.collections,
	       o->cfg.churn,
	       o->cfg.flags & CONFIG_F_DIRTY_RING ? "ring + bitmap" : "bitmap");
	if (reps > 1)
		printf("medians of %d migrations each\n", reps);
	printf("%-34s", "");
	for (i = 0; i < n; i++)
		printf(" %12s", mode_name(&r[i * reps]));
	putchar('\n');
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		printf("%-34s", rows[k].label);
		for (i = 0; i < n; i++)
			printf(" %12.*f", rows[k].decimals,
			       median(rows[k].get, &r[i * reps], reps));
		putchar('\n');
	}
	fflush(stdout);
}

/* A CSV row of @reps reports of one mode: their medians */
static void print_csv_row(const char *tag, const struct mig_opts *o,
			  const struct mig_report *r, int reps)
{
	unsigned int k;

	printf("%s,%u,%u,%u,%u,%u,%s,%d", tag, o->cfg.devices,
	       o->cfg.events, o->cfg.devices * o->cfg.events, o->cfg.vcpus,
	       o->cfg.churn, mode_name(r), reps);
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
		printf(",%.*f", rows[k].decimals,
		       median(rows[k].get, r, reps));
	putchar('\n');
}

/*
 * "csv," lines: a header, then one row of medians per column; then
 * "csv-run," lines, the same columns for each migration.
 */
static void print_csv(const struct mig_opts *o, const struct mig_report *r,
		      int n, int reps)
{
	unsigned int k;
	int i;

	printf("csv,devices,events,lpis,vcpus,churn,mode,migrations");
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
		printf(",%s", rows[k].csv);
	putchar('\n');
	for (i = 0; i < n; i++)
		print_csv_row("csv", o, &r[i * reps], reps);
	for (i = 0; i < n * reps; i++)
		print_csv_row("csv-run", o, &r[i], 1);
	fflush(stdout);
}

static void report(const struct mig_opts *o, const struct mig_report *r,
		   int n, int reps)
{
	int i;

	if (o->csv) {
		print_csv(o, r, n, reps);
		return;
	}
	if (!o->json) {
		print_table(o, r, n, reps);
		return;
	}
	for (i = 0; i < n * reps; i++)
		print_json(o, &r[i]);
}

/*
 * The file of --file: a regular file is created or truncated, a block
 * device written from its start.
 */
static int open_file(const char *path, bool out)
{
	struct stat st;
	int fd;

	fd = open(path, out ? O_WRONLY | O_CREAT : O_RDONLY, 0644);
	if (fd < 0 || fstat(fd, &st) ||
	    (out && S_ISREG(st.st_mode) && ftruncate(fd, 0))) {
		fprintf(stderr, "itsmig: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		fprintf(stderr, "itsmig: %s is neither a file nor a block device\n",
			path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Fork a destination on one end of a socket pair, migrate to it. */
static int migrate_local(const struct mig_opts *o, struct mig_report *r)
{
	int sv[2], status, ret;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) {
		perror("itsmig: socketpair");
		return -errno;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("itsmig: fork");
		return -errno;
	}
	if (!pid) {
		close(sv[0]);
		exit(mig_dest(o, sv[1]) ? 1 : 0);
	}
	close(sv[1]);
	ret = mig_source(o, sv[0], r);
	close(sv[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "itsmig: the destination failed\n");
		ret = ret ?: -EIO;
	}
	return ret;
}

static const struct option longopts[] = {
	{ "vcpus",	 required_argument, NULL, 'v' },
	{ "devices",	 required_argument, NULL, 'd' },
	{ "events",	 required_argument, NULL, 'e' },
	{ "collections", required_argument, NULL, 'c' },
	{ "churn",	 required_argument, NULL, 'r' },
	{ "precopy",	 no_argument,	    NULL, 'p' },
	{ "dest-precopy", no_argument,	    NULL, 'E' },
	{ "dirty-ring",	 no_argument,	    NULL, 'R' },
	{ "seed",	 required_argument, NULL, 's' },
	{ "max-rounds",	 required_argument, NULL, 'M' },
	{ "threshold",	 required_argument, NULL, 'T' },
	{ "drop-after",	 required_argument, NULL, 'D' },
	{ "drop-resumed", no_argument,	    NULL, 'Z' },
	{ "to",		 required_argument, NULL, 't' },
	{ "listen",	 required_argument, NULL, 'l' },
	{ "file",	 required_argument, NULL, 'F' },
	{ "repeat",	 required_argument, NULL, 'n' },
	{ "dump-tables", required_argument, NULL, 'W' },
	{ "check-every", required_argument, NULL, 'K' },
	{ "timeout",	 required_argument, NULL, 'O' },
	{ "json",	 no_argument,	    NULL, 'j' },
	{ "csv",	 no_argument,	    NULL, 'C' },
	{ "quiet",	 no_argument,	    NULL, 'q' },
	{ "help",	 no_argument,	    NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int parse(int argc, char **argv, struct mig_opts *o, enum mode *mode,
		 const char **to, const char **port, const char **file)
{
	uint32_t seed = 1, cols = 0;
	int opt, err = 0;

	if (argc > 1 && argv[1][0] != '-') {
		if (!strcmp(argv[1], "compare"))
			*mode = MODE_COMPARE;
		else if (!strcmp(argv[1], "source"))
			*mode = MODE_SOURCE;
		else if (!strcmp(argv[1], "dest"))
			*mode = MODE_DEST;
		else {
			fprintf(stderr, "itsmig: unknown mode '%s'\n", argv[1]);
			return -1;
		}
		argv++;
		argc--;
	}
	while (!err && (opt = getopt_long(argc, argv, "v:d:e:c:r:ps:n:jqh",
					  longopts, NULL)) != -1) {
		switch (opt) {
		case 'v': err = parse_u32(optarg, &o->cfg.vcpus); break;
		case 'd': err = parse_u32(optarg, &o->cfg.devices); break;
		case 'e': err = parse_u32(optarg, &o->cfg.events); break;
		case 'c': err = parse_u32(optarg, &cols); break;
		case 'r': err = parse_u32(optarg, &o->cfg.churn); break;
		case 's': err = parse_u32(optarg, &seed); break;
		case 'M': err = parse_u32(optarg, &o->max_rounds); break;
		case 'T': err = parse_u32(optarg, &o->threshold); break;
		case 'D': err = parse_u32(optarg, &o->drop_after); break;
		case 'Z': o->drop_resumed = true; break;
		case 'n': err = parse_u32(optarg, &o->repeat); break;
		case 'p': o->precopy = true; break;
		case 'E': o->dest_precopy = true; break;
		case 'R': o->cfg.flags |= CONFIG_F_DIRTY_RING; break;
		case 't': *to = optarg; break;
		case 'l': *port = optarg; break;
		case 'F': *file = optarg; break;
		case 'j': o->json = true; break;
		case 'C': o->csv = true; break;
		case 'W': o->dump_dir = optarg; break;
		case 'K': err = parse_u32(optarg, &o->check_every); break;
		case 'O':
			err = parse_u32(optarg, &o->timeout_s);
			if (!err && o->timeout_s > 86400) {
				fprintf(stderr, "itsmig: --timeout is at most a day\n");
				err = -1;
			}
			break;
		case 'q': o->quiet = true; break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (err)
		return -1;
	if (optind < argc) {
		fprintf(stderr, "itsmig: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	o->cfg.collections = cols ?: o->cfg.vcpus;
	o->cfg.seed = seed;
	if (!o->max_rounds) {
		fprintf(stderr, "itsmig: --max-rounds must be at least 1\n");
		return -1;
	}
	if (!o->check_every) {
		fprintf(stderr, "itsmig: --check-every must be at least 1\n");
		return -1;
	}
	if (!o->repeat || o->repeat > MAX_REPEAT) {
		fprintf(stderr, "itsmig: --repeat must be 1 to %d\n",
			MAX_REPEAT);
		return -1;
	}
	if (*file && (*to || *port ||
		      (*mode != MODE_SOURCE && *mode != MODE_DEST))) {
		fprintf(stderr, "itsmig: --file goes with 'source' or 'dest', alone\n");
		return -1;
	}
	if (!*file && ((*mode == MODE_SOURCE) != !!*to ||
		       (*mode == MODE_DEST) != !!*port)) {
		fprintf(stderr, "itsmig: 'source' takes --to HOST:PORT or --file PATH, 'dest' takes --listen PORT or --file PATH\n");
		return -1;
	}
	o->file = *file;
	return 0;
}

int main(int argc, char **argv)
{
	struct mig_opts o = {
		.cfg = { .vcpus = 2, .devices = 64, .events = 32 },
		.max_rounds = 30,
		.threshold = 64,
		.repeat = 1,
		.check_every = 1,
		.timeout_s = 60,
	};
	static struct mig_report r[3 * MAX_REPEAT];
	uint32_t i, m, modes;
	const char *to = NULL, *port = NULL, *file = NULL;
	enum mode mode = MODE_LOCAL;
	char why[128];
	int fd, ret;

	/* A dropped connection is an error to report, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (parse(argc, argv, &o, &mode, &to, &port, &file)) {
		usage(stderr);
		return 2;
	}
	if (mode != MODE_DEST &&
	    itsmig_config_check(&o.cfg, why, sizeof(why))) {
		fprintf(stderr, "itsmig: %s\n", why);
		return 2;
	}

	switch (mode) {
	case MODE_DEST:
		fd = file ? open_file(file, false) : net_accept_once(port);
		return fd < 0 || mig_dest(&o, fd) ? 1 : 0;
	case MODE_SOURCE:
		fd = file ? open_file(file, true) :
			    net_connect(to, mig_timeout_ms(&o));
		if (fd < 0)
			return 1;
		ret = mig_source(&o, fd, &r[0]);
		break;
	case MODE_LOCAL:
		ret = migrate_local(&o, &r[0]);
		break;
	case MODE_COMPARE:
		/*
		 * Baseline, --precopy, and both pre-copies with --dest-precopy;
		 * alternate, so that drift over the run hits all alike.
		 */
		modes = o.dest_precopy ? 3 : 2;
		for (ret = 0, i = 0; i < modes * o.repeat && !ret; i++) {
			m = i % modes;
			o.precopy = m >= 1;
			o.dest_precopy = m == 2;
			ret = migrate_local(&o, &r[m * o.repeat + i / modes]);
		}
		if (!ret)
			report(&o, r, modes, o.repeat);
		return ret ? 1 : 0;
	}
	if (!ret)
		report(&o, r, 1, 1);
	return ret ? 1 : 0;
}
