/*
 * libc_test_zf_log.c - the zf_log line format, level gating, the _IF and
 * _IFERR variants, and sel4_strerror().
 *
 * This file sets ZF_LOG_LEVEL to WARN, so INFO and DEBUG calls must print
 * nothing while WARN and ERROR print.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <stdio.h>
#include <cmocka.h>
#include "libc_host.h"

#define ZF_LOG_LEVEL ZF_LOG_WARN
#include <utils/util.h>
#include <sel4/errors.h>

static int logged_line;

static void setup_prefix(const char *prefix)
{
    zf_log_set_tag_prefix(prefix);
    libc_host_reset_output();
}

static void test_line_format_with_prefix(void **state)
{
    char expected[160];

    (void)state;
    setup_prefix("dynamic-3:");
    logged_line = __LINE__ + 1;
    ZF_LOGE("value %d", 42);
    snprintf(expected, sizeof(expected),
             "dynamic-3: test_line_format_with_prefix@libc_test_zf_log.c:%d value 42\n",
             logged_line);
    assert_string_equal(libc_host_output(), expected);
}

static void test_line_format_without_prefix(void **state)
{
    char expected[160];

    (void)state;
    setup_prefix(NULL);
    logged_line = __LINE__ + 1;
    ZF_LOGW("plain");
    snprintf(expected, sizeof(expected),
             "test_line_format_without_prefix@libc_test_zf_log.c:%d plain\n", logged_line);
    assert_string_equal(libc_host_output(), expected);
}

static void test_levels_below_threshold_are_silent(void **state)
{
    int evaluated = 0;

    (void)state;
    setup_prefix(NULL);
    ZF_LOGI("info %d", ++evaluated);
    ZF_LOGD("debug");
    ZF_LOGV("verbose");
    ZF_LOGI_IF(1, "info if");
    ZF_LOGD_IFERR(3, "debug iferr");
    assert_string_equal(libc_host_output(), "");
    assert_int_equal(evaluated, 0);              /* arguments not evaluated */
}

static void test_if_variants(void **state)
{
    char *ptr = NULL;
    char expected[200];

    (void)state;
    setup_prefix("dynamic-3:");
    ZF_LOGE_IF(ptr != NULL, "not printed");
    assert_string_equal(libc_host_output(), "");
    logged_line = __LINE__ + 1;
    ZF_LOGE_IF(ptr == NULL, "Failed to reserve a chunk of memory.");
    snprintf(expected, sizeof(expected),
             "dynamic-3: test_if_variants@libc_test_zf_log.c:%d [Cond failed: ptr == NULL]\n"
             "\tFailed to reserve a chunk of memory.\n", logged_line);
    assert_string_equal(libc_host_output(), expected);
}

static int error_calls;
static int next_error(void)
{
    error_calls++;
    return seL4_InvalidCapability;
}

static void test_iferr_variants(void **state)
{
    char expected[200];

    (void)state;
    setup_prefix("dynamic-1:");
    ZF_LOGW_IFERR(seL4_NoError, "not printed");
    assert_string_equal(libc_host_output(), "");
    logged_line = __LINE__ + 1;
    ZF_LOGE_IFERR(next_error(), "Failed to set the priority for the new TCB object.");
    snprintf(expected, sizeof(expected),
             "dynamic-1: test_iferr_variants@libc_test_zf_log.c:%d [Err seL4_InvalidCapability]:\n"
             "\tFailed to set the priority for the new TCB object.\n", logged_line);
    assert_string_equal(libc_host_output(), expected);
    assert_int_equal(error_calls, 1);            /* err evaluated once */
}

static void fatal_if(void *arg)
{
    int *value = arg;

    ZF_LOGF_IF(*value == 0, "value is %d", *value);
    caplab_exit(0);
}

static void fatal_iferr(void *arg)
{
    (void)arg;
    ZF_LOGF_IFERR(seL4_NotEnoughMemory, "retype");
}

static void test_fatal_variants_abort(void **state)
{
    int zero = 0, one = 1;

    (void)state;
    setup_prefix(NULL);
    assert_int_equal(libc_host_run(fatal_if, &one), 0);
    assert_string_equal(libc_host_output(), "");
    assert_int_equal(libc_host_run(fatal_if, &zero), 134);
    assert_non_null(strstr(libc_host_output(), "[Cond failed: *value == 0]\n\tvalue is 0\n"));
    assert_non_null(strstr(libc_host_output(), "abort() called\n"));

    libc_host_reset_output();
    assert_int_equal(libc_host_run(fatal_iferr, NULL), 134);
    assert_non_null(strstr(libc_host_output(), "[Err seL4_NotEnoughMemory]:\n\tretype\n"));
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(sel4_strerror(seL4_NoError), "seL4_NoError");
    assert_string_equal(sel4_strerror(seL4_InvalidCapability), "seL4_InvalidCapability");
    assert_string_equal(sel4_strerror(seL4_NotEnoughMemory), "seL4_NotEnoughMemory");
    assert_string_equal(sel4_strerror(seL4_NumErrors), "unknown seL4 error");
    assert_string_equal(sel4_strerror(-1), "unknown seL4 error");
}

static void test_util_macros(void **state)
{
    int a[7];

    (void)state;
    assert_int_equal(ARRAY_SIZE(a), 7);
    assert_int_equal(BIT(12), 4096);
    assert_int_equal(MIN(3, 4), 3);
    assert_int_equal(MAX(3, 4), 4);
    assert_int_equal(ROUND_UP(4097ul, 4096ul), 8192);   /* a value, as in util_libs */
    assert_int_equal(ROUND_UP(4096ul, 4096ul), 4096);
    assert_int_equal(ROUND_DOWN(4097ul, 4096ul), 4096);
    assert_int_equal(ALIGN_UP(13ul, 8ul), 16);
    assert_true(IS_ALIGNED(8192ul, 13));
    assert_false(IS_ALIGNED(4096ul, 13));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_format_with_prefix),
        cmocka_unit_test(test_line_format_without_prefix),
        cmocka_unit_test(test_levels_below_threshold_are_silent),
        cmocka_unit_test(test_if_variants),
        cmocka_unit_test(test_iferr_variants),
        cmocka_unit_test(test_fatal_variants_abort),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_util_macros),
    };
    return cmocka_run_group_tests_name("utils zf_log", tests, NULL, NULL);
}
