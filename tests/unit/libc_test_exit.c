/*
 * libc_test_exit.c - the ways a program ends: exit() with atexit handlers,
 * abort(), a failed assert, and TASK_TODO, each with its exact console
 * text and exit status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "libc_host.h"
#include <caplab/task.h>
#include "../../libs/libc/include/assert.h"

static void say_first(void) { caplab_fputs("first;", caplab_stdout); }
static void say_second(void) { caplab_fputs("second;", caplab_stdout); }

static void exit_with_handlers(void *arg)
{
    (void)arg;
    caplab_atexit(say_first);
    caplab_atexit(say_second);
    caplab_exit(5);
}

static void test_exit_runs_handlers_in_reverse(void **state)
{
    (void)state;
    libc_host_reset_output();
    assert_int_equal(libc_host_run(exit_with_handlers, NULL), 5);
    assert_string_equal(libc_host_output(), "second;first;");
}

static void plain_exit(void *arg)
{
    (void)arg;
    caplab_exit(0);
}

static void underscore_exit_skips_handlers(void *arg)
{
    (void)arg;
    caplab_atexit(say_first);
    caplab__exit(7);
}

static void test_underscore_exit(void **state)
{
    (void)state;
    libc_host_reset_output();
    assert_int_equal(libc_host_run(underscore_exit_skips_handlers, NULL), 7);
    assert_string_equal(libc_host_output(), "");
    assert_int_equal(libc_host_run(plain_exit, NULL), 0);    /* the handler was kept */
    assert_string_equal(libc_host_output(), "first;");
}

/* <unistd.h>'s page size (musl's _SC_PAGESIZE is 30) and stdio's input. */
static void test_page_size_and_no_input(void **state)
{
    (void)state;
    assert_int_equal(caplab_sysconf(30), 4096);
    assert_int_equal(caplab_getpagesize(), 4096);
    assert_int_equal(caplab_sysconf(12345), -1);
    assert_int_equal(caplab_getchar(), -1);
    assert_int_equal(caplab_getc(caplab_stdin), -1);
    assert_int_equal(caplab_fgetc(caplab_stdin), -1);
}

static void call_abort(void *arg)
{
    (void)arg;
    caplab_abort();
}

static void test_abort(void **state)
{
    (void)state;
    libc_host_reset_output();
    assert_int_equal(libc_host_run(call_abort, NULL), 134);
    assert_string_equal(libc_host_output(), "abort() called\n");
}

static int second_assert_line;

static void failing_assert(void *arg)
{
    int x = *(int *)arg;

    assert(x == 2);
    second_assert_line = __LINE__ + 1;
    assert(x == 1);
    caplab_exit(0);
}

static void test_assert(void **state)
{
    int one = 1, two = 2;
    char expected[128];

    (void)state;
    libc_host_reset_output();
    assert_int_equal(libc_host_run(failing_assert, &two), 134);
    snprintf(expected, sizeof(expected),
             "Assertion failed: x == 1 (%s: failing_assert: %d)\n", __FILE__,
             second_assert_line);
    assert_string_equal(libc_host_output(), expected);

    libc_host_reset_output();
    assert_int_equal(libc_host_run(failing_assert, &one), 134);   /* the first one */
    assert_non_null(strstr(libc_host_output(), "x == 2"));
}

static void unsolved_task(void *arg)
{
    (void)arg;
    TASK_TODO(3, "mint a badged copy of the endpoint");
}

static void test_task_todo(void **state)
{
    (void)state;
    libc_host_reset_output();
    assert_int_equal(libc_host_run(unsolved_task, NULL), 103);
    assert_int_equal(CAPLAB_TASK_STATUS(3), 103);
    assert_string_equal(libc_host_output(),
                        "caplab: TASK 3 is not done yet: mint a badged copy of the endpoint\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_runs_handlers_in_reverse),
        cmocka_unit_test(test_abort),
        cmocka_unit_test(test_underscore_exit),
        cmocka_unit_test(test_page_size_and_no_input),
        cmocka_unit_test(test_assert),
        cmocka_unit_test(test_task_todo),
    };
    return cmocka_run_group_tests_name("libc exit", tests, NULL, NULL);
}
