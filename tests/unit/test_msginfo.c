/*
 * test_msginfo.c - the libsel4 bit-packed words that kernel and user
 * space share: seL4_MessageInfo, seL4_CapRights and the CNode cap data
 * word (spec 2.1, 6.1, 6.2), plus the ABI sizes fixed by the spec.
 */
#include "fixture.h"

static void test_message_info_layout(void **state)
{
    seL4_MessageInfo_t m = seL4_MessageInfo_new(0x12345, 5, 2, 77);

    /* label 63..12, capsUnwrapped 11..9, extraCaps 8..7, length 6..0 */
    assert_int_equal(m.words[0], (0x12345ull << 12) | (5u << 9) | (2u << 7) | 77u);
    assert_int_equal(seL4_MessageInfo_get_label(m), 0x12345);
    assert_int_equal(seL4_MessageInfo_get_capsUnwrapped(m), 5);
    assert_int_equal(seL4_MessageInfo_get_extraCaps(m), 2);
    assert_int_equal(seL4_MessageInfo_get_length(m), 77);
}

static void test_message_info_fields_do_not_spill(void **state)
{
    /* Oversized values are cut to their field; neighbours stay intact. */
    seL4_MessageInfo_t m = seL4_MessageInfo_new(1, 0xff, 0xff, 0xfff);

    assert_int_equal(seL4_MessageInfo_get_label(m), 1);
    assert_int_equal(seL4_MessageInfo_get_capsUnwrapped(m), 7);
    assert_int_equal(seL4_MessageInfo_get_extraCaps(m), 3);
    assert_int_equal(seL4_MessageInfo_get_length(m), 0x7f);
}

static void test_message_info_setters(void **state)
{
    seL4_MessageInfo_t m = seL4_MessageInfo_new(9, 1, 1, 4);

    m = seL4_MessageInfo_set_length(m, 120);
    assert_int_equal(seL4_MessageInfo_get_length(m), 120);
    assert_int_equal(seL4_MessageInfo_get_label(m), 9);
    m = seL4_MessageInfo_set_extraCaps(m, 3);
    assert_int_equal(seL4_MessageInfo_get_extraCaps(m), 3);
    assert_int_equal(seL4_MessageInfo_get_capsUnwrapped(m), 1);
    m = seL4_MessageInfo_set_capsUnwrapped(m, 6);
    assert_int_equal(seL4_MessageInfo_get_capsUnwrapped(m), 6);
    assert_int_equal(seL4_MessageInfo_get_extraCaps(m), 3);
    m = seL4_MessageInfo_set_label(m, seL4_RangeError);
    assert_int_equal(seL4_MessageInfo_get_label(m), seL4_RangeError);
    assert_int_equal(seL4_MessageInfo_get_length(m), 120);
    /* the signal message: (0, 0, 0, 1) */
    assert_int_equal(seL4_MessageInfo_new(0, 0, 0, 1).words[0], 1);
}

static void test_cap_rights(void **state)
{
    assert_int_equal(seL4_AllRights.words[0], 0xf);
    assert_int_equal(seL4_ReadWrite.words[0], 0x3);
    assert_int_equal(seL4_CanRead.words[0], 2);
    assert_int_equal(seL4_CanWrite.words[0], 1);
    assert_int_equal(seL4_CanGrant.words[0], 4);
    assert_int_equal(seL4_CanGrantReply.words[0], 8);
    assert_int_equal(seL4_NoWrite.words[0], 0xe);
    assert_int_equal(seL4_NoRead.words[0], 0xd);
    assert_int_equal(seL4_NoRights.words[0], 0);
    /* constructor order: (grantReply, grant, read, write) */
    seL4_CapRights_t r = seL4_CapRights_new(1, 0, 1, 0);
    assert_int_equal(seL4_CapRights_get_capAllowGrantReply(r), 1);
    assert_int_equal(seL4_CapRights_get_capAllowGrant(r), 0);
    assert_int_equal(seL4_CapRights_get_capAllowRead(r), 1);
    assert_int_equal(seL4_CapRights_get_capAllowWrite(r), 0);
}

static void test_cnode_cap_data(void **state)
{
    seL4_CNode_CapData_t d = seL4_CNode_CapData_new(0x2a, 52);

    assert_int_equal(d.words[0], (0x2aull << 6) | 52);
    assert_int_equal(seL4_CNode_CapData_get_guard(d), 0x2a);
    assert_int_equal(seL4_CNode_CapData_get_guardSize(d), 52);
    d = seL4_CNode_CapData_set_guard(d, 7);
    assert_int_equal(d.words[0], (7ull << 6) | 52);
    seL4_CNode_CapData_ptr_set_guardSize(&d, 3);
    assert_int_equal(seL4_CNode_CapData_ptr_get_guardSize(&d), 3);
    assert_int_equal(seL4_CNode_CapData_ptr_get_guard(&d), 7);
    /* guard size is 6 bits: 64 does not fit */
    assert_int_equal(seL4_CNode_CapData_get_guardSize(seL4_CNode_CapData_new(0, 64)), 0);
}

static void test_abi_sizes(void **state)
{
    seL4_IPCBuffer b;

    assert_int_equal(sizeof(seL4_IPCBuffer), 1024);
    assert_int_equal((uint8_t *)&b.msg[0] - (uint8_t *)&b, 8);
    assert_int_equal((uint8_t *)&b.userData - (uint8_t *)&b, 121 * 8);
    assert_int_equal((uint8_t *)&b.caps_or_badges[0] - (uint8_t *)&b, 122 * 8);
    assert_int_equal((uint8_t *)&b.receiveDepth - (uint8_t *)&b, 127 * 8);
    assert_true(sizeof(seL4_BootInfo) <= 4096);
    assert_int_equal(sizeof(struct cte), 32);
    assert_int_equal(sizeof(seL4_UserContext), 20 * 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_info_layout),
        cmocka_unit_test(test_message_info_fields_do_not_spill),
        cmocka_unit_test(test_message_info_setters),
        cmocka_unit_test(test_cap_rights),
        cmocka_unit_test(test_cnode_cap_data),
        cmocka_unit_test(test_abi_sizes),
    };
    return cmocka_run_group_tests_name("msginfo", tests, NULL, NULL);
}
