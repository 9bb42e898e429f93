/*
 * main.c - start-up of the seL4_libs self-test: bootstrap allocman over
 * the root CNode, a vka and the root vspace (with a virtual pool for
 * allocman), then each test family in turn.
 */
#include <stdio.h>
#include <sel4platsupport/bootinfo.h>
#include <simple-default/simple-default.h>
#include <allocman/bootstrap.h>
#include <allocman/vka.h>
#include <sel4utils/vspace.h>
#include <utils/util.h>
#include "test.h"

#define POOL_BYTES (BIT(seL4_PageBits) * 10)
#define VIRTUAL_POOL_BYTES (BIT(seL4_PageBits) * 100)

int test_failures;

static char allocator_pool[POOL_BYTES];
static sel4utils_alloc_data_t vspace_data;
static struct test_env env;

static int bootstrap(void)
{
    void *vaddr;
    reservation_t res;
    static char tiny[64];

    env.bootinfo = platsupport_get_bootinfo();
    simple_default_init_bootinfo(&env.simple, env.bootinfo);
    CHECK("bootstrap refuses a tiny pool",
          bootstrap_use_current_simple(&env.simple, sizeof(tiny), tiny) == NULL, "not NULL");
    env.allocman = bootstrap_use_current_simple(&env.simple, POOL_BYTES, allocator_pool);
    CHECK("bootstrap_use_current_simple", env.allocman != NULL, "NULL");
    if (env.allocman == NULL)
        return -1;
    allocman_make_vka(&env.vka, env.allocman);
    if (sel4utils_bootstrap_vspace_with_bootinfo_leaky(&env.vspace, &vspace_data,
                                                       simple_get_pd(&env.simple), &env.vka,
                                                       env.bootinfo) != 0) {
        CHECK("bootstrap vspace", false, "failed");
        return -1;
    }
    res = vspace_reserve_range(&env.vspace, VIRTUAL_POOL_BYTES, seL4_AllRights, 1, &vaddr);
    CHECK("reserve the virtual pool", res.res != NULL, "NULL reservation");
    if (res.res == NULL)
        return -1;
    bootstrap_configure_virtual_pool(env.allocman, vaddr, VIRTUAL_POOL_BYTES,
                                     simple_get_pd(&env.simple));
    return 0;
}

int main(void)
{
    printf("sel4libs: start\n");
    if (bootstrap() == 0) {
        test_vka(&env);
        test_vspace(&env);
        test_threads(&env);
        test_processes(&env);
    }
    printf("sel4libs: done, %d failed\n", test_failures);
    seL4_DebugHalt();
    return 0;
}
