/*
 * libc_test_float.c - printf's %f %e %g family against the host C library.
 *
 * glibc and musl both print the correctly rounded decimal value (ties to
 * even), so for these conversions the host's snprintf is the reference:
 * special values, rounding ties, powers of ten, the extremes of double,
 * flags and widths, and 20000 doubles from random bit patterns in every
 * conversion.  "%#g" is checked against fixed texts instead: glibc drops
 * the zeros it must keep when rounding carries ("%#.3g" of 999.9999999 is
 * "1.e+03" there; C and musl say "1.00e+03").
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "libc_host.h"

/* Formats one double both ways and compares. */
static void same_as_host(const char *fmt, double v)
{
    char ours[800], host[800];
    int n = caplab_snprintf(ours, sizeof(ours), fmt, v);
    int h = snprintf(host, sizeof(host), fmt, v);

    if (strcmp(ours, host) != 0 || n != h)
        fail_msg("format \"%s\" of %a: caplab \"%s\" (%d), host \"%s\" (%d)",
                 fmt, v, ours, n, host, h);
}

static const char *const formats[] = {
    "%f", "%e", "%g", "%F", "%E", "%G", "%.0f", "%.0e", "%.0g", "%.1f", "%.3e",
    "%.10g", "%.17g", "%.20f", "%#.0f", "%#.0e", "%+f", "% e",
    "%12.4f", "%-12.4e|", "%012.3f", "%+015.2e", "%-+10g|", "%08g", "%.40e",
};

static void test_special_values(void **state)
{
    const double values[] = { 0.0, -0.0, INFINITY, -INFINITY, NAN, -NAN };

    (void)state;
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
        for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++)
            same_as_host(formats[f], values[i]);
}

static void test_ties_and_carries(void **state)
{
    const double values[] = {
        0.5, 1.5, 2.5, 0.125, 0.375, 9.5, 99.5, 999.9999999, 9.999999e9, 0.05,
        0.15, 0.25, 0.35, 1e-5, 9.9999e-5, 123456.5, 0.000123456789, 1.0 / 3,
        2.0 / 3, 3.14159265358979, 2.718281828459045, 1e15 + 0.3, 4503599627370497.5,
    };

    (void)state;
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
        for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
            same_as_host(formats[f], values[i]);
            same_as_host(formats[f], -values[i]);
        }
}

static void test_extremes_and_powers(void **state)
{
    (void)state;
    for (int e = -320; e <= 308; e++) {
        char text[32];
        snprintf(text, sizeof(text), "1e%d", e);
        double v = strtod(text, NULL);
        same_as_host("%e", v);
        same_as_host("%.17g", v);
        same_as_host("%g", v);
    }
    same_as_host("%f", 1.7976931348623157e308);
    same_as_host("%.350f", 4.9406564584124654e-324);
    same_as_host("%.300e", 4.9406564584124654e-324);
    same_as_host("%.350f", 2.2250738585072014e-308);
    same_as_host("%.0f", 1e300);
}

/* Random bit patterns cover normal and subnormal doubles of every size. */
static void test_random_doubles(void **state)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;

    (void)state;
    for (int i = 0; i < 20000; i++) {
        double v;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        memcpy(&v, &x, sizeof(v));
        if (isnan(v))
            continue;
        same_as_host(formats[i % (sizeof(formats) / sizeof(formats[0]))], v);
    }
}

static void test_alt_general(void **state)
{
    char buf[64];

    (void)state;
    caplab_snprintf(buf, sizeof(buf), "%#g|%#.3g|%#.3g|%#.1g|%#g", 1.0, 999.9999999, 0.0001,
                    0.0, 123456789.0);
    assert_string_equal(buf, "1.00000|1.00e+03|0.000100|0.|1.23457e+08");
}

static void test_long_double_and_neighbours(void **state)
{
    char buf[64];

    (void)state;
    caplab_snprintf(buf, sizeof(buf), "%d %Lf %d %.2f %s", 1, (long double)2.5, 3, 4.125, "x");
    assert_string_equal(buf, "1 2.500000 3 4.12 x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_special_values),
        cmocka_unit_test(test_ties_and_carries),
        cmocka_unit_test(test_extremes_and_powers),
        cmocka_unit_test(test_random_doubles),
        cmocka_unit_test(test_alt_general),
        cmocka_unit_test(test_long_double_and_neighbours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
