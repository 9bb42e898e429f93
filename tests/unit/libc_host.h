/*
 * libc_host.h - what the host unit tests of the user libraries share.
 *
 * The library sources are compiled for the host with libc_rename.h, so
 * caplab's libc functions are called here by their caplab_ names.  The two
 * platform hooks of libc are replaced (libc_host.c): console output is
 * captured in a buffer, and halting jumps back into the test with the
 * status, so exit(), abort(), assert and TASK_TODO can be tested too.
 */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- captured console output ---- */
void libc_host_reset_output(void);
const char *libc_host_output(void);        /* everything written since reset */

/* Runs fn(arg); returns the status it halted with, or -1 if it returned. */
int libc_host_run(void (*fn)(void *), void *arg);

/* ---- caplab libc, renamed ---- */
typedef struct caplab_file caplab_FILE;
extern caplab_FILE *caplab_stdin, *caplab_stdout, *caplab_stderr;

int caplab_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int caplab_fprintf(caplab_FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int caplab_sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int caplab_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int caplab_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int caplab_putchar(int c);
int caplab_puts(const char *s);
int caplab_fputc(int c, caplab_FILE *f);
int caplab_fputs(const char *s, caplab_FILE *f);
size_t caplab_fwrite(const void *p, size_t size, size_t n, caplab_FILE *f);

void *caplab_memcpy(void *dst, const void *src, size_t n);
void *caplab_memmove(void *dst, const void *src, size_t n);
void *caplab_memset(void *dst, int c, size_t n);
int caplab_memcmp(const void *a, const void *b, size_t n);
void *caplab_memchr(const void *s, int c, size_t n);
size_t caplab_strlen(const char *s);
size_t caplab_strnlen(const char *s, size_t max);
int caplab_strcmp(const char *a, const char *b);
int caplab_strncmp(const char *a, const char *b, size_t n);
char *caplab_strcpy(char *dst, const char *src);
char *caplab_strncpy(char *dst, const char *src, size_t n);
char *caplab_strcat(char *dst, const char *src);
char *caplab_strncat(char *dst, const char *src, size_t n);
char *caplab_strchr(const char *s, int c);
char *caplab_strrchr(const char *s, int c);
char *caplab_strstr(const char *haystack, const char *needle);
char *caplab_strdup(const char *s);
char *caplab_strndup(const char *s, size_t n);
size_t caplab_strspn(const char *s, const char *accept);
size_t caplab_strcspn(const char *s, const char *reject);
char *caplab_strpbrk(const char *s, const char *accept);
char *caplab_strtok(char *s, const char *delim);
char *caplab_strtok_r(char *s, const char *delim, char **save);
int caplab_strcasecmp(const char *a, const char *b);
int caplab_strncasecmp(const char *a, const char *b, size_t n);

int caplab_atoi(const char *s);
long caplab_atol(const char *s);
long caplab_strtol(const char *s, char **end, int base);
long long caplab_strtoll(const char *s, char **end, int base);
unsigned long caplab_strtoul(const char *s, char **end, int base);
unsigned long long caplab_strtoull(const char *s, char **end, int base);
int caplab_abs(int v);
int caplab_rand(void);
void caplab_srand(unsigned seed);
void caplab_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void *caplab_bsearch(const void *key, const void *base, size_t n, size_t size,
                     int (*cmp)(const void *, const void *));
struct caplab_ldiv { long quot, rem; };   /* the layout of ldiv_t */
struct caplab_ldiv caplab_ldiv(long num, long den);
void *caplab_malloc(size_t size);
void caplab_free(void *p);
void *caplab_calloc(size_t n, size_t size);
void *caplab_realloc(void *p, size_t size);
int caplab_atexit(void (*fn)(void));
_Noreturn void caplab_exit(int status);
_Noreturn void caplab__exit(int status);
long caplab_sysconf(int name);
int caplab_getpagesize(void);
int caplab_fgetc(caplab_FILE *f);
int caplab_getc(caplab_FILE *f);
int caplab_getchar(void);
_Noreturn void caplab_abort(void);

int caplab_isalnum(int c);
int caplab_isalpha(int c);
int caplab_isdigit(int c);
int caplab_isspace(int c);
int caplab_isxdigit(int c);
int caplab_ispunct(int c);
int caplab_isprint(int c);
int caplab_tolower(int c);
int caplab_toupper(int c);

/* ---- the heap core (libs/libc/src/heap.c, not renamed) ---- */
struct heap {
    unsigned char *base;
    size_t size;
};
void heap_init(struct heap *h, void *mem, size_t size);
void *heap_alloc(struct heap *h, size_t n);
bool heap_free(struct heap *h, void *p);
void *heap_realloc(struct heap *h, void *p, size_t n, bool *bad_pointer);
bool heap_check(const struct heap *h, size_t *free_blocks, size_t *free_bytes);
