/*
 * misc.c - the small leftovers of stdlib.h: absolute values, div/ldiv/
 * lldiv, a pseudo-random generator, qsort and bsearch.
 *
 * rand() is a 31-bit linear congruential generator: the same seed always
 * gives the same sequence, which is what tests want.  qsort() is an
 * insertion sort: O(n^2), but short, stable and fine for lab-sized arrays.
 */
#include <stdlib.h>
#include <string.h>

int errno;

int abs(int v) { return v < 0 ? -v : v; }
long labs(long v) { return v < 0 ? -v : v; }
long long llabs(long long v) { return v < 0 ? -v : v; }

div_t div(int num, int den) { return (div_t){ num / den, num % den }; }
ldiv_t ldiv(long num, long den) { return (ldiv_t){ num / den, num % den }; }
lldiv_t lldiv(long long num, long long den) { return (lldiv_t){ num / den, num % den }; }

static unsigned long rand_state = 1;

void srand(unsigned seed)
{
    rand_state = seed;
}

int rand(void)
{
    rand_state = rand_state * 1103515245ul + 12345ul;
    return (int)((rand_state >> 16) & RAND_MAX);
}

/* Swaps two elements byte by byte (no scratch buffer of unknown size). */
static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    unsigned char *a = base;

    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && cmp(a + (j - 1) * size, a + j * size) > 0; j--)
            swap_bytes(a + (j - 1) * size, a + j * size, size);
}

/* Binary search of a sorted array: a matching element, or NULL. */
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *))
{
    const unsigned char *lo = base;

    while (n > 0) {
        const unsigned char *mid = lo + (n / 2) * size;
        int order = cmp(key, mid);

        if (order == 0)
            return (void *)mid;
        if (order > 0) {
            lo = mid + size;
            n -= n / 2 + 1;
        } else {
            n /= 2;
        }
    }
    return NULL;
}
