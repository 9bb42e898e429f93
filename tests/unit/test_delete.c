/*
 * test_delete.c - deleting caps and finalising objects (spec 6.4 "last cap
 * deleted"), including the cases that must not recurse: a long chain of
 * CNodes each holding the last cap to the next, a CNode that holds the
 * last cap to itself, and cycles through a TCB's CSpace.
 */
#include "fixture.h"

static struct fx f;

static int setup(void **state)
{
    fx_init(&f);
    return 0;
}

/* A new CNode of 2^radix slots whose only cap is the original in `slot`. */
static struct cap new_cnode_in(struct cte *slot, unsigned radix)
{
    struct cap c = create_object(seL4_CapTableObject, shim_alloc(radix + seL4_SlotBits), radix, false);
    cte_insert_root(c, slot, true);
    return c;
}

static struct cap new_ep_in(struct cte *slot)
{
    struct cap c = create_object(seL4_EndpointObject, shim_alloc(seL4_EndpointBits), 0, false);
    cte_insert_root(c, slot, true);
    return c;
}

/* ---- leaves ---- */

static void test_final_endpoint_cancels_ipc_once(void **state)
{
    struct cap ep = new_ep_in(fx_slot(&f, 10));
    char line[64];

    fx_copy(&f, 11, 10, 0xf);
    assert_int_equal(fx_delete(&f, 10), seL4_NoError);
    assert_int_equal(shim_call_count("cancel_all_ipc"), 0);   /* 11 still names it */
    assert_true(cte_is_final(fx_slot(&f, 11)));
    assert_int_equal(fx_delete(&f, 11), seL4_NoError);
    snprintf(line, sizeof(line), "cancel_all_ipc 0x%lx\n", ep.ptr);
    assert_contains(shim_calls(), line);
    assert_int_equal(shim_call_count("cancel_all_ipc"), 1);
    /* deleting an empty slot is fine and does nothing */
    assert_int_equal(fx_delete(&f, 11), seL4_NoError);
    assert_int_equal(shim_call_count("cancel_all_ipc"), 1);
    fx_check_links(&f);
}

static void test_final_notification_unbinds_and_restarts_waiters(void **state)
{
    struct cap nc = fx_object(&f, 10, seL4_NotificationObject, 0);
    struct notification *n = kptr_of(nc.ptr);
    struct tcb *w = fx_new_tcb("waiter"), *b = fx_new_tcb("bound");

    bind_notification(b, n);
    w->blocked_cptr = 10;
    receive_signal(w, nc, true);
    assert_int_equal(w->state, ThreadState_BlockedOnNotification);
    assert_int_equal(fx_delete(&f, 10), seL4_NoError);
    assert_int_equal(w->state, ThreadState_Restart);
    assert_true(w->in_ready_queue);
    assert_int_equal(n->state, NTFN_IDLE);
    assert_int_equal(b->bound_ntfn, 0);
    assert_int_equal(n->bound_tcb, 0);
}

static void test_frames_tables_irqs_and_ports(void **state)
{
    struct cap fr = create_object(seL4_X86_4K, shim_alloc(12), 0, false);
    struct cap pt = create_object(seL4_X86_PageTableObject, shim_alloc(12), 0, false);

    fr.flags |= CAP_F_MAPPED;                /* as if mapped by this cap */
    cte_insert_root(fr, fx_slot(&f, 10), true);
    cte_insert(cap_frame_new(fr.ptr, 12, 3, false), fx_slot(&f, 10), fx_slot(&f, 11));
    cte_insert_root(pt, fx_slot(&f, 12), true);
    cte_insert_root(cap_singleton_new(cap_irq_control), fx_slot(&f, 13), true);
    cte_insert(cap_irq_handler_new(4), fx_slot(&f, 13), fx_slot(&f, 14));
    cte_insert_root(cap_singleton_new(cap_io_port_control), fx_slot(&f, 15), true);
    cte_insert(cap_io_port_new(0x60, 0x64), fx_slot(&f, 15), fx_slot(&f, 16));

    /* a mapped frame cap is unmapped even when it is not the last cap */
    fx_delete(&f, 10);
    assert_int_equal(shim_call_count("unmap_cap_object frame"), 1);
    /* an unmapped, last frame cap needs nothing */
    fx_delete(&f, 11);
    assert_int_equal(shim_call_count("unmap_cap_object frame"), 1);
    fx_delete(&f, 12);
    assert_int_equal(shim_call_count("unmap_cap_object page_table"), 1);
    /* revoking IRQControl deletes the handler it issued */
    fx_revoke(&f, 13);
    assert_contains(shim_calls(), "irq_handler_deleted 4\n");
    assert_int_equal(fx_slot(&f, 13)->cap.type, cap_irq_control);
    fx_delete(&f, 16);
    assert_contains(shim_calls(), "io_port_deleted 96 100\n");
    fx_check_links(&f);
}

/* ---- containers ---- */

static void test_final_cnode_deletes_its_contents(void **state)
{
    struct cap c = new_cnode_in(fx_slot(&f, 10), 3);
    struct cap ep = new_ep_in(fx_slot_of(c, 0));

    /* a copy of the endpoint outside survives, the inside one goes */
    cte_insert(ep, fx_slot_of(c, 0), fx_slot(&f, 11));
    new_ep_in(fx_slot_of(c, 5));
    assert_int_equal(fx_delete(&f, 10), seL4_NoError);
    for (int i = 0; i < 8; i++)
        assert_int_equal(fx_slot_of(c, i)->cap.type, cap_null);
    assert_int_equal(fx_slot(&f, 11)->cap.type, cap_endpoint);
    assert_true(cte_is_final(fx_slot(&f, 11)));
    assert_int_equal(shim_call_count("cancel_all_ipc"), 1);
    fx_check_links(&f);
}

static void test_nonfinal_cnode_keeps_its_contents(void **state)
{
    struct cap c = new_cnode_in(fx_slot(&f, 10), 3);

    new_ep_in(fx_slot_of(c, 1));
    fx_copy(&f, 11, 10, 0xf);
    fx_delete(&f, 10);
    assert_int_equal(fx_slot_of(c, 1)->cap.type, cap_endpoint);
}

static void test_final_thread_is_suspended_and_emptied(void **state)
{
    struct tcb *t = fx_new_tcb("victim");
    struct cap c = new_cnode_in(fx_slot(&f, 11), 2);
    struct cap nc = fx_object(&f, 12, seL4_NotificationObject, 0);

    cte_insert_root(cap_thread_new(paddr_of(t)), fx_slot(&f, 10), true);
    cte_insert(c, fx_slot(&f, 11), &t->slots[TCB_CTABLE]);
    bind_notification(t, kptr_of(nc.ptr));
    t->state = ThreadState_Running;

    assert_int_equal(fx_delete(&f, 10), seL4_NoError);
    assert_contains(shim_calls(), "tcb_suspend victim\n");
    assert_int_equal(t->state, ThreadState_Inactive);
    assert_int_equal(t->bound_ntfn, 0);
    for (int i = 0; i < TCB_SLOT_COUNT; i++)
        assert_int_equal(t->slots[i].cap.type, cap_null);
    /* the CSpace itself lives on through slot 11 */
    assert_int_equal(fx_slot(&f, 11)->cap.type, cap_cnode);
    assert_true(cte_is_final(fx_slot(&f, 11)));
    fx_check_links(&f);
}

/* A chain C0 -> C1 -> ... : Ci[0] holds the only cap to Ci+1 and Ci[1]
 * the only cap to an endpoint.  Recursion would need one frame per link. */
#define CHAIN 20000

static void test_deep_chain_is_deleted_iteratively(void **state)
{
    struct cte *holder = fx_slot(&f, 10);
    struct cap first = new_cnode_in(holder, 1), c = first;

    for (int i = 0; i < CHAIN; i++) {
        new_ep_in(fx_slot_of(c, 1));
        if (i + 1 < CHAIN)
            c = new_cnode_in(fx_slot_of(c, 0), 1);
    }
    assert_int_equal(fx_delete(&f, 10), seL4_NoError);
    assert_int_equal(holder->cap.type, cap_null);
    assert_int_equal(shim_call_count("cancel_all_ipc"), CHAIN);
    /* every finaliser ran at the same stack depth: no recursion */
    assert_true(shim_stack_high() - shim_stack_low() < 256);
    assert_int_equal(fx_slot_of(first, 0)->cap.type, cap_null);
    assert_int_equal(fx_slot_of(c, 1)->cap.type, cap_null);
    fx_check_links(&f);
}

/* A CNode made from an untyped whose only cap sits in one of its own
 * slots: revoking the untyped must empty it and stop. */
static void test_cnode_holding_its_own_last_cap(void **state)
{
    fx_untyped(&f, 20, 16, false);
    assert_int_equal(fx_retype(&f, 20, seL4_CapTableObject, 2, 30, 1), seL4_NoError);
    struct cap c = fx_slot(&f, 30)->cap;
    new_ep_in(fx_slot_of(c, 1));
    /* put a copy of C into C[3] and drop the outside cap */
    assert_int_equal(fx_invoke(&f, 30, CNodeCopy, MRS(3, 2, 30, 64, 0xf), CAPS(ROOT_CNODE)),
                     seL4_NoError);
    assert_int_equal(fx_delete(&f, 30), seL4_NoError);
    assert_int_equal(fx_slot_of(c, 3)->cap.type, cap_cnode);
    assert_int_equal(shim_call_count("cancel_all_ipc"), 0);

    assert_int_equal(fx_revoke(&f, 20), seL4_NoError);
    for (int i = 0; i < 4; i++)
        assert_int_equal(fx_slot_of(c, i)->cap.type, cap_null);
    assert_int_equal(shim_call_count("cancel_all_ipc"), 1);
    assert_false(cte_has_children(fx_slot(&f, 20)));
    fx_check_links(&f);
}

/* Two CNodes holding each other's last caps. */
static void test_cnode_cycle(void **state)
{
    fx_untyped(&f, 20, 16, false);
    fx_retype(&f, 20, seL4_CapTableObject, 2, 30, 2);
    struct cap a = fx_slot(&f, 30)->cap, b = fx_slot(&f, 31)->cap;
    cte_move(a, fx_slot(&f, 30), fx_slot_of(b, 2));
    cte_move(b, fx_slot(&f, 31), fx_slot_of(a, 1));
    new_ep_in(fx_slot_of(a, 0));
    new_ep_in(fx_slot_of(b, 0));

    fx_revoke(&f, 20);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(fx_slot_of(a, i)->cap.type, cap_null);
        assert_int_equal(fx_slot_of(b, i)->cap.type, cap_null);
    }
    assert_int_equal(shim_call_count("cancel_all_ipc"), 2);
    fx_check_links(&f);
}

/* A thread whose CSpace holds the only cap to the thread. */
static void test_thread_and_cspace_cycle(void **state)
{
    fx_untyped(&f, 20, 16, false);
    fx_retype(&f, 20, seL4_TCBObject, 0, 30, 1);
    fx_retype(&f, 20, seL4_CapTableObject, 2, 31, 1);
    struct cap tc = fx_slot(&f, 30)->cap, c = fx_slot(&f, 31)->cap;
    struct tcb *t = kptr_of(tc.ptr);
    snprintf(t->name, sizeof(t->name), "looped");
    cte_move(c, fx_slot(&f, 31), &t->slots[TCB_CTABLE]);
    cte_move(tc, fx_slot(&f, 30), fx_slot_of(c, 1));

    fx_revoke(&f, 20);
    assert_contains(shim_calls(), "tcb_suspend looped\n");
    assert_int_equal(t->slots[TCB_CTABLE].cap.type, cap_null);
    assert_int_equal(fx_slot_of(c, 1)->cap.type, cap_null);
    assert_false(cte_has_children(fx_slot(&f, 20)));
    fx_check_links(&f);
}

/* Revoking an untyped whose own cap lives in a CNode made from it: the
 * revoke deletes the cap it started from, and must notice. */
static void test_revoke_that_deletes_its_own_cap(void **state)
{
    fx_untyped(&f, 20, 16, false);
    fx_retype(&f, 20, seL4_CapTableObject, 2, 30, 1);
    struct cap c = fx_slot(&f, 30)->cap;
    cte_move(fx_slot(&f, 20)->cap, fx_slot(&f, 20), fx_slot_of(c, 0));

    cte_revoke(fx_slot_of(c, 0));
    assert_int_equal(fx_slot(&f, 30)->cap.type, cap_null);
    assert_int_equal(fx_slot_of(c, 0)->cap.type, cap_null);
    fx_check_links(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_final_endpoint_cancels_ipc_once, setup),
        cmocka_unit_test_setup(test_final_notification_unbinds_and_restarts_waiters, setup),
        cmocka_unit_test_setup(test_frames_tables_irqs_and_ports, setup),
        cmocka_unit_test_setup(test_final_cnode_deletes_its_contents, setup),
        cmocka_unit_test_setup(test_nonfinal_cnode_keeps_its_contents, setup),
        cmocka_unit_test_setup(test_final_thread_is_suspended_and_emptied, setup),
        cmocka_unit_test_setup(test_deep_chain_is_deleted_iteratively, setup),
        cmocka_unit_test_setup(test_cnode_holding_its_own_last_cap, setup),
        cmocka_unit_test_setup(test_cnode_cycle, setup),
        cmocka_unit_test_setup(test_thread_and_cspace_cycle, setup),
        cmocka_unit_test_setup(test_revoke_that_deletes_its_own_cap, setup),
    };
    return cmocka_run_group_tests_name("delete", tests, NULL, NULL);
}
