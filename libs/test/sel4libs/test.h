/*
 * test.h - the seL4_libs self-test root task (libs/test/sel4libs/).
 *
 * Every check is written against the seL4_libs API only (allocman, vka,
 * vspace, sel4utils, cpio, simple), so the same files would run as a root
 * task on seL4.  Each check prints "sel4libs: <name>: ok" or
 * "sel4libs: <name>: FAIL: ..."; main() prints "sel4libs: done, <n>
 * failed" at the end and halts.
 */
#pragma once

#include <stdio.h>
#include <sel4/sel4.h>
#include <simple/simple.h>
#include <vka/vka.h>
#include <vspace/vspace.h>
#include <allocman/allocman.h>

extern int test_failures;

#define CHECK(name, cond, ...)                                              \
    do {                                                                    \
        if (cond) {                                                         \
            printf("sel4libs: %s: ok\n", name);                             \
        } else {                                                            \
            test_failures++;                                                \
            printf("sel4libs: %s: FAIL: ", name);                           \
            printf(__VA_ARGS__);                                            \
            printf(" (line %d)\n", __LINE__);                               \
        }                                                                   \
    } while (0)

/* What main() set up for every test family. */
struct test_env {
    seL4_BootInfo *bootinfo;
    simple_t simple;
    allocman_t *allocman;
    vka_t vka;
    vspace_t vspace;
};

void test_vka(struct test_env *env);
void test_vspace(struct test_env *env);
void test_threads(struct test_env *env);
void test_processes(struct test_env *env);
