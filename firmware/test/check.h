/* A minimal unit-test kit: CHECK macros that report file:line and go on, and a registry of test functions. */
#ifndef TEST_CHECK_H
#define TEST_CHECK_H

#include <stdio.h>

extern int check_failures;
extern const char *check_current;

#define CHECK(condition)                                                                        \
    do {                                                                                        \
        if (!(condition)) {                                                                     \
            check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: %s: expected %s\n", __FILE__, __LINE__, check_current,      \
                    #condition);                                                                \
        }                                                                                       \
    } while (0)

#define CHECK_EQ(expected, actual)                                                              \
    do {                                                                                        \
        long long e_ = (long long)(expected), a_ = (long long)(actual);                         \
        if (e_ != a_) {                                                                         \
            check_failures++;                                                                   \
            fprintf(stderr, "%s:%d: %s: %s: expected %lld (0x%llx), got %lld (0x%llx)\n", __FILE__, \
                    __LINE__, check_current, #actual, e_, e_, a_, a_);                          \
        }                                                                                       \
    } while (0)

typedef void (*test_function)(void);
struct test_case {
    const char *name;
    test_function run;
};

#endif
