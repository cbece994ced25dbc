/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TAP harness for the host unit tests: each test is a function;
 * EXPECT records the first failure of a test, REQUIRE also leaves it
 * (through its "out" label).
 */
#ifndef USERSPACE_TESTS_TAP_H
#define USERSPACE_TESTS_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static bool t_failed;
static char t_msg[512];

__attribute__((format(printf, 2, 3)))
static void fail_at(int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t_failed)
		return;		/* report the first failure only */
	t_failed = true;
	n = snprintf(t_msg, sizeof(t_msg), "line %d: ", line);
	va_start(ap, fmt);
	vsnprintf(t_msg + n, sizeof(t_msg) - n, fmt, ap);
	va_end(ap);
}

#define EXPECT(c)							\
	do {								\
		if (!(c))						\
			fail_at(__LINE__, "%s", #c);			\
	} while (0)

/* A result the rest of the test indexes: give up on it when missing. */
#define REQUIRE(c)							\
	do {								\
		if (!(c)) {						\
			fail_at(__LINE__, "required: %s", #c);		\
			goto out;					\
		}							\
	} while (0)

#define EXPECT_EQ(a, b)							\
	do {								\
		unsigned long long _a = (a), _b = (b);			\
		if (_a != _b)						\
			fail_at(__LINE__, "%s == %s: %#llx != %#llx",	\
				#a, #b, _a, _b);			\
	} while (0)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

struct test {
	const char *name;
	void (*fn)(void);
};

static inline int tap_run(const struct test *tests, size_t nr)
{
	size_t i;
	int failures = 0;

	printf("1..%zu\n", nr);
	for (i = 0; i < nr; i++) {
		t_failed = false;
		t_msg[0] = 0;
		tests[i].fn();
		if (t_failed) {
			printf("not ok %zu %s # %s\n", i + 1, tests[i].name,
			       t_msg);
			failures++;
		} else {
			printf("ok %zu %s\n", i + 1, tests[i].name);
		}
		/* A crash in a later test must not swallow these lines. */
		fflush(stdout);
	}
	return failures ? 1 : 0;
}

#endif /* USERSPACE_TESTS_TAP_H */
