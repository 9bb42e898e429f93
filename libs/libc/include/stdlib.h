/*
 * stdlib.h - numbers from strings, a small heap, and leaving the program.
 *
 * malloc/free/calloc/realloc work on a static 1 MiB heap in .bss
 * (first fit, neighbours merged on free, 16-byte aligned blocks).  They are
 * not thread-safe: allocate from one thread only.  free() of a pointer that
 * malloc did not return (or a second free) prints a line and aborts.
 *
 * exit(status) halts the machine and the kernel reports the status (the
 * `halt` event, reason "exit").  abort() prints a line and exits with 134,
 * the status a shell shows for SIGABRT.
 */
#pragma once

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 0x7fffffff

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

int abs(int v);
long labs(long v);
long long llabs(long long v);

int rand(void);
void srand(unsigned seed);
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t n, size_t size,
              int (*cmp)(const void *, const void *));

typedef struct { int quot, rem; } div_t;
typedef struct { long quot, rem; } ldiv_t;
typedef struct { long long quot, rem; } lldiv_t;
div_t div(int num, int den);
ldiv_t ldiv(long num, long den);
lldiv_t lldiv(long long num, long long den);

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);

int atexit(void (*fn)(void));
_Noreturn void exit(int status);
_Noreturn void abort(void);
