/*
 * libc_test_stdlib.c - number parsing (strtol family, ato*), abs, rand,
 * qsort and the ctype classes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <cmocka.h>
#include "libc_host.h"

static void test_strtol_bases(void **state)
{
    char *end;

    (void)state;
    assert_int_equal(caplab_strtol("  -123xyz", &end, 10), -123);
    assert_string_equal(end, "xyz");
    assert_int_equal(caplab_strtol("+77", NULL, 10), 77);
    assert_int_equal(caplab_strtol("0x1F", &end, 16), 31);
    assert_string_equal(end, "");
    assert_int_equal(caplab_strtol("0x1F", NULL, 0), 31);
    assert_int_equal(caplab_strtol("017", NULL, 0), 15);
    assert_int_equal(caplab_strtol("17", NULL, 0), 17);
    assert_int_equal(caplab_strtol("z", NULL, 36), 35);
    assert_int_equal(caplab_strtol("1010", NULL, 2), 10);
    assert_int_equal(caplab_strtol("ff", NULL, 16), 255);
}

static void test_strtol_no_digits(void **state)
{
    const char *s = "  -x";
    char *end;

    (void)state;
    assert_int_equal(caplab_strtol(s, &end, 10), 0);
    assert_ptr_equal(end, s);                    /* no digits: end = input */
    assert_int_equal(caplab_strtol("0xg", &end, 16), 0);
    assert_string_equal(end, "xg");              /* the "0" was a digit */
    assert_int_equal(caplab_strtol("12", &end, 1), 0);   /* invalid base */
}

static void test_strtol_overflow_clamps(void **state)
{
    char *end;

    (void)state;
    assert_true(caplab_strtol("99999999999999999999", &end, 10) == LONG_MAX);
    assert_string_equal(end, "");
    assert_true(caplab_strtol("-99999999999999999999", NULL, 10) == LONG_MIN);
    assert_true(caplab_strtol("9223372036854775807", NULL, 10) == LONG_MAX);
    assert_true(caplab_strtol("-9223372036854775808", NULL, 10) == LONG_MIN);
    assert_true(caplab_strtol("9223372036854775808", NULL, 10) == LONG_MAX);
    assert_true(caplab_strtoull("18446744073709551615", NULL, 10) == ULLONG_MAX);
    assert_true(caplab_strtoull("18446744073709551616", NULL, 10) == ULLONG_MAX);
    assert_true(caplab_strtoul("-1", NULL, 10) == ULONG_MAX);   /* negated, as C says */
    assert_true(caplab_strtoll("-42", NULL, 10) == -42);
    assert_int_equal(caplab_atoi("3000000000"), INT_MAX);
    assert_int_equal(caplab_atoi(" 42 "), 42);
    assert_int_equal(caplab_atol("-7"), -7);
}

static void test_abs_rand(void **state)
{
    int first[4], again[4];

    (void)state;
    assert_int_equal(caplab_abs(-5), 5);
    assert_int_equal(caplab_abs(5), 5);
    caplab_srand(7);
    for (int i = 0; i < 4; i++)
        first[i] = caplab_rand();
    caplab_srand(7);
    for (int i = 0; i < 4; i++) {
        again[i] = caplab_rand();
        assert_int_equal(first[i], again[i]);    /* same seed, same sequence */
        assert_true(again[i] >= 0);
    }
    assert_int_not_equal(first[0], first[1]);
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

static void test_qsort(void **state)
{
    int v[] = { 5, -1, 3, 3, 0, 9, -7 };
    const int sorted[] = { -7, -1, 0, 3, 3, 5, 9 };

    (void)state;
    caplab_qsort(v, 7, sizeof(int), compare_ints);
    assert_memory_equal(v, sorted, sizeof(sorted));
    caplab_qsort(v, 0, sizeof(int), compare_ints);   /* empty is fine */
}

static void test_ctype(void **state)
{
    (void)state;
    assert_true(caplab_isdigit('7') && !caplab_isdigit('a'));
    assert_true(caplab_isxdigit('F') && caplab_isxdigit('a') && !caplab_isxdigit('g'));
    assert_true(caplab_isalpha('q') && !caplab_isalpha('1'));
    assert_true(caplab_isalnum('Z') && caplab_isalnum('0') && !caplab_isalnum('_'));
    assert_true(caplab_isspace(' ') && caplab_isspace('\n') && caplab_isspace('\t'));
    assert_false(caplab_isspace('x'));
    assert_true(caplab_ispunct('!') && !caplab_ispunct('a') && !caplab_ispunct(' '));
    assert_true(caplab_isprint(' ') && !caplab_isprint('\n'));
    assert_int_equal(caplab_toupper('a'), 'A');
    assert_int_equal(caplab_tolower('A'), 'a');
    assert_int_equal(caplab_toupper('1'), '1');
    assert_false(caplab_isdigit(-1));            /* EOF is in no class */
}

static void test_bsearch_ldiv(void **state)
{
    static const int sorted[] = { -7, 0, 3, 3, 9, 12, 40 };
    const size_t n = sizeof(sorted) / sizeof(sorted[0]);

    (void)state;
    for (int key = -9; key <= 42; key++) {
        const int *found = caplab_bsearch(&key, sorted, n, sizeof(int), compare_ints);
        const int *host = bsearch(&key, sorted, n, sizeof(int), compare_ints);

        assert_int_equal(found == NULL, host == NULL);
        if (found != NULL)
            assert_int_equal(*found, key);
    }
    assert_null(caplab_bsearch(&n, sorted, 0, sizeof(int), compare_ints));
    for (long a = -9; a <= 9; a += 3) {
        for (long b = -4; b <= 4; b++) {
            if (b == 0)
                continue;
            struct caplab_ldiv mine = caplab_ldiv(a, b);
            ldiv_t host = ldiv(a, b);

            assert_int_equal(mine.quot, host.quot);
            assert_int_equal(mine.rem, host.rem);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strtol_bases),
        cmocka_unit_test(test_strtol_no_digits),
        cmocka_unit_test(test_strtol_overflow_clamps),
        cmocka_unit_test(test_abs_rand),
        cmocka_unit_test(test_qsort),
        cmocka_unit_test(test_bsearch_ldiv),
        cmocka_unit_test(test_ctype),
    };
    return cmocka_run_group_tests_name("libc stdlib", tests, NULL, NULL);
}
