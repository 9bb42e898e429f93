/*
 * format.c - the printf engine behind every printf-family function.
 *
 * format_print() walks the format string, parses each conversion into a
 * struct conv (flags, width, precision, length, conversion letter) and
 * renders it.  Output goes to a sink function in pieces, so the same code
 * serves snprintf (sink = bounded buffer) and printf (sink = console).
 *
 * Integer layout, left to right: padding spaces, sign, "0x" prefix, zeros
 * (from the precision or the 0 flag), digits, trailing spaces for "-".
 * Unknown conversions are printed as they stand, so a typo shows up in
 * the output instead of eating arguments.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include "libc_internal.h"

enum {
    F_LEFT  = 1 << 0,   /* '-' */
    F_ZERO  = 1 << 1,   /* '0' */
    F_PLUS  = 1 << 2,   /* '+' */
    F_SPACE = 1 << 3,   /* ' ' */
    F_ALT   = 1 << 4,   /* '#' */
};

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE,
              LEN_MAX, LEN_PTRDIFF, LEN_LDOUBLE };

struct conv {
    unsigned flags;
    int width;          /* 0 = none */
    int prec;           /* -1 = none */
    enum length len;
    char letter;
};

struct out {
    format_sink_t sink;
    void *ctx;
    int count;
};

static void emit(struct out *o, const char *s, size_t n)
{
    if (n == 0)
        return;
    o->sink(o->ctx, s, n);
    o->count += (int)n;
}

static void emit_repeat(struct out *o, char c, int n)
{
    char chunk[16];

    memset(chunk, c, sizeof(chunk));
    while (n > 0) {
        int k = n < (int)sizeof(chunk) ? n : (int)sizeof(chunk);
        emit(o, chunk, (size_t)k);
        n -= k;
    }
}

/* Reads a decimal number or '*' (an int argument). */
static const char *parse_number(const char *p, int *value, va_list *ap)
{
    if (*p == '*') {
        *value = va_arg(*ap, int);
        return p + 1;
    }
    *value = 0;
    while (*p >= '0' && *p <= '9') {
        if (*value < INT_MAX / 10)
            *value = *value * 10 + (*p - '0');
        p++;
    }
    return p;
}

static const char *parse_flags(const char *p, struct conv *c)
{
    for (;; p++) {
        switch (*p) {
        case '-': c->flags |= F_LEFT; break;
        case '0': c->flags |= F_ZERO; break;
        case '+': c->flags |= F_PLUS; break;
        case ' ': c->flags |= F_SPACE; break;
        case '#': c->flags |= F_ALT; break;
        default: return p;
        }
    }
}

static const char *parse_length(const char *p, struct conv *c)
{
    c->len = LEN_INT;
    switch (*p) {
    case 'h':
        if (p[1] == 'h') { c->len = LEN_CHAR; return p + 2; }
        c->len = LEN_SHORT; return p + 1;
    case 'l':
        if (p[1] == 'l') { c->len = LEN_LLONG; return p + 2; }
        c->len = LEN_LONG; return p + 1;
    case 'z': c->len = LEN_SIZE; return p + 1;
    case 'j': c->len = LEN_MAX; return p + 1;
    case 't': c->len = LEN_PTRDIFF; return p + 1;
    case 'L': c->len = LEN_LDOUBLE; return p + 1;
    default: return p;
    }
}

/* p points just after '%'; fills c and returns the char after the letter. */
static const char *parse_conv(const char *p, struct conv *c, va_list *ap)
{
    c->flags = 0;
    c->width = 0;
    c->prec = -1;
    p = parse_flags(p, c);
    p = parse_number(p, &c->width, ap);
    if (c->width < 0) {             /* a negative '*' width means '-' */
        c->flags |= F_LEFT;
        c->width = c->width == INT_MIN ? INT_MAX : -c->width;
    }
    if (*p == '.') {
        p = parse_number(p + 1, &c->prec, ap);
        if (c->prec < 0)            /* a negative '*' precision means none */
            c->prec = -1;
    }
    p = parse_length(p, c);
    c->letter = *p;
    return *p != '\0' ? p + 1 : p;
}

static long long fetch_signed(const struct conv *c, va_list *ap)
{
    switch (c->len) {
    case LEN_CHAR:    return (signed char)va_arg(*ap, int);
    case LEN_SHORT:   return (short)va_arg(*ap, int);
    case LEN_LONG:    return va_arg(*ap, long);
    case LEN_LLONG:   return va_arg(*ap, long long);
    case LEN_SIZE:    return va_arg(*ap, long);          /* ssize_t */
    case LEN_MAX:     return va_arg(*ap, intmax_t);
    case LEN_PTRDIFF: return va_arg(*ap, ptrdiff_t);
    default:          return va_arg(*ap, int);
    }
}

static unsigned long long fetch_unsigned(const struct conv *c, va_list *ap)
{
    switch (c->len) {
    case LEN_CHAR:    return (unsigned char)va_arg(*ap, unsigned);
    case LEN_SHORT:   return (unsigned short)va_arg(*ap, unsigned);
    case LEN_LONG:    return va_arg(*ap, unsigned long);
    case LEN_LLONG:   return va_arg(*ap, unsigned long long);
    case LEN_SIZE:    return va_arg(*ap, size_t);
    case LEN_MAX:     return va_arg(*ap, uintmax_t);
    case LEN_PTRDIFF: return (unsigned long long)va_arg(*ap, ptrdiff_t);
    default:          return va_arg(*ap, unsigned);
    }
}

/* Writes the digits of v in base into the end of buf; returns their start. */
static char *to_digits(unsigned long long v, unsigned base, bool upper, char *end)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;

    do {
        *--p = digits[v % base];
        v /= base;
    } while (v != 0);
    return p;
}

/* Pads text (already complete: sign/prefix included) to the field width. */
static void emit_padded(struct out *o, const struct conv *c, const char *s, size_t n)
{
    int pad = c->width > (int)n ? c->width - (int)n : 0;

    if (!(c->flags & F_LEFT))
        emit_repeat(o, ' ', pad);
    emit(o, s, n);
    if (c->flags & F_LEFT)
        emit_repeat(o, ' ', pad);
}

static void emit_integer(struct out *o, const struct conv *c, unsigned long long v,
                         char sign, unsigned base, const char *prefix)
{
    char buf[32];
    char *end = buf + sizeof(buf);
    char *digits = to_digits(v, base, c->letter == 'X', end);
    int ndigits = (int)(end - digits);
    int zeros, plen = (int)strlen(prefix), total;

    if (v == 0 && c->prec == 0)
        ndigits = 0;                              /* "%.0d" of 0 prints nothing */
    zeros = c->prec > ndigits ? c->prec - ndigits : 0;
    if (base == 8 && (c->flags & F_ALT) && zeros == 0 && (ndigits == 0 || *digits != '0'))
        zeros = 1;                                /* "%#o" always starts with 0 */
    total = (sign != 0) + plen + zeros + ndigits;
    if ((c->flags & F_ZERO) && !(c->flags & F_LEFT) && c->prec < 0 && c->width > total) {
        zeros += c->width - total;                /* '0' flag: pad with zeros */
        total = c->width;
    }

    int pad = c->width > total ? c->width - total : 0;
    if (!(c->flags & F_LEFT))
        emit_repeat(o, ' ', pad);
    if (sign)
        emit(o, &sign, 1);
    emit(o, prefix, (size_t)plen);
    emit_repeat(o, '0', zeros);
    emit(o, digits, (size_t)ndigits);
    if (c->flags & F_LEFT)
        emit_repeat(o, ' ', pad);
}

static void format_signed(struct out *o, const struct conv *c, va_list *ap)
{
    long long v = fetch_signed(c, ap);
    unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    char sign = v < 0 ? '-' : (c->flags & F_PLUS) ? '+' : (c->flags & F_SPACE) ? ' ' : 0;

    emit_integer(o, c, mag, sign, 10, "");
}

static void format_unsigned(struct out *o, const struct conv *c, va_list *ap)
{
    unsigned long long v = fetch_unsigned(c, ap);
    unsigned base = c->letter == 'o' ? 8 : (c->letter == 'u' ? 10 : 16);
    const char *prefix = "";

    if (base == 16 && (c->flags & F_ALT) && v != 0)
        prefix = c->letter == 'X' ? "0X" : "0x";
    emit_integer(o, c, v, 0, base, prefix);
}

/*
 * musl's %p: lowercase hex with the precision raised to at least 16 digits
 * (so the '0' flag never applies), "0x" only before a nonzero value; NULL
 * prints as sixteen zeros.
 */
static void format_pointer(struct out *o, const struct conv *c, va_list *ap)
{
    uintptr_t v = (uintptr_t)va_arg(*ap, void *);
    struct conv hex = *c;
    int digits = 2 * (int)sizeof(void *);

    hex.letter = 'x';
    hex.prec = c->prec > digits ? c->prec : digits;
    emit_integer(o, &hex, (unsigned long long)v, 0, 16, v != 0 ? "0x" : "");
}

/*
 * %f %F %e %E %g %G: the digits come from float_text(); the sign, then
 * zeros for the '0' flag (finite values only, as musl pads inf and nan
 * with spaces), then the text.  %Lf takes a long double and prints it
 * as a double.
 */
static void format_float(struct out *o, const struct conv *c, va_list *ap)
{
    double v = c->len == LEN_LDOUBLE ? (double)va_arg(*ap, long double) : va_arg(*ap, double);
    char body[MAX_FLOAT_TEXT];
    bool negative;
    size_t n = float_text(v, c->letter, c->prec, (c->flags & F_ALT) != 0, &negative,
                          body, sizeof(body));
    char sign = negative ? '-' : (c->flags & F_PLUS) ? '+' : (c->flags & F_SPACE) ? ' ' : 0;
    bool finite = body[0] >= '0' && body[0] <= '9';
    int total = (sign != 0) + (int)n, zeros = 0, pad = 0;

    if (c->width > total) {
        if ((c->flags & F_ZERO) && !(c->flags & F_LEFT) && finite)
            zeros = c->width - total;
        else
            pad = c->width - total;
    }
    if (!(c->flags & F_LEFT))
        emit_repeat(o, ' ', pad);
    if (sign)
        emit(o, &sign, 1);
    emit_repeat(o, '0', zeros);
    emit(o, body, n);
    if (c->flags & F_LEFT)
        emit_repeat(o, ' ', pad);
}

static void format_string(struct out *o, const struct conv *c, va_list *ap)
{
    const char *s = va_arg(*ap, const char *);

    if (s == NULL)
        s = "(null)";
    emit_padded(o, c, s, c->prec >= 0 ? strnlen(s, (size_t)c->prec) : strlen(s));
}

static void format_one(struct out *o, const struct conv *c, const char *start,
                       const char *end, va_list *ap)
{
    char ch;

    switch (c->letter) {
    case 'd': case 'i':
        format_signed(o, c, ap);
        break;
    case 'u': case 'x': case 'X': case 'o':
        format_unsigned(o, c, ap);
        break;
    case 'p':
        format_pointer(o, c, ap);
        break;
    case 's':
        format_string(o, c, ap);
        break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
        format_float(o, c, ap);
        break;
    case 'c':
        ch = (char)va_arg(*ap, int);
        emit_padded(o, c, &ch, 1);
        break;
    case '%':
        emit(o, "%", 1);
        break;
    default:
        emit(o, start, (size_t)(end - start));    /* not ours: print as is */
        break;
    }
}

int format_print(format_sink_t sink, void *ctx, const char *fmt, va_list ap)
{
    struct out o = { sink, ctx, 0 };
    va_list args;

    va_copy(args, ap);
    while (*fmt != '\0') {
        const char *pct = strchr(fmt, '%');

        if (pct == NULL) {
            emit(&o, fmt, strlen(fmt));
            break;
        }
        emit(&o, fmt, (size_t)(pct - fmt));

        struct conv c;
        fmt = parse_conv(pct + 1, &c, &args);
        format_one(&o, &c, pct, fmt, &args);
    }
    va_end(args);
    return o.count;
}
