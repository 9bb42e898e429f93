/*
 * libc_test_heap.c - the first-fit heap (heap_* on small arenas) and the
 * malloc family over the real 1 MiB heap, including how bad pointers are
 * reported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "libc_host.h"

#define ARENA 4096

static unsigned char arena[ARENA + 16] __attribute__((aligned(16)));

static struct heap fresh_heap(void)
{
    struct heap h;

    heap_init(&h, arena, ARENA);
    return h;
}

static void assert_one_free_block(struct heap *h)
{
    size_t blocks, bytes;

    assert_true(heap_check(h, &blocks, &bytes));
    assert_int_equal(blocks, 1);
    assert_int_equal(bytes, h->size);
}

static void test_alignment_and_distinct_blocks(void **state)
{
    struct heap h;
    char *a, *b, *c;

    (void)state;
    heap_init(&h, arena + 3, ARENA);             /* misaligned arena start */
    a = heap_alloc(&h, 1);
    b = heap_alloc(&h, 17);
    c = heap_alloc(&h, 0);                       /* malloc(0): a unique block */
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_int_equal((uintptr_t)a % 16, 0);
    assert_int_equal((uintptr_t)b % 16, 0);
    assert_int_equal((uintptr_t)c % 16, 0);
    assert_true(b >= a + 16 && c >= b + 32);     /* blocks do not overlap */
    assert_true(heap_check(&h, NULL, NULL));
}

static void test_free_merges_neighbours(void **state)
{
    struct heap h = fresh_heap();
    void *a = heap_alloc(&h, 100), *b = heap_alloc(&h, 100), *c = heap_alloc(&h, 100);
    size_t blocks;

    (void)state;
    assert_true(heap_free(&h, a));
    assert_true(heap_free(&h, c));               /* c merges with the tail */
    assert_true(heap_check(&h, &blocks, NULL));
    assert_int_equal(blocks, 2);
    assert_true(heap_free(&h, b));               /* b merges both ways */
    assert_one_free_block(&h);
}

static void test_first_fit_reuses_hole(void **state)
{
    struct heap h = fresh_heap();
    void *a = heap_alloc(&h, 200);
    void *b = heap_alloc(&h, 200);

    (void)state;
    assert_non_null(b);
    heap_free(&h, a);
    assert_ptr_equal(heap_alloc(&h, 64), a);     /* the first hole that fits */
    assert_true(heap_check(&h, NULL, NULL));
}

static void test_exhaustion(void **state)
{
    struct heap h = fresh_heap();
    void *big;
    int n = 0;

    (void)state;
    assert_null(heap_alloc(&h, ARENA));          /* header does not fit */
    assert_null(heap_alloc(&h, SIZE_MAX));
    while (heap_alloc(&h, 48) != NULL)
        n++;
    assert_int_equal(n, ARENA / 64);             /* 16-byte header + 48 */
    assert_true(heap_check(&h, NULL, NULL));

    h = fresh_heap();
    big = heap_alloc(&h, ARENA - 16);            /* exactly the whole arena */
    assert_non_null(big);
    assert_null(heap_alloc(&h, 1));
    heap_free(&h, big);
    assert_one_free_block(&h);
}

static void test_bad_frees_are_refused(void **state)
{
    struct heap h = fresh_heap();
    char *a = heap_alloc(&h, 32);
    int local;

    (void)state;
    assert_false(heap_free(&h, a + 16));         /* inside a block */
    assert_false(heap_free(&h, &local));         /* not in the heap */
    assert_true(heap_free(&h, a));
    assert_false(heap_free(&h, a));              /* double free */
    assert_one_free_block(&h);
}

static void test_heap_realloc(void **state)
{
    struct heap h = fresh_heap();
    bool bad;
    char *a = heap_alloc(&h, 32), *b, *c;

    (void)state;
    memset(a, 'a', 32);
    b = heap_realloc(&h, a, 500, &bad);          /* grows in place into free space */
    assert_false(bad);
    assert_ptr_equal(b, a);
    assert_int_equal(b[31], 'a');
    c = heap_alloc(&h, 16);                      /* pin the space after b */
    a = heap_realloc(&h, b, 1000, &bad);         /* must move, keeping contents */
    assert_non_null(a);
    assert_ptr_not_equal(a, b);
    assert_int_equal(a[0], 'a');
    assert_int_equal(a[31], 'a');
    assert_ptr_equal(heap_realloc(&h, a, 8, &bad), a);   /* shrinks in place */
    assert_null(heap_realloc(&h, c + 1, 8, &bad));
    assert_true(bad);
    assert_true(heap_check(&h, NULL, NULL));
    heap_free(&h, a);
    heap_free(&h, c);
    assert_one_free_block(&h);
}

/* Many mixed operations; the invariants must hold after every one. */
static void test_random_workload_keeps_invariants(void **state)
{
    struct heap h = fresh_heap();
    void *live[32] = { 0 };
    unsigned seed = 12345;
    bool bad;

    (void)state;
    for (int step = 0; step < 3000; step++) {
        seed = seed * 1103515245u + 12345u;
        unsigned slot = (seed >> 8) % 32, size = (seed >> 16) % 300;

        if (live[slot] == NULL)
            live[slot] = heap_alloc(&h, size);
        else if (seed & 1)
            live[slot] = heap_realloc(&h, live[slot], size, &bad) ?: live[slot];
        else {
            assert_true(heap_free(&h, live[slot]));
            live[slot] = NULL;
        }
        assert_true(heap_check(&h, NULL, NULL));
    }
    for (int i = 0; i < 32; i++)
        if (live[i] != NULL)
            assert_true(heap_free(&h, live[i]));
    assert_one_free_block(&h);
}

static void test_malloc_family(void **state)
{
    char *p = caplab_malloc(1000), *q;
    int *z = caplab_calloc(100, sizeof(int));

    (void)state;
    assert_non_null(p);
    assert_non_null(z);
    for (int i = 0; i < 100; i++)
        assert_int_equal(z[i], 0);
    memset(p, 7, 1000);
    q = caplab_realloc(p, 200000);
    assert_non_null(q);
    assert_int_equal(q[999], 7);
    assert_null(caplab_malloc(2u << 20));        /* more than the heap */
    assert_null(caplab_calloc(SIZE_MAX / 2, 4)); /* n * size overflows */
    assert_null(caplab_realloc(q, 0));           /* frees */
    caplab_free(NULL);                           /* no-op */
    caplab_free(z);
}

static void free_twice(void *arg)
{
    (void)arg;
    void *p = caplab_malloc(10);
    caplab_free(p);
    caplab_free(p);
}

static void test_double_free_aborts(void **state)
{
    (void)state;
    libc_host_reset_output();
    assert_int_equal(libc_host_run(free_twice, NULL), 134);
    assert_non_null(strstr(libc_host_output(), "free(): invalid pointer 0x"));
    assert_non_null(strstr(libc_host_output(), "abort() called\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_and_distinct_blocks),
        cmocka_unit_test(test_free_merges_neighbours),
        cmocka_unit_test(test_first_fit_reuses_hole),
        cmocka_unit_test(test_exhaustion),
        cmocka_unit_test(test_bad_frees_are_refused),
        cmocka_unit_test(test_heap_realloc),
        cmocka_unit_test(test_random_workload_keeps_invariants),
        cmocka_unit_test(test_malloc_family),
        cmocka_unit_test(test_double_free_aborts),
    };
    return cmocka_run_group_tests_name("libc heap", tests, NULL, NULL);
}
