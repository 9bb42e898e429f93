/*
 * test_untyped.c - Untyped_Retype (spec 6.5): every check in its order
 * with the reply registers it sets, the watermark and alignment, zeroing,
 * reset after revoke, device untypeds, and the "invoke" event.
 */
#include "fixture.h"

static struct fx f;

#define UT    20
#define DEV   21
#define UT_BITS 16

static paddr_t ut_base;

static int setup(void **state)
{
    fx_init(&f);
    ut_base = fx_untyped(&f, UT, UT_BITS, false);
    return 0;
}

static seL4_Error retype(word_t type, word_t size_bits, word_t index, word_t depth,
                         word_t offset, word_t num)
{
    return fx_invoke(&f, UT, UntypedRetype, MRS(type, size_bits, index, depth, offset, num),
                     CAPS(ROOT_CNODE));
}

static word_t watermark(void)
{
    return fx_slot(&f, UT)->cap.data;
}

/* ---- the checks, one by one ---- */

static void test_wrong_label(void **state)
{
    assert_int_equal(fx_invoke(&f, UT, CNodeCopy, MRS(seL4_EndpointObject, 0, 0, 0, 100, 1),
                               CAPS(ROOT_CNODE)), seL4_IllegalOperation);
    assert_reply(&f);
}

static void test_truncated(void **state)
{
    assert_int_equal(fx_invoke(&f, UT, UntypedRetype, MRS(seL4_EndpointObject, 0, 0, 0, 100),
                               CAPS(ROOT_CNODE)), seL4_TruncatedMessage);
    assert_int_equal(fx_invoke(&f, UT, UntypedRetype, MRS(seL4_EndpointObject, 0, 0, 0, 100, 1),
                               NO_CAPS), seL4_TruncatedMessage);
    assert_reply(&f);
}

static void test_invalid_type(void **state)
{
    assert_int_equal(retype(seL4_ObjectTypeCount, 0, 0, 0, 100, 1), seL4_InvalidArgument);
    assert_reply(&f, 0);
}

static void test_size_out_of_range(void **state)
{
    assert_int_equal(retype(seL4_EndpointObject, 64, 0, 0, 100, 1), seL4_RangeError);
    assert_reply(&f, 0, 47);
    assert_int_equal(retype(seL4_UntypedObject, 48, 0, 0, 100, 1), seL4_RangeError);
    assert_reply(&f, 0, 47);
    /* a CNode of 2^43 slots is a 2^48-byte object */
    assert_int_equal(retype(seL4_CapTableObject, 43, 0, 0, 100, 1), seL4_RangeError);
    assert_reply(&f, 0, 47);
}

static void test_cnode_and_untyped_minimum_sizes(void **state)
{
    assert_int_equal(retype(seL4_CapTableObject, 0, 0, 0, 100, 1), seL4_InvalidArgument);
    assert_reply(&f, 1);
    assert_int_equal(retype(seL4_UntypedObject, 3, 0, 0, 100, 1), seL4_InvalidArgument);
    assert_reply(&f, 1);
    assert_int_equal(retype(seL4_UntypedObject, 4, 0, 0, 100, 1), seL4_NoError);
}

static void test_destination_lookup(void **state)
{
    /* node_depth out of range */
    assert_int_equal(retype(seL4_EndpointObject, 0, 100, 65, 0, 1), seL4_RangeError);
    assert_reply(&f, 1, 64);
    /* a slot that holds no CNode: MissingCapability with bitsLeft = depth */
    assert_int_equal(retype(seL4_EndpointObject, 0, 100, 64, 0, 1), seL4_FailedLookup);
    assert_reply(&f, 0, seL4_MissingCapability, 64);
    assert_int_equal(retype(seL4_EndpointObject, 0, UT, 64, 0, 1), seL4_FailedLookup);
    assert_reply(&f, 0, seL4_MissingCapability, 64);
    /* a guard mismatch while looking for it */
    assert_int_equal(retype(seL4_EndpointObject, 0, 1ull << 63, 64, 0, 1), seL4_FailedLookup);
    assert_reply(&f, 0, seL4_GuardMismatch, 64, 0, 52);
    /* depth 0 with a root that is not a CNode */
    assert_int_equal(fx_invoke(&f, UT, UntypedRetype, MRS(seL4_EndpointObject, 0, 0, 0, 0, 1),
                               CAPS(seL4_CapInitThreadTCB)), seL4_FailedLookup);
    assert_reply(&f, 0, seL4_MissingCapability, 0);
}

static void test_offset_and_window(void **state)
{
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 4096, 1), seL4_RangeError);
    assert_reply(&f, 0, 4095);
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 0), seL4_RangeError);
    assert_reply(&f, 1, 256);
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 257), seL4_RangeError);
    assert_reply(&f, 1, 256);
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 4090, 10), seL4_RangeError);
    assert_reply(&f, 1, 6);
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 4090, 6), seL4_NoError);
}

static void test_occupied_slot(void **state)
{
    /* slot 102 of the window 100..103 is taken */
    cte_insert_root(cap_singleton_new(cap_domain), fx_slot(&f, 102), true);
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 4), seL4_DeleteFirst);
    assert_reply(&f);
    assert_int_equal(fx_slot(&f, 100)->cap.type, cap_null);
    assert_int_equal(watermark(), 0);
}

static void test_not_enough_memory(void **state)
{
    /* 2^16 bytes hold 32 TCBs, not 33 */
    assert_int_equal(retype(seL4_TCBObject, 0, 0, 0, 100, 33), seL4_NotEnoughMemory);
    assert_reply(&f, BIT(UT_BITS));
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 1), seL4_NoError);
    /* 16 bytes used: 65520 left, no longer room for 32 TCBs */
    assert_int_equal(retype(seL4_TCBObject, 0, 0, 0, 200, 32), seL4_NotEnoughMemory);
    assert_reply(&f, BIT(UT_BITS) - 16);
    assert_int_equal(retype(seL4_TCBObject, 0, 0, 0, 200, 31), seL4_NoError);
    /* an object bigger than the whole untyped */
    assert_int_equal(retype(seL4_X86_LargePageObject, 0, 0, 0, 300, 1), seL4_NotEnoughMemory);
}

static void test_checks_come_in_order(void **state)
{
    /* bad type beats bad size, bad offset and too many objects */
    assert_int_equal(retype(99, 64, 0, 0, 9999, 0), seL4_InvalidArgument);
    assert_reply(&f, 0);
    /* bad size beats the destination lookup */
    assert_int_equal(retype(seL4_EndpointObject, 64, 100, 64, 0, 1), seL4_RangeError);
    /* the lookup beats the offset */
    assert_int_equal(retype(seL4_EndpointObject, 0, 100, 64, 9999, 1), seL4_FailedLookup);
    /* an occupied slot beats lack of memory */
    cte_insert_root(cap_singleton_new(cap_domain), fx_slot(&f, 100), true);
    assert_int_equal(retype(seL4_TCBObject, 0, 0, 0, 100, 200), seL4_DeleteFirst);
    /* lack of memory beats the device rule */
    fx_untyped(&f, DEV, 12, true);
    assert_int_equal(fx_invoke(&f, DEV, UntypedRetype, MRS(seL4_TCBObject, 0, 0, 0, 300, 3),
                               CAPS(ROOT_CNODE)), seL4_NotEnoughMemory);
    assert_int_equal(fx_invoke(&f, DEV, UntypedRetype, MRS(seL4_TCBObject, 0, 0, 0, 300, 1),
                               CAPS(ROOT_CNODE)), seL4_InvalidArgument);
    assert_reply(&f, 1);
    /* and every failure left the untyped as it was */
    assert_int_equal(watermark(), 0);
    assert_false(cte_has_children(fx_slot(&f, UT)));
}

/* ---- what a successful retype does ---- */

static void test_watermark_and_alignment(void **state)
{
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 1), seL4_NoError);
    assert_int_equal(fx_slot(&f, 100)->cap.ptr, ut_base);
    assert_int_equal(watermark(), 16);
    /* a TCB is aligned up to 2 KiB */
    assert_int_equal(retype(seL4_TCBObject, 0, 0, 0, 101, 2), seL4_NoError);
    assert_int_equal(fx_slot(&f, 101)->cap.ptr, ut_base + 2048);
    assert_int_equal(fx_slot(&f, 102)->cap.ptr, ut_base + 4096);
    assert_int_equal(watermark(), 6144);
    /* the next small object continues from the watermark */
    assert_int_equal(retype(seL4_NotificationObject, 0, 0, 0, 103, 1), seL4_NoError);
    assert_int_equal(fx_slot(&f, 103)->cap.ptr, ut_base + 6144);
    assert_int_equal(watermark(), 6144 + 32);
}

static void test_new_caps_are_full_rights_children(void **state)
{
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 3), seL4_NoError);
    for (int i = 0; i < 3; i++) {
        struct cte *s = fx_slot(&f, 100 + i);
        assert_int_equal(s->cap.type, cap_endpoint);
        assert_int_equal(s->cap.rights, 0xf);
        assert_int_equal(s->cap.data, 0);
        assert_int_equal(s->cap.ptr, ut_base + 16 * i);
        assert_true(s->cap.mdb_flags & MDB_REVOCABLE);
        assert_true(cte_is_final(s));
    }
    assert_true(cte_has_children(fx_slot(&f, UT)));
    fx_check_links(&f);
}

static void test_objects_are_zeroed_and_initialised(void **state)
{
    memset(kptr_of(ut_base), 0xa5, BIT(UT_BITS));
    assert_int_equal(retype(seL4_CapTableObject, 4, 0, 0, 100, 1), seL4_NoError);
    assert_int_equal(retype(seL4_TCBObject, 0, 0, 0, 101, 1), seL4_NoError);
    assert_int_equal(retype(seL4_X86_4K, 0, 0, 0, 102, 1), seL4_NoError);

    struct cap cn = fx_slot(&f, 100)->cap;
    assert_int_equal(cn.bits, 4);
    assert_int_equal(cn.guard_size, 0);
    for (int i = 0; i < 16; i++) {
        assert_int_equal(fx_slot_of(cn, i)->cap.type, cap_null);
        assert_int_equal(fx_slot_of(cn, i)->next, 0);
    }
    struct tcb *t = kptr_of(fx_slot(&f, 101)->cap.ptr);
    assert_int_equal(t->state, ThreadState_Inactive);
    assert_int_equal(t->priority, 0);
    assert_int_equal(t->mcp, 0);
    assert_int_equal(t->ctx.rflags, 0x202);
    assert_int_equal(t->ctx.rip, 0);
    assert_string_equal(t->name, "child of: 'rootserver'");   /* seL4's name for a new TCB */
    assert_int_equal(t->bound_ntfn, 0);
    struct cap fr = fx_slot(&f, 102)->cap;
    assert_int_equal(fr.type, cap_frame);
    assert_int_equal(fr.bits, 12);
    assert_int_equal(fr.rights, 3);
    const uint8_t *page = kptr_of(fr.ptr);
    for (int i = 0; i < 4096; i++)
        assert_int_equal(page[i], 0);
}

static void test_paging_objects(void **state)
{
    assert_int_equal(retype(seL4_X64_PML4Object, 0, 0, 0, 100, 1), seL4_NoError);
    assert_int_equal(fx_slot(&f, 100)->cap.type, cap_pml4);
    assert_false(fx_slot(&f, 100)->cap.flags & CAP_F_MAPPED);   /* no ASID yet */
    assert_int_equal(shim_call_count("arch_init_vspace_root"), 1);
    assert_int_equal(retype(seL4_X86_PDPTObject, 0, 0, 0, 101, 1), seL4_NoError);
    assert_int_equal(retype(seL4_X86_PageDirectoryObject, 0, 0, 0, 102, 1), seL4_NoError);
    assert_int_equal(retype(seL4_X86_PageTableObject, 0, 0, 0, 103, 1), seL4_NoError);
    assert_int_equal(fx_slot(&f, 101)->cap.type, cap_pdpt);
    assert_int_equal(fx_slot(&f, 102)->cap.type, cap_page_directory);
    assert_int_equal(fx_slot(&f, 103)->cap.type, cap_page_table);
    assert_int_equal(watermark(), 4 * 4096);
}

static void test_reset_after_revoke(void **state)
{
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 4), seL4_NoError);
    assert_int_equal(fx_revoke(&f, UT), seL4_NoError);
    assert_int_equal(shim_call_count("cancel_all_ipc"), 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(fx_slot(&f, 100 + i)->cap.type, cap_null);
    /* the watermark is still 64 until the next retype sees no children */
    assert_int_equal(watermark(), 64);
    memset((uint8_t *)kptr_of(ut_base) + 32, 0x5a, 32);   /* stale object memory */
    assert_int_equal(retype(seL4_NotificationObject, 0, 0, 0, 100, 1), seL4_NoError);
    assert_int_equal(fx_slot(&f, 100)->cap.ptr, ut_base);
    assert_int_equal(watermark(), 32);
    const uint8_t *stale = (uint8_t *)kptr_of(ut_base) + 32;
    for (int i = 0; i < 32; i++)
        assert_int_equal(stale[i], 0);
    /* and the whole untyped can be used again */
    fx_revoke(&f, UT);
    assert_int_equal(retype(seL4_TCBObject, 0, 0, 0, 200, 32), seL4_NoError);
}

static void test_full_copy_blocks_the_parent(void **state)
{
    assert_int_equal(fx_copy(&f, 30, UT, 0xf), seL4_NoError);
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 1), seL4_NotEnoughMemory);
    assert_reply(&f, 0);
    assert_int_equal(fx_invoke(&f, 30, UntypedRetype, MRS(seL4_EndpointObject, 0, 0, 0, 100, 1),
                               CAPS(ROOT_CNODE)), seL4_NoError);
    /* the object is a child of the copy, and so a descendant of the parent */
    fx_delete(&f, 30);
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 101, 1), seL4_NotEnoughMemory);
    fx_delete(&f, 100);
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 101, 1), seL4_NoError);
    assert_int_equal(fx_slot(&f, 101)->cap.ptr, ut_base);
}

static void test_untyped_children(void **state)
{
    assert_int_equal(retype(seL4_UntypedObject, 12, 0, 0, 100, 2), seL4_NoError);
    struct cap a = fx_slot(&f, 100)->cap;
    assert_int_equal(a.type, cap_untyped);
    assert_int_equal(a.bits, 12);
    assert_int_equal(a.data, 0);
    assert_int_equal(fx_slot(&f, 101)->cap.ptr, ut_base + 4096);
    /* a grandchild, and revoking the top removes the whole family */
    assert_int_equal(fx_invoke(&f, 100, UntypedRetype, MRS(seL4_EndpointObject, 0, 0, 0, 110, 1),
                               CAPS(ROOT_CNODE)), seL4_NoError);
    fx_revoke(&f, UT);
    assert_int_equal(fx_slot(&f, 110)->cap.type, cap_null);
    assert_int_equal(fx_slot(&f, 100)->cap.type, cap_null);
    fx_check_links(&f);
}

static void test_device_untyped(void **state)
{
    paddr_t dev = fx_untyped(&f, DEV, 16, true);
    memset(kptr_of(dev), 0x77, 4096);
    assert_int_equal(fx_invoke(&f, DEV, UntypedRetype, MRS(seL4_EndpointObject, 0, 0, 0, 100, 1),
                               CAPS(ROOT_CNODE)), seL4_InvalidArgument);
    assert_reply(&f, 1);
    assert_int_equal(fx_invoke(&f, DEV, UntypedRetype, MRS(seL4_X86_4K, 0, 0, 0, 100, 1),
                               CAPS(ROOT_CNODE)), seL4_NoError);
    struct cap fr = fx_slot(&f, 100)->cap;
    assert_true(fr.flags & CAP_F_DEVICE);
    assert_int_equal(((uint8_t *)kptr_of(fr.ptr))[100], 0x77);   /* never written */
    assert_int_equal(fx_invoke(&f, DEV, UntypedRetype, MRS(seL4_UntypedObject, 12, 0, 0, 101, 1),
                               CAPS(ROOT_CNODE)), seL4_NoError);
    assert_true(fx_slot(&f, 101)->cap.flags & CAP_F_DEVICE);
    /* a device child untyped keeps the rule */
    assert_int_equal(fx_invoke(&f, 101, UntypedRetype, MRS(seL4_CapTableObject, 2, 0, 0, 102, 1),
                               CAPS(ROOT_CNODE)), seL4_InvalidArgument);
    /* and a reset does not write device memory either */
    fx_revoke(&f, DEV);
    assert_int_equal(fx_invoke(&f, DEV, UntypedRetype, MRS(seL4_X86_4K, 0, 0, 0, 100, 1),
                               CAPS(ROOT_CNODE)), seL4_NoError);
    assert_int_equal(((uint8_t *)kptr_of(dev))[100], 0x77);
}

static void test_into_a_second_level_cnode(void **state)
{
    assert_int_equal(retype(seL4_CapTableObject, 4, 0, 0, 30, 1), seL4_NoError);
    struct cap c = fx_slot(&f, 30)->cap;
    /* node_index 30 at depth 64 names the slot holding the CNode */
    assert_int_equal(retype(seL4_EndpointObject, 0, 30, 64, 2, 3), seL4_NoError);
    for (int i = 2; i < 5; i++)
        assert_int_equal(fx_slot_of(c, i)->cap.type, cap_endpoint);
    /* the window is checked against that CNode's 16 slots */
    assert_int_equal(retype(seL4_EndpointObject, 0, 30, 64, 16, 1), seL4_RangeError);
    assert_reply(&f, 0, 15);
}

static void test_event_keys(void **state)
{
    char want[256];

    assert_int_equal(retype(seL4_NotificationObject, 0, 0, 0, 100, 2), seL4_NoError);
    snprintf(want, sizeof(want),
             " type=\"seL4_NotificationObject\" type_id=3 size_bits=0 num=2 dest_cnode=0x%lx"
             " dest_offset=100 paddr=0x%lx ut_paddr=0x%lx err=0 ",
             f.root.ptr, ut_base, ut_base);
    assert_contains(shim_last_event(), "ev=invoke op=\"UntypedRetype\" cptr=20 cap=\"untyped\"");
    assert_contains(shim_last_event(), want);
    assert_int_equal(shim_user_errors(), 0);
    /* a failure carries the message instead */
    assert_int_equal(retype(seL4_EndpointObject, 0, 0, 0, 100, 1), seL4_DeleteFirst);
    assert_contains(shim_last_event(), " msg=\"Untyped Retype: slot 100 of the destination is not empty.\"");
    assert_not_contains(shim_last_event(), "paddr=");
    assert_int_equal(shim_user_errors(), 1);
    assert_contains(shim_console(), "slot 100 of the destination is not empty.>>\n");
    assert_false(shim_event_dangling());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_wrong_label, setup),
        cmocka_unit_test_setup(test_truncated, setup),
        cmocka_unit_test_setup(test_invalid_type, setup),
        cmocka_unit_test_setup(test_size_out_of_range, setup),
        cmocka_unit_test_setup(test_cnode_and_untyped_minimum_sizes, setup),
        cmocka_unit_test_setup(test_destination_lookup, setup),
        cmocka_unit_test_setup(test_offset_and_window, setup),
        cmocka_unit_test_setup(test_occupied_slot, setup),
        cmocka_unit_test_setup(test_not_enough_memory, setup),
        cmocka_unit_test_setup(test_checks_come_in_order, setup),
        cmocka_unit_test_setup(test_watermark_and_alignment, setup),
        cmocka_unit_test_setup(test_new_caps_are_full_rights_children, setup),
        cmocka_unit_test_setup(test_objects_are_zeroed_and_initialised, setup),
        cmocka_unit_test_setup(test_paging_objects, setup),
        cmocka_unit_test_setup(test_reset_after_revoke, setup),
        cmocka_unit_test_setup(test_full_copy_blocks_the_parent, setup),
        cmocka_unit_test_setup(test_untyped_children, setup),
        cmocka_unit_test_setup(test_device_untyped, setup),
        cmocka_unit_test_setup(test_into_a_second_level_cnode, setup),
        cmocka_unit_test_setup(test_event_keys, setup),
    };
    return cmocka_run_group_tests_name("untyped", tests, NULL, NULL);
}
