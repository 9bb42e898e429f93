/*
 * test_invocation.c - reading invocation arguments, the dispatch on the
 * invoked cap's type, the error path (reply registers of spec 3.1, one
 * console line, "msg" in the event) and the name tables.
 */
#include "fixture.h"

static struct fx f;

static int setup(void **state)
{
    fx_init(&f);
    return 0;
}

static void test_message_registers(void **state)
{
    struct invocation inv = { .thread = f.t, .buffer = f.buffer, .length = 6 };

    f.t->ctx.r10 = 10; f.t->ctx.r8 = 8; f.t->ctx.r9 = 9; f.t->ctx.r15 = 15;
    f.buffer[1 + 4] = 44;
    f.buffer[1 + 5] = 55;
    f.buffer[1 + 6] = 66;
    assert_int_equal(inv_mr(&inv, 0), 10);
    assert_int_equal(inv_mr(&inv, 1), 8);
    assert_int_equal(inv_mr(&inv, 2), 9);
    assert_int_equal(inv_mr(&inv, 3), 15);
    assert_int_equal(inv_mr(&inv, 4), 44);
    assert_int_equal(inv_mr(&inv, 5), 55);
    assert_int_equal(inv_mr(&inv, 6), 0);          /* beyond the length */
    inv.length = 2;
    assert_int_equal(inv_mr(&inv, 2), 0);
    inv.length = 6;
    inv.buffer = NULL;
    assert_int_equal(inv_mr(&inv, 4), 0);          /* no IPC buffer */
    assert_int_equal(inv_mr(&inv, 3), 15);
}

static void test_reply_registers(void **state)
{
    struct invocation inv = { 0 };

    inv_reply_mr(&inv, 2, 7);
    assert_int_equal(inv.reply_length, 3);
    assert_int_equal(inv.reply_mr[2], 7);
    inv_reply_mr(&inv, 0, 1);
    assert_int_equal(inv.reply_length, 3);
    inv_reply_mr(&inv, 1000, 1);                   /* ignored, not a crash */
    assert_int_equal(inv.reply_length, 3);
}

static void test_null_cap(void **state)
{
    assert_int_equal(fx_invoke(&f, 77, CNodeCopy, NO_MRS, NO_CAPS), seL4_InvalidCapability);
    assert_reply(&f, 0);
    assert_contains(shim_console(), "Attempted to invoke a null cap #77.>>\n");
    assert_contains(shim_last_event(), " cap=\"null\" msg=\"Attempted to invoke a null cap #77.\" err=2 ");
}

static void test_dispatch(void **state)
{
    cte_insert_root(cap_frame_new(shim_alloc(12), 12, 3, false), fx_slot(&f, 20), true);
    cte_insert_root(cap_singleton_new(cap_asid_control), fx_slot(&f, 21), true);
    cte_insert_root(cap_singleton_new(cap_irq_control), fx_slot(&f, 22), true);
    cte_insert_root(cap_irq_handler_new(1), fx_slot(&f, 23), true);
    cte_insert_root(cap_singleton_new(cap_io_port_control), fx_slot(&f, 24), true);
    cte_insert_root(cap_io_port_new(1, 2), fx_slot(&f, 25), true);

    assert_int_equal(fx_invoke(&f, seL4_CapInitThreadTCB, TCBSuspend, NO_MRS, NO_CAPS), seL4_NoError);
    assert_contains(shim_calls(), "decode_tcb_invocation TCBSuspend\n");
    fx_invoke(&f, 20, X86PageGetAddress, NO_MRS, NO_CAPS);
    fx_invoke(&f, 21, X86ASIDControlMakePool, NO_MRS, NO_CAPS);
    assert_int_equal(shim_call_count("decode_x86_mmu_invocation"), 2);
    fx_invoke(&f, 22, IRQIssueIRQHandler, NO_MRS, NO_CAPS);
    fx_invoke(&f, 23, IRQAckIRQ, NO_MRS, NO_CAPS);
    fx_invoke(&f, 24, X86IOPortControlIssue, NO_MRS, NO_CAPS);
    fx_invoke(&f, 25, X86IOPortIn8, NO_MRS, NO_CAPS);
    assert_int_equal(shim_call_count("decode_irq_control_invocation"), 1);
    assert_int_equal(shim_call_count("decode_irq_handler_invocation"), 1);
    assert_int_equal(shim_call_count("decode_io_port_control_invocation"), 1);
    assert_int_equal(shim_call_count("decode_io_port_invocation"), 1);
}

static void test_objects_without_methods(void **state)
{
    fx_object(&f, 30, seL4_EndpointObject, 0);
    cte_insert_root(cap_singleton_new(cap_domain), fx_slot(&f, 31), true);
    assert_int_equal(fx_invoke(&f, 30, CNodeCopy, NO_MRS, NO_CAPS), seL4_IllegalOperation);
    assert_reply(&f);
    assert_int_equal(fx_invoke(&f, 31, DomainSetSet, MRS(0), NO_CAPS), seL4_IllegalOperation);
    assert_int_equal(shim_user_errors(), 2);
}

static void test_error_registers(void **state)
{
    struct invocation inv = { .thread = f.t };
    struct lookup_fault guard = { seL4_GuardMismatch, 40, 3, 8 };
    struct lookup_fault depth = { seL4_DepthMismatch, 5, 9, 0 };
    struct lookup_fault root = { seL4_InvalidRoot, 0, 0, 0 };

    event_begin("invoke");
    assert_int_equal(inv_invalid_argument(&inv, 3, "bad %d", 3), seL4_InvalidArgument);
    assert_int_equal(inv.reply_length, 1);
    assert_int_equal(inv.reply_mr[0], 3);
    assert_int_equal(inv_range(&inv, 2, 9, "range"), seL4_RangeError);
    assert_int_equal(inv.reply_length, 2);
    assert_int_equal(inv.reply_mr[1], 9);
    assert_int_equal(inv_not_enough_memory(&inv, 4080, "mem"), seL4_NotEnoughMemory);
    assert_int_equal(inv.reply_length, 1);
    assert_int_equal(inv.reply_mr[0], 4080);
    assert_int_equal(inv_fail(&inv, seL4_AlignmentError, "align"), seL4_AlignmentError);
    assert_int_equal(inv.reply_length, 0);
    assert_int_equal(inv.error, seL4_AlignmentError);
    assert_int_equal(inv_failed_lookup(&inv, true, &guard, "g"), seL4_FailedLookup);
    assert_int_equal(inv.reply_length, 5);
    word_t want_g[] = { 1, seL4_GuardMismatch, 40, 3, 8 };
    assert_memory_equal(inv.reply_mr, want_g, sizeof(want_g));
    inv_failed_lookup(&inv, false, &depth, "d");
    assert_int_equal(inv.reply_length, 4);
    word_t want_d[] = { 0, seL4_DepthMismatch, 5, 9 };
    assert_memory_equal(inv.reply_mr, want_d, sizeof(want_d));
    inv_failed_lookup(&inv, false, &root, "r");
    assert_int_equal(inv.reply_length, 2);
    event_end();
    assert_int_equal(shim_user_errors(), 7);
    assert_contains(shim_console(), "]: bad 3>>\n");
    assert_contains(shim_last_event(), " msg=\"bad 3\" msg=\"range\"");
}

static void test_long_messages_are_cut(void **state)
{
    struct invocation inv = { .thread = f.t };
    char big[400];

    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    inv_fail(&inv, seL4_IllegalOperation, "%s", big);
    assert_int_equal(shim_user_errors(), 1);
    assert_true(strlen(shim_console()) < 300);
    assert_false(shim_event_dangling());           /* no event open: no key written */
}

static void test_names(void **state)
{
    assert_string_equal(error_name(seL4_NoError), "seL4_NoError");
    assert_string_equal(error_name(seL4_RangeError), "seL4_RangeError");
    assert_string_equal(error_name(seL4_NotEnoughMemory), "seL4_NotEnoughMemory");
    assert_string_equal(error_name(seL4_NumErrors), "seL4_UnknownError");
    assert_string_equal(invocation_label_name(UntypedRetype), "UntypedRetype");
    assert_string_equal(invocation_label_name(CNodeSaveCaller), "CNodeSaveCaller");
    assert_string_equal(invocation_label_name(TCBSetTLSBase), "TCBSetTLSBase");
    assert_string_equal(invocation_label_name(X86IRQIssueIRQHandlerMSI), "X86IRQIssueIRQHandlerMSI");
    assert_string_equal(invocation_label_name(9999), "InvalidInvocation");
    assert_string_equal(cap_type_name(cap_notification), "notification");
    assert_string_equal(cap_type_name(cap_io_port_control), "io_port_control");
    assert_string_equal(cap_type_name(200), "unknown");
    assert_string_equal(object_type_name(seL4_X86_4K), "seL4_X86_4K");
    assert_string_equal(object_type_name(seL4_CapTableObject), "seL4_CapTableObject");
    assert_string_equal(object_type_name(99), "seL4_InvalidObjectType");
    assert_int_equal(object_size_bits(seL4_CapTableObject, 12), 17);
    assert_int_equal(object_size_bits(seL4_TCBObject, 63), seL4_TCBBits);
    assert_int_equal(object_size_bits(seL4_TCBObject, 64), -1);
    assert_int_equal(object_size_bits(seL4_ObjectTypeCount, 0), -1);
}

/* handle_invocation: the syscall layer's entry, and the one dispatch over
 * every cap type with the reply rules of each. */
static void set_msginfo(word_t label, word_t length)
{
    f.t->ctx.rsi = seL4_MessageInfo_new(label, 0, 0, length).words[0];
}

static void test_dispatch_every_cap_type(void **state)
{
    struct cap n = fx_object(&f, 30, seL4_NotificationObject, 0);
    struct notification *ntfn = kptr_of(n.ptr);

    assert_int_equal(fx_copy(&f, 31, 30, 2), seL4_NoError);          /* read-only */
    fx_object(&f, 32, seL4_EndpointObject, 0);
    cte_insert_root(cap_reply_new(paddr_of(f.t), false, false), fx_slot(&f, 33), true);
    shim_clear_logs();

    /* A refused Signal answers a Call with the error, no badge. */
    set_msginfo(0, 0);
    handle_invocation(f.t, 31, true, true);
    assert_contains(shim_last_event(), "ev=signal thread=\"rootserver\" cptr=31 badge=0 msg=");
    assert_contains(shim_last_event(), " err=2 woke=\"(null)\"");
    assert_int_equal(seL4_MessageInfo_get_label((seL4_MessageInfo_t){ { f.t->ctx.rsi } }),
                     seL4_InvalidCapability);
    assert_int_equal(ntfn->state, NTFN_IDLE);

    /* A Signal that goes ahead: the notification becomes active. */
    handle_invocation(f.t, 30, false, true);
    assert_contains(shim_last_event(), "ev=signal thread=\"rootserver\" cptr=30 badge=0 err=0 ");
    assert_int_equal(ntfn->state, NTFN_ACTIVE);

    /* Endpoints and reply caps go to their own decoders. */
    set_msginfo(0, 0);
    handle_invocation(f.t, 32, true, true);
    handle_invocation(f.t, 33, false, true);
    assert_contains(shim_calls(), "decode_endpoint_invocation InvalidInvocation\n");
    assert_contains(shim_calls(), "decode_reply_invocation InvalidInvocation\n");

    /* A kernel object: the invoke event, Restart, then Running again. */
    shim_clear_logs();
    set_msginfo(CNodeDelete, 2);
    f.t->ctx.r10 = 31;
    f.t->ctx.r8 = 64;
    handle_invocation(f.t, ROOT_CNODE, true, true);
    assert_contains(shim_last_event(), "ev=invoke thread=\"rootserver\" cptr=2 op=\"CNodeDelete\" "
                                       "cap=\"cnode\" index=31 depth=64 err=0 ");
    assert_int_equal(fx_slot(&f, 31)->cap.type, cap_null);
    assert_contains(shim_calls(), "set_thread_state rootserver 2\nset_thread_state rootserver 1\n");

    /* An invalid cptr is a cap fault, not an error reply. */
    shim_clear_logs();
    handle_invocation(f.t, 5000, true, true);
    assert_contains(shim_calls(), "fault_set_cap rootserver 5000\nhandle_fault rootserver\n");
    assert_contains(shim_console(), "Invocation of invalid cap #5000.>>\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_message_registers, setup),
        cmocka_unit_test_setup(test_reply_registers, setup),
        cmocka_unit_test_setup(test_null_cap, setup),
        cmocka_unit_test_setup(test_dispatch, setup),
        cmocka_unit_test_setup(test_objects_without_methods, setup),
        cmocka_unit_test_setup(test_error_registers, setup),
        cmocka_unit_test_setup(test_long_messages_are_cut, setup),
        cmocka_unit_test_setup(test_names, setup),
        cmocka_unit_test_setup(test_dispatch_every_cap_type, setup),
    };
    return cmocka_run_group_tests_name("invocation", tests, NULL, NULL);
}
