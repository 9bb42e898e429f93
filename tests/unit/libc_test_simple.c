/*
 * libc_test_simple.c - simple-default over a hand-made BootInfo: the
 * initial caps, untyped descriptions, cap enumeration and simple_print's
 * text.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "libc_host.h"
#include <simple/simple.h>
#include <simple-default/simple-default.h>

static seL4_BootInfo bi;

/* A small root task: 3 paging caps, 2 image frames, 3 untypeds. */
static int setup(void **state)
{
    (void)state;
    memset(&bi, 0, sizeof(bi));
    bi.nodeID = 0;
    bi.numNodes = 1;
    bi.numIOPTLevels = (seL4_Word)-1;
    bi.ipcBuffer = (seL4_IPCBuffer *)0x52c000;
    bi.userImagePaging = (seL4_SlotRegion){ 16, 19 };
    bi.userImageFrames = (seL4_SlotRegion){ 19, 21 };
    bi.untyped = (seL4_SlotRegion){ 21, 24 };
    bi.empty = (seL4_SlotRegion){ 24, 4096 };
    bi.initThreadCNodeSizeBits = 12;
    bi.untypedList[0] = (seL4_UntypedDesc){ .paddr = 0x100000, .sizeBits = 20 };
    bi.untypedList[1] = (seL4_UntypedDesc){ .paddr = 0x9f000, .sizeBits = 12, .isDevice = 1 };
    bi.untypedList[2] = (seL4_UntypedDesc){ .paddr = 0x200000, .sizeBits = 20 };
    return 0;
}

static void test_initial_caps(void **state)
{
    simple_t s;

    (void)state;
    simple_default_init_bootinfo(&s, &bi);
    assert_int_equal(simple_get_tcb(&s), seL4_CapInitThreadTCB);
    assert_int_equal(simple_get_cnode(&s), seL4_CapInitThreadCNode);
    assert_int_equal(simple_get_pd(&s), seL4_CapInitThreadVSpace);
    assert_int_equal(simple_get_irq_ctrl(&s), seL4_CapIRQControl);
    assert_int_equal(simple_get_init_cap(&s, seL4_CapInitThreadASIDPool), 6);
    assert_int_equal(simple_get_cnode_size_bits(&s), 12);
    assert_int_equal(simple_get_core_count(&s), 1);
}

static void test_untypeds(void **state)
{
    simple_t s;
    size_t bits = 0;
    uintptr_t paddr = 0;
    bool device = false;

    (void)state;
    simple_default_init_bootinfo(&s, &bi);
    assert_int_equal(simple_get_untyped_count(&s), 3);
    assert_int_equal(simple_get_nth_untyped(&s, 1, &bits, &paddr, &device), 22);
    assert_int_equal(bits, 12);
    assert_int_equal(paddr, 0x9f000);
    assert_true(device);
    assert_int_equal(simple_get_nth_untyped(&s, 2, NULL, NULL, &device), 23);
    assert_false(device);

    libc_host_reset_output();
    assert_int_equal(simple_get_nth_untyped(&s, 3, NULL, NULL, NULL), seL4_CapNull);
    assert_non_null(strstr(libc_host_output(), "untyped 3 does not exist (there are 3)"));
}

static void test_cap_enumeration(void **state)
{
    simple_t s;

    (void)state;
    simple_default_init_bootinfo(&s, &bi);
    /* fixed slots 1..15, 3 paging, 2 frames, 3 untypeds */
    assert_int_equal(simple_get_cap_count(&s), 15 + 3 + 2 + 3);
    assert_int_equal(simple_get_nth_cap(&s, 0), 1);
    assert_int_equal(simple_get_nth_cap(&s, 15), 16);
    assert_int_equal(simple_last_valid_cap(&s), 23);   /* just below empty */
    assert_int_equal(simple_get_userimage_count(&s), 2);
    assert_int_equal(simple_get_nth_userimage(&s, 1), 20);
}

static void test_missing_simple_is_reported(void **state)
{
    simple_t empty = { 0 };

    (void)state;
    libc_host_reset_output();
    assert_int_equal(simple_get_cnode(NULL), seL4_CapNull);
    assert_non_null(strstr(libc_host_output(), "simple is NULL"));
    assert_int_equal(simple_get_untyped_count(&empty), 0);
    assert_non_null(strstr(libc_host_output(), "simple has no untyped_count hook"));
}

static void test_print(void **state)
{
    simple_t s;

    (void)state;
    simple_default_init_bootinfo(&s, &bi);
    libc_host_reset_output();
    simple_print(&s);
    assert_string_equal(libc_host_output(),
        "Node 0 of 1\n"
        "IOPT levels:     4294967295\n"
        "IPC buffer:      0x52c000\n"
        "Empty slots:     [24 --> 4096)\n"
        "sharedFrames:    [0 --> 0)\n"
        "userImageFrames: [19 --> 21)\n"
        "userImagePaging: [16 --> 19)\n"
        "untypeds:        [21 --> 24)\n"
        "Initial thread domain: 0\n"
        "Initial thread cnode size: 12\n"
        "List of untypeds\n"
        "------------------\n"
        "Paddr    | Size   | Device\n"
        "0x100000 | 20 | 0\n"
        "0x9f000 | 12 | 1\n"
        "0x200000 | 20 | 0\n"
        "Untyped summary\n"
        "1 untypeds of size 12\n"
        "2 untypeds of size 20\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_initial_caps),
        cmocka_unit_test(test_untypeds),
        cmocka_unit_test(test_cap_enumeration),
        cmocka_unit_test(test_missing_simple_is_reported),
        cmocka_unit_test(test_print),
    };
    return cmocka_run_group_tests_name("simple", tests, setup, NULL);
}
