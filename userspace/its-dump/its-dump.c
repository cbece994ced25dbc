// SPDX-License-Identifier: GPL-2.0
/*
 * its-dump: decode and check the ITS tables KVM saved into guest memory
 * (KVM_DEV_ARM_ITS_SAVE_TABLES, ABI rev0), from raw memory images.
 *
 *   its-dump --image FILE --base GPA [--image FILE --base GPA]...
 *            --baser-dev HEX --baser-coll HEX
 *            [--vcpus N] [--max-findings N] [--max-reads N]
 *            [--json] [--check]
 *
 * Exit status: 0 when done (and, with --check, consistent); 1 when --check
 * found problems; 2 on a usage or I/O error.
 * See Documentation/its-dump.rst.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "its_abi.h"

#define MAX_IMAGES	16
/*
 * The default work budget: entry reads per 8 bytes of the images, and at
 * least this many.  Consistent tables cost two reads an entry (the scan
 * and the restore walk), more only where tables overlap.
 */
#define READS_PER_ENTRY	4
#define MIN_READS	(1ULL << 20)
#define EXIT_FINDINGS	1
#define EXIT_USAGE	2

struct image {
	const char *path;
	uint64_t base;
	bool have_base;
	uint64_t size;
	const uint8_t *map;
};

struct opts {
	struct image img[MAX_IMAGES];
	int nr_img;
	struct its_config cfg;
	bool have_dev;
	bool have_coll;
	bool json;
	bool check;
	bool have_max_reads;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: its-dump --image FILE --base GPA [--image FILE --base GPA]...\n"
		"                --baser-dev HEX --baser-coll HEX\n"
		"                [--vcpus N] [--max-findings N] [--max-reads N]\n"
		"                [--json] [--check]\n"
		"\n"
		"Decode and check the ITS tables that KVM_DEV_ARM_ITS_SAVE_TABLES\n"
		"wrote into guest memory (ABI rev0).  Each --image is a raw dump of\n"
		"guest memory starting at guest physical address --base; give one\n"
		"pair per memslot.  --baser-dev/--baser-coll are GITS_BASER0/1 as\n"
		"read from the ITS.  --vcpus N also checks collection targets.\n"
		"--max-reads N: stop after N table entries read (default: %d per\n"
		"8 bytes of the images, at least %llu), so that hostile tables\n"
		"cannot keep it busy for long.\n"
		"--check: exit 1 if any finding.  Exit 2 on usage or I/O errors,\n"
		"and when the tables need more reads than --max-reads allows.\n",
		READS_PER_ENTRY, MIN_READS);
}

__attribute__((format(printf, 1, 2)))
static int fail_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "its-dump: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'its-dump --help'.\n");
	return -EINVAL;
}

/* Whole-string unsigned number; base 0 takes 0x.. hex or decimal. */
static int parse_u64(const char *s, int base, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

static int opt_image(struct opts *o, const char *path)
{
	if (o->nr_img == MAX_IMAGES)
		return fail_usage("at most %d images", MAX_IMAGES);
	o->img[o->nr_img++] = (struct image){ .path = path };
	return 0;
}

/* --base belongs to the last --image, which must not have one yet. */
static int opt_base(struct opts *o, const char *arg)
{
	struct image *img = o->nr_img ? &o->img[o->nr_img - 1] : NULL;

	if (!img || img->have_base)
		return fail_usage("--base %s does not follow an --image FILE",
				  arg);
	if (parse_u64(arg, 0, &img->base))
		return fail_usage("bad --base '%s': want a GPA (0x.. or decimal)",
				  arg);
	img->have_base = true;
	return 0;
}

static int opt_hex(const char *name, const char *arg, uint64_t *val)
{
	if (parse_u64(arg, 16, val))
		return fail_usage("bad %s '%s': want a hex number", name, arg);
	return 0;
}

static int opt_num(const char *name, const char *arg, uint64_t max,
		   uint64_t *val)
{
	if (parse_u64(arg, 0, val) || *val > max)
		return fail_usage("bad %s '%s'", name, arg);
	return 0;
}

enum { O_IMAGE = 256, O_BASE, O_DEV, O_COLL, O_VCPUS, O_MAXF, O_MAXR };

static const struct option long_opts[] = {
	{ "image",	  required_argument, NULL, O_IMAGE },
	{ "base",	  required_argument, NULL, O_BASE },
	{ "baser-dev",	  required_argument, NULL, O_DEV },
	{ "baser-coll",	  required_argument, NULL, O_COLL },
	{ "vcpus",	  required_argument, NULL, O_VCPUS },
	{ "max-findings", required_argument, NULL, O_MAXF },
	{ "max-reads",	  required_argument, NULL, O_MAXR },
	{ "json",	  no_argument,	     NULL, 'j' },
	{ "check",	  no_argument,	     NULL, 'c' },
	{ "help",	  no_argument,	     NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_one(struct opts *o, int c, const char *arg)
{
	uint64_t v;
	int ret;

	switch (c) {
	case O_IMAGE:
		return opt_image(o, arg);
	case O_BASE:
		return opt_base(o, arg);
	case O_DEV:
		o->have_dev = true;
		return opt_hex("--baser-dev", arg, &o->cfg.baser_dev);
	case O_COLL:
		o->have_coll = true;
		return opt_hex("--baser-coll", arg, &o->cfg.baser_coll);
	case O_VCPUS:
		ret = opt_num("--vcpus", arg, UINT32_MAX, &v);
		o->cfg.nr_vcpus = v;
		return ret;
	case O_MAXF:
		ret = opt_num("--max-findings", arg, SIZE_MAX / 2, &v);
		o->cfg.max_findings = v;
		return ret;
	case O_MAXR:
		o->have_max_reads = true;
		ret = opt_num("--max-reads", arg, UINT64_MAX, &o->cfg.max_reads);
		if (!ret && !o->cfg.max_reads)
			return fail_usage("--max-reads must be at least 1");
		return ret;
	case 'j':
		o->json = true;
		return 0;
	case 'c':
		o->check = true;
		return 0;
	default:
		return fail_usage("unknown option");
	}
}

static int parse_args(struct opts *o, int argc, char **argv)
{
	int c, i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			exit(0);
		}
		if (c == '?')
			return fail_usage("unknown option or missing argument: %s",
					  argv[optind - 1]);
		if (parse_one(o, c, optarg))
			return -EINVAL;
	}
	if (optind < argc)
		return fail_usage("unexpected argument '%s'", argv[optind]);
	if (!o->nr_img)
		return fail_usage("no --image given");
	for (i = 0; i < o->nr_img; i++)
		if (!o->img[i].have_base)
			return fail_usage("--image %s has no --base",
					  o->img[i].path);
	if (!o->have_dev || !o->have_coll)
		return fail_usage("--baser-dev and --baser-coll are required (0 for a table that is not valid)");
	return 0;
}

static int map_image(struct image *img)
{
	struct stat sb;
	int fd, err;
	void *p;

	fd = open(img->path, O_RDONLY);
	if (fd < 0)
		goto err;
	if (fstat(fd, &sb))
		goto err_close;
	if (!S_ISREG(sb.st_mode) || sb.st_size == 0) {
		fprintf(stderr, "its-dump: %s: not a non-empty regular file\n",
			img->path);
		close(fd);
		return -EINVAL;
	}
	p = mmap(NULL, sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		goto err_close;
	close(fd);
	img->map = p;
	img->size = sb.st_size;
	return 0;

err_close:
	err = errno;
	close(fd);
	errno = err;
err:
	err = errno;
	fprintf(stderr, "its-dump: %s: %s\n", img->path, strerror(err));
	return -err;
}

static bool images_overlap(const struct image *a, const struct image *b)
{
	return a->base < b->base + b->size && b->base < a->base + a->size;
}

static int map_images(struct opts *o)
{
	int i, j;

	for (i = 0; i < o->nr_img; i++) {
		if (map_image(&o->img[i]))
			return -EIO;
		if (o->img[i].base + o->img[i].size < o->img[i].base) {
			fprintf(stderr, "its-dump: %s: wraps past 2^64\n",
				o->img[i].path);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (!images_overlap(&o->img[i], &o->img[j]))
				continue;
			fprintf(stderr, "its-dump: %s and %s overlap in guest memory\n",
				o->img[j].path, o->img[i].path);
			return -EINVAL;
		}
	}
	return 0;
}

static void unmap_images(struct opts *o)
{
	int i;

	for (i = 0; i < o->nr_img; i++)
		if (o->img[i].map)
			munmap((void *)o->img[i].map, o->img[i].size);
}

/* struct its_mem over the images: a range must lie inside one image. */
static int image_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	const struct opts *o = ctx;
	const struct image *img;
	int i;

	for (i = 0; i < o->nr_img; i++) {
		img = &o->img[i];
		if (gpa < img->base || gpa - img->base >= img->size ||
		    len > img->size - (gpa - img->base))
			continue;
		memcpy(buf, img->map + (gpa - img->base), len);
		return 0;
	}
	return -EFAULT;
}

/* ---- Text output ---- */

static void text_baser(const char *name, const struct its_baser *b)
{
	printf("# %s table: BASER %#" PRIx64, name, b->raw);
	if (!b->valid) {
		printf(" not valid: not walked\n");
		return;
	}
	printf(" %s at %#" PRIx64 ", %u x 64K, %" PRIu64 " entries\n",
	       b->indirect ? "two-level" : "flat", b->addr, b->nr_pages,
	       b->size / ITS_ESZ);
}

static const char *unreached(bool reached)
{
	return reached ? "" : " unreachable";
}

static void text_cte(const struct its_coll_rec *c)
{
	uint32_t vcpu = its_cte_vcpu(&c->cte);

	printf("CTE index=%u gpa=%#" PRIx64 " raw=%#018" PRIx64 " icid=%u",
	       c->index, c->gpa, c->raw, c->cte.icid);
	if (vcpu == ITS_COLL_NOT_MAPPED)
		printf(" vcpu=unmapped");
	else
		printf(" vcpu=%u", vcpu);
	printf("%s\n", unreached(c->reached));
}

static void text_l1e(const struct its_l1_rec *l)
{
	printf("L1E index=%u gpa=%#" PRIx64 " raw=%#018" PRIx64 " l2=%#" PRIx64
	       "\n", l->index, l->gpa, l->raw, l->l1e.l2_addr);
}

static void text_dev(const struct its_dev_rec *d)
{
	const struct its_ite_rec *e;
	size_t i;

	printf("DTE dev=%#" PRIx64 " gpa=%#" PRIx64 " raw=%#018" PRIx64
	       " itt=%#" PRIx64 " eventid_bits=%u next=%u%s\n",
	       d->id, d->gpa, d->raw, d->dte.itt_addr, d->dte.eventid_bits,
	       d->dte.next, unreached(d->reached));
	for (i = 0; i < d->nr_ites; i++) {
		e = &d->ites[i];
		printf("ITE dev=%#" PRIx64 " event=%u gpa=%#" PRIx64
		       " raw=%#018" PRIx64 " pintid=%u icid=%u next=%u%s\n",
		       d->id, e->event, e->gpa, e->raw, e->ite.pintid,
		       e->ite.icid, e->ite.next, unreached(e->reached));
	}
}

static void text_findings(const struct its_state *st)
{
	const struct its_finding *f;
	size_t i;

	printf("# findings: %zu errors, %zu warnings\n", st->nr_errors,
	       st->nr_warnings);
	for (i = 0; i < st->nr_findings; i++) {
		f = &st->findings[i];
		printf("%-7s %-16s gpa=%#" PRIx64 " %s: %s\n",
		       its_severity_name(f->sev), its_finding_kind_name(f->kind),
		       f->gpa, its_table_name(f->table), f->msg);
	}
	if (st->nr_dropped)
		printf("# %zu more findings not listed (--max-findings)\n",
		       st->nr_dropped);
}

static void print_text(const struct its_state *st)
{
	size_t i;

	text_baser("collection", &st->coll_baser);
	for (i = 0; i < st->nr_colls; i++)
		text_cte(&st->colls[i]);
	text_baser("device", &st->dev_baser);
	for (i = 0; i < st->nr_l1; i++)
		text_l1e(&st->l1[i]);
	for (i = 0; i < st->nr_devs; i++)
		text_dev(&st->devs[i]);
	text_findings(st);
	printf("# summary: %zu devices, %zu events, %zu collections: %s\n",
	       st->nr_devs, its_state_nr_ites(st), st->nr_colls,
	       (st->nr_errors + st->nr_warnings) ? "INCONSISTENT" :
						   "consistent");
}

/* ---- JSON output ---- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* 64-bit values as hex strings: JSON numbers lose bits past 2^53. */
static void json_hex(const char *key, uint64_t val)
{
	printf("\"%s\":\"%#" PRIx64 "\"", key, val);
}

static const char *json_bool(bool b)
{
	return b ? "true" : "false";
}

static void json_baser(const char *key, const struct its_baser *b)
{
	printf("\"%s\":{", key);
	json_hex("raw", b->raw);
	printf(",\"valid\":%s,\"indirect\":%s,", json_bool(b->valid),
	       json_bool(b->indirect));
	json_hex("addr", b->addr);
	printf(",\"pages\":%u,\"size\":%" PRIu64 "}", b->nr_pages, b->size);
}

static void json_entry_head(uint64_t gpa, uint64_t raw)
{
	json_hex("gpa", gpa);
	putchar(',');
	json_hex("raw", raw);
}

static void json_ite(const struct its_ite_rec *e)
{
	printf("{\"event\":%u,", e->event);
	json_entry_head(e->gpa, e->raw);
	printf(",\"pintid\":%u,\"icid\":%u,\"next\":%u,\"reachable\":%s}",
	       e->ite.pintid, e->ite.icid, e->ite.next,
	       json_bool(e->reached));
}

static void json_dev(const struct its_dev_rec *d)
{
	size_t i;

	printf("{\"id\":%" PRIu64 ",", d->id);
	json_entry_head(d->gpa, d->raw);
	putchar(',');
	json_hex("itt", d->dte.itt_addr);
	printf(",\"eventid_bits\":%u,\"next\":%u,\"reachable\":%s,\"ites\":[",
	       d->dte.eventid_bits, d->dte.next, json_bool(d->reached));
	for (i = 0; i < d->nr_ites; i++) {
		printf(i ? ",\n   " : "\n   ");
		json_ite(&d->ites[i]);
	}
	printf("]}");
}

static void json_coll(const struct its_coll_rec *c)
{
	uint32_t vcpu = its_cte_vcpu(&c->cte);

	printf("{\"index\":%u,", c->index);
	json_entry_head(c->gpa, c->raw);
	printf(",\"icid\":%u,", c->cte.icid);
	json_hex("rdbase", c->cte.rdbase);
	if (vcpu == ITS_COLL_NOT_MAPPED)
		printf(",\"vcpu\":null");
	else
		printf(",\"vcpu\":%u", vcpu);
	printf(",\"reachable\":%s}", json_bool(c->reached));
}

static void json_l1e(const struct its_l1_rec *l)
{
	printf("{\"index\":%u,", l->index);
	json_entry_head(l->gpa, l->raw);
	putchar(',');
	json_hex("l2", l->l1e.l2_addr);
	putchar('}');
}

static void json_finding(const struct its_finding *f)
{
	printf("{\"kind\":\"%s\",\"severity\":\"%s\",\"table\":\"%s\",",
	       its_finding_kind_name(f->kind), its_severity_name(f->sev),
	       its_table_name(f->table));
	json_hex("gpa", f->gpa);
	printf(",\"len\":%" PRIu64 ",\"message\":", f->len);
	json_str(f->msg);
	putchar('}');
}

/* Print "key":[...] with one element a line. */
#define JSON_ARRAY(key, arr, nr, fn)					\
	do {								\
		size_t _i;						\
		printf(",\n\"%s\":[", key);				\
		for (_i = 0; _i < (nr); _i++) {				\
			printf(_i ? ",\n  " : "\n  ");			\
			fn(&(arr)[_i]);					\
		}							\
		printf("]");						\
	} while (0)

static void print_json(const struct its_state *st)
{
	putchar('{');
	json_baser("device_baser", &st->dev_baser);
	printf(",\n");
	json_baser("collection_baser", &st->coll_baser);
	JSON_ARRAY("l1", st->l1, st->nr_l1, json_l1e);
	JSON_ARRAY("devices", st->devs, st->nr_devs, json_dev);
	JSON_ARRAY("collections", st->colls, st->nr_colls, json_coll);
	JSON_ARRAY("findings", st->findings, st->nr_findings, json_finding);
	printf(",\n\"summary\":{\"devices\":%zu,\"events\":%zu,"
	       "\"collections\":%zu,\"errors\":%zu,\"warnings\":%zu,"
	       "\"dropped\":%zu,\"consistent\":%s}}\n",
	       st->nr_devs, its_state_nr_ites(st), st->nr_colls,
	       st->nr_errors, st->nr_warnings, st->nr_dropped,
	       json_bool(!(st->nr_errors + st->nr_warnings)));
}

/* The default budget, proportional to the images. */
static uint64_t default_reads(const struct opts *o)
{
	uint64_t bytes = 0;
	int i;

	for (i = 0; i < o->nr_img; i++)
		bytes += o->img[i].size;
	return MIN_READS + bytes / ITS_ESZ * READS_PER_ENTRY;
}

static int run(struct opts *o)
{
	struct its_mem mem = { .read = image_read, .ctx = o };
	struct its_state st;
	int ret;

	if (!o->have_max_reads)
		o->cfg.max_reads = default_reads(o);
	ret = its_state_load(&st, &mem, &o->cfg);
	if (ret == -E2BIG) {
		fprintf(stderr, "its-dump: the tables need more than %" PRIu64 " entry reads%s: many DTEs sharing a large ITT, or BASER values and --base that do not match the images? --max-reads raises the budget\n",
			o->cfg.max_reads,
			o->have_max_reads ? "" : " (the default for these images)");
		return EXIT_USAGE;
	}
	if (ret == -EFBIG) {
		fprintf(stderr, "its-dump: more than %u valid entries: do the BASER values and --base match the images?\n",
			ITS_DEFAULT_MAX_ENTRIES);
		return EXIT_USAGE;
	}
	if (ret) {
		fprintf(stderr, "its-dump: %s\n", strerror(-ret));
		return EXIT_USAGE;
	}
	if (o->json)
		print_json(&st);
	else
		print_text(&st);
	ret = (o->check && st.nr_errors + st.nr_warnings) ? EXIT_FINDINGS : 0;
	its_state_free(&st);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "its-dump: writing output: %s\n",
			strerror(errno));
		return EXIT_USAGE;
	}
	return ret;
}

int main(int argc, char **argv)
{
	static struct opts o;
	int ret;

	if (parse_args(&o, argc, argv))
		return EXIT_USAGE;
	ret = map_images(&o) ? EXIT_USAGE : run(&o);
	unmap_images(&o);
	return ret;
}
