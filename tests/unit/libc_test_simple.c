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
#include <simple/simple_helpers.h>

/* The BootInfo page and the extended records after it, as the kernel lays
 * them out (the records start 4 KiB after the BootInfo). */
static union {
    seL4_BootInfo bi;
    unsigned char page[8192];
} frame __attribute__((aligned(4096)));
#define bi frame.bi

/* A small root task: 3 paging caps, 2 image frames, 3 untypeds. */
static int setup(void **state)
{
    (void)state;
    memset(&frame, 0, sizeof(frame));
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
    assert_non_null(strstr(libc_host_output(), "Simple is NULL"));
    assert_int_equal(simple_get_untyped_count(&empty), -1);
    assert_non_null(strstr(libc_host_output(), "simple_get_untyped_count not implemented"));
    assert_int_equal(simple_get_IOPort_cap(&empty, 0x40, 0x43, 2, 100, 64),
                     seL4_InvalidArgument);
    assert_non_null(strstr(libc_host_output(), "arch_simple_get_IOPort_cap not implemented"));
}

static void test_helpers_and_frames(void **state)
{
    simple_t s;
    seL4_CPtr cap = 0;
    seL4_Word offset = 0;
    cspacepath_t path = { .root = 2, .capPtr = 100, .capDepth = 64, .dest = 0,
                          .destDepth = 0, .offset = 100, .window = 1 };

    (void)state;
    simple_default_init_bootinfo(&s, &bi);
    assert_true(simple_is_untyped_cap(&s, 22));
    assert_false(simple_is_untyped_cap(&s, 19));
    assert_null(simple_get_frame_info(&s, (void *)0x104000, 12, &cap, &offset));
    assert_int_equal(cap, 21);
    assert_int_equal(offset, 0x4000);
    /* Frames are retyped from an untyped that starts at the address. */
    assert_int_equal(simple_get_frame_cap(&s, (void *)0x104000, 12, &path), seL4_FailedLookup);
    assert_int_equal(simple_get_frame_cap(&s, (void *)0x9f000, 13, &path), seL4_InvalidArgument);
    assert_null(simple_get_frame_vaddr(&s, (void *)0x9f000, 12));
    assert_int_equal(simple_get_arch_info(&s), 0);
    assert_int_equal(simple_get_sched_ctrl(&s, 0), seL4_CapNull);   /* non-MCS */
}

static void test_extended_bootinfo(void **state)
{
    simple_t s;
    struct { seL4_BootInfoHeader h; seL4_Word tsc; } rec = {
        { SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, sizeof(rec) }, 3000 };
    seL4_BootInfoHeader pad = { SEL4_BOOTINFO_HEADER_PADDING, 32 };
    unsigned char out[64];

    (void)state;
    memcpy(frame.page + 4096, &pad, sizeof(pad));
    memcpy(frame.page + 4096 + 32, &rec, sizeof(rec));
    bi.extraLen = 32 + sizeof(rec);
    simple_default_init_bootinfo(&s, &bi);
    assert_int_equal(simple_get_extended_bootinfo_length(&s, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ),
                     sizeof(rec));
    assert_int_equal(simple_get_extended_bootinfo(&s, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, out,
                                                  sizeof(out)), sizeof(rec));
    assert_memory_equal(out, &rec, sizeof(rec));
    assert_int_equal(simple_get_extended_bootinfo(&s, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, out, 8),
                     8);
    libc_host_reset_output();
    assert_int_equal(simple_get_extended_bootinfo_length(&s, SEL4_BOOTINFO_HEADER_X86_VBE), -1);
    assert_non_null(strstr(libc_host_output(), "bootinfo header type not found"));
    assert_int_equal(simple_get_extended_bootinfo(&s, SEL4_BOOTINFO_HEADER_X86_VBE, out, 8), -1);
    pad.len = 0;                          /* a malformed record ends the walk */
    memcpy(frame.page + 4096, &pad, sizeof(pad));
    assert_int_equal(simple_get_extended_bootinfo(&s, SEL4_BOOTINFO_HEADER_X86_TSC_FREQ, out,
                                                  sizeof(out)), -1);
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
        "IPC buffer:      0x000000000052c000\n"
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
        "0x0000000000100000 | 20 | 0\n"
        "0x000000000009f000 | 12 | 1\n"
        "0x0000000000200000 | 20 | 0\n"
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
        cmocka_unit_test(test_helpers_and_frames),
        cmocka_unit_test_setup(test_extended_bootinfo, setup),
        cmocka_unit_test(test_print),
    };
    return cmocka_run_group_tests_name("simple", tests, setup, NULL);
}
