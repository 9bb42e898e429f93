/*
 * stdio.h - console output for caplab user programs.
 *
 * There are no files: stdout and stderr both go to the console (COM1)
 * through seL4_DebugPutChar, unbuffered, so output is never lost when a
 * thread faults right after printing.  There is no input: fgetc, getc
 * and getchar return EOF at once (nothing types into a root task).
 *
 * printf formats: %d %i %u %x %X %o %c %s %p %% and %f %F %e %E %g %G
 * with flags - 0 + space #, width and precision (numbers or *), and the
 * length modifiers hh h l ll z j t L.  %p prints as musl (seL4's libc) does: at least 16 hex digits,
 * "0x" before a nonzero pointer ("0x0000000000401234"), NULL as
 * "0000000000000000"; the '0' flag does not apply to it.  Doubles print
 * correctly rounded, as musl prints them (libs/libc/src/format_float.c);
 * %a and %A are not supported.
 */
#pragma once

#include <stddef.h>
#include <stdarg.h>

#define EOF (-1)

typedef struct caplab_file FILE;

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;

int printf(const char *fmt, ...) __attribute__((format(__printf__, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(__printf__, 1, 0)));
int fprintf(FILE *f, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
int vfprintf(FILE *f, const char *fmt, va_list ap) __attribute__((format(__printf__, 2, 0)));
int sprintf(char *buf, const char *fmt, ...) __attribute__((format(__printf__, 2, 3)));
int vsprintf(char *buf, const char *fmt, va_list ap) __attribute__((format(__printf__, 2, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(__printf__, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(__printf__, 3, 0)));

int putchar(int c);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int fputs(const char *s, FILE *f);
size_t fwrite(const void *p, size_t size, size_t n, FILE *f);
int fflush(FILE *f);

int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
