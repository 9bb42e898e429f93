/*
 * heap.c - a first-fit allocator over one fixed memory arena.
 *
 * The arena is a row of blocks with no gaps.  Each block starts with a
 * header: its own size (header included, a multiple of 16, low bit set
 * while the block is in use) and the size of the block to its left (0 for
 * the first).  Knowing both neighbours lets free() merge a block with a
 * free left or right neighbour at once, so two free blocks are never
 * adjacent - heap_check() verifies exactly that and the size links.
 *
 * heap_alloc() walks the row and takes the first free block big enough,
 * splitting off the rest when it can hold another block.  heap_free()
 * only accepts a pointer it finds by walking the row, so a wild pointer
 * or a double free is reported instead of corrupting the heap.  Walking
 * costs O(blocks), which is fine at lab scale.
 */
#include <stdint.h>
#include <string.h>
#include "libc_internal.h"

#define ALIGN       16u
#define HDR         sizeof(struct block)
#define MIN_BLOCK   (HDR + ALIGN)
#define USED        1u

struct block {
    size_t size;        /* bytes incl. header, | USED while allocated */
    size_t prev_size;   /* size of the left neighbour, 0 for the first */
};

_Static_assert(sizeof(struct block) % ALIGN == 0, "header keeps payloads aligned");

static size_t block_size(const struct block *b) { return b->size & ~(size_t)USED; }
static bool block_used(const struct block *b) { return (b->size & USED) != 0; }

static struct block *first_block(const struct heap *h)
{
    return (struct block *)h->base;
}

static unsigned char *arena_end(const struct heap *h)
{
    return h->base + h->size;
}

/* The block to the right, or NULL at the end of the arena. */
static struct block *next_block(const struct heap *h, struct block *b)
{
    unsigned char *n = (unsigned char *)b + block_size(b);

    return n < arena_end(h) ? (struct block *)n : NULL;
}

static struct block *prev_block(struct block *b)
{
    return b->prev_size == 0 ? NULL : (struct block *)((unsigned char *)b - b->prev_size);
}

/* Sets b's size (keeping its used bit) and the back link of its neighbour. */
static void set_size(const struct heap *h, struct block *b, size_t size)
{
    struct block *n;

    b->size = size | (b->size & USED);
    n = next_block(h, b);
    if (n != NULL)
        n->prev_size = size;
}

void heap_init(struct heap *h, void *mem, size_t size)
{
    uintptr_t start = ((uintptr_t)mem + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    size_t lost = (size_t)(start - (uintptr_t)mem);

    h->base = (unsigned char *)start;
    h->size = size > lost ? (size - lost) & ~(size_t)(ALIGN - 1) : 0;
    if (h->size < MIN_BLOCK) {
        h->size = 0;
        return;
    }
    first_block(h)->size = h->size;
    first_block(h)->prev_size = 0;
}

/* Block size needed for n payload bytes, or 0 if n is absurdly large. */
static size_t needed_size(size_t n)
{
    if (n > SIZE_MAX / 2)
        return 0;
    if (n == 0)
        n = 1;
    return HDR + ((n + ALIGN - 1) & ~(size_t)(ALIGN - 1));
}

/* Cuts b down to size, turning the rest into a free block if it is big
 * enough to be one (merging it with a free right neighbour). */
static void split(const struct heap *h, struct block *b, size_t size)
{
    size_t rest = block_size(b) - size;
    struct block *r, *n;

    if (rest < MIN_BLOCK)
        return;
    set_size(h, b, size);
    r = (struct block *)((unsigned char *)b + size);
    r->size = rest;              /* free */
    r->prev_size = size;
    set_size(h, r, rest);
    n = next_block(h, r);
    if (n != NULL && !block_used(n))
        set_size(h, r, rest + block_size(n));
}

void *heap_alloc(struct heap *h, size_t n)
{
    size_t need = needed_size(n);

    if (need == 0 || h->size == 0)
        return NULL;
    for (struct block *b = first_block(h); b != NULL; b = next_block(h, b)) {
        if (block_used(b) || block_size(b) < need)
            continue;
        b->size |= USED;
        split(h, b, need);
        return (unsigned char *)b + HDR;
    }
    return NULL;
}

/* The live block whose payload starts at p, or NULL. */
static struct block *find_live(const struct heap *h, const void *p)
{
    if (h->size == 0)
        return NULL;
    for (struct block *b = first_block(h); b != NULL; b = next_block(h, b))
        if ((unsigned char *)b + HDR == p)
            return block_used(b) ? b : NULL;
    return NULL;
}

bool heap_free(struct heap *h, void *p)
{
    struct block *b = find_live(h, p), *n, *prev;

    if (b == NULL)
        return false;
    b->size &= ~(size_t)USED;
    n = next_block(h, b);
    if (n != NULL && !block_used(n))
        set_size(h, b, block_size(b) + block_size(n));
    prev = prev_block(b);
    if (prev != NULL && !block_used(prev))
        set_size(h, prev, block_size(prev) + block_size(b));
    return true;
}

/* Grows b in place by swallowing a free right neighbour, if that is enough. */
static bool grow_in_place(const struct heap *h, struct block *b, size_t need)
{
    struct block *n = next_block(h, b);

    if (n == NULL || block_used(n) || block_size(b) + block_size(n) < need)
        return false;
    set_size(h, b, block_size(b) + block_size(n));
    split(h, b, need);
    return true;
}

void *heap_realloc(struct heap *h, void *p, size_t n, bool *bad_pointer)
{
    struct block *b;
    size_t need = needed_size(n);
    void *fresh;

    *bad_pointer = false;
    if (p == NULL)
        return heap_alloc(h, n);
    b = find_live(h, p);
    if (b == NULL) {
        *bad_pointer = true;
        return NULL;
    }
    if (need == 0)
        return NULL;
    if (block_size(b) >= need) {
        split(h, b, need);
        return p;
    }
    if (grow_in_place(h, b, need))
        return p;
    fresh = heap_alloc(h, n);
    if (fresh != NULL) {
        memcpy(fresh, p, block_size(b) - HDR);
        heap_free(h, p);
    }
    return fresh;
}

bool heap_check(const struct heap *h, size_t *free_blocks, size_t *free_bytes)
{
    size_t blocks = 0, bytes = 0, prev_size = 0, total = 0;
    bool prev_free = false;

    for (struct block *b = h->size ? first_block(h) : NULL; b != NULL; b = next_block(h, b)) {
        size_t size = block_size(b);

        if (size < MIN_BLOCK || size % ALIGN != 0 || size > h->size - total)
            return false;
        if (b->prev_size != prev_size || (prev_free && !block_used(b)))
            return false;
        if (!block_used(b)) {
            blocks++;
            bytes += size;
        }
        prev_free = !block_used(b);
        prev_size = size;
        total += size;
    }
    if (total != h->size)
        return false;
    if (free_blocks != NULL)
        *free_blocks = blocks;
    if (free_bytes != NULL)
        *free_bytes = bytes;
    return true;
}
