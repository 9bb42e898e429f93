/*
 * roottask.h - what the files of the library self-test root task share:
 * the CHECK macro, a tiny slot/untyped allocator, and the checks.
 */
#pragma once

#include <stdbool.h>
#include <stdio.h>
#include <sel4/sel4.h>

extern int libs_test_failures;

/* Prints "libs-test: <name>: ok" or "... FAIL: <details>". */
#define LIBS_CHECK(name, cond, ...)                                         \
    do {                                                                    \
        if (cond) {                                                         \
            printf("libs-test: %s: ok\n", name);                            \
        } else {                                                            \
            libs_test_failures++;                                           \
            printf("libs-test: %s: FAIL: ", name);                          \
            printf(__VA_ARGS__);                                            \
            printf("\n");                                                   \
        }                                                                   \
    } while (0)

/* Free slots from the BootInfo empty region, objects from one untyped. */
struct libs_test_alloc {
    seL4_CPtr next_slot;
    seL4_CPtr untyped;
};

seL4_CPtr libs_test_next_slot(struct libs_test_alloc *a);
seL4_CPtr libs_test_retype(struct libs_test_alloc *a, seL4_Word type, seL4_Word size_bits);
int libs_test_tls_value(void);
seL4_IPCBuffer *libs_test_root_ipc_buffer(void);

void libs_test_thread_ipc(struct libs_test_alloc *a, seL4_CPtr ntfn);

/* sel4_api.c: the seL4 API surface; a thread that outlives main(). */
void libs_test_sel4_api(seL4_BootInfo *bi);
/* o0_thread.c: libsel4 stubs built with -O0, in a tutorial-style thread. */
void libs_test_unoptimised_stubs(seL4_BootInfo *bi);
void libs_test_start_late_thread(seL4_BootInfo *bi);
