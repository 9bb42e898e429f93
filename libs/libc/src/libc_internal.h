/*
 * libc_internal.h - what the libc files share with each other, and the two
 * hooks that tie libc to the platform.
 *
 * sys.c implements the hooks with seL4 system calls; the host unit tests
 * (tests/unit/libc_*.c) link their own versions instead, which is what lets
 * printf, malloc, exit and friends be tested on the build machine.
 */
#pragma once

#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>

/* ---- platform hooks (sys.c) ---- */
void caplab_console_write(const char *s, size_t n);   /* to the console */
_Noreturn void caplab_halt(int status);               /* stop, reporting status */

/* ---- format.c: the printf engine ----
 * Formats fmt/ap and hands the output to sink in pieces; returns the number
 * of characters produced. */
typedef void (*format_sink_t)(void *ctx, const char *s, size_t n);
int format_print(format_sink_t sink, void *ctx, const char *fmt, va_list ap);

/* ---- format_float.c: the text of %f %F %e %E %g %G ----
 * Writes |v| as the conversion letter asks (prec < 0: the default 6; at
 * most MAX_FLOAT_PREC) into buf, "inf"/"nan" (upper case for F, E, G) when
 * not finite; sets *negative from the sign bit; returns the length. */
#define MAX_FLOAT_PREC 350
#define MAX_FLOAT_TEXT (312 + MAX_FLOAT_PREC + 8)
size_t float_text(double v, char letter, int prec, bool alt, bool *negative,
                  char *buf, size_t cap);

/* ---- heap.c: a first-fit heap over one memory arena ----
 * Blocks are 16-byte aligned; each starts with a 16-byte header holding its
 * own size and its left neighbour's size, so free() can merge both ways. */
struct heap {
    unsigned char *base;   /* first block */
    size_t size;           /* bytes from base to the end of the arena */
};

void heap_init(struct heap *h, void *mem, size_t size);
void *heap_alloc(struct heap *h, size_t n);
bool heap_free(struct heap *h, void *p);       /* false: p is not a live block */
void *heap_realloc(struct heap *h, void *p, size_t n, bool *bad_pointer);
/* Walks every block checking the invariants; returns false on corruption.
 * The out-parameters (may be NULL) receive the free-block count and bytes. */
bool heap_check(const struct heap *h, size_t *free_blocks, size_t *free_bytes);
