// SPDX-License-Identifier: GPL-2.0
/*
 * its-inject - map an event whose ITT lies in memory KVM cannot write
 *
 * Run by the inner guest's init (guest/inner/init) when the QEMU
 * migration test asks for it (its-migrate.sh -x fail): it queues, behind
 * the back of Linux's ITS driver, a MAPD of an unused DeviceID with its
 * ITT at ITT_GPA (QEMU virt's flash, a read-only memslot) and a MAPTI of
 * one of its events.  KVM cannot write that ITE: with pre-copy on, the
 * eager write fails at once; either way KVM_DEV_ARM_ITS_SAVE_TABLES fails
 * when the VM stops, and QEMU must fail the migration.
 *
 * The driver keeps its own copy of GITS_CWRITER.  To leave it right, the
 * two commands are followed by SYNCs up to a full turn of the queue, so
 * that GITS_CWRITER ends where it started, and the queue is handed to KVM
 * in two halves.  The driver must not queue a command meanwhile: the test
 * runs the guest quiet (no rebinding), when Linux has no command to send.
 *
 * usage: its-inject [ITS_GPA [ITT_GPA [DEVID [LPI]]]]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GITS_CBASER		0x80
#define GITS_CWRITER		0x88
#define GITS_CREADR		0x90
#define ITS_FRAME_SZ		0x10000
#define CMD_SZ			32

#define CMD_SYNC		0x05
#define CMD_MAPD		0x08
#define CMD_MAPTI		0x0a

static volatile uint64_t *its;
static uint64_t *queue;
static uint64_t queue_sz;

static void *map(int fd, uint64_t gpa, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, gpa);

	if (p == MAP_FAILED) {
		fprintf(stderr, "its-inject: mmap 0x%llx: %s\n",
			(unsigned long long)gpa, strerror(errno));
		exit(1);
	}
	return p;
}

static void put_cmd(uint64_t off, uint64_t dw0, uint64_t dw1, uint64_t dw2)
{
	uint64_t *c = queue + off / 8;

	c[0] = dw0;
	c[1] = dw1;
	c[2] = dw2;
	c[3] = 0;
}

/* Hand KVM the commands up to @off, and check that it took them all. */
static int kick(uint64_t off)
{
	__sync_synchronize();
	its[GITS_CWRITER / 8] = off;
	if (its[GITS_CREADR / 8] != off) {
		fprintf(stderr, "its-inject: GITS_CREADR 0x%llx, not 0x%llx\n",
			(unsigned long long)its[GITS_CREADR / 8],
			(unsigned long long)off);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t its_gpa = argc > 1 ? strtoull(argv[1], NULL, 0) : 0x08080000;
	uint64_t itt_gpa = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x04000000;
	uint32_t devid = argc > 3 ? strtoul(argv[3], NULL, 0) : 0x1fff;
	uint32_t lpi = argc > 4 ? strtoul(argv[4], NULL, 0) : 8192 + 4095;
	uint64_t cbaser, start, off, i, nr;
	int fd;

	fd = open("/dev/mem", O_RDWR | O_SYNC);
	if (fd < 0) {
		perror("its-inject: /dev/mem");
		return 1;
	}
	its = map(fd, its_gpa, ITS_FRAME_SZ);
	cbaser = its[GITS_CBASER / 8];
	queue_sz = ((cbaser & 0xff) + 1) * 4096;
	queue = map(fd, cbaser & 0x000ffffffffff000ULL, queue_sz);

	start = its[GITS_CWRITER / 8];
	if (its[GITS_CREADR / 8] != start) {
		fprintf(stderr, "its-inject: the ITS is busy\n");
		return 1;
	}

	/* MAPD DeviceID, 2 events, ITT at itt_gpa; MAPTI event 0, ICID 0 */
	nr = queue_sz / CMD_SZ;
	off = start;
	for (i = 0; i < nr; i++) {
		if (i == 0)
			put_cmd(off, CMD_MAPD | (uint64_t)devid << 32, 1,
				1ULL << 63 | (itt_gpa & 0x000fffffffffff00ULL));
		else if (i == 1)
			put_cmd(off, CMD_MAPTI | (uint64_t)devid << 32,
				(uint64_t)lpi << 32, 0);
		else
			put_cmd(off, CMD_SYNC, 0, 0);
		off = (off + CMD_SZ) % queue_sz;
		if (i == nr / 2 - 1 && kick(off))
			return 1;
	}
	if (kick(off))
		return 1;

	printf("its-inject: DeviceID 0x%x event 0 -> LPI %u, ITT at 0x%llx\n",
	       devid, lpi, (unsigned long long)itt_gpa);
	return 0;
}
