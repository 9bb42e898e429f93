/*
 * malloc.c - the C allocation functions over one static heap.
 *
 * The heap is a 1 MiB array in .bss (so it costs no space in the ELF file,
 * only frames at load time), set up on first use.  A bad free()/realloc()
 * pointer is a bug in the caller: say so on the console and abort, since
 * carrying on would corrupt memory in ways that are much harder to trace.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "libc_internal.h"

#define HEAP_BYTES (1u << 20)

static unsigned char heap_memory[HEAP_BYTES] __attribute__((aligned(16)));
static struct heap heap;
static bool heap_ready;

static struct heap *the_heap(void)
{
    if (!heap_ready) {
        heap_init(&heap, heap_memory, sizeof(heap_memory));
        heap_ready = true;
    }
    return &heap;
}

static _Noreturn void bad_pointer(const char *who, void *p)
{
    fprintf(stderr, "%s(): invalid pointer %p (not from malloc, or already freed)\n", who, p);
    abort();
}

void *malloc(size_t size)
{
    return heap_alloc(the_heap(), size);
}

void free(void *p)
{
    if (p != NULL && !heap_free(the_heap(), p))
        bad_pointer("free", p);
}

void *calloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > (size_t)-1 / size)
        return NULL;
    p = malloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

void *realloc(void *p, size_t size)
{
    bool bad;
    void *q;

    if (p != NULL && size == 0) {
        free(p);
        return NULL;
    }
    q = heap_realloc(the_heap(), p, size, &bad);
    if (bad)
        bad_pointer("realloc", p);
    return q;
}
