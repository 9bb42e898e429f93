/*
 * threads.c - adversarial checks of TCB invocations and faults: a thread
 * that replaces its own CSpace while its sources live in the CNode being
 * destroyed, a thread that faulted without a handler and is restarted, a
 * thread that suspends itself, TCB operations on a caller blocked on a
 * reply, a fault endpoint deleted under a waiting faulter, and hostile
 * thread names.
 *
 * Threads that are meant to die of an unhandled fault are named
 * VICTIM_NAME; the runner accepts their fault reports and nothing else.
 */
#include <stdio.h>
#include <string.h>
#include "adv.h"

/* Words of a 4 KiB page that are not zero. */
static seL4_Word nonzero_words(const seL4_Word *page)
{
    seL4_Word n = 0;

    for (int i = 0; i < 512; i++)
        n += page[i] != 0;
    return n;
}

/* Let every ready thread of the root task's priority run until it blocks. */
static void let_peers_run(void)
{
    for (int i = 0; i < 4; i++)
        seL4_Yield();
}

/* ------------------------------------------ SetSpace from a dying CNode */

/*
 * Layout of the victim's CSpace C (radix 4, guard 56: 60 bits, so the last
 * 4 bits of a cptr index a second-level CNode):
 *     C[1] its own TCB          cptr 0x10
 *     C[2] E, C holds E's only cap; E[5] = a cap to CNode X   cptr 0x25
 *     C[3] D (the root task keeps D); D[3] = the root VSpace  cptr 0x33
 * X (radix 2) holds a marker endpoint at X[0] and the victim's TCB at X[1].
 * The victim calls SetSpace(own TCB, cspace = E[5], guard 62, vspace = D[3]).
 * Installing the new root deletes C's last cap, so C, then E, then E[5]
 * (the source of the new CSpace cap) are destroyed during the call.  seL4
 * re-checks a source after the deletion (checkCapAt) and installs nothing
 * from a slot that has been emptied.
 */
#define SS_OWN_TCB 0x10
#define SS_XCAP    0x25
#define SS_VSPACE  0x33

static struct kt_thread ss_thread;
KT_STACK(ss_stack);
static volatile seL4_Word ss_error = 0xff;

static void setspace_main(seL4_Word unused)
{
    (void)unused;
    ss_error = seL4_TCB_SetSpace(SS_OWN_TCB, 0, SS_XCAP, seL4_CNode_CapData_new(0, 62).words[0],
                                 SS_VSPACE, 0);
    for (;;)
        seL4_TCB_Suspend(1);          /* X[1] if X became our CSpace */
}

static seL4_CPtr new_cnode_in(seL4_CPtr ut, seL4_Word radix)
{
    seL4_CPtr slot = kt_slot();
    seL4_Error err = seL4_Untyped_Retype(ut, seL4_CapTableObject, radix, ROOT, 0, 0, slot, 1);

    if (err != seL4_NoError)
        kt_bail("retyping a CNode", err);
    return slot;
}

static void test_setspace_from_dying_cnode(void)
{
    seL4_CPtr c = kt_new(seL4_CapTableObject, 4), d = kt_new(seL4_CapTableObject, 4);
    seL4_CPtr x = kt_new(seL4_CapTableObject, 2), marker = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr e_ut = kt_new_untyped(13), e = new_cnode_in(e_ut, 4);
    seL4_CPtr frame = kt_slot(), probe_slot = kt_slot();
    seL4_Word *f, v = kt_vaddr_page(), changed = 0;

    adv_thread(&ss_thread, 0, 255, ss_stack, VICTIM_NAME);
    adv_copy_into(x, 0, 2, marker);
    adv_copy_into(x, 1, 2, ss_thread.tcb);
    adv_copy_into(d, 3, 4, VSPACE);
    adv_copy_into(e, 5, 4, x);
    adv_copy_into(c, 1, 4, ss_thread.tcb);
    adv_copy_into(c, 2, 4, e);
    adv_copy_into(c, 3, 4, d);
    kt_error(seL4_NoError, seL4_TCB_SetSpace(ss_thread.tcb, 0, c, seL4_CNode_CapData_new(0, 56).words[0],
                                             VSPACE, 0), "SetSpace: the victim gets CSpace C");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, c, 64), "SetSpace: drop our cap to C");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, e, 64), "SetSpace: drop our cap to E");
    if (kt_thread_start(&ss_thread, setspace_main, 0) != seL4_NoError)
        kt_bail("starting the SetSpace victim", 0);
    let_peers_run();
    kt_note("the victim's SetSpace answered %s", kt_error_name(ss_error));

    /* E's memory is free now: make it a frame we can see (8 KiB untyped,
     * so if E were still alive the frame would land beside it). */
    kt_error(seL4_NoError, seL4_Untyped_Retype(e_ut, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1),
             "SetSpace: a frame from E's untyped");
    kt_error(seL4_NoError, kt_map(frame, v, seL4_ReadWrite), "SetSpace: map that frame");
    f = (seL4_Word *)v;
    memset(f, 0xab, 4096);
    kt_error(seL4_NoError, seL4_TCB_SetSpace(ss_thread.tcb, 0, ROOT, 0, VSPACE, 0),
             "SetSpace: we replace the victim's CSpace again");
    for (int i = 0; i < 512; i++)
        changed += f[i] != 0xababababababababull;
    kt_word(0, changed, "SetSpace: the kernel wrote nothing into the frame that was E");
    kt_error(seL4_NoError, seL4_CNode_Copy(ROOT, probe_slot, 64, x, 0, 2, seL4_AllRights),
             "SetSpace: X (which we still hold) kept its marker cap");
}

/* ------------------------------------------- SetSpace that kills itself */

/*
 * The same call, but C holds the last cap to the victim's own TCB (and the
 * sources live in D, which survives).  Deleting C destroys the victim in
 * the middle of its own SetSpace; seL4 re-checks the invoked TCB cap
 * (checkCapAt) and installs nothing into a TCB that is gone.  If caps are
 * installed anyway, they are linked into the derivation tree from inside
 * the dead TCB's memory, which the untyped hands out again: here as a
 * zeroed frame that the kernel then writes to when D's caps are deleted.
 *     C[1] the victim's only TCB cap   cptr 0x10
 *     C[3] D; D[3] = the root VSpace   cptr 0x33
 *             D[5] = a cap to CNode X  cptr 0x35
 */
#define SK_XCAP 0x35

static struct kt_thread sk_thread;
KT_STACK(sk_stack);

static void setspace_kill_main(seL4_Word unused)
{
    (void)unused;
    seL4_TCB_SetSpace(SS_OWN_TCB, 0, SK_XCAP, seL4_CNode_CapData_new(0, 62).words[0], SS_VSPACE, 0);
    for (;;)
        seL4_Yield();                 /* not reached on any kernel */
}

static void test_setspace_destroys_own_tcb(void)
{
    seL4_CPtr c = kt_new(seL4_CapTableObject, 4), d = kt_new(seL4_CapTableObject, 4);
    seL4_CPtr x = kt_new(seL4_CapTableObject, 2), t_ut = kt_new_untyped(12);
    seL4_Word *f;

    adv_thread_in(&sk_thread, t_ut, 0, 255, sk_stack, "adv-killed");
    adv_copy_into(d, 3, 4, VSPACE);
    adv_copy_into(d, 5, 4, x);
    adv_copy_into(c, 1, 4, sk_thread.tcb);
    adv_copy_into(c, 3, 4, d);
    kt_error(seL4_NoError, seL4_TCB_SetSpace(sk_thread.tcb, 0, c, seL4_CNode_CapData_new(0, 56).words[0],
                                             VSPACE, 0), "SetSpace kills: the victim gets CSpace C");
    if (kt_thread_start(&sk_thread, setspace_kill_main, 0) != seL4_NoError)
        kt_bail("starting the self-destroying victim", 0);
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, sk_thread.tcb, 64),
             "SetSpace kills: drop our TCB cap");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, c, 64), "SetSpace kills: drop our cap to C");
    let_peers_run();

    f = adv_frame_from(t_ut);            /* the dead TCB's memory, zeroed */
    kt_error(seL4_NoError, seL4_CNode_Delete(d, 5, 4), "SetSpace kills: delete D[5]");
    kt_error(seL4_NoError, seL4_CNode_Delete(d, 3, 4), "SetSpace kills: delete D[3]");
    kt_word(0, nonzero_words(f), "SetSpace kills: the kernel wrote nothing into the frame that was the TCB");
}

/* ------------------------------------------ Call through a reply cap */

static struct kt_thread rcall_thread;
KT_STACK(rcall_stack);
static volatile seL4_Word rcall_label, rcall_mr0;

static void rcall_main(seL4_Word ep)
{
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0x44, 0, 0, 0));

    rcall_label = seL4_MessageInfo_get_label(info);
    rcall_mr0 = seL4_GetMR(0);
    kt_thread_stop(rcall_thread.tcb);
}

/*
 * Call (rather than Send) through a saved reply cap: the reply goes to the
 * caller, and the invoker gets seL4's empty success reply (label 0,
 * length 0), not its own message info back.
 */
static void test_call_on_reply_cap(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0), reply = kt_slot();
    seL4_MessageInfo_t info;
    seL4_Word badge;

    adv_thread(&rcall_thread, 0, 254, rcall_stack, "adv-rcall");
    if (kt_thread_start(&rcall_thread, rcall_main, ep) != seL4_NoError)
        kt_bail("starting the reply-cap caller", 0);
    seL4_Recv(ep, &badge);
    kt_error(seL4_NoError, seL4_CNode_SaveCaller(ROOT, reply, 64), "reply Call: SaveCaller");
    seL4_SetMR(0, 9);
    info = seL4_Call(reply, seL4_MessageInfo_new(0x55, 0, 0, 1));
    kt_word(0, seL4_MessageInfo_get_label(info), "reply Call: the invoker gets label 0 back");
    kt_word(0, seL4_MessageInfo_get_length(info), "reply Call: ... and length 0");
    let_peers_run();
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 200);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
    kt_word(0x55, rcall_label, "reply Call: the caller got the reply's label");
    kt_word(9, rcall_mr0, "reply Call: ... and its MR0");
}

/* --------------------------------------- a fault record that outlives */

static struct kt_thread stale_thread;
KT_STACK(stale_stack);
static seL4_Word stale_hole;

static void stale_fault_main(seL4_Word unused)
{
    (void)unused;
    (void)*(volatile seL4_Word *)stale_hole;     /* no handler: reported, suspended */
}

static void stale_send_main(seL4_Word ep)
{
    seL4_Word m0 = 7, m1 = 8;

    seL4_SendWithMRs(ep, seL4_MessageInfo_new(0x42, 0, 0, 2), &m0, &m1, NULL, NULL);
    kt_thread_stop(stale_thread.tcb);
}

/*
 * A thread faults with no handler (the kernel reports it and suspends it),
 * then is given new registers and resumed.  Its next Send is an ordinary
 * message: seL4 records a fault in the TCB only when it is sent to a
 * handler, so nothing of the old fault may travel with the Send.
 */
static void test_fault_record_after_unhandled_fault(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0), reply = kt_slot();
    seL4_MessageInfo_t info;
    seL4_Word badge;

    stale_hole = kt_vaddr_page();
    adv_thread(&stale_thread, 0, 255, stale_stack, VICTIM_NAME);
    if (kt_thread_start(&stale_thread, stale_fault_main, 0) != seL4_NoError)
        kt_bail("starting the faulting thread", 0);
    let_peers_run();
    kt_error(seL4_NoError, kt_thread_start(&stale_thread, stale_send_main, ep),
             "stale fault: restart the suspended thread at a Send");
    info = seL4_Recv(ep, &badge);
    kt_word(0x42, seL4_MessageInfo_get_label(info), "stale fault: the message has its own label");
    kt_word(2, seL4_MessageInfo_get_length(info), "stale fault: ... and its own length");
    kt_word(7, seL4_GetMR(0), "stale fault: ... and its MR0");
    kt_error(seL4_NoError, seL4_CNode_SaveCaller(ROOT, reply, 64), "stale fault: SaveCaller");
    kt_word(seL4_CapTag_Null, adv_tag(reply), "stale fault: a Send leaves the receiver no reply cap");
}

static struct kt_thread stale_server;
KT_STACK(stale_server_stack);

/* A server: one Recv, one Reply of its own, then stop. */
static void stale_server_main(seL4_Word ep)
{
    seL4_Word badge, m0 = 11;

    seL4_Recv(ep, &badge);
    seL4_ReplyWithMRs(seL4_MessageInfo_new(0x43, 0, 0, 1), &m0, NULL, NULL, NULL);
    kt_thread_stop(stale_server.tcb);
}

/*
 * The same unreported fault record, but the restarted thread serves a Call:
 * its Reply must carry its own message, not the old fault.
 */
static void test_fault_record_then_reply(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    seL4_MessageInfo_t info;
    seL4_Word m0 = 0;

    stale_hole = kt_vaddr_page();
    adv_thread(&stale_server, 0, 255, stale_server_stack, VICTIM_NAME);
    if (kt_thread_start(&stale_server, stale_fault_main, 0) != seL4_NoError)
        kt_bail("starting the faulting server", 0);
    let_peers_run();
    kt_error(seL4_NoError, kt_thread_start(&stale_server, stale_server_main, ep),
             "stale fault: restart the suspended thread as a server");
    let_peers_run();
    info = seL4_CallWithMRs(ep, seL4_MessageInfo_new(0x21, 0, 0, 1), &m0, NULL, NULL, NULL);
    kt_word(0x43, seL4_MessageInfo_get_label(info), "stale fault: the server's Reply has its own label");
    kt_word(11, m0, "stale fault: ... and its own MR0");
}

/* ------------------------------------------------------ suspending itself */

static struct kt_thread self_thread;
KT_STACK(self_stack);
static volatile int self_after;

static void suspend_self_main(seL4_Word unused)
{
    (void)unused;
    seL4_TCB_Suspend(self_thread.tcb);
    self_after = 1;
    kt_thread_stop(self_thread.tcb);
}

static void test_suspend_self(void)
{
    adv_thread(&self_thread, 0, 255, self_stack, "adv-self");
    if (kt_thread_start(&self_thread, suspend_self_main, 0) != seL4_NoError)
        kt_bail("starting the self-suspending thread", 0);
    let_peers_run();
    kt_word(0, self_after, "self: a thread that suspends itself does not go on");
    kt_error(seL4_NoError, seL4_TCB_Resume(self_thread.tcb), "self: Resume it");
    let_peers_run();
    kt_word(0, self_after, "self: resumed, it restarts at its Suspend and stops again");
}

/* --------------------------------------------- a caller blocked on reply */

static struct kt_thread caller_thread;
KT_STACK(caller_stack);
static volatile int caller_returned;

static void caller_main(seL4_Word ep)
{
    seL4_Call(ep, seL4_MessageInfo_new(0x33, 0, 0, 0));
    caller_returned = 1;
    kt_thread_stop(caller_thread.tcb);
}

/*
 * The receiver saves the reply cap, then the caller is suspended: the
 * reply cap must go (seL4 cancels the caller's IPC).  Replying through
 * the saved slot is then an empty slot, and resuming the caller restarts
 * its Call rather than completing it with a stale reply.
 */
static void test_tcb_ops_on_blocked_caller(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0), reply = kt_slot();
    seL4_Word badge;

    adv_thread(&caller_thread, 0, 254, caller_stack, "adv-caller");
    if (kt_thread_start(&caller_thread, caller_main, ep) != seL4_NoError)
        kt_bail("starting the caller", 0);
    seL4_Recv(ep, &badge);
    kt_error(seL4_NoError, seL4_CNode_SaveCaller(ROOT, reply, 64), "blocked caller: SaveCaller");
    kt_word(seL4_CapTag_Reply, adv_tag(reply), "blocked caller: the reply cap is in the slot");
    kt_error(seL4_NoError, seL4_TCB_SetPriority(caller_thread.tcb, seL4_CapInitThreadTCB, 100),
             "blocked caller: SetPriority on it");
    kt_error(seL4_NoError, seL4_TCB_Suspend(caller_thread.tcb), "blocked caller: Suspend it");
    kt_word(seL4_CapTag_Null, adv_tag(reply), "blocked caller: suspending it deleted the reply cap");
    seL4_Send(reply, seL4_MessageInfo_new(0, 0, 0, 0));
    kt_word(0, caller_returned, "blocked caller: a Send to the emptied slot completes nothing");
}

/* ------------------------------ fault endpoint deleted under a faulter */

static struct kt_thread orphan_thread;
KT_STACK(orphan_stack);
static seL4_Word orphan_hole;

static void orphan_main(seL4_Word unused)
{
    (void)unused;
    (void)*(volatile seL4_Word *)orphan_hole;
    kt_thread_stop(orphan_thread.tcb);
}

/*
 * The faulter blocks sending its fault (nobody receives).  Deleting the
 * endpoint restarts it: it faults again, finds no handler and is reported.
 * Then its TCB is deleted; nothing may still point at it.
 */
static void test_fault_endpoint_deleted(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    seL4_Word badge;

    orphan_hole = kt_vaddr_page();
    adv_thread(&orphan_thread, ep, 255, orphan_stack, VICTIM_NAME);
    if (kt_thread_start(&orphan_thread, orphan_main, 0) != seL4_NoError)
        kt_bail("starting the orphan faulter", 0);
    let_peers_run();
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, ep, 64),
             "fault ep: delete the endpoint the faulter waits on");
    let_peers_run();
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, orphan_thread.tcb, 64),
             "fault ep: delete the faulter's TCB");
    seL4_NBRecv(kt_new(seL4_EndpointObject, 0), &badge);
    kt_word(0, badge, "fault ep: the kernel still answers (NBRecv on a fresh endpoint)");
}

/* ------------------------------- objects freed under kernel references */

static struct kt_thread uaf_thread;
KT_STACK(uaf_stack);
static volatile seL4_Word uaf_badge = 0xdead;

static void uaf_recv_main(seL4_Word ep)
{
    seL4_Word badge;

    seL4_Recv(ep, &badge);
    kt_thread_stop(uaf_thread.tcb);
}

static void uaf_poll_main(seL4_Word ep)
{
    seL4_Word badge = 0xdead;

    seL4_NBRecv(ep, &badge);
    uaf_badge = badge;
    kt_thread_stop(uaf_thread.tcb);
}

/*
 * A thread blocked in Recv on an endpoint loses its last TCB cap, and its
 * memory becomes a frame.  Sending on the endpoint must find no receiver
 * (the kernel dequeued the dead thread) and write nothing into the frame.
 */
static void test_queued_tcb_freed(void)
{
    seL4_CPtr ut = kt_new_untyped(12), ep = kt_new(seL4_EndpointObject, 0);
    seL4_Word *f;
    seL4_MessageInfo_t info;
    seL4_Word badge = 1;

    adv_thread_in(&uaf_thread, ut, 0, 255, uaf_stack, "adv-uaf");
    if (kt_thread_start(&uaf_thread, uaf_recv_main, ep) != seL4_NoError)
        kt_bail("starting the queued thread", 0);
    let_peers_run();
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, uaf_thread.tcb, 64),
             "freed TCB: delete a thread blocked in Recv");
    f = adv_frame_from(ut);
    seL4_NBSend(ep, seL4_MessageInfo_new(0x61, 0, 0, 0));
    kt_word(0, nonzero_words(f), "freed TCB: an NBSend wrote nothing into its old memory");
    info = seL4_NBRecv(ep, &badge);
    kt_word(0, badge, "freed TCB: the endpoint is idle again (NBRecv finds nothing)");
    (void)info;
}

/*
 * A bound notification loses its last cap and its memory becomes a frame
 * that looks like an active notification.  The TCB must be unbound: its
 * next NBRecv on an empty endpoint returns badge 0, not the fake word.
 */
static void test_bound_notification_freed(void)
{
    seL4_CPtr ut = kt_new_untyped(12), ntfn = kt_slot(), ep = kt_new(seL4_EndpointObject, 0);
    seL4_Word *f;

    if (seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, ROOT, 0, 0, ntfn, 1))
        kt_bail("a notification in its own untyped", 0);
    adv_thread(&uaf_thread, 0, 255, uaf_stack, "adv-uaf");
    kt_error(seL4_NoError, seL4_TCB_BindNotification(uaf_thread.tcb, ntfn),
             "freed notification: bind it");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, ntfn, 64),
             "freed notification: delete its last cap");
    f = adv_frame_from(ut);
    f[0] = 2;                               /* state: active */
    f[1] = 0x77;                            /* pending word */
    uaf_badge = 0xdead;
    if (kt_thread_start(&uaf_thread, uaf_poll_main, ep) != seL4_NoError)
        kt_bail("starting the formerly bound thread", 0);
    let_peers_run();
    kt_word(0, uaf_badge, "freed notification: the TCB's NBRecv is not served by its old memory");
}

/*
 * A TCB bound to a notification loses its last cap and its memory becomes
 * a frame.  The notification must be unbound: binding it to another TCB
 * works, and a Signal writes nothing into the frame.
 */
static void test_bound_tcb_freed(void)
{
    seL4_CPtr ut = kt_new_untyped(12), ntfn = kt_new(seL4_NotificationObject, 0);
    seL4_Word *f;

    adv_thread_in(&uaf_thread, ut, 0, 255, uaf_stack, "adv-uaf");
    kt_error(seL4_NoError, seL4_TCB_BindNotification(uaf_thread.tcb, ntfn),
             "freed bound TCB: bind the notification");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, uaf_thread.tcb, 64),
             "freed bound TCB: delete the TCB's last cap");
    f = adv_frame_from(ut);
    seL4_Signal(ntfn);
    kt_error(seL4_NoError, seL4_TCB_BindNotification(kt_new(seL4_TCBObject, 0), ntfn),
             "freed bound TCB: the notification can be bound to another TCB");
    kt_word(0, nonzero_words(f), "freed bound TCB: the Signal wrote nothing into its old memory");
}

/* ---------------------------------------------------------- hostile names */

static struct kt_thread named_thread;
KT_STACK(named_stack);

/* Quote, backslash, newline, tab, escape, DEL, high bytes, a "%s". */
#define HOSTILE_NAME "q\"b\\n\nt\t\x1b[31m%s\x7f\xff\xc3("

static void named_main(seL4_Word unused)
{
    (void)unused;
    seL4_TCB_Suspend(0xfff);                 /* an empty slot: a user-error line */
    kt_thread_stop(named_thread.tcb);
}

/* The runner checks the events: every line parses and name_thread carries
 * the name byte for byte (as \u00XX escapes for control and high bytes). */
static void test_hostile_thread_name(void)
{
    adv_thread(&named_thread, 0, 255, named_stack, HOSTILE_NAME);
    if (kt_thread_start(&named_thread, named_main, 0) != seL4_NoError)
        kt_bail("starting the named thread", 0);
    let_peers_run();
    kt_true(true, "names: a thread with a hostile name ran an invocation and stopped");
}

void test_threads(void)
{
    test_setspace_from_dying_cnode();
    test_setspace_destroys_own_tcb();
    test_call_on_reply_cap();
    test_fault_record_after_unhandled_fault();
    test_fault_record_then_reply();
    test_suspend_self();
    test_tcb_ops_on_blocked_caller();
    test_fault_endpoint_deleted();
    test_queued_tcb_freed();
    test_bound_notification_freed();
    test_bound_tcb_freed();
    test_hostile_thread_name();
}
