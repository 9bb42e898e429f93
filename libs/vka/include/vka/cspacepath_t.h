/*
 * vka/cspacepath_t.h - cspacepath_t, the full name of one CSpace slot (or a
 * window of slots) as the CNode and Untyped invocations want it.
 *
 *   root      the CNode cap every lookup starts from (our CSpace root)
 *   capPtr    the slot's address, resolved from root with capDepth bits
 *   dest, destDepth, offset
 *             the same slot for Untyped_Retype: the CNode holding it
 *             (dest resolved with destDepth bits; destDepth 0 = root
 *             itself) and the slot's index in that CNode
 *   window    how many consecutive slots the path covers (usually 1)
 */
#pragma once

#include <inttypes.h>
#include <stdio.h>
#include <sel4/sel4.h>

typedef struct _cspacepath_t {
    seL4_CPtr  capPtr;
    seL4_Word  capDepth;
    seL4_CNode root;
    seL4_Word  dest;
    seL4_Word  destDepth;
    seL4_Word  offset;
    seL4_Word  window;
} cspacepath_t;

static inline void cspacepath_swap(cspacepath_t *a, cspacepath_t *b)
{
    cspacepath_t t = *a;

    *a = *b;
    *b = t;
}

static inline void cspacepath_t_print(const cspacepath_t *p)
{
    printf("capPtr %lu capDepth %lu root %lu dest %lu destDepth %lu offset %lu window %lu\n",
           (unsigned long)p->capPtr, (unsigned long)p->capDepth, (unsigned long)p->root,
           (unsigned long)p->dest, (unsigned long)p->destDepth,
           (unsigned long)p->offset, (unsigned long)p->window);
}
