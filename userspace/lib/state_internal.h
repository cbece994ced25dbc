/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to userspace/lib: what state.c lends check.c, which builds the
 * state with state.c's walk callbacks and adds its findings.
 */
#ifndef ITS_LIB_STATE_INTERNAL_H
#define ITS_LIB_STATE_INTERNAL_H

#include "its_state.h"

__attribute__((format(printf, 6, 7)))
struct its_finding *add_finding(struct its_state *st,
				enum its_finding_kind kind,
				enum its_severity sev,
				enum its_table tbl, uint64_t gpa,
				const char *fmt, ...);

/* Its its_scan() and its_walk_restore() callbacks; arg is the state. */
extern const struct its_walk_ops scan_ops;
extern const struct its_walk_ops reach_ops;

#endif /* ITS_LIB_STATE_INTERNAL_H */
