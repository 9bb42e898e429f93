/*
 * test_cspace.c - CSpace addressing (spec 6.1, 3.2): guards, radix,
 * multi-level walks, depth, leftover bits and every lookup failure.
 *
 * The two-level CSpace used here:
 *   A: radix 4, guard size 4, guard 0x3      (8 bits per level)
 *   B: radix 6, guard size 2, guard 0x1      in A[5]
 *   an endpoint in B[0x2a]
 * so the 16-bit address 0x3 5 | 01 101010 = 0x356a names B[0x2a].
 */
#include "fixture.h"

struct world {
    struct cap a, b, ep;
};

static struct world w;

static int setup(void **state)
{
    shim_reset();
    w.a = cap_cnode_new(shim_alloc(4 + seL4_SlotBits), 4, 4, 0x3);
    w.b = cap_cnode_new(shim_alloc(6 + seL4_SlotBits), 6, 2, 0x1);
    w.ep = create_object(seL4_EndpointObject, shim_alloc(seL4_EndpointBits), 0, false);
    cte_insert_root(w.b, fx_slot_of(w.a, 5), true);
    cte_insert_root(w.ep, fx_slot_of(w.b, 0x2a), true);
    return 0;
}

static void test_two_level_walk_finds_the_slot(void **state)
{
    struct lookup_result r = resolve_address_bits(w.a, 0x356a, 16);

    assert_int_equal(r.status, LOOKUP_OK);
    assert_ptr_equal(r.slot, fx_slot_of(w.b, 0x2a));
    assert_int_equal(r.bits_remaining, 0);
}

static void test_high_bits_beyond_depth_are_ignored(void **state)
{
    struct lookup_result r = resolve_address_bits(w.a, 0xffff0000356aull, 16);

    assert_int_equal(r.status, LOOKUP_OK);
    assert_ptr_equal(r.slot, fx_slot_of(w.b, 0x2a));
}

static void test_walk_stops_at_a_cnode_slot_when_depth_runs_out(void **state)
{
    /* depth 8 resolves A only: the slot that holds B's cap */
    struct lookup_result r = resolve_address_bits(w.a, 0x35, 8);

    assert_int_equal(r.status, LOOKUP_OK);
    assert_ptr_equal(r.slot, fx_slot_of(w.a, 5));
    assert_int_equal(r.slot->cap.type, cap_cnode);
}

static void test_leftover_bits_after_a_non_cnode_cap(void **state)
{
    struct lookup_result r = resolve_address_bits(w.a, 0x356a00, 24);

    assert_int_equal(r.status, LOOKUP_OK);
    assert_ptr_equal(r.slot, fx_slot_of(w.b, 0x2a));
    assert_int_equal(r.bits_remaining, 8);
}

static void test_guard_mismatch_first_level(void **state)
{
    struct lookup_result r = resolve_address_bits(w.a, 0x456a, 16);

    assert_int_equal(r.status, LOOKUP_FAILED);
    assert_int_equal(r.lf.type, seL4_GuardMismatch);
    assert_int_equal(r.lf.bits_left, 16);
    assert_int_equal(r.lf.bits_found, 0x3);     /* the CNode's guard */
    assert_int_equal(r.lf.guard_size, 4);
}

static void test_guard_mismatch_second_level(void **state)
{
    /* B's guard bits are 11 instead of 01 */
    struct lookup_result r = resolve_address_bits(w.a, 0x35ea, 16);

    assert_int_equal(r.status, LOOKUP_FAILED);
    assert_int_equal(r.lf.type, seL4_GuardMismatch);
    assert_int_equal(r.lf.bits_left, 8);
    assert_int_equal(r.lf.bits_found, 0x1);
    assert_int_equal(r.lf.guard_size, 2);
}

static void test_guard_longer_than_remaining_depth(void **state)
{
    struct lookup_result r = resolve_address_bits(w.a, 0x3, 3);

    assert_int_equal(r.status, LOOKUP_FAILED);
    assert_int_equal(r.lf.type, seL4_GuardMismatch);
    assert_int_equal(r.lf.bits_left, 3);
}

static void test_depth_mismatch_inside_a_level(void **state)
{
    /* 12 bits: A takes 8, B's guard fits in the remaining 4 but its
     * 8-bit level does not */
    struct lookup_result r = resolve_address_bits(w.a, 0x356, 12);

    assert_int_equal(r.status, LOOKUP_FAILED);
    assert_int_equal(r.lf.type, seL4_DepthMismatch);
    assert_int_equal(r.lf.bits_left, 4);
    assert_int_equal(r.lf.bits_found, 8);
}

static void test_root_that_is_not_a_cnode(void **state)
{
    struct lookup_result r = resolve_address_bits(w.ep, 0, 64);

    assert_int_equal(r.status, LOOKUP_FAILED);
    assert_int_equal(r.lf.type, seL4_InvalidRoot);
    r = lookup_target_slot(cap_null_new(), 0, 64);
    assert_int_equal(r.lf.type, seL4_InvalidRoot);
}

static void test_target_slot_depth_range(void **state)
{
    assert_int_equal(lookup_target_slot(w.a, 0x35, 0).status, LOOKUP_BAD_DEPTH);
    assert_int_equal(lookup_target_slot(w.a, 0x35, 65).status, LOOKUP_BAD_DEPTH);
    assert_int_equal(lookup_target_slot(w.a, 0x35, 8).status, LOOKUP_OK);
    /* InvalidRoot is reported before the depth is looked at */
    assert_int_equal(lookup_target_slot(w.ep, 0, 0).lf.type, seL4_InvalidRoot);
}

static void test_target_slot_must_use_depth_exactly(void **state)
{
    /* 20 bits reach the endpoint with 4 bits left over: not allowed here */
    struct lookup_result r = lookup_target_slot(w.a, 0x356a5, 20);

    assert_int_equal(r.status, LOOKUP_FAILED);
    assert_int_equal(r.lf.type, seL4_DepthMismatch);
    assert_int_equal(r.lf.bits_left, 4);
    assert_int_equal(r.lf.bits_found, 0);
    /* and exactly 16 is fine */
    r = lookup_target_slot(w.a, 0x356a, 16);
    assert_int_equal(r.status, LOOKUP_OK);
    assert_ptr_equal(r.slot, fx_slot_of(w.b, 0x2a));
}

static void test_target_slot_may_be_empty(void **state)
{
    /* Finding an empty slot is not a lookup failure; callers decide. */
    struct lookup_result r = lookup_target_slot(w.a, 0x3569, 16);

    assert_int_equal(r.status, LOOKUP_OK);
    assert_int_equal(r.slot->cap.type, cap_null);
}

static void test_lookup_slot_uses_the_thread_root_at_depth_64(void **state)
{
    struct tcb *t = fx_new_tcb("walker");
    struct cap a64 = update_cap_data(false, seL4_CNode_CapData_new(0x3, 4).words[0], w.a);
    struct lookup_result r;

    /* no CSpace root at all */
    r = lookup_slot(t, 0);
    assert_int_equal(r.lf.type, seL4_InvalidRoot);
    /* A as the root: 0x35 6a then 48 leftover bits, which are fine */
    cte_insert_root(a64, &t->slots[TCB_CTABLE], true);
    r = lookup_slot(t, 0x356aull << 48);
    assert_int_equal(r.status, LOOKUP_OK);
    assert_ptr_equal(r.slot, fx_slot_of(w.b, 0x2a));
    assert_int_equal(r.bits_remaining, 48);
}

static void test_root_task_addressing(void **state)
{
    struct fx f;

    fx_init(&f);
    /* radix 12 + guard 52 = 64: a small cptr is a slot number */
    struct lookup_result r = lookup_slot(f.t, 7);
    assert_int_equal(r.status, LOOKUP_OK);
    assert_ptr_equal(r.slot, fx_slot(&f, 7));
    r = lookup_slot(f.t, 4096 + 7);
    assert_int_equal(r.status, LOOKUP_FAILED);
    assert_int_equal(r.lf.type, seL4_GuardMismatch);
    assert_int_equal(r.lf.bits_left, 64);
    assert_int_equal(r.lf.guard_size, 52);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_two_level_walk_finds_the_slot, setup),
        cmocka_unit_test_setup(test_high_bits_beyond_depth_are_ignored, setup),
        cmocka_unit_test_setup(test_walk_stops_at_a_cnode_slot_when_depth_runs_out, setup),
        cmocka_unit_test_setup(test_leftover_bits_after_a_non_cnode_cap, setup),
        cmocka_unit_test_setup(test_guard_mismatch_first_level, setup),
        cmocka_unit_test_setup(test_guard_mismatch_second_level, setup),
        cmocka_unit_test_setup(test_guard_longer_than_remaining_depth, setup),
        cmocka_unit_test_setup(test_depth_mismatch_inside_a_level, setup),
        cmocka_unit_test_setup(test_root_that_is_not_a_cnode, setup),
        cmocka_unit_test_setup(test_target_slot_depth_range, setup),
        cmocka_unit_test_setup(test_target_slot_must_use_depth_exactly, setup),
        cmocka_unit_test_setup(test_target_slot_may_be_empty, setup),
        cmocka_unit_test_setup(test_lookup_slot_uses_the_thread_root_at_depth_64, setup),
        cmocka_unit_test(test_root_task_addressing),
    };
    return cmocka_run_group_tests_name("cspace", tests, NULL, NULL);
}
