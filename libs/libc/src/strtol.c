/*
 * strtol.c - strings to integers: strtol/strtoul/strtoll/strtoull and the
 * ato* shorthands.
 *
 * One parser (parse_integer) does the work: optional white space, an
 * optional sign, a "0x"/"0X" prefix for base 16 or 0, a leading "0" meaning
 * octal for base 0, then digits.  It accumulates the magnitude as unsigned
 * long long and notes overflow; each public function then clamps to its own
 * range.  *end points just past the last digit used, or at the input when
 * there were no digits at all.  errno is not set.
 */
#include <stdlib.h>
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>

struct parsed {
    unsigned long long magnitude;
    bool negative;
    bool overflow;
};

static int digit_value(char c)
{
    if (isdigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Skips a "0x" prefix only when a hex digit follows it: "0xg" parses as 0. */
static const char *skip_prefix(const char *p, int *base)
{
    bool hex_prefix = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit(p[2]);

    if ((*base == 0 || *base == 16) && hex_prefix) {
        *base = 16;
        return p + 2;
    }
    if (*base == 0)
        *base = p[0] == '0' ? 8 : 10;
    return p;
}

static struct parsed parse_integer(const char *s, char **end, int base)
{
    struct parsed r = { 0, false, false };
    const char *p = s, *digits;

    if (base < 0 || base == 1 || base > 36) {
        if (end != NULL)
            *end = (char *)s;
        return r;
    }
    while (isspace(*p))
        p++;
    if (*p == '+' || *p == '-')
        r.negative = *p++ == '-';
    p = skip_prefix(p, &base);

    for (digits = p; digit_value(*p) < base; p++) {
        unsigned d = (unsigned)digit_value(*p);

        if (r.magnitude > (ULLONG_MAX - d) / (unsigned)base)
            r.overflow = true;
        else
            r.magnitude = r.magnitude * (unsigned)base + d;
    }
    if (end != NULL)
        *end = (char *)(p == digits ? s : p);
    if (p == digits)
        r.negative = false;
    return r;
}

/* Clamps a parsed value into [min, max] of a signed type. */
static long long clamp_signed(struct parsed r, long long min, long long max)
{
    if (r.negative) {
        if (r.overflow || r.magnitude > (unsigned long long)max + 1)
            return min;
        return (long long)(0ull - r.magnitude);
    }
    if (r.overflow || r.magnitude > (unsigned long long)max)
        return max;
    return (long long)r.magnitude;
}

/* Unsigned conversions accept a '-' and negate, as C specifies. */
static unsigned long long clamp_unsigned(struct parsed r, unsigned long long max)
{
    if (r.overflow || r.magnitude > max)
        return max;
    return r.negative ? (0ull - r.magnitude) & max : r.magnitude;
}

long strtol(const char *s, char **end, int base)
{
    return (long)clamp_signed(parse_integer(s, end, base), LONG_MIN, LONG_MAX);
}

long long strtoll(const char *s, char **end, int base)
{
    return clamp_signed(parse_integer(s, end, base), LLONG_MIN, LLONG_MAX);
}

unsigned long strtoul(const char *s, char **end, int base)
{
    return (unsigned long)clamp_unsigned(parse_integer(s, end, base), ULONG_MAX);
}

unsigned long long strtoull(const char *s, char **end, int base)
{
    return clamp_unsigned(parse_integer(s, end, base), ULLONG_MAX);
}

int atoi(const char *s)
{
    return (int)clamp_signed(parse_integer(s, NULL, 10), INT_MIN, INT_MAX);
}

long atol(const char *s)
{
    return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
    return strtoll(s, NULL, 10);
}
