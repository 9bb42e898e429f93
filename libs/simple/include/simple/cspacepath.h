/*
 * simple/cspacepath.h - where simple gets cspacepath_t from: vka's header
 * when the vka library is there (as on seL4, where simple includes
 * <vka/cspacepath_t.h>), else the same struct declared here.
 */
#pragma once

#include <sel4/sel4.h>

#if __has_include(<vka/cspacepath_t.h>)
#include <vka/cspacepath_t.h>
#else
typedef struct _cspacepath_t {
    seL4_CPtr capPtr;       /* the slot, resolved from root with capDepth bits */
    seL4_Word capDepth;
    seL4_CNode root;        /* the CNode every lookup starts from */
    seL4_Word dest;         /* for Untyped_Retype: the CNode holding the slot */
    seL4_Word destDepth;
    seL4_Word offset;       /* the slot's index in dest */
    seL4_Word window;       /* how many consecutive slots */
} cspacepath_t;
#endif
