/*
 * fuzz.h - shared state of the syscall fuzzer (tests/kernel/fuzz/).
 *
 * The fuzzer is a root task that throws random invocations and
 * non-blocking system calls at the kernel.  Its only rule is not to stop
 * itself, so it needs to know which of its own caps must never be
 * deleted, moved, copied or invoked: the "protected" slots below.
 *
 *   main.c      set-up (pool of objects, guardian), the loop, final checks
 *   invoke.c    building one random invocation and making it safe
 *   guardian.c  the root task's fault handler: skips a faulting syscall
 *   rng.c       the PRNG
 */
#pragma once

#include <stdbool.h>
#include <sel4/sel4.h>

#if defined(__has_include)
#if __has_include("fuzz_config.h")
#include "fuzz_config.h"        /* written by the runner: seed, iterations */
#endif
#endif

#ifndef FUZZ_SEED
#define FUZZ_SEED 1ull
#endif
#ifndef FUZZ_ITERATIONS
#define FUZZ_ITERATIONS 20000ull
#endif

/* ---- rng.c ---- */
void rng_seed(seL4_Word seed);
seL4_Word rng_next(void);
seL4_Word rng_below(seL4_Word n);          /* uniform in [0, n), n > 0 */
bool rng_chance(unsigned percent);

/* ---- the slots the fuzzer works on (main.c) ---- */
extern seL4_CPtr pool_start, pool_end;     /* objects and empty slots to play with */
extern seL4_CPtr pool_cnodes[4];           /* CNodes of the pool, for receive paths */

/* A slot of the pool, any of them; or one more likely to hold a cap. */
seL4_CPtr pool_slot(void);
seL4_CPtr pool_busy_slot(void);

/* True for slots whose cap the fuzzer must not delete, move or copy:
 * its own TCB, CNode, VSpace, ASID pool, IPC buffer, BootInfo and image
 * frames, paging structures, the harness's untyped and everything the
 * harness and the guardian own. */
bool is_protected(seL4_Word slot);

/* ---- invoke.c ---- */
struct fuzz_stats {
    seL4_Word errors[seL4_NumErrors + 1];  /* replies by error code; last = other */
    seL4_Word calls, nbsends, sends, nbrecvs, replies, yields, identifies;
    seL4_Word unknown_syscalls, skipped;
};
extern struct fuzz_stats stats;

/* One random action: an invocation or a non-blocking system call. */
void fuzz_one(void);

/* A system call with a number that is not one: an UnknownSyscall fault
 * that the guardian emulates (RAX comes back as 0x6a6a). Returns RAX. */
seL4_Word raw_unknown_syscall(seL4_Word number);

/* ---- guardian.c ---- */
struct guardian_stats {
    volatile seL4_Word cap_faults, unknown_syscalls, other_faults, foreign;
    volatile seL4_Word last_other_label, last_other_ip, last_other_addr;
};
extern struct guardian_stats guardian;

/* Starts the guardian thread and makes it the root task's fault handler. */
void guardian_start(void);
