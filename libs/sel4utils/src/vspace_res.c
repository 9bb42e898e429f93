/*
 * vspace_res.c - reservations of a sel4utils vspace: a list sorted by
 * start address, and the search for a free range.
 */
#include <stdlib.h>
#include <sel4utils/vspace.h>
#include "vspace_internal.h"

/* The reservation overlapping [start, end) with the lowest start, or NULL. */
static sel4utils_res_t *first_overlap(sel4utils_alloc_data_t *d, uintptr_t start, uintptr_t end)
{
    for (sel4utils_res_t *r = d->reservation_head; r != NULL; r = r->next) {
        if (r->start >= end)
            return NULL;
        if (r->end > start)
            return r;
    }
    return NULL;
}

/* The reservation that contains all of [start, end), or NULL. */
sel4utils_res_t *vs_res_covering(sel4utils_alloc_data_t *d, uintptr_t start, uintptr_t end)
{
    for (sel4utils_res_t *r = d->reservation_head; r != NULL; r = r->next) {
        if (r->start <= start && end <= r->end)
            return r;
    }
    return NULL;
}

bool vs_range_free(sel4utils_alloc_data_t *d, uintptr_t start, uintptr_t end)
{
    if (start >= end || end > VSPACE_TOP || start < BIT(seL4_PageBits))
        return false;
    return first_overlap(d, start, end) == NULL && vs_next_mapped(d, start, end) == 0;
}

/* The lowest free [out, out + bytes) aligned to 2^align_bits, from
 * SEL4UTILS_VSPACE_ALLOC_START up.  Lowest first, so that addresses freed
 * are used again and no new page tables are needed for them. */
int vs_find_range(sel4utils_alloc_data_t *d, size_t bytes, size_t align_bits, uintptr_t *out)
{
    if (align_bits < seL4_PageBits)
        align_bits = seL4_PageBits;
    bytes = ROUND_UP(bytes, BIT(seL4_PageBits));
    {
        uintptr_t c = ROUND_UP((uintptr_t)SEL4UTILS_VSPACE_ALLOC_START, BIT(align_bits));
        while (c + bytes <= VSPACE_TOP && c + bytes > c) {
            sel4utils_res_t *r = first_overlap(d, c, c + bytes);
            uintptr_t m;
            if (r != NULL) {
                c = ROUND_UP(r->end, BIT(align_bits));
                continue;
            }
            m = vs_next_mapped(d, c, c + bytes);
            if (m != 0) {
                c = ROUND_UP(m + BIT(seL4_PageBits), BIT(align_bits));
                continue;
            }
            *out = c;
            return 0;
        }
    }
    return -1;
}

void vs_res_insert(sel4utils_alloc_data_t *d, sel4utils_res_t *r)
{
    sel4utils_res_t **p = &d->reservation_head;

    while (*p != NULL && (*p)->start < r->start)
        p = &(*p)->next;
    r->next = *p;
    *p = r;
}

void vs_res_remove(sel4utils_alloc_data_t *d, sel4utils_res_t *r)
{
    for (sel4utils_res_t **p = &d->reservation_head; *p != NULL; p = &(*p)->next) {
        if (*p == r) {
            *p = r->next;
            return;
        }
    }
}

/* A permanent reservation of [start, end) (rounded out to pages). */
int vs_reserve_fixed(vspace_t *vspace, uintptr_t start, uintptr_t end)
{
    sel4utils_alloc_data_t *d = get_alloc_data(vspace);
    sel4utils_res_t *r = calloc(1, sizeof(*r));

    if (r == NULL)
        return -1;
    r->start = ROUND_DOWN(start, BIT(seL4_PageBits));
    r->end = ROUND_UP(end, BIT(seL4_PageBits));
    r->rights = seL4_AllRights;
    r->cacheable = 1;
    r->malloced = 1;
    vs_res_insert(d, r);
    return 0;
}
