/*
 * libc_test_string.c - caplab's string.h functions, including the corner
 * cases the C standard pins down (overlap, NUL padding, unsigned compare).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include "libc_host.h"

static void test_memcpy_memset_memcmp(void **state)
{
    char a[16], b[16];

    (void)state;
    assert_ptr_equal(caplab_memset(a, 'x', sizeof(a)), a);
    assert_int_equal(a[0], 'x');
    assert_int_equal(a[15], 'x');
    assert_ptr_equal(caplab_memcpy(b, "hello, world!!!", 16), b);
    assert_memory_equal(b, "hello, world!!!", 16);
    assert_int_equal(caplab_memcmp("abc", "abd", 3), -1);
    assert_int_equal(caplab_memcmp("abd", "abc", 3), 1);
    assert_int_equal(caplab_memcmp("abc", "abd", 2), 0);
    assert_int_equal(caplab_memcmp("\x80", "\x01", 1), 1);    /* unsigned bytes */
    assert_int_equal(caplab_memcmp("a", "b", 0), 0);
}

static void test_memmove_overlap(void **state)
{
    char s[] = "0123456789";
    char t[] = "0123456789";

    (void)state;
    caplab_memmove(s + 2, s, 5);                /* forward overlap */
    assert_string_equal(s, "0101234789");
    caplab_memmove(t, t + 3, 5);                /* backward overlap */
    assert_string_equal(t, "3456756789");
}

static void test_memchr(void **state)
{
    const char s[] = "abc\0def";

    (void)state;
    assert_ptr_equal(caplab_memchr(s, 'e', sizeof(s)), s + 5);
    assert_ptr_equal(caplab_memchr(s, 'z', sizeof(s)), NULL);
    assert_ptr_equal(caplab_memchr(s, 'e', 3), NULL);
}

static void test_lengths(void **state)
{
    (void)state;
    assert_int_equal(caplab_strlen(""), 0);
    assert_int_equal(caplab_strlen("seL4"), 4);
    assert_int_equal(caplab_strnlen("seL4", 2), 2);
    assert_int_equal(caplab_strnlen("seL4", 10), 4);
}

static void test_compare(void **state)
{
    (void)state;
    assert_int_equal(caplab_strcmp("abc", "abc"), 0);
    assert_true(caplab_strcmp("abc", "abd") < 0);
    assert_true(caplab_strcmp("abc", "ab") > 0);
    assert_true(caplab_strcmp("\xff", "a") > 0);                /* unsigned chars */
    assert_int_equal(caplab_strncmp("abcX", "abcY", 3), 0);
    assert_true(caplab_strncmp("abcX", "abcY", 4) < 0);
    assert_int_equal(caplab_strncmp("a", "b", 0), 0);
}

static void test_copy_and_concatenate(void **state)
{
    char buf[16];

    (void)state;
    assert_ptr_equal(caplab_strcpy(buf, "cap"), buf);
    assert_string_equal(buf, "cap");
    caplab_strcat(buf, "lab");
    assert_string_equal(buf, "caplab");
    caplab_strncat(buf, "12345", 2);
    assert_string_equal(buf, "caplab12");

    caplab_memset(buf, 'Z', sizeof(buf));
    caplab_strncpy(buf, "ab", 5);                /* pads with NULs to n */
    assert_memory_equal(buf, "ab\0\0\0Z", 6);
    caplab_strncpy(buf, "abcdef", 3);            /* no terminator when src is longer */
    assert_memory_equal(buf, "abc\0", 4);
}

static void test_search(void **state)
{
    const char *s = "a/b/c";

    (void)state;
    assert_ptr_equal(caplab_strchr(s, '/'), s + 1);
    assert_ptr_equal(caplab_strrchr(s, '/'), s + 3);
    assert_ptr_equal(caplab_strchr(s, 'x'), NULL);
    assert_ptr_equal(caplab_strrchr(s, 'x'), NULL);
    assert_ptr_equal(caplab_strchr(s, '\0'), s + 5);   /* the terminator is found */
    assert_ptr_equal(caplab_strstr("endpoint", "point"), (char *)"endpoint" + 3);
    assert_ptr_equal(caplab_strstr("endpoint", "points"), NULL);
    assert_ptr_equal(caplab_strstr("abc", ""), (char *)"abc");
    assert_ptr_equal(caplab_strstr("", "a"), NULL);
    assert_ptr_equal(caplab_strstr("aaab", "aab"), (char *)"aaab" + 1);
}

static void test_duplicate(void **state)
{
    char *d = caplab_strdup("notification");
    char *n = caplab_strndup("notification", 5);

    (void)state;
    assert_non_null(d);
    assert_string_equal(d, "notification");
    assert_string_equal(n, "notif");
    caplab_free(d);
    caplab_free(n);
}

/* The set scans agree with the host C library (glibc and musl agree). */
static void test_spans(void **state)
{
    static const char *const texts[] = { "", "abc", "  a b", "xyz,,1;2", ";;;" };
    static const char *const sets[] = { "", " ", "abc", ",;", "zyx1" };

    (void)state;
    for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
        for (size_t k = 0; k < sizeof(sets) / sizeof(sets[0]); k++) {
            assert_int_equal(caplab_strspn(texts[t], sets[k]), strspn(texts[t], sets[k]));
            assert_int_equal(caplab_strcspn(texts[t], sets[k]), strcspn(texts[t], sets[k]));
            assert_ptr_equal(caplab_strpbrk(texts[t], sets[k]), strpbrk(texts[t], sets[k]));
        }
    }
}

static void test_strtok(void **state)
{
    char mine[] = ",,a,bb;;c,", host[] = ",,a,bb;;c,", other[] = "x y";
    char *save = NULL, *t;

    (void)state;
    t = caplab_strtok(mine, ",;");
    assert_string_equal(t, "a");
    assert_string_equal(caplab_strtok(NULL, ",;"), "bb");
    assert_string_equal(caplab_strtok(NULL, ",;"), "c");
    assert_null(caplab_strtok(NULL, ",;"));
    assert_null(caplab_strtok(NULL, ",;"));
    assert_string_equal(strtok(host, ",;"), "a");  /* the host cuts the same places */
    while (strtok(NULL, ",;") != NULL)
        continue;
    assert_memory_equal(mine, host, sizeof(mine));
    assert_string_equal(caplab_strtok_r(other, " ", &save), "x");
    assert_string_equal(caplab_strtok_r(NULL, " ", &save), "y");
    assert_null(caplab_strtok_r(NULL, " ", &save));
    assert_null(caplab_strtok(strcpy(other, ",,"), ","));
}

static int sign(int v) { return (v > 0) - (v < 0); }

static void test_case_insensitive(void **state)
{
    static const char *const pairs[][2] = {
        { "Hello", "hELLO" }, { "abc", "abd" }, { "ABD", "abc" }, { "", "a" },
        { "a", "" }, { "Zeta", "zet" }, { "[", "a" }, { "\xe9", "e" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        assert_int_equal(sign(caplab_strcasecmp(pairs[i][0], pairs[i][1])),
                         sign(strcasecmp(pairs[i][0], pairs[i][1])));
        for (size_t n = 0; n < 6; n++)
            assert_int_equal(sign(caplab_strncasecmp(pairs[i][0], pairs[i][1], n)),
                             sign(strncasecmp(pairs[i][0], pairs[i][1], n)));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy_memset_memcmp),
        cmocka_unit_test(test_memmove_overlap),
        cmocka_unit_test(test_memchr),
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_copy_and_concatenate),
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_duplicate),
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_strtok),
        cmocka_unit_test(test_case_insensitive),
    };
    return cmocka_run_group_tests_name("libc string", tests, NULL, NULL);
}
