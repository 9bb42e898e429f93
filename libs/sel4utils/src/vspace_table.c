/*
 * vspace_table.c - the per-page record of a sel4utils vspace.
 *
 * Four levels indexed like the hardware's (9 bits each): three levels of
 * pointers to the next, then a bottom table with the cap, cookie,
 * frame size and "owned" mark (a share_mem copy) of each 4 KiB page.  A frame bigger than 4 KiB fills the
 * entries of all its pages with its cap; only the first one carries the
 * size.  Tables are made on first use (calloc) and freed at tear-down.
 */
#include <stdlib.h>
#include <sel4utils/vspace.h>
#include "vspace_internal.h"

static unsigned idx(uintptr_t vaddr, int level)   /* level 3 = top */
{
    return (vaddr >> (seL4_PageBits + VSPACE_LEVEL_BITS * level)) & MASK(VSPACE_LEVEL_BITS);
}

vspace_bottom_level_t *vs_bottom(sel4utils_alloc_data_t *d, uintptr_t vaddr, bool create)
{
    vspace_mid_level_t *t = d->top_level;

    for (int level = 3; level >= 1; level--) {
        uintptr_t *slot = &t->table[idx(vaddr, level)];
        if (*slot == 0) {
            size_t sz = level == 1 ? sizeof(vspace_bottom_level_t) : sizeof(vspace_mid_level_t);
            void *next = create ? calloc(1, sz) : NULL;
            if (next == NULL) {
                if (create)
                    ZF_LOGE("vspace: out of memory for page records");
                return NULL;
            }
            *slot = (uintptr_t)next;
        }
        if (level == 1)
            return (vspace_bottom_level_t *)*slot;
        t = (vspace_mid_level_t *)*slot;
    }
    return NULL;
}

seL4_CPtr vs_get_cap(sel4utils_alloc_data_t *d, uintptr_t vaddr)
{
    vspace_bottom_level_t *b = vs_bottom(d, vaddr, false);

    return b == NULL ? 0 : b->cap[idx(vaddr, 0)];
}

/* The cookie is kept on the frame's first page. */
uintptr_t vs_get_cookie(sel4utils_alloc_data_t *d, uintptr_t vaddr)
{
    vspace_bottom_level_t *b = vs_bottom(d, vaddr, false);

    return b == NULL ? 0 : b->cookie[idx(vaddr, 0)];
}

int vs_set(sel4utils_alloc_data_t *d, uintptr_t vaddr, size_t size_bits, seL4_CPtr cap,
           uintptr_t cookie)
{
    size_t pages = BIT(size_bits - seL4_PageBits);

    for (size_t i = 0; i < pages; i++) {
        uintptr_t va = vaddr + (i << seL4_PageBits);
        vspace_bottom_level_t *b = vs_bottom(d, va, true);
        if (b == NULL)
            return -1;
        b->cap[idx(va, 0)] = cap;
        b->cookie[idx(va, 0)] = cookie;
        b->size_bits[idx(va, 0)] = i == 0 ? size_bits : 0;
    }
    return 0;
}

/* Marks the frame at vaddr (its first page) as a cap this vspace copied. */
void vs_set_owned(sel4utils_alloc_data_t *d, uintptr_t vaddr)
{
    vspace_bottom_level_t *b = vs_bottom(d, vaddr, false);

    if (b != NULL)
        b->owned[idx(vaddr, 0)] = 1;
}

bool vs_get_owned(sel4utils_alloc_data_t *d, uintptr_t vaddr)
{
    vspace_bottom_level_t *b = vs_bottom(d, vaddr, false);

    return b != NULL && b->owned[idx(vaddr, 0)] != 0;
}

void vs_clear(sel4utils_alloc_data_t *d, uintptr_t vaddr, size_t size_bits)
{
    size_t pages = BIT(size_bits - seL4_PageBits);

    for (size_t i = 0; i < pages; i++) {
        uintptr_t va = vaddr + (i << seL4_PageBits);
        vspace_bottom_level_t *b = vs_bottom(d, va, false);
        if (b != NULL) {
            b->cap[idx(va, 0)] = 0;
            b->cookie[idx(va, 0)] = 0;
            b->size_bits[idx(va, 0)] = 0;
            b->owned[idx(va, 0)] = 0;
        }
    }
}

/* First mapped page in [start, end), or 0; skips absent tables whole. */
uintptr_t vs_next_mapped(sel4utils_alloc_data_t *d, uintptr_t start, uintptr_t end)
{
    uintptr_t va = start;

    while (va < end) {
        vspace_mid_level_t *t = d->top_level;
        int level = 3;
        uintptr_t span;

        for (; level >= 1; level--) {
            uintptr_t next = t->table[idx(va, level)];
            if (next == 0)
                break;
            t = (vspace_mid_level_t *)next;
        }
        if (level >= 1) {   /* no table at this level: skip what it would cover */
            span = BIT(seL4_PageBits + VSPACE_LEVEL_BITS * level);
            va = (va & ~(span - 1)) + span;
            continue;
        }
        if (((vspace_bottom_level_t *)t)->cap[idx(va, 0)] != 0)
            return va;
        va += BIT(seL4_PageBits);
    }
    return 0;
}

static void free_level(uintptr_t table, int level)
{
    if (table == 0)
        return;
    if (level >= 1) {
        vspace_mid_level_t *t = (vspace_mid_level_t *)table;
        for (unsigned i = 0; i < VSPACE_LEVEL_SIZE; i++)
            free_level(t->table[i], level - 1);
    }
    free((void *)table);
}

void vs_free_tables(sel4utils_alloc_data_t *d)
{
    for (unsigned i = 0; i < VSPACE_LEVEL_SIZE; i++)
        free_level(d->top_level->table[i], 2);
    free(d->top_level);
    d->top_level = NULL;
}
