/*
 * fixture.h - a small world for the capability-core tests: one thread
 * with a root-task-like CSpace (a 2^12-slot root CNode, guard size 52, so
 * a cptr below 4096 at depth 64 is a slot number, its own cap in slot 2),
 * an IPC buffer, and an invoke() that plays the syscall layer: look up the
 * cap and the extra caps, open the "invoke" event, decode, close it.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "shim.h"

#define ROOT_RADIX   12
#define ROOT_CNODE   seL4_CapInitThreadCNode   /* slot 2 */

struct fx {
    struct tcb *t;
    struct cap root;          /* the root CNode cap (guard size 52) */
    word_t *buffer;           /* the thread's IPC buffer (kernel pointer) */
    struct invocation inv;    /* the last invocation */
};

/* Reset the shim and build the world. */
void fx_init(struct fx *f);
/* The slot with index i of CNode cap c / of the root CNode. */
struct cte *fx_slot_of(struct cap c, word_t i);
struct cte *fx_slot(struct fx *f, word_t i);
/* A new thread object named `name` (no CSpace). */
struct tcb *fx_new_tcb(const char *name);
/* An untyped of 2^bits bytes as an original cap in root slot i. */
paddr_t fx_untyped(struct fx *f, word_t i, unsigned bits, bool device);
/* A fresh object of `type` as an original cap in root slot i. */
struct cap fx_object(struct fx *f, word_t i, seL4_ObjectType type, unsigned size_bits);

/* Invoke cptr with `label`, message registers mrs[0..n) and extra caps
 * looked up from cptrs caps[0..ncaps).  Returns the error; f->inv keeps
 * the reply. */
seL4_Error fx_invoke(struct fx *f, word_t cptr, word_t label,
                     const word_t *mrs, unsigned n, const word_t *caps, unsigned ncaps);
/* fx_invoke in two halves: what the invoker and the syscall layer do
 * (registers, IPC buffer, lookups into f->inv), then the decode. */
void fx_prepare(struct fx *f, word_t cptr, word_t label,
                const word_t *mrs, unsigned n, const word_t *caps, unsigned ncaps);
seL4_Error fx_decode(struct fx *f);

#define MRS(...)  (const word_t[]){ __VA_ARGS__ }, \
                  (unsigned)(sizeof((word_t[]){ __VA_ARGS__ }) / sizeof(word_t))
#define CAPS(...) (const word_t[]){ __VA_ARGS__ }, \
                  (unsigned)(sizeof((word_t[]){ __VA_ARGS__ }) / sizeof(word_t))
#define NO_MRS    NULL, 0
#define NO_CAPS   NULL, 0

/* The root CNode methods, with depth 64 and the root as src/pivot root. */
seL4_Error fx_copy(struct fx *f, word_t dest, word_t src, word_t rights);
seL4_Error fx_mint(struct fx *f, word_t dest, word_t src, word_t rights, word_t badge);
seL4_Error fx_move(struct fx *f, word_t dest, word_t src);
seL4_Error fx_mutate(struct fx *f, word_t dest, word_t src, word_t data);
seL4_Error fx_delete(struct fx *f, word_t index);
seL4_Error fx_revoke(struct fx *f, word_t index);
seL4_Error fx_retype(struct fx *f, word_t ut, word_t type, word_t size_bits,
                     word_t offset, word_t num);

/* Assertion helpers. */
#define assert_contains(haystack, needle) \
    assert_non_null(strstr((haystack), (needle)))
#define assert_not_contains(haystack, needle) \
    assert_null(strstr((haystack), (needle)))
#define assert_reply(f, ...) fx_assert_reply((f), MRS(__VA_ARGS__))
void fx_assert_reply(struct fx *f, const word_t *mrs, unsigned n);
/* Every slot after the CDT list head: check prev/next agree everywhere. */
void fx_check_links(struct fx *f);
