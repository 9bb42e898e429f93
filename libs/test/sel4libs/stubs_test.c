/* stubs_test.c - test families still to come */
#include "test.h"
void test_processes(struct test_env *env) { (void)env; }
