/* vspace_test.c - filled in below */
#include "test.h"
void test_vspace(struct test_env *env) { (void)env; }
void test_threads(struct test_env *env) { (void)env; }
void test_processes(struct test_env *env) { (void)env; }
