/*
 * test_cnode.c - the CNode methods (spec 6.3): every error with its reply
 * registers (including the FailedLookup source flag), Copy/Mint/Move/
 * Mutate rules, Rotate and its special cases, SaveCaller,
 * CancelBadgedSends, and the keys each method adds to the invoke event.
 */
#include "fixture.h"

static struct fx f;
static struct cap ep;

#define EP      10
#define CN      30          /* a 2^4-slot CNode, guard 0 */

static int setup(void **state)
{
    fx_init(&f);
    ep = fx_object(&f, EP, seL4_EndpointObject, 0);
    fx_object(&f, CN, seL4_CapTableObject, 4);
    return 0;
}

static seL4_Error cnode_op(word_t label, const word_t *mrs, unsigned n)
{
    return fx_invoke(&f, ROOT_CNODE, label, mrs, n, CAPS(ROOT_CNODE));
}

/* ---- the common part: label, length, target slot ---- */

static void test_label_and_length(void **state)
{
    assert_int_equal(cnode_op(UntypedRetype, MRS(11, 64)), seL4_IllegalOperation);
    assert_int_equal(cnode_op(CNodeSaveCaller + 1, MRS(11, 64)), seL4_IllegalOperation);
    assert_int_equal(cnode_op(CNodeDelete, MRS(11)), seL4_TruncatedMessage);
    assert_reply(&f);
}

static void test_target_lookup_errors(void **state)
{
    assert_int_equal(cnode_op(CNodeDelete, MRS(11, 0)), seL4_RangeError);
    assert_reply(&f, 1, 64);
    assert_int_equal(cnode_op(CNodeDelete, MRS(11, 65)), seL4_RangeError);
    assert_reply(&f, 1, 64);
    /* target guard mismatch: source flag 0 */
    assert_int_equal(cnode_op(CNodeDelete, MRS((1ull << 63) | 11, 64)), seL4_FailedLookup);
    assert_reply(&f, 0, seL4_GuardMismatch, 64, 0, 52);
    /* through the 2^4 CNode: 8 bits reach a non-CNode slot with 4 to spare */
    assert_int_equal(fx_invoke(&f, CN, CNodeDelete, MRS(0x25, 8), NO_CAPS), seL4_FailedLookup);
    assert_reply(&f, 0, seL4_DepthMismatch, 4, 0);
}

/* ---- Copy ---- */

static void test_copy_masks_rights_and_reports(void **state)
{
    assert_int_equal(fx_copy(&f, 11, EP, seL4_ReadWrite.words[0]), seL4_NoError);
    assert_int_equal(fx_slot(&f, 11)->cap.rights, 0x3);
    assert_contains(shim_last_event(),
                    " dest=11 dest_depth=64 src=10 src_depth=64 rights=3 cap_type=\"endpoint\" err=0 ");
    /* rights only ever shrink */
    assert_int_equal(fx_copy(&f, 12, 11, 0xf), seL4_NoError);
    assert_int_equal(fx_slot(&f, 12)->cap.rights, 0x3);
    assert_int_equal(shim_user_errors(), 0);
}

static void test_copy_errors(void **state)
{
    fx_copy(&f, 11, EP, 0xf);
    assert_int_equal(fx_copy(&f, 11, EP, 0xf), seL4_DeleteFirst);
    assert_reply(&f);
    /* an empty source: FailedLookup, source flag 1, bitsLeft = depth */
    assert_int_equal(fx_copy(&f, 12, 99, 0xf), seL4_FailedLookup);
    assert_reply(&f, 1, seL4_MissingCapability, 64);
    /* a source address that does not resolve */
    assert_int_equal(cnode_op(CNodeCopy, MRS(12, 64, 99, 32, 0xf)), seL4_FailedLookup);
    assert_reply(&f, 1, seL4_GuardMismatch, 32, 0, 52);
    assert_int_equal(cnode_op(CNodeCopy, MRS(12, 64, 99, 0, 0xf)), seL4_RangeError);
    assert_reply(&f, 1, 64);
    /* a source root that is not a CNode */
    assert_int_equal(fx_invoke(&f, ROOT_CNODE, CNodeCopy, MRS(12, 64, 10, 64, 0xf), CAPS(EP)),
                     seL4_FailedLookup);
    assert_reply(&f, 1, seL4_InvalidRoot);
    /* short messages */
    assert_int_equal(cnode_op(CNodeCopy, MRS(12, 64, 10)), seL4_TruncatedMessage);
    assert_int_equal(cnode_op(CNodeCopy, MRS(12, 64, 10, 64)), seL4_TruncatedMessage);
    assert_int_equal(fx_invoke(&f, ROOT_CNODE, CNodeCopy, MRS(12, 64, 10, 64, 0xf), NO_CAPS),
                     seL4_TruncatedMessage);
    assert_int_equal(fx_slot(&f, 12)->cap.type, cap_null);
}

static void test_destination_checked_before_source(void **state)
{
    fx_copy(&f, 11, EP, 0xf);
    /* occupied destination and empty source: DeleteFirst wins */
    assert_int_equal(fx_copy(&f, 11, 99, 0xf), seL4_DeleteFirst);
}

static void test_copy_of_underivable_caps(void **state)
{
    cte_insert_root(cap_singleton_new(cap_irq_control), fx_slot(&f, 40), true);
    cte_insert_root(cap_reply_new(paddr_of(f.t), false, true), fx_slot(&f, 41), true);
    assert_int_equal(fx_copy(&f, 50, 40, 0xf), seL4_IllegalOperation);
    assert_int_equal(fx_copy(&f, 50, 41, 0xf), seL4_IllegalOperation);
    assert_int_equal(fx_mint(&f, 50, 41, 0xf, 1), seL4_IllegalOperation);
    assert_int_equal(fx_slot(&f, 50)->cap.type, cap_null);
}

/* ---- Mint ---- */

static void test_mint_sets_a_badge_once(void **state)
{
    assert_int_equal(fx_mint(&f, 11, EP, seL4_CanWrite.words[0], 42), seL4_NoError);
    assert_int_equal(fx_slot(&f, 11)->cap.data, 42);
    assert_int_equal(fx_slot(&f, 11)->cap.rights, 1);
    assert_contains(shim_last_event(), " rights=1 cap_type=\"endpoint\" badge=42 ");
    /* minting from a badged cap fails whatever the badge */
    assert_int_equal(fx_mint(&f, 12, 11, 0xf, 43), seL4_IllegalOperation);
    assert_reply(&f);
    assert_int_equal(fx_mint(&f, 12, 11, 0xf, 0), seL4_IllegalOperation);
    assert_int_equal(fx_mint(&f, 12, 11, 0xf, 42), seL4_IllegalOperation);
    /* Copy is how rights of a badged cap are reduced */
    assert_int_equal(fx_copy(&f, 12, 11, 0), seL4_NoError);
    assert_int_equal(fx_slot(&f, 12)->cap.data, 42);
    assert_int_equal(fx_slot(&f, 12)->cap.rights, 0);
    assert_int_equal(cnode_op(CNodeMint, MRS(13, 64, EP, 64, 0xf)), seL4_TruncatedMessage);
}

static void test_mint_cnode_guard(void **state)
{
    assert_int_equal(fx_mint(&f, 31, CN, 0xf, seL4_CNode_CapData_new(0x5, 60).words[0]), seL4_NoError);
    assert_int_equal(fx_slot(&f, 31)->cap.guard_size, 60);
    assert_int_equal(fx_slot(&f, 31)->cap.data, 0x5);
    /* 61 + radix 4 > 64 */
    assert_int_equal(fx_mint(&f, 32, CN, 0xf, seL4_CNode_CapData_new(0, 61).words[0]), seL4_IllegalOperation);
    /* data means nothing to an untyped or a thread */
    assert_int_equal(fx_mint(&f, 33, seL4_CapInitThreadTCB, 0xf, 1234), seL4_NoError);
    assert_int_equal(fx_slot(&f, 33)->cap.type, cap_thread);
}

/* ---- Move and Mutate ---- */

static void test_move(void **state)
{
    assert_int_equal(fx_move(&f, 11, EP), seL4_NoError);
    assert_int_equal(fx_slot(&f, EP)->cap.type, cap_null);
    assert_int_equal(fx_slot(&f, 11)->cap.ptr, ep.ptr);
    assert_contains(shim_last_event(), " dest=11 dest_depth=64 src=10 src_depth=64 cap_type=\"endpoint\" err=0 ");
    assert_not_contains(shim_last_event(), "rights=");
    /* onto itself: the destination is not empty */
    assert_int_equal(fx_move(&f, 11, 11), seL4_DeleteFirst);
    assert_int_equal(fx_move(&f, 12, EP), seL4_FailedLookup);
    assert_reply(&f, 1, seL4_MissingCapability, 64);
    /* a move needs no rights argument */
    assert_int_equal(cnode_op(CNodeMove, MRS(12, 64, 11, 64)), seL4_NoError);
}

static void test_mutate(void **state)
{
    /* endpoint and notification caps cannot be mutated */
    assert_int_equal(fx_mutate(&f, 11, EP, 5), seL4_IllegalOperation);
    assert_int_equal(fx_slot(&f, EP)->cap.type, cap_endpoint);
    assert_int_equal(fx_slot(&f, 11)->cap.type, cap_null);
    /* a CNode cap gets a new guard as it moves */
    assert_int_equal(fx_mutate(&f, 31, CN, seL4_CNode_CapData_new(0x3, 8).words[0]), seL4_NoError);
    assert_int_equal(fx_slot(&f, CN)->cap.type, cap_null);
    assert_int_equal(fx_slot(&f, 31)->cap.guard_size, 8);
    assert_int_equal(fx_slot(&f, 31)->cap.data, 0x3);
    assert_contains(shim_last_event(), " cap_type=\"cnode\" badge=");
    assert_int_equal(fx_mutate(&f, 32, 31, seL4_CNode_CapData_new(0, 61).words[0]), seL4_IllegalOperation);
    /* other caps move unchanged */
    assert_int_equal(fx_mutate(&f, 33, seL4_CapInitThreadTCB, 77), seL4_NoError);
    assert_int_equal(fx_slot(&f, 33)->cap.type, cap_thread);
    assert_int_equal(cnode_op(CNodeMutate, MRS(34, 64, 33, 64)), seL4_TruncatedMessage);
}

/* ---- Rotate ---- */

static seL4_Error rotate(word_t dest, word_t dest_data, word_t pivot, word_t pivot_data, word_t src)
{
    return fx_invoke(&f, ROOT_CNODE, CNodeRotate,
                     MRS(dest, 64, dest_data, pivot, 64, pivot_data, src, 64),
                     CAPS(ROOT_CNODE, ROOT_CNODE));
}

/* Two CNode caps to rotate (data = guard words). */
static void two_cnodes(struct cap *p, struct cap *s)
{
    *p = fx_object(&f, 40, seL4_CapTableObject, 2);
    *s = fx_object(&f, 41, seL4_CapTableObject, 3);
}

static void test_rotate_three_slots(void **state)
{
    struct cap p, s;
    two_cnodes(&p, &s);
    assert_int_equal(rotate(42, seL4_CNode_CapData_new(1, 2).words[0], 40,
                            seL4_CNode_CapData_new(2, 5).words[0], 41), seL4_NoError);
    /* pivot's cap went to dest with MR2; source's cap to the pivot with MR5 */
    assert_int_equal(fx_slot(&f, 42)->cap.ptr, p.ptr);
    assert_int_equal(fx_slot(&f, 42)->cap.guard_size, 2);
    assert_int_equal(fx_slot(&f, 42)->cap.data, 1);
    assert_int_equal(fx_slot(&f, 40)->cap.ptr, s.ptr);
    assert_int_equal(fx_slot(&f, 40)->cap.guard_size, 5);
    assert_int_equal(fx_slot(&f, 41)->cap.type, cap_null);
    assert_contains(shim_last_event(), " dest=42 pivot=40 src=41 err=0 ");
    fx_check_links(&f);
}

static void test_rotate_dest_equals_src_swaps(void **state)
{
    struct cap p, s;
    two_cnodes(&p, &s);
    assert_int_equal(rotate(41, 0, 40, 0, 41), seL4_NoError);
    assert_int_equal(fx_slot(&f, 41)->cap.ptr, p.ptr);
    assert_int_equal(fx_slot(&f, 40)->cap.ptr, s.ptr);
    fx_check_links(&f);
}

static void test_rotate_special_cases(void **state)
{
    struct cap p, s;
    two_cnodes(&p, &s);
    assert_int_equal(rotate(42, 0, 41, 0, 41), seL4_IllegalOperation);   /* pivot = src */
    assert_int_equal(rotate(40, 0, 40, 0, 41), seL4_IllegalOperation);   /* pivot = dest */
    assert_int_equal(rotate(EP, 0, 40, 0, 41), seL4_DeleteFirst);        /* dest occupied */
    assert_int_equal(rotate(42, 0, 40, 0, 43), seL4_FailedLookup);       /* empty source */
    assert_reply(&f, 1, seL4_MissingCapability, 64);
    assert_int_equal(rotate(42, 0, 43, 0, 41), seL4_FailedLookup);       /* empty pivot */
    assert_reply(&f, 0, seL4_MissingCapability, 64);
    /* a guard that cannot fit makes the rotated cap invalid */
    assert_int_equal(rotate(42, seL4_CNode_CapData_new(0, 63).words[0], 40, 0, 41), seL4_IllegalOperation);
    /* endpoint caps cannot take new data on a move (as in Mutate) */
    assert_int_equal(rotate(42, 0, EP, 0, 41), seL4_IllegalOperation);
    /* short message or missing root caps */
    assert_int_equal(fx_invoke(&f, ROOT_CNODE, CNodeRotate, MRS(42, 64, 0, 40, 64, 0, 41),
                               CAPS(ROOT_CNODE, ROOT_CNODE)), seL4_TruncatedMessage);
    assert_int_equal(fx_invoke(&f, ROOT_CNODE, CNodeRotate, MRS(42, 64, 0, 40, 64, 0, 41, 64),
                               CAPS(ROOT_CNODE)), seL4_TruncatedMessage);
    /* nothing moved */
    assert_int_equal(fx_slot(&f, 40)->cap.ptr, p.ptr);
    assert_int_equal(fx_slot(&f, 41)->cap.ptr, s.ptr);
    assert_int_equal(fx_slot(&f, 42)->cap.type, cap_null);
}

/* ---- Delete, Revoke, CancelBadgedSends, SaveCaller ---- */

static void test_delete_and_revoke_events(void **state)
{
    fx_copy(&f, 11, EP, 0xf);
    assert_int_equal(fx_revoke(&f, EP), seL4_NoError);
    assert_contains(shim_last_event(), "op=\"CNodeRevoke\" cptr=2 cap=\"cnode\" index=10 depth=64 err=0 ");
    assert_int_equal(fx_slot(&f, 11)->cap.type, cap_null);
    assert_int_equal(fx_delete(&f, EP), seL4_NoError);
    assert_contains(shim_last_event(), " index=10 depth=64 err=0 ");
    /* empty slots are fine for both */
    assert_int_equal(fx_delete(&f, EP), seL4_NoError);
    assert_int_equal(fx_revoke(&f, EP), seL4_NoError);
}

static void test_cancel_badged_sends(void **state)
{
    char want[64];

    fx_mint(&f, 11, EP, 0xf, 9);
    fx_mint(&f, 12, EP, 0x7, 9);
    assert_int_equal(cnode_op(CNodeCancelBadgedSends, MRS(11, 64)), seL4_NoError);
    snprintf(want, sizeof(want), "cancel_badged_sends 0x%lx 9\n", ep.ptr);
    assert_contains(shim_calls(), want);
    /* unbadged: allowed, nothing to cancel */
    assert_int_equal(cnode_op(CNodeCancelBadgedSends, MRS(EP, 64)), seL4_NoError);
    assert_int_equal(shim_call_count("cancel_badged_sends"), 1);
    /* needs all four rights, and an endpoint */
    assert_int_equal(cnode_op(CNodeCancelBadgedSends, MRS(12, 64)), seL4_IllegalOperation);
    assert_int_equal(cnode_op(CNodeCancelBadgedSends, MRS(CN, 64)), seL4_IllegalOperation);
    assert_int_equal(cnode_op(CNodeCancelBadgedSends, MRS(99, 64)), seL4_IllegalOperation);
}

static void test_save_caller(void **state)
{
    struct tcb *caller = fx_new_tcb("caller");
    struct cte *master = &caller->slots[TCB_REPLY];

    /* nothing to save: no error, nothing changes */
    assert_int_equal(cnode_op(CNodeSaveCaller, MRS(11, 64)), seL4_NoError);
    assert_int_equal(fx_slot(&f, 11)->cap.type, cap_null);
    cte_insert_root(cap_reply_new(paddr_of(caller), true, true), master, true);
    cte_insert(cap_reply_new(paddr_of(caller), false, true), master, &f.t->slots[TCB_CALLER]);
    assert_int_equal(cnode_op(CNodeSaveCaller, MRS(EP, 64)), seL4_DeleteFirst);
    assert_int_equal(cnode_op(CNodeSaveCaller, MRS(11, 64)), seL4_NoError);
    assert_int_equal(f.t->slots[TCB_CALLER].cap.type, cap_null);
    assert_int_equal(fx_slot(&f, 11)->cap.type, cap_reply);
    assert_int_equal(fx_slot(&f, 11)->cap.ptr, paddr_of(caller));
    /* still the master's child */
    assert_ptr_equal(cte_next(master), fx_slot(&f, 11));
    assert_contains(shim_last_event(), " index=11 depth=64 err=0 ");
}

static void test_failure_reports_once(void **state)
{
    shim_clear_logs();
    assert_int_equal(fx_copy(&f, 12, 99, 0xf), seL4_FailedLookup);
    assert_int_equal(shim_user_errors(), 1);
    assert_contains(shim_console(), "<<seL4(CPU 0) [");
    assert_contains(shim_console(), "CNode Copy: source slot is empty.>>\n");
    assert_contains(shim_last_event(), " msg=\"CNode Copy: source slot is empty.\" err=6 error=\"seL4_FailedLookup\" ");
    assert_false(shim_event_dangling());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_label_and_length, setup),
        cmocka_unit_test_setup(test_target_lookup_errors, setup),
        cmocka_unit_test_setup(test_copy_masks_rights_and_reports, setup),
        cmocka_unit_test_setup(test_copy_errors, setup),
        cmocka_unit_test_setup(test_destination_checked_before_source, setup),
        cmocka_unit_test_setup(test_copy_of_underivable_caps, setup),
        cmocka_unit_test_setup(test_mint_sets_a_badge_once, setup),
        cmocka_unit_test_setup(test_mint_cnode_guard, setup),
        cmocka_unit_test_setup(test_move, setup),
        cmocka_unit_test_setup(test_mutate, setup),
        cmocka_unit_test_setup(test_rotate_three_slots, setup),
        cmocka_unit_test_setup(test_rotate_dest_equals_src_swaps, setup),
        cmocka_unit_test_setup(test_rotate_special_cases, setup),
        cmocka_unit_test_setup(test_delete_and_revoke_events, setup),
        cmocka_unit_test_setup(test_cancel_badged_sends, setup),
        cmocka_unit_test_setup(test_save_caller, setup),
        cmocka_unit_test_setup(test_failure_reports_once, setup),
    };
    return cmocka_run_group_tests_name("cnode", tests, NULL, NULL);
}
