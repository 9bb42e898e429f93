/*
 * test_cdt.c - the capability derivation tree (spec 6.4) and the
 * cap-value rules of cap.c: parents and children, badge families, the
 * untyped child rule, last-cap detection, move and swap, derivation,
 * rights masking and the Mint/Mutate data word.
 */
#include "fixture.h"

static struct fx f;

static int setup(void **state)
{
    fx_init(&f);
    return 0;
}

#define EP_SLOT 10

static struct cap make_ep(void)
{
    return fx_object(&f, EP_SLOT, seL4_EndpointObject, 0);
}

/* ---- copies and badges ---- */

static void test_copy_is_a_child_of_the_original(void **state)
{
    make_ep();
    assert_int_equal(fx_copy(&f, 11, EP_SLOT, 0xf), seL4_NoError);
    assert_ptr_equal(cte_next(fx_slot(&f, EP_SLOT)), fx_slot(&f, 11));
    assert_true(cte_has_children(fx_slot(&f, EP_SLOT)));
    assert_false(fx_slot(&f, 11)->cap.mdb_flags & MDB_REVOCABLE);
    assert_false(cte_is_final(fx_slot(&f, EP_SLOT)));
    assert_false(cte_is_final(fx_slot(&f, 11)));
    fx_check_links(&f);
}

static void test_copies_of_a_copy_are_siblings(void **state)
{
    make_ep();
    fx_copy(&f, 11, EP_SLOT, 0xf);
    assert_int_equal(fx_copy(&f, 12, 11, 0xf), seL4_NoError);
    /* a copy is not an original: it has no children of its own */
    assert_false(cte_has_children(fx_slot(&f, 11)));
    assert_int_equal(fx_revoke(&f, 11), seL4_NoError);
    assert_int_equal(fx_slot(&f, 12)->cap.type, cap_endpoint);
    /* the original's revoke takes both */
    assert_int_equal(fx_revoke(&f, EP_SLOT), seL4_NoError);
    assert_int_equal(fx_slot(&f, 11)->cap.type, cap_null);
    assert_int_equal(fx_slot(&f, 12)->cap.type, cap_null);
    assert_int_equal(fx_slot(&f, EP_SLOT)->cap.type, cap_endpoint);
    assert_true(cte_is_final(fx_slot(&f, EP_SLOT)));
    /* revoking caps to an object is not destroying it */
    assert_int_equal(shim_call_count("cancel_all_ipc"), 0);
    fx_check_links(&f);
}

static void test_badge_families(void **state)
{
    make_ep();
    assert_int_equal(fx_mint(&f, 20, EP_SLOT, 0xf, 5), seL4_NoError);
    assert_int_equal(fx_copy(&f, 21, 20, 0xf), seL4_NoError);
    assert_int_equal(fx_mint(&f, 30, EP_SLOT, 0xf, 7), seL4_NoError);
    assert_int_equal(fx_copy(&f, 31, 30, 0xf), seL4_NoError);

    struct cte *b5 = fx_slot(&f, 20), *b7 = fx_slot(&f, 30);
    assert_int_equal(b5->cap.data, 5);
    assert_int_equal(fx_slot(&f, 21)->cap.data, 5);
    assert_true(b5->cap.mdb_flags & MDB_REVOCABLE);
    assert_true(b5->cap.mdb_flags & MDB_FIRST_BADGED);
    assert_false(fx_slot(&f, 21)->cap.mdb_flags & MDB_FIRST_BADGED);

    /* revoking badge 5 leaves the badge-7 family alone */
    assert_int_equal(fx_revoke(&f, 20), seL4_NoError);
    assert_int_equal(fx_slot(&f, 21)->cap.type, cap_null);
    assert_int_equal(fx_slot(&f, 31)->cap.type, cap_endpoint);
    assert_int_equal(b5->cap.type, cap_endpoint);
    /* revoking badge 7 from its head */
    assert_true(cte_has_children(b7));
    assert_int_equal(fx_revoke(&f, 30), seL4_NoError);
    assert_false(cte_has_children(b7));
    /* and the unbadged original's revoke removes every badged cap */
    assert_int_equal(fx_revoke(&f, EP_SLOT), seL4_NoError);
    assert_int_equal(b5->cap.type, cap_null);
    assert_int_equal(b7->cap.type, cap_null);
    fx_check_links(&f);
}

static void test_badged_head_deleted_passes_first_badged_on(void **state)
{
    make_ep();
    fx_mint(&f, 20, EP_SLOT, 0xf, 5);
    fx_copy(&f, 21, 20, 0xf);
    fx_mint(&f, 30, EP_SLOT, 0xf, 5);      /* a second family with the same badge */
    /* 30 is its own head: not a child of 20 although the badge matches */
    assert_false(cte_has_children(fx_slot(&f, 30)));
    assert_int_equal(fx_delete(&f, 20), seL4_NoError);
    assert_true(fx_slot(&f, 21)->cap.mdb_flags & MDB_FIRST_BADGED);
    assert_false(cte_is_final(fx_slot(&f, 21)));
    fx_check_links(&f);
}

static void test_notification_badges(void **state)
{
    fx_object(&f, 40, seL4_NotificationObject, 0);
    assert_int_equal(fx_mint(&f, 41, 40, 0xf, 0x10), seL4_NoError);
    assert_int_equal(fx_slot(&f, 41)->cap.data, 0x10);
    assert_true(fx_slot(&f, 41)->cap.mdb_flags & MDB_REVOCABLE);
    assert_int_equal(fx_copy(&f, 42, 41, 0x3), seL4_NoError);
    assert_int_equal(fx_slot(&f, 42)->cap.data, 0x10);
    assert_int_equal(fx_slot(&f, 42)->cap.rights, 0x3);
    assert_int_equal(fx_revoke(&f, 41), seL4_NoError);
    assert_int_equal(fx_slot(&f, 42)->cap.type, cap_null);
}

/* ---- untyped ---- */

static void test_untyped_copy_rules(void **state)
{
    fx_untyped(&f, 50, 16, false);
    /* a whole copy is a child and marks the parent full */
    assert_int_equal(fx_copy(&f, 51, 50, 0xf), seL4_NoError);
    assert_int_equal(fx_slot(&f, 50)->cap.data, BIT(16));
    assert_true(cte_has_children(fx_slot(&f, 50)));
    assert_true(fx_slot(&f, 51)->cap.mdb_flags & MDB_REVOCABLE);
    /* an untyped with children cannot be copied */
    assert_int_equal(fx_copy(&f, 52, 50, 0xf), seL4_RevokeFirst);
    assert_int_equal(fx_slot(&f, 52)->cap.type, cap_null);
    /* the copy has no children yet, so it can be copied */
    assert_int_equal(fx_copy(&f, 52, 51, 0xf), seL4_NoError);
    /* and once it has children it cannot */
    assert_int_equal(fx_retype(&f, 52, seL4_EndpointObject, 0, 100, 1), seL4_NoError);
    assert_int_equal(fx_copy(&f, 53, 52, 0xf), seL4_RevokeFirst);
    assert_int_equal(fx_mint(&f, 53, 52, 0xf, 0), seL4_RevokeFirst);
    fx_check_links(&f);
}

static void test_untyped_covers_its_objects(void **state)
{
    paddr_t p = fx_untyped(&f, 50, 12, false);
    assert_int_equal(fx_retype(&f, 50, seL4_EndpointObject, 0, 60, 2), seL4_NoError);

    struct cap ut = fx_slot(&f, 50)->cap, ep = fx_slot(&f, 60)->cap;
    assert_true(same_region_as(&ut, &ep));
    assert_false(same_object_as(&ut, &ep));
    assert_false(same_region_as(&ep, &ut));
    struct cap outside = cap_endpoint_new(p + BIT(12), 0, 0xf);
    assert_false(same_region_as(&ut, &outside));
    /* two objects made from one untyped are neighbours, yet each cap is final */
    assert_true(cte_is_final(fx_slot(&f, 60)));
    assert_true(cte_is_final(fx_slot(&f, 61)));
}

/* ---- move and swap ---- */

static void test_move_keeps_the_tree_position(void **state)
{
    make_ep();
    fx_copy(&f, 11, EP_SLOT, 0xf);
    assert_int_equal(fx_move(&f, 100, EP_SLOT), seL4_NoError);
    assert_int_equal(fx_slot(&f, EP_SLOT)->cap.type, cap_null);
    assert_int_equal(fx_slot(&f, EP_SLOT)->next, 0);
    assert_true(fx_slot(&f, 100)->cap.mdb_flags & MDB_REVOCABLE);
    assert_true(cte_has_children(fx_slot(&f, 100)));
    assert_int_equal(fx_revoke(&f, 100), seL4_NoError);
    assert_int_equal(fx_slot(&f, 11)->cap.type, cap_null);
    fx_check_links(&f);
}

static void test_swap_neighbours_and_strangers(void **state)
{
    make_ep();
    fx_copy(&f, 11, EP_SLOT, 0xf);
    fx_copy(&f, 12, EP_SLOT, 0xf);           /* list: 10, 12, 11 */
    struct cte *a = fx_slot(&f, EP_SLOT), *b = fx_slot(&f, 12), *c = fx_slot(&f, 11);
    struct cap ca = a->cap, cb = b->cap;

    cte_swap(ca, a, cb, b);                  /* neighbours */
    assert_ptr_equal(cte_next(b), a);
    assert_ptr_equal(cte_next(a), c);
    assert_null(cte_prev(b));
    assert_true(b->cap.mdb_flags & MDB_REVOCABLE);
    assert_false(a->cap.mdb_flags & MDB_REVOCABLE);
    fx_check_links(&f);

    cte_swap(b->cap, b, c->cap, c);          /* not neighbours */
    assert_ptr_equal(cte_next(c), a);
    assert_ptr_equal(cte_next(a), b);
    assert_true(c->cap.mdb_flags & MDB_REVOCABLE);
    fx_check_links(&f);
}

/* ---- derive_cap ---- */

static void test_not_derivable(void **state)
{
    struct cte s = { 0 };
    struct cap out;
    struct cap pt = cap_table_new(cap_page_table, 0x5000);
    struct cap pml4 = cap_table_new(cap_pml4, 0x6000);

    assert_int_equal(derive_cap(&s, cap_reply_new(0x1000, false, true), &out), seL4_IllegalOperation);
    assert_int_equal(out.type, cap_null);
    assert_int_equal(derive_cap(&s, cap_singleton_new(cap_irq_control), &out), seL4_IllegalOperation);
    assert_int_equal(derive_cap(&s, cap_singleton_new(cap_io_port_control), &out), seL4_IllegalOperation);
    assert_int_equal(derive_cap(&s, pt, &out), seL4_IllegalOperation);
    assert_int_equal(derive_cap(&s, pml4, &out), seL4_IllegalOperation);
    pt.flags |= CAP_F_MAPPED;
    pml4.flags |= CAP_F_MAPPED;
    assert_int_equal(derive_cap(&s, pt, &out), seL4_NoError);
    assert_int_equal(out.type, cap_page_table);
    assert_int_equal(derive_cap(&s, pml4, &out), seL4_NoError);
    /* control caps that are derivable */
    assert_int_equal(derive_cap(&s, cap_singleton_new(cap_asid_control), &out), seL4_NoError);
    assert_int_equal(derive_cap(&s, cap_irq_handler_new(3), &out), seL4_NoError);
}

static void test_derived_frame_is_unmapped(void **state)
{
    struct cte s = { 0 };
    struct cap fr = cap_frame_new(0x200000, 12, 3, false), out;

    fr.flags |= CAP_F_MAPPED;
    fr.data = 0x400000;
    fr.asid = 7;
    assert_int_equal(derive_cap(&s, fr, &out), seL4_NoError);
    assert_false(out.flags & CAP_F_MAPPED);
    assert_int_equal(out.data, 0);
    assert_int_equal(out.asid, 0);
    assert_int_equal(out.ptr, 0x200000);
    assert_int_equal(out.rights, 3);
}

/* ---- rights and data ---- */

static void test_mask_rights(void **state)
{
    struct cap ep = cap_endpoint_new(0x1000, 0, 0xf);
    struct cap fr = cap_frame_new(0x2000, 12, 3, false);
    struct cap cn = cap_cnode_new(0x3000, 4, 0, 0);

    assert_int_equal(mask_cap_rights(ep, 0x5).rights, 0x5);
    assert_int_equal(mask_cap_rights(mask_cap_rights(ep, 0x5), 0xe).rights, 0x4);
    assert_int_equal(mask_cap_rights(fr, 0x2).rights, 0x2);    /* read-only */
    assert_int_equal(mask_cap_rights(fr, 0x1).rights, 0x0);    /* write-only -> kernel only */
    assert_int_equal(mask_cap_rights(fr, 0xf).rights, 0x3);
    struct cap cn2 = mask_cap_rights(cn, 0);
    assert_memory_equal(&cn2, &cn, sizeof(cn));
    assert_int_equal(mask_cap_rights(cap_reply_new(0x1000, false, true), 0x3).data, 0);
    assert_int_equal(mask_cap_rights(cap_reply_new(0x1000, false, true), 0x4).data, 1);
}

static void test_update_cap_data(void **state)
{
    struct cap ep = cap_endpoint_new(0x1000, 0, 0xf);
    struct cap cn = cap_cnode_new(0x3000, 12, 0, 0);

    assert_int_equal(update_cap_data(false, 9, ep).data, 9);
    assert_int_equal(update_cap_data(false, 9, update_cap_data(false, 3, ep)).type, cap_null);
    assert_int_equal(update_cap_data(true, 9, ep).type, cap_null);
    assert_int_equal(update_cap_data(true, 9, cap_notification_new(0x1000, 0, 0xf)).type, cap_null);
    /* guard: 52 + 12 = 64 fits, 53 does not; extra guard bits are dropped */
    struct cap g = update_cap_data(false, seL4_CNode_CapData_new(0x1ff, 4).words[0], cn);
    assert_int_equal(g.guard_size, 4);
    assert_int_equal(g.data, 0xf);
    assert_int_equal(update_cap_data(true, seL4_CNode_CapData_new(0, 52).words[0], cn).guard_size, 52);
    assert_int_equal(update_cap_data(false, seL4_CNode_CapData_new(0, 53).words[0], cn).type, cap_null);
    /* other caps pass through */
    struct cap ut = cap_untyped_new(0x10000, 12, false, 0);
    struct cap ut2 = update_cap_data(true, 1234, ut);
    assert_memory_equal(&ut, &ut2, sizeof(ut));
}

static void test_same_object_rules(void **state)
{
    struct cap irqc = cap_singleton_new(cap_irq_control), irq3 = cap_irq_handler_new(3);
    struct cap ioc = cap_singleton_new(cap_io_port_control), io = cap_io_port_new(0x60, 0x64);
    struct cap f4k = cap_frame_new(0x200000, 12, 3, false), f2m = cap_frame_new(0x200000, 21, 3, false);

    assert_true(same_region_as(&irqc, &irq3));
    assert_false(same_object_as(&irqc, &irq3));
    assert_false(same_region_as(&irq3, &irqc));
    assert_true(same_region_as(&ioc, &io));
    assert_false(same_object_as(&ioc, &io));
    assert_true(same_object_as(&io, &(struct cap){ .type = cap_io_port, .data = 0x60 | 0x64 << 16 }));
    assert_true(same_region_as(&f2m, &f4k));
    assert_false(same_object_as(&f2m, &f4k));
    assert_int_equal(cap_object_size_bits(&f2m), 21);
    struct cap cn4 = cap_cnode_new(0x3000, 4, 0, 0), cn5 = cap_cnode_new(0x3000, 5, 0, 0);
    assert_false(same_object_as(&cn4, &cn5));
    assert_int_equal(cap_object_size_bits(&cn4), 9);
}

static void test_insert_root_stands_alone(void **state)
{
    struct cte *s = fx_slot(&f, 200);
    cte_insert_root(cap_singleton_new(cap_domain), s, true);
    assert_int_equal(s->prev, 0);
    assert_int_equal(s->next, 0);
    assert_true(cte_is_final(s));
    assert_false(cte_has_children(s));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_copy_is_a_child_of_the_original, setup),
        cmocka_unit_test_setup(test_copies_of_a_copy_are_siblings, setup),
        cmocka_unit_test_setup(test_badge_families, setup),
        cmocka_unit_test_setup(test_badged_head_deleted_passes_first_badged_on, setup),
        cmocka_unit_test_setup(test_notification_badges, setup),
        cmocka_unit_test_setup(test_untyped_copy_rules, setup),
        cmocka_unit_test_setup(test_untyped_covers_its_objects, setup),
        cmocka_unit_test_setup(test_move_keeps_the_tree_position, setup),
        cmocka_unit_test_setup(test_swap_neighbours_and_strangers, setup),
        cmocka_unit_test_setup(test_not_derivable, setup),
        cmocka_unit_test_setup(test_derived_frame_is_unmapped, setup),
        cmocka_unit_test_setup(test_mask_rights, setup),
        cmocka_unit_test_setup(test_update_cap_data, setup),
        cmocka_unit_test_setup(test_same_object_rules, setup),
        cmocka_unit_test_setup(test_insert_root_stands_alone, setup),
    };
    return cmocka_run_group_tests_name("cdt", tests, NULL, NULL);
}
