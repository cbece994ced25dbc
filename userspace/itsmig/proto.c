// SPDX-License-Identifier: GPL-2.0
/*
 * itsmig wire protocol: framing, checksums and validation.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "proto.h"

#define MAX_VCPUS	8
#define MAX_DEVICES	65536u
#define MAX_EVENTS	65536u
/* LPI INTIDs 8192..65535: a 64K property table. */
#define MAX_LPIS	(65536u - 8192u)
#define MAX_COLLS	256u

static uint32_t crc_table[256];

static void crc_init(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
		crc_table[i] = c;
	}
}

uint32_t itsmig_crc32c(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	if (!crc_table[1])
		crc_init();
	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint32_t hdr_crc(const struct itsmig_hdr *h)
{
	return itsmig_crc32c(0, h, offsetof(struct itsmig_hdr, hcrc));
}

void itsmig_hdr_init(struct itsmig_hdr *h, enum itsmig_type type,
		     uint64_t arg, const void *payload, uint32_t len)
{
	memset(h, 0, sizeof(*h));
	h->magic = ITSMIG_MAGIC;
	h->type = type;
	h->version = ITSMIG_VERSION;
	h->len = len;
	h->arg = arg;
	if (type != MSG_PAGES && len)
		h->pcrc = itsmig_crc32c(0, payload, len);
	h->hcrc = hdr_crc(h);
}

static const struct {
	const char *name;
	uint32_t min, max;	/* payload length */
} types[MSG_TYPE_MAX] = {
	[MSG_HELLO]	   = { "HELLO", sizeof(struct itsmig_config),
			       sizeof(struct itsmig_config) },
	[MSG_HELLO_ACK]	   = { "HELLO_ACK", sizeof(struct itsmig_caps),
			       sizeof(struct itsmig_caps) },
	[MSG_PAGES]	   = { "PAGES", ITSMIG_PAGE_SIZE, ITSMIG_MAX_PAYLOAD },
	[MSG_STATE]	   = { "STATE", 0, ITSMIG_MAX_PAYLOAD },
	[MSG_STOPCOPY_END] = { "STOPCOPY_END", 0, 0 },
	[MSG_RESUMED]	   = { "RESUMED", sizeof(struct itsmig_dest_times),
			       sizeof(struct itsmig_dest_times) },
	[MSG_VERIFIED]	   = { "VERIFIED", sizeof(struct itsmig_verdict),
			       sizeof(struct itsmig_verdict) },
	[MSG_ERROR]	   = { "ERROR", 1, 1024 },
	[MSG_EARLY_RESTORE] = { "EARLY_RESTORE", 0, 0 },
};

const char *itsmig_type_name(unsigned int type)
{
	if (type && type < MSG_TYPE_MAX)
		return types[type].name;
	return "?";
}

/* Is this a header we can act on?  0 or -EBADMSG / -EPROTO. */
int itsmig_hdr_check(const struct itsmig_hdr *h)
{
	if (h->magic != ITSMIG_MAGIC || h->hcrc != hdr_crc(h))
		return -EBADMSG;
	if (h->version != ITSMIG_VERSION)
		return -EPROTO;
	if (!h->type || h->type >= MSG_TYPE_MAX)
		return -EBADMSG;
	if (h->len < types[h->type].min || h->len > types[h->type].max)
		return -EBADMSG;
	if (h->type == MSG_PAGES &&
	    (h->len % ITSMIG_PAGE_SIZE || h->arg % ITSMIG_PAGE_SIZE))
		return -EBADMSG;
	if (h->type == MSG_STATE &&
	    ((h->arg >> 32) == 0 || (h->arg >> 32) >= STATE_KIND_MAX))
		return -EBADMSG;
	return 0;
}

int itsmig_payload_check(const struct itsmig_hdr *h, const void *payload)
{
	const void *data;
	uint32_t off = 0;
	int err = 0;

	if (h->type == MSG_PAGES)
		return 0;
	if (h->len && itsmig_crc32c(0, payload, h->len) != h->pcrc)
		return -EBADMSG;
	if (h->type == MSG_ERROR && ((const char *)payload)[h->len - 1])
		return -EBADMSG;
	if (h->type == MSG_STATE)
		while (itsmig_rec_next(payload, h->len, &off, &data, &err))
			;
	return err;
}

static uint32_t pad8(uint32_t n)
{
	return (n + 7) & ~7u;
}

const struct itsmig_rec *itsmig_rec_next(const void *payload, uint32_t len,
					 uint32_t *off, const void **data,
					 int *err)
{
	const struct itsmig_rec *r;

	*err = 0;
	if (*off == len)
		return NULL;
	if (len - *off < sizeof(*r))
		goto bad;
	r = (const void *)((const char *)payload + *off);
	if (!r->size || r->size > ITSMIG_REC_MAX || r->pad ||
	    len - *off - sizeof(*r) < pad8(r->size))
		goto bad;
	*data = r + 1;
	*off += sizeof(*r) + pad8(r->size);
	return r;
bad:
	*err = -EBADMSG;
	return NULL;
}

long itsmig_rec_put(void *buf, size_t cap, size_t len, uint64_t id,
		    const void *data, uint32_t size)
{
	struct itsmig_rec r = { .id = id, .size = size };
	char *p = (char *)buf + len;

	if (!size || size > ITSMIG_REC_MAX || len > cap ||
	    cap - len < sizeof(r) + pad8(size))
		return -1;
	memcpy(p, &r, sizeof(r));
	memcpy(p + sizeof(r), data, size);
	memset(p + sizeof(r) + size, 0, pad8(size) - size);
	return len + sizeof(r) + pad8(size);
}

int itsmig_config_check(const struct itsmig_config *c, char *why,
			size_t whylen)
{
	const char *msg = NULL;

	if (!c->vcpus || c->vcpus > MAX_VCPUS)
		msg = "vCPUs must be 1 to 8";
	else if (!c->devices || c->devices > MAX_DEVICES)
		msg = "devices must be 1 to 65536";
	else if (!c->events || c->events > MAX_EVENTS)
		msg = "events must be 1 to 65536";
	else if ((uint64_t)c->devices * c->events > MAX_LPIS)
		msg = "devices x events must be at most 57344 (LPIs 8192-65535)";
	else if (!c->collections || c->collections > MAX_COLLS)
		msg = "collections must be 1 to 256";
	else if (c->churn > 1000000)
		msg = "churn must be at most 1000000 commands/s";
	else if (c->flags & ~CONFIG_F_DIRTY_RING)
		msg = "unknown configuration flags";
	if (msg)
		snprintf(why, whylen, "%s", msg);
	return msg ? -EINVAL : 0;
}
