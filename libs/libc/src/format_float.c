/*
 * format_float.c - the text of printf's %f %F %e %E %g %G conversions.
 *
 * A finite double is m * 2^e with integers m and e, so its value has an
 * exact, finite decimal expansion: m << e when e >= 0, and m * 5^-e
 * digits with the decimal point -e places from the right when e < 0.
 * float_text() computes those digits with a small big-number (32-bit
 * words, multiply and divide by one word), then rounds them to the
 * requested precision on the exact digits, ties to even, as musl and glibc
 * do in the default rounding mode.  So every output is the correctly
 * rounded one, with no floating-point arithmetic at all.
 *
 * Sign, width and padding are format.c's; this file writes the rest.  A
 * precision above MAX_FLOAT_PREC is cut to it (musl goes on with exact
 * digits), which keeps the buffers small enough for small thread stacks.
 */
#include <stdint.h>
#include <string.h>
#include "libc_internal.h"

#define BIG_WORDS   84      /* 2^53 * 5^1074 < 2^2560: the largest value below */
#define MAX_DIGITS  780     /* its decimal digits, with room */

/* The exact decimal expansion of |v|: digits d[0..n) (values 0-9, no
 * leading or trailing zeros; "0" for zero), d[0] standing for 10^e10. */
struct decimal {
    unsigned char d[MAX_DIGITS];
    int n;
    int e10;
};

struct big {
    uint32_t w[BIG_WORDS];    /* little-endian */
    int n;                    /* words in use; 0 is zero */
};

static void big_mul_small(struct big *b, uint32_t k)
{
    uint64_t carry = 0;

    for (int i = 0; i < b->n; i++) {
        carry += (uint64_t)b->w[i] * k;
        b->w[i] = (uint32_t)carry;
        carry >>= 32;
    }
    if (carry)
        b->w[b->n++] = (uint32_t)carry;
}

/* Divides b by k in place; returns the remainder. */
static uint32_t big_div_small(struct big *b, uint32_t k)
{
    uint64_t rem = 0;

    for (int i = b->n - 1; i >= 0; i--) {
        uint64_t cur = (rem << 32) | b->w[i];
        b->w[i] = (uint32_t)(cur / k);
        rem = cur % k;
    }
    while (b->n > 0 && b->w[b->n - 1] == 0)
        b->n--;
    return (uint32_t)rem;
}

static void big_shift_left(struct big *b, int bits)
{
    int words = bits / 32, rest = bits % 32;

    for (int i = b->n - 1; i >= 0; i--)
        b->w[i + words] = b->w[i];
    memset(b->w, 0, (size_t)words * sizeof(uint32_t));
    b->n += words;
    if (rest) {
        uint32_t carry = 0;
        for (int i = words; i < b->n; i++) {
            uint32_t next = b->w[i] >> (32 - rest);
            b->w[i] = (b->w[i] << rest) | carry;
            carry = next;
        }
        if (carry)
            b->w[b->n++] = carry;
    }
}

/* Writes b's decimal digits into x (most significant first). */
static void big_to_digits(struct big *b, struct decimal *x)
{
    unsigned char rev[MAX_DIGITS];
    int n = 0;

    while (b->n > 0) {
        uint32_t chunk = big_div_small(b, 1000000000u);
        for (int i = 0; i < 9; i++, chunk /= 10)
            rev[n++] = (unsigned char)(chunk % 10);
    }
    while (n > 1 && rev[n - 1] == 0)
        n--;
    if (n == 0)
        rev[n++] = 0;
    for (int i = 0; i < n; i++)
        x->d[i] = rev[n - 1 - i];
    x->n = n;
}

static uint32_t pow5_small(int k)
{
    uint32_t v = 1;

    while (k-- > 0)
        v *= 5;
    return v;
}

/* The exact decimal digits of the finite magnitude m * 2^e. */
static void exact_decimal(uint64_t m, int e, struct decimal *x)
{
    struct big b = { { (uint32_t)m, (uint32_t)(m >> 32) }, m >> 32 ? 2 : (m ? 1 : 0) };
    int frac = 0;

    if (e >= 0) {
        big_shift_left(&b, e);
    } else {
        for (int k = -e; k > 0; k -= 13)            /* 5^13 fits in a word */
            big_mul_small(&b, k >= 13 ? 1220703125u : pow5_small(k));
        frac = -e;
    }
    big_to_digits(&b, x);
    x->e10 = m == 0 ? 0 : x->n - 1 - frac;
    while (x->n > 1 && x->d[x->n - 1] == 0)
        x->n--;
}

static int digit_at(const struct decimal *x, int power)
{
    int i = x->e10 - power;
    return i >= 0 && i < x->n ? x->d[i] : 0;
}

static bool nonzero_below(const struct decimal *x, int power)
{
    for (int i = x->e10 - power + 1 < 0 ? 0 : x->e10 - power + 1; i < x->n; i++)
        if (x->d[i])
            return true;
    return false;
}

/* Digits for powers hi down to lo (hi >= lo) into out, rounded at lo,
 * ties to even; returns 1 when the rounding carried out of hi. */
static int round_digits(const struct decimal *x, int hi, int lo, unsigned char *out)
{
    int k = hi - lo + 1, first = digit_at(x, lo - 1);

    for (int j = 0; j < k; j++)
        out[j] = (unsigned char)digit_at(x, hi - j);
    if (first < 5 || (first == 5 && !nonzero_below(x, lo - 1) && !(out[k - 1] & 1)))
        return 0;
    for (int j = k - 1; j >= 0; j--) {
        if (++out[j] < 10)
            return 0;
        out[j] = 0;
    }
    return 1;
}

/* Appends helpers: each returns the new length, never past cap. */
static size_t put(char *buf, size_t len, size_t cap, char c)
{
    if (len < cap)
        buf[len] = c;
    return len + 1;
}

static size_t put_digits(char *buf, size_t len, size_t cap, const unsigned char *d, int n)
{
    for (int i = 0; i < n; i++)
        len = put(buf, len, cap, (char)('0' + d[i]));
    return len;
}

static size_t fixed_text(const struct decimal *x, int prec, bool alt, char *buf, size_t cap)
{
    unsigned char out[MAX_FLOAT_TEXT];
    int hi = x->e10 > 0 ? x->e10 : 0;
    size_t len = 0;

    if (round_digits(x, hi, -prec, out))
        len = put(buf, len, cap, '1');
    len = put_digits(buf, len, cap, out, hi + 1);
    if (prec > 0 || alt)
        len = put(buf, len, cap, '.');
    return put_digits(buf, len, cap, out + hi + 1, prec);
}

static size_t exp_text(const struct decimal *x, int prec, bool alt, bool upper,
                       char *buf, size_t cap)
{
    unsigned char out[MAX_FLOAT_TEXT];
    int e = x->e10;
    size_t len = 0;
    char exp[8];
    int n = 0;

    if (round_digits(x, e, e - prec, out)) {
        out[0] = 1;                     /* 9.99 -> 10.0: all digits were 0 */
        e++;
    }
    len = put_digits(buf, len, cap, out, 1);
    if (prec > 0 || alt)
        len = put(buf, len, cap, '.');
    len = put_digits(buf, len, cap, out + 1, prec);
    len = put(buf, len, cap, upper ? 'E' : 'e');
    len = put(buf, len, cap, e < 0 ? '-' : '+');
    for (unsigned u = (unsigned)(e < 0 ? -e : e); u != 0 || n < 2; u /= 10)
        exp[n++] = (char)('0' + u % 10);
    while (n > 0)
        len = put(buf, len, cap, exp[--n]);
    return len;
}

/* %g: drop trailing zeros of the fraction (and a bare '.'), keeping the
 * exponent part; text is buf[0..len). */
static size_t strip_zeros(char *buf, size_t len)
{
    size_t dot, exp = len, end;

    for (dot = 0; dot < len && buf[dot] != '.'; dot++)
        ;
    if (dot == len)
        return len;
    for (size_t i = dot; i < len; i++)
        if (buf[i] == 'e' || buf[i] == 'E') { exp = i; break; }
    for (end = exp; end > dot + 1 && buf[end - 1] == '0'; end--)
        ;
    if (end == dot + 1)
        end = dot;
    memmove(buf + end, buf + exp, len - exp);
    return end + (len - exp);
}

static size_t general_text(const struct decimal *x, int prec, bool alt, bool upper,
                           char *buf, size_t cap)
{
    unsigned char out[MAX_FLOAT_TEXT];
    int p = prec == 0 ? 1 : prec;
    int e = x->e10 + round_digits(x, x->e10, x->e10 - (p - 1), out);
    size_t len;

    if (e < p && e >= -4)
        len = fixed_text(x, p - 1 - e, alt, buf, cap);
    else
        len = exp_text(x, p - 1, alt, upper, buf, cap);
    return alt || len > cap ? len : strip_zeros(buf, len);
}

size_t float_text(double v, char letter, int prec, bool alt, bool *negative,
                  char *buf, size_t cap)
{
    uint64_t bits;
    bool upper = letter == 'F' || letter == 'E' || letter == 'G';
    struct decimal x;

    memcpy(&bits, &v, sizeof(bits));
    *negative = bits >> 63;
    int exp_field = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & ((1ull << 52) - 1);
    if (exp_field == 0x7ff) {
        const char *word = m ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        memcpy(buf, word, cap < 3 ? cap : 3);
        return 3;
    }
    if (prec < 0)
        prec = 6;
    if (prec > MAX_FLOAT_PREC)
        prec = MAX_FLOAT_PREC;
    if (exp_field != 0)
        m |= 1ull << 52;
    exact_decimal(m, (exp_field ? exp_field : 1) - 1075, &x);
    switch (letter) {
    case 'f': case 'F': return fixed_text(&x, prec, alt, buf, cap);
    case 'e': case 'E': return exp_text(&x, prec, alt, upper, buf, cap);
    default:            return general_text(&x, prec, alt, upper, buf, cap);
    }
}
