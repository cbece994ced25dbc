// SPDX-License-Identifier: GPL-2.0
/*
 * Write a synthetic two-memslot guest memory image holding ITS tables,
 * for test_its_dump.sh, and print the its-dump arguments that read it.
 *
 *   gen_its_image good|bad|truncated|hostile DIR
 *
 * good:      a two-level device table (devices 0x10, 0x11 and 0x2000 in
 *            two L2 pages), 6 events, 3 collections; ITTs in the second
 *            memslot.
 * bad:       good with an ICID that has no collection, a pINTID below
 *            8192 and a DTE next offset to an invalid entry.
 * truncated: good with the second memslot's image cut after 4K, so two
 *            ITTs are outside the image.
 * hostile:   a flat device table of 64K valid DTEs, each with 16 EventID
 *            bits and the same ITT of zeroes: 2^32 ITT entries for the
 *            scan and as many for the restore walk, in 1 MiB of image.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "its_fixture.h"

#define SLOT0		0x40000000ULL
#define SLOT0_SZ	0x100000
#define SLOT1		0x80000000ULL
#define SLOT1_SZ	0x10000
#define L1		SLOT0
#define L2A		(SLOT0 + 0x10000)
#define L2B		(SLOT0 + 0x20000)
#define CT		(SLOT0 + 0x30000)
#define HOSTILE_DTES	0x10000
#define HOSTILE_ITT	(SLOT0 + HOSTILE_DTES * ITS_ESZ)

static const struct fx_event ev10[] = {
	{ 0, 8192, 0 }, { 1, 8193, 1 }, { 7, 8194, 0 },
};
static const struct fx_event ev11[] = { { 2, 8195, 1 } };
static const struct fx_event ev2000[] = { { 0, 8196, 2 }, { 3, 8197, 0 } };

static const struct fx_dev devs[] = {
	{ 0x10, SLOT1, 5, ev10, 3 },
	{ 0x11, SLOT1 + 0x1000, 3, ev11, 1 },
	{ 0x2000, SLOT1 + 0x2000, 4, ev2000, 2 },
};

static const struct fx_coll colls[] = {
	{ 0, 0 }, { 1, 1 }, { 2, ITS_COLL_NOT_MAPPED },
};

static int put_ite(struct fx *f, uint64_t gpa, uint32_t next,
		   uint32_t pintid, uint16_t icid)
{
	struct its_ite ite = { .next = next, .pintid = pintid, .icid = icid };
	uint64_t raw;
	int ret;

	ret = its_ite_encode(&ite, &raw);
	return ret ? ret : fx_put(f, gpa, raw);
}

static int corrupt(struct fx *f)
{
	struct its_dte dte;
	uint64_t raw;
	int ret;

	ret = put_ite(f, SLOT1 + 8, 6, 8193, 9);		/* ICID 9 */
	if (!ret)
		ret = put_ite(f, SLOT1 + 0x2000 + 24, 0, 42, 0); /* LPI 42 */
	if (!ret)
		ret = fx_get(f, L2A + 0x10 * 8, &raw);
	if (ret)
		return ret;
	its_dte_decode(raw, &dte);
	dte.next = 3;					/* to 0x13 */
	ret = its_dte_encode(&dte, &raw);
	return ret ? ret : fx_put(f, L2A + 0x10 * 8, raw);
}

static int build_hostile(struct fx *f, uint64_t *bd, uint64_t *bc)
{
	struct its_dte dte = {
		.valid = true, .next = 1, .itt_addr = HOSTILE_ITT,
		.eventid_bits = ITS_MAX_EVENTID_BITS,
	};
	uint64_t raw, i;
	int ret;

	ret = fx_add(f, SLOT0, SLOT0_SZ);
	if (!ret)
		ret = fx_add(f, SLOT1, SLOT1_SZ);
	if (!ret)
		ret = its_dte_encode(&dte, &raw);
	for (i = 0; !ret && i < HOSTILE_DTES; i++)
		ret = fx_put(f, SLOT0 + i * ITS_ESZ, raw);
	*bd = fx_baser(SLOT0, HOSTILE_DTES * ITS_ESZ / ITS_PAGE_SZ, false,
		       ITS_BASER_TYPE_DEVICE);
	*bc = 0;
	return ret;
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *fp = fopen(path, "wb");
	int ret = 0;

	if (!fp)
		return -errno;
	if (fwrite(buf, 1, len, fp) != len)
		ret = -EIO;
	if (fclose(fp) && !ret)
		ret = -errno;
	return ret;
}

static int build(struct fx *f, uint64_t *bd, uint64_t *bc, bool bad)
{
	int ret;

	ret = fx_add(f, SLOT0, SLOT0_SZ);
	if (!ret)
		ret = fx_add(f, SLOT1, SLOT1_SZ);
	if (!ret)
		ret = fx_l1e(f, L1, L2A);
	if (!ret)
		ret = fx_l1e(f, L1 + 8, L2B);
	if (ret)
		return ret;
	*bd = fx_baser(L1, 1, true, ITS_BASER_TYPE_DEVICE);
	*bc = fx_baser(CT, 1, false, ITS_BASER_TYPE_COLL);
	ret = fx_save(f, *bd, *bc, devs, 3, colls, 3);
	if (!ret && bad)
		ret = corrupt(f);
	return ret;
}

int main(int argc, char **argv)
{
	char p0[4096], p1[4096];
	uint64_t bd, bc;
	size_t len1 = SLOT1_SZ;
	struct fx f;
	int ret;

	if (argc != 3 || (strcmp(argv[1], "good") && strcmp(argv[1], "bad") &&
			  strcmp(argv[1], "truncated") &&
			  strcmp(argv[1], "hostile"))) {
		fprintf(stderr, "usage: gen_its_image good|bad|truncated|hostile DIR\n");
		return 2;
	}
	if (!strcmp(argv[1], "truncated"))
		len1 = 0x1000;
	snprintf(p0, sizeof(p0), "%s/slot0.img", argv[2]);
	snprintf(p1, sizeof(p1), "%s/slot1.img", argv[2]);

	fx_init(&f);
	if (!strcmp(argv[1], "hostile"))
		ret = build_hostile(&f, &bd, &bc);
	else
		ret = build(&f, &bd, &bc, !strcmp(argv[1], "bad"));
	if (!ret)
		ret = write_file(p0, f.r[0].buf, f.r[0].size);
	if (!ret)
		ret = write_file(p1, f.r[1].buf, len1);
	fx_free(&f);
	if (ret) {
		fprintf(stderr, "gen_its_image: %s\n", strerror(-ret));
		return 1;
	}
	printf("--image %s --base %#llx --image %s --base %#llx "
	       "--baser-dev %llx --baser-coll %llx\n", p0,
	       (unsigned long long)SLOT0, p1, (unsigned long long)SLOT1,
	       (unsigned long long)bd, (unsigned long long)bc);
	return 0;
}
