/*
 * stdio.c - printf and friends on top of format.c.
 *
 * Console output is unbuffered: each piece the formatter produces goes
 * straight to caplab_console_write().  The snprintf family formats into a
 * caller's buffer through a bounded sink that always NUL-terminates and
 * keeps counting past the end, as C requires (the return value is the
 * length the full output would have had).
 */
#include <stdio.h>
#include <string.h>
#include "libc_internal.h"

struct caplab_file {
    int writable;      /* stdin is not */
};

static struct caplab_file file_stdin = { 0 };
static struct caplab_file file_stdout = { 1 };
static struct caplab_file file_stderr = { 1 };

FILE *stdin = &file_stdin;
FILE *stdout = &file_stdout;
FILE *stderr = &file_stderr;

/* ---- sinks ---- */

static void console_sink(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    caplab_console_write(s, n);
}

struct buffer_sink {
    char *buf;
    size_t size;     /* room including the final NUL; 0 = write nothing */
    size_t used;
};

static void buffer_sink(void *ctx, const char *s, size_t n)
{
    struct buffer_sink *b = ctx;

    for (size_t i = 0; i < n; i++, b->used++)
        if (b->used + 1 < b->size)
            b->buf[b->used] = s[i];
}

/* ---- formatted output ---- */

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct buffer_sink b = { buf, size, 0 };
    int n = format_print(buffer_sink, &b, fmt, ap);

    if (size > 0)
        buf[b.used < size ? b.used : size - 1] = '\0';
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
    return vsnprintf(buf, (size_t)-1 / 2, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    if (f == NULL || !f->writable)
        return EOF;
    return format_print(console_sink, NULL, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

/* ---- plain output ---- */

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    if (f == NULL || !f->writable || size == 0)
        return 0;
    caplab_console_write(p, size * n);
    return n;
}

int fputc(int c, FILE *f)
{
    char ch = (char)c;

    return fwrite(&ch, 1, 1, f) == 1 ? (unsigned char)ch : EOF;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar(int c)
{
    return fputc(c, stdout);
}

int fputs(const char *s, FILE *f)
{
    size_t n = strlen(s);

    return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s)
{
    if (fputs(s, stdout) == EOF)
        return EOF;
    return putchar('\n') == EOF ? EOF : 0;
}

int fflush(FILE *f)
{
    (void)f;          /* nothing is buffered */
    return 0;
}

/* ---- input: there is none (no console input reaches user programs) ---- */

int fgetc(FILE *f)
{
    (void)f;
    return EOF;
}

int getc(FILE *f)
{
    return fgetc(f);
}

int getchar(void)
{
    return fgetc(stdin);
}
