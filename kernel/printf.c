/*
 * printf.c - formatted output for the kernel, and the few memory/string
 * functions the compiler and the kernel need.
 *
 * Formats: %d %i %u %x %X %o %c %s %p %% with the l, ll, z and h length
 * modifiers, a field width, '0' and '-' flags.  %p prints 0x and the
 * minimal hex digits, or (nil) for 0, as the seL4 tutorials show.
 */
#include <stdarg.h>
#include "kernel.h"

struct sink {
    char  *buf;      /* NULL: write to the console */
    size_t size, len;
};

static void sink_put(struct sink *s, char c)
{
    if (!s->buf)
        serial_putc(SERIAL_CONSOLE, c);
    else if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

/* A byte of a %s argument as the console shows it: control bytes (a
 * thread name may hold a newline) become '?', so user-chosen text cannot
 * start a line of its own that looks like the kernel's. */
static char console_safe(const struct sink *s, char c)
{
    unsigned char u = (unsigned char)c;
    return (!s->buf && (u < 0x20 || u == 0x7f)) ? '?' : c;
}

static void put_padded(struct sink *s, const char *str, size_t n, int width,
                       bool left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;
    if (!left)
        while (fill-- > 0) sink_put(s, pad);
    for (size_t i = 0; i < n; i++) sink_put(s, console_safe(s, str[i]));
    if (left)
        while (fill-- > 0) sink_put(s, ' ');
}

static size_t format_unsigned(char *out, uint64_t v, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    size_t n = 0;
    do { tmp[n++] = digits[v % base]; v /= base; } while (v);
    for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    return n;
}

static int vformat(struct sink *s, const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') { sink_put(s, *fmt); continue; }
        fmt++;
        bool left = false; char pad = ' '; int width = 0; int lng = 0;
        for (;; fmt++) {
            if (*fmt == '-') left = true;
            else if (*fmt == '0') pad = '0';
            else break;
        }
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        while (*fmt == 'l' || *fmt == 'z' || *fmt == 'h') {
            if (*fmt != 'h') lng++;
            fmt++;
        }
        char num[32];
        size_t n;
        switch (*fmt) {
        case 'd': case 'i': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            bool neg = v < 0;
            n = format_unsigned(num + 1, neg ? -(uint64_t)v : (uint64_t)v, 10, false);
            if (neg) { num[0] = '-'; put_padded(s, num, n + 1, width, left, pad); }
            else put_padded(s, num + 1, n, width, left, pad);
            break;
        }
        case 'u': case 'x': case 'X': case 'o': {
            uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            unsigned base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
            n = format_unsigned(num, v, base, *fmt == 'X');
            put_padded(s, num, n, width, left, pad);
            break;
        }
        case 'p': {
            uint64_t v = (uint64_t)va_arg(ap, void *);
            if (!v) { put_padded(s, "(nil)", 5, width, left, ' '); break; }
            num[0] = '0'; num[1] = 'x';
            n = format_unsigned(num + 2, v, 16, false);
            put_padded(s, num, n + 2, width, left, ' ');
            break;
        }
        case 'c': num[0] = (char)va_arg(ap, int); put_padded(s, num, 1, width, left, ' '); break;
        case 's': {
            const char *str = va_arg(ap, const char *);
            if (!str) str = "(null)";
            put_padded(s, str, strlen(str), width, left, ' ');
            break;
        }
        case '%': sink_put(s, '%'); break;
        case '\0': return (int)s->len;
        default: sink_put(s, '%'); sink_put(s, *fmt); break;
        }
    }
    return (int)s->len;
}

int kprintf(const char *fmt, ...)
{
    struct sink s = { 0 };
    va_list ap;
    va_start(ap, fmt);
    int n = vformat(&s, fmt, ap);
    va_end(ap);
    return n;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink s = { buf, size, 0 };
    int n = vformat(&s, fmt, ap);
    if (size)
        buf[s.len < size ? s.len : size - 1] = '\0';
    return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void kputs(const char *str)
{
    while (*str) serial_putc(SERIAL_CONSOLE, *str++);
}

void panic(const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kprintf("\nKERNEL PANIC: %s\n", msg);
    event_panic(msg);
    machine_halt(HALT_PANIC);
}

/* A word that may alias anything and sit at any address (x86 allows it). */
typedef uint64_t __attribute__((may_alias, aligned(1))) any_word_t;

/* Eight bytes at a time, then the rest: thread contexts and messages are
 * copied on every system call. */
void *memset(void *d, int c, size_t n)
{
    uint8_t *p = d;
    uint64_t word = 0x0101010101010101ull * (uint8_t)c;
    for (; n >= 8; n -= 8, p += 8)
        *(any_word_t *)p = word;
    while (n--) *p++ = (uint8_t)c;
    return d;
}

void *memcpy(void *d, const void *src, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = src;
    for (; n >= 8; n -= 8, p += 8, q += 8)
        *(any_word_t *)p = *(const any_word_t *)q;
    while (n--) *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *src, size_t n)
{
    uint8_t *p = d;
    const uint8_t *q = src;
    if (p < q) { while (n--) *p++ = *q++; }
    else { p += n; q += n; while (n--) *--p = *--q; }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q) return *p - *q;
    return 0;
}

size_t strlen(const char *str)
{
    size_t n = 0;
    while (str[n]) n++;
    return n;
}
