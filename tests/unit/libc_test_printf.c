/*
 * libc_test_printf.c - caplab's printf engine and console output.
 *
 * Most cases compare caplab_snprintf against the exact text C specifies;
 * the console cases check what reaches caplab_console_write().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "libc_host.h"

#define EXPECT_FMT(expected, ...)                                           \
    do {                                                                    \
        char buf_[256];                                                     \
        int n_ = caplab_snprintf(buf_, sizeof(buf_), __VA_ARGS__);          \
        assert_string_equal(buf_, expected);                                \
        assert_int_equal(n_, (int)strlen(expected));                        \
    } while (0)

/* For formats the compiler's checker rightly rejects: no format attribute. */
static const char *raw_format(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    caplab_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return buf;
}

static void test_integers(void **state)
{
    (void)state;
    EXPECT_FMT("0 -1 42", "%d %i %d", 0, -1, 42);
    EXPECT_FMT("-2147483648 2147483647", "%d %d", (int)INT32_MIN, INT32_MAX);
    EXPECT_FMT("4294967295", "%u", 4294967295u);
    EXPECT_FMT("ff FF 17", "%x %X %o", 255u, 255u, 15u);
    EXPECT_FMT("-9223372036854775808", "%ld", (long)INT64_MIN);
    EXPECT_FMT("18446744073709551615", "%lu", (unsigned long)UINT64_MAX);
    EXPECT_FMT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
    EXPECT_FMT("123456789012", "%zu", (size_t)123456789012ull);
    EXPECT_FMT("-5", "%zd", (ptrdiff_t)-5);
    EXPECT_FMT("-1 255", "%hhd %hhu", 255, 255);
    EXPECT_FMT("-1 65535", "%hd %hu", 65535, 65535);
    EXPECT_FMT("7 -7", "%jd %td", (intmax_t)7, (ptrdiff_t)-7);
}

static void test_width_and_flags(void **state)
{
    (void)state;
    EXPECT_FMT("[   42]", "[%5d]", 42);
    EXPECT_FMT("[42   ]", "[%-5d]", 42);
    EXPECT_FMT("[00042]", "[%05d]", 42);
    EXPECT_FMT("[-0042]", "[%05d]", -42);
    EXPECT_FMT("[+42] [ 42]", "[%+d] [% d]", 42, 42);
    EXPECT_FMT("[0x1f] [0X1F] [017] [0]", "[%#x] [%#X] [%#o] [%#x]", 31u, 31u, 15u, 0u);
    EXPECT_FMT("[0x001f]", "[%#06x]", 31u);
    EXPECT_FMT("[   42]", "[%*d]", 5, 42);
    EXPECT_FMT("[42   ]", "[%*d]", -5, 42);
    EXPECT_FMT("[42]", "[%1d]", 42);
}

static void test_precision(void **state)
{
    char buf[32];

    (void)state;
    /* the '0' flag is ignored when there is a precision */
    assert_string_equal(raw_format(buf, sizeof(buf), "[%09.5d]", -42), "[   -00042]");
    EXPECT_FMT("[00042]", "[%.5d]", 42);
    EXPECT_FMT("[  00042]", "[%7.5d]", 42);
    EXPECT_FMT("[]", "[%.0d]", 0);
    EXPECT_FMT("[   ]", "[%3.0u]", 0u);
    EXPECT_FMT("[abc]", "[%.3s]", "abcdef");
    EXPECT_FMT("[ab]", "[%.*s]", 2, "abcdef");
    EXPECT_FMT("[abcdef]", "[%.*s]", -1, "abcdef");
}

static void test_strings_chars_pointers(void **state)
{
    EXPECT_FMT("[hi   ] [   hi]", "[%-5s] [%5s]", "hi", "hi");
    char buf[32];
    const char *no_string = NULL;

    assert_string_equal(raw_format(buf, sizeof(buf), "%s", no_string), "(null)");
    EXPECT_FMT("[x] [  y] [z  ]", "[%c] [%3c] [%-3c]", 'x', 'y', 'z');
    (void)state;
    EXPECT_FMT("100%", "100%%");
}

/* musl's %p (seL4's libc), not glibc's: these strings are musl's output. */
static void test_pointers_as_musl(void **state)
{
    char buf[64];

    (void)state;
    EXPECT_FMT("0x0000000000001000", "%p", (void *)0x1000);
    EXPECT_FMT("0x00000000070003c8", "%p", (void *)0x70003c8);
    EXPECT_FMT("0xffffffff80000000", "%p", (void *)0xffffffff80000000ul);
    EXPECT_FMT("0000000000000000", "%p", NULL);
    EXPECT_FMT("[    0000000000000000]", "[%20p]", NULL);
    EXPECT_FMT("[0x00000000000000ab  ]", "[%-20p]", (void *)0xab);
    EXPECT_FMT("[  0x00000000000000ab]", "[%20p]", (void *)0xab);
    EXPECT_FMT("[0x00000000000000ab]", "[%5p]", (void *)0xab);
    /* a larger precision widens it; the '0' flag never applies */
    assert_string_equal(raw_format(buf, sizeof(buf), "[%.20p]", (void *)0xab),
                        "[0x000000000000000000ab]");
    assert_string_equal(raw_format(buf, sizeof(buf), "[%022p]", (void *)0xab),
                        "[    0x00000000000000ab]");
    assert_string_equal(raw_format(buf, sizeof(buf), "[%.0p]", NULL),
                        "[0000000000000000]");
}

static void test_unknown_conversion_printed_as_is(void **state)
{
    char buf[32];

    (void)state;
    /* %k is no conversion: it must show, not vanish, and must not consume
     * an argument. */
    assert_string_equal(raw_format(buf, sizeof(buf), "a %k b %d", 3), "a %k b 3");
    assert_string_equal(raw_format(buf, sizeof(buf), "trailing %"), "trailing %");
}

static void test_truncation(void **state)
{
    char buf[8];
    int n;

    (void)state;
    memset(buf, 'Z', sizeof(buf));
    n = caplab_snprintf(buf, 5, "%s", "abcdefgh");
    assert_int_equal(n, 8);                        /* the full length */
    assert_string_equal(buf, "abcd");
    assert_int_equal(buf[5], 'Z');                 /* nothing past size */

    buf[0] = 'Q';
    n = caplab_snprintf(buf, 0, "%d", 12345);
    assert_int_equal(n, 5);
    assert_int_equal(buf[0], 'Q');                 /* size 0 writes nothing */

    n = caplab_snprintf(buf, 1, "%d", 7);
    assert_int_equal(n, 1);
    assert_string_equal(buf, "");
}

static void test_sprintf(void **state)
{
    char buf[32];

    (void)state;
    assert_int_equal(caplab_sprintf(buf, "%s-%d", "id", 9), 4);
    assert_string_equal(buf, "id-9");
}

static void test_console_output(void **state)
{
    (void)state;
    libc_host_reset_output();
    assert_int_equal(caplab_printf("x=%d\n", 5), 4);
    assert_int_equal(caplab_puts("line"), 0);
    assert_int_equal(caplab_putchar('!'), '!');
    assert_int_equal(caplab_fputs("err", caplab_stderr), 0);
    assert_int_equal(caplab_fprintf(caplab_stderr, "[%s]", "e"), 3);
    assert_int_equal(caplab_fputc('c', caplab_stdout), 'c');
    assert_int_equal(caplab_fwrite("abcd", 2, 2, caplab_stdout), 2);
    assert_string_equal(libc_host_output(), "x=5\nline\n!err[e]cabcd");
}

static void test_stdin_is_not_writable(void **state)
{
    (void)state;
    libc_host_reset_output();
    assert_int_equal(caplab_fprintf(caplab_stdin, "nope"), -1);
    assert_int_equal(caplab_fputs("nope", caplab_stdin), -1);
    assert_string_equal(libc_host_output(), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_width_and_flags),
        cmocka_unit_test(test_precision),
        cmocka_unit_test(test_strings_chars_pointers),
        cmocka_unit_test(test_pointers_as_musl),
        cmocka_unit_test(test_unknown_conversion_printed_as_is),
        cmocka_unit_test(test_truncation),
        cmocka_unit_test(test_sprintf),
        cmocka_unit_test(test_console_output),
        cmocka_unit_test(test_stdin_is_not_writable),
    };
    return cmocka_run_group_tests_name("libc printf", tests, NULL, NULL);
}
