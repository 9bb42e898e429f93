/*
 * cnode/main.c - kernel tests of the CNode methods and of CSpace addressing
 * (spec §6.1 to §6.4, §3.2 for the lookup-failure details).
 *
 * Copy, Mint, Move, Mutate, Rotate, Delete, Revoke, SaveCaller and
 * CancelBadgedSends, each with its errors; the derivation tree rules that
 * user code can see (rights only ever shrink, a badge is set once, revoking
 * an unbadged notification removes every badged child, an untyped with
 * children cannot be copied); two-level CSpaces reached through guards and
 * depths below 64; and the DebugCapIdentify tag of every kind of cap.
 *
 * Rights are observed without blocking: a notification signalled through a
 * cap without Write stays idle (seen with Poll), and a Call through an
 * endpoint cap without Write is answered at once with InvalidCapability.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT seL4_CapInitThreadCNode

static seL4_Word tag(seL4_CPtr c)
{
    return seL4_DebugCapIdentify(c);
}

static seL4_Error copy(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights)
{
    return seL4_CNode_Copy(ROOT, dest, 64, ROOT, src, 64, rights);
}

static seL4_Error mint(seL4_CPtr dest, seL4_CPtr src, seL4_CapRights_t rights, seL4_Word badge)
{
    return seL4_CNode_Mint(ROOT, dest, 64, ROOT, src, 64, rights, badge);
}

/* The word a Poll finds on the notification (0 if nothing is pending). */
static seL4_Word poll(seL4_CPtr ntfn)
{
    seL4_Word badge = 0;

    seL4_Poll(ntfn, &badge);
    return badge;
}

/* A Call through an endpoint cap without Write fails at once; the label of
 * the answer is the error (a cap with Write would block: never used here). */
static seL4_Word call_without_write(seL4_CPtr ep)
{
    seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(0x33, 0, 0, 0));

    return seL4_MessageInfo_get_label(info);
}

/* ------------------------------------------------------------------ Copy */

static void test_copy(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr a = kt_slot(), empty = kt_slot(), b = kt_slot();

    kt_error(seL4_NoError, copy(a, ep, seL4_AllRights), "Copy an endpoint cap");
    kt_word(seL4_CapTag_Endpoint, tag(a), "the copy is an endpoint cap");
    kt_error(seL4_DeleteFirst, copy(a, ep, seL4_AllRights), "Copy into an occupied slot: DeleteFirst");
    kt_error_mrs(seL4_FailedLookup, copy(b, empty, seL4_AllRights), 3,
                 KT_MRS(1, seL4_MissingCapability, 64),
                 "Copy from an empty slot: FailedLookup(source, MissingCapability, 64)");
    kt_error(seL4_DeleteFirst, copy(a, empty, seL4_AllRights),
             "occupied destination and empty source: the destination is checked first");

    kt_error_mrs(seL4_RangeError, seL4_CNode_Copy(ROOT, b, 0, ROOT, ep, 64, seL4_AllRights), 2,
                 KT_MRS(1, 64), "destination depth 0: RangeError(1, 64)");
    kt_error_mrs(seL4_RangeError, seL4_CNode_Copy(ROOT, b, 65, ROOT, ep, 64, seL4_AllRights), 2,
                 KT_MRS(1, 64), "destination depth 65: RangeError(1, 64)");
    kt_error_mrs(seL4_RangeError, seL4_CNode_Copy(ROOT, b, 64, ROOT, ep, 0, seL4_AllRights), 2,
                 KT_MRS(1, 64), "source depth 0: RangeError(1, 64)");
    kt_error_mrs(seL4_RangeError, seL4_CNode_Copy(ROOT, b, 64, ROOT, ep, 65, seL4_AllRights), 2,
                 KT_MRS(1, 64), "source depth 65: RangeError(1, 64)");

    /* The root CNode: guard 0 of 52 bits, radix 12, so 64 bits per slot. */
    kt_error_mrs(seL4_FailedLookup, seL4_CNode_Copy(ROOT, b, 63, ROOT, ep, 64, seL4_AllRights), 4,
                 KT_MRS(0, seL4_DepthMismatch, 63, 64),
                 "destination depth 63: FailedLookup(dest, DepthMismatch, left 63, level 64)");
    kt_error_mrs(seL4_FailedLookup, seL4_CNode_Copy(ROOT, b, 64, ROOT, ep, 63, seL4_AllRights), 4,
                 KT_MRS(1, seL4_DepthMismatch, 63, 64),
                 "source depth 63: FailedLookup(source, DepthMismatch, left 63, level 64)");
    kt_error_mrs(seL4_FailedLookup, seL4_CNode_Copy(ROOT, b, 40, ROOT, ep, 64, seL4_AllRights), 5,
                 KT_MRS(0, seL4_GuardMismatch, 40, 0, 52),
                 "destination depth 40 < guard 52: FailedLookup(dest, GuardMismatch, 40, 0, 52)");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Copy(ROOT, b, 64, ROOT, (1ul << 60) | ep, 64, seL4_AllRights), 5,
                 KT_MRS(1, seL4_GuardMismatch, 64, 0, 52),
                 "source cptr with guard bits set: FailedLookup(source, GuardMismatch, 64, 0, 52)");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Copy(ROOT, b, 64, seL4_CapInitThreadTCB, ep, 64, seL4_AllRights), 2,
                 KT_MRS(1, seL4_InvalidRoot), "source root is a TCB: FailedLookup(source, InvalidRoot)");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Copy(ROOT, b, 64, kt_slot(), ep, 64, seL4_AllRights), 2,
                 KT_MRS(1, seL4_InvalidRoot), "source root is empty: FailedLookup(source, InvalidRoot)");
    kt_word(seL4_CapTag_Null, tag(b), "none of the failed copies wrote the slot");
}

/* ------------------------------------------------------------ rights, Mint */

static void test_rights_and_badges(void)
{
    seL4_CPtr ntfn = kt_new(seL4_NotificationObject, 0);
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr ro = kt_slot(), ro_up = kt_slot(), b1 = kt_slot(), b1c = kt_slot();
    seL4_CPtr b1_ro = kt_slot(), b0 = kt_slot(), ep_ro = kt_slot(), ep_ro_up = kt_slot();
    seL4_CPtr ep_b = kt_slot(), slot = kt_slot();

    kt_word(0, poll(ntfn), "Poll on an idle notification returns 0");
    kt_error(seL4_NoError, copy(ro, ntfn, seL4_CanRead), "Copy a notification with CanRead only");
    seL4_Signal(ro);
    kt_word(0, poll(ntfn), "Signal through the read-only copy does nothing");
    kt_error(seL4_NoError, copy(ro_up, ro, seL4_AllRights), "Copy the read-only copy asking AllRights");
    seL4_Signal(ro_up);
    kt_word(0, poll(ntfn), "rights were not raised: Signal through it still does nothing");

    kt_error(seL4_NoError, mint(b1, ntfn, seL4_AllRights, 0x10), "Mint a notification with badge 0x10");
    seL4_Signal(b1);
    kt_word(0x10, poll(ntfn), "Signal through the minted cap delivers badge 0x10");
    kt_error(seL4_NoError, copy(b1c, b1, seL4_AllRights), "Copy the badged cap");
    seL4_Signal(b1c);
    kt_word(0x10, poll(ntfn), "the copy keeps badge 0x10");
    kt_error(seL4_IllegalOperation, mint(slot, b1, seL4_AllRights, 0x20),
             "Mint from a badged notification cap: IllegalOperation");
    kt_error(seL4_IllegalOperation, mint(slot, b1, seL4_AllRights, 0x10),
             "Mint from a badged cap with the same badge: IllegalOperation");
    kt_error(seL4_IllegalOperation, mint(slot, b1, seL4_CanRead, 0),
             "Mint from a badged cap with badge 0: IllegalOperation");
    kt_word(seL4_CapTag_Null, tag(slot), "the failed mints left the slot empty");
    kt_error(seL4_NoError, copy(b1_ro, b1, seL4_CanRead), "Copy the badged cap with CanRead");
    seL4_Signal(b1_ro);
    kt_word(0, poll(ntfn), "Signal through the badged read-only copy does nothing");
    kt_error(seL4_NoError, mint(b0, ntfn, seL4_AllRights, 0), "Mint with badge 0 from the unbadged cap");
    kt_error(seL4_NoError, mint(slot, b0, seL4_AllRights, 0x40),
             "a badge-0 mint is still unbadged: minting a badge from it works");
    seL4_Signal(slot);
    kt_word(0x40, poll(ntfn), "and that cap signals badge 0x40");

    /* Endpoint rights, observed through a Call that cannot block. */
    kt_error(seL4_NoError, copy(ep_ro, ep, seL4_CanRead), "Copy an endpoint with CanRead only");
    kt_word(seL4_InvalidCapability, call_without_write(ep_ro),
            "Call through an endpoint cap without Write: InvalidCapability");
    kt_word(0, seL4_GetMR(0), "... and MR0 = 0 (the invoked cap)");
    kt_error(seL4_NoError, mint(ep_ro_up, ep_ro, seL4_AllRights, 0),
             "Mint the read-only endpoint cap asking AllRights");
    kt_word(seL4_InvalidCapability, call_without_write(ep_ro_up),
            "rights were not raised: Call through it still fails with InvalidCapability");
    kt_error(seL4_NoError, mint(ep_b, ep, seL4_NoWrite, 7), "Mint a badged endpoint cap without Write");
    kt_error(seL4_IllegalOperation, mint(kt_slot(), ep_b, seL4_AllRights, 8),
             "Mint from a badged endpoint cap: IllegalOperation");
}

/* ------------------------------------------------------------------ Move */

static void test_move_mutate(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr ntfn = kt_new(seL4_NotificationObject, 0);
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0);
    seL4_CPtr cn = kt_new(seL4_CapTableObject, 4);
    seL4_CPtr a = kt_slot(), b = kt_slot(), c = kt_slot(), empty = kt_slot();

    kt_error(seL4_NoError, seL4_CNode_Move(ROOT, a, 64, ROOT, ep, 64), "Move an endpoint cap");
    kt_word(seL4_CapTag_Endpoint, tag(a), "the destination holds the endpoint");
    kt_word(seL4_CapTag_Null, tag(ep), "the source is empty after Move");
    kt_error_mrs(seL4_FailedLookup, seL4_CNode_Move(ROOT, b, 64, ROOT, empty, 64), 3,
                 KT_MRS(1, seL4_MissingCapability, 64),
                 "Move from an empty slot: FailedLookup(source, MissingCapability, 64)");
    kt_error(seL4_DeleteFirst, seL4_CNode_Move(ROOT, a, 64, ROOT, ntfn, 64),
             "Move into an occupied slot: DeleteFirst");
    kt_error(seL4_DeleteFirst, seL4_CNode_Move(ROOT, a, 64, ROOT, a, 64),
             "Move a slot onto itself: DeleteFirst");
    kt_word(seL4_CapTag_Notification, tag(ntfn), "the failed Move left the source alone");

    kt_error(seL4_IllegalOperation, seL4_CNode_Mutate(ROOT, b, 64, ROOT, a, 64, 0),
             "Mutate an endpoint cap (badge 0): IllegalOperation");
    kt_error(seL4_IllegalOperation, seL4_CNode_Mutate(ROOT, b, 64, ROOT, a, 64, 5),
             "Mutate an endpoint cap (badge 5): IllegalOperation");
    kt_error(seL4_IllegalOperation, seL4_CNode_Mutate(ROOT, b, 64, ROOT, ntfn, 64, 5),
             "Mutate a notification cap: IllegalOperation");
    kt_word(seL4_CapTag_Endpoint, tag(a), "the failed Mutate left the source alone");
    kt_error(seL4_NoError, seL4_CNode_Mutate(ROOT, b, 64, ROOT, frame, 64, 0x1234),
             "Mutate a frame cap (data ignored)");
    kt_word(seL4_CapTag_Frame, tag(b), "the frame cap moved");
    kt_word(seL4_CapTag_Null, tag(frame), "Mutate empties the source");
    kt_error(seL4_NoError, seL4_CNode_Mutate(ROOT, c, 64, ROOT, cn, 64,
                                             seL4_CNode_CapData_new(0x5, 4).words[0]),
             "Mutate a CNode cap, setting guard 0x5 of 4 bits");
    kt_error(seL4_NoError, seL4_CNode_Copy(c, (0x5 << 4) | 3, 8, ROOT, a, 64, seL4_AllRights),
             "the new guard is in force: slot 3 reached as (0x5 << 4 | 3) at depth 8");
    kt_error_mrs(seL4_FailedLookup, seL4_CNode_Copy(c, 3, 4, ROOT, a, 64, seL4_AllRights), 5,
                 KT_MRS(0, seL4_GuardMismatch, 4, 0x5, 4),
                 "the old address (3 at depth 4) now fails: GuardMismatch(4, 0x5, 4)");
    kt_error(seL4_IllegalOperation,
             seL4_CNode_Mutate(ROOT, cn, 64, ROOT, c, 64, seL4_CNode_CapData_new(0, 61).words[0]),
             "Mutate a radix-4 CNode cap to guard size 61 (> 64 bits): IllegalOperation");
}

/* ---------------------------------------------------------------- Rotate */

static void test_rotate(void)
{
    seL4_CPtr pivot = kt_new(seL4_X86_4K, 0);
    seL4_CPtr src = kt_new(seL4_X86_PageTableObject, 0);
    seL4_CPtr dest = kt_slot(), empty = kt_slot(), other = kt_new(seL4_TCBObject, 0);

    kt_error(seL4_NoError,
             seL4_CNode_Rotate(ROOT, dest, 64, 0, ROOT, pivot, 64, 0, ROOT, src, 64),
             "Rotate: pivot to dest, src to pivot");
    kt_word(seL4_CapTag_Frame, tag(dest), "dest now holds the old pivot (frame)");
    kt_word(seL4_CapTag_PageTable, tag(pivot), "pivot now holds the old src (page table)");
    kt_word(seL4_CapTag_Null, tag(src), "src is empty");

    kt_error(seL4_NoError,
             seL4_CNode_Rotate(ROOT, dest, 64, 0, ROOT, pivot, 64, 0, ROOT, dest, 64),
             "Rotate with dest = src swaps dest and pivot");
    kt_word(seL4_CapTag_PageTable, tag(dest), "after the swap dest holds the page table");
    kt_word(seL4_CapTag_Frame, tag(pivot), "after the swap pivot holds the frame");

    kt_error(seL4_IllegalOperation,
             seL4_CNode_Rotate(ROOT, empty, 64, 0, ROOT, pivot, 64, 0, ROOT, pivot, 64),
             "Rotate with pivot = src: IllegalOperation");
    kt_error(seL4_IllegalOperation,
             seL4_CNode_Rotate(ROOT, dest, 64, 0, ROOT, dest, 64, 0, ROOT, pivot, 64),
             "Rotate with pivot = dest: IllegalOperation");
    kt_error(seL4_DeleteFirst,
             seL4_CNode_Rotate(ROOT, other, 64, 0, ROOT, pivot, 64, 0, ROOT, dest, 64),
             "Rotate into an occupied dest that is not src: DeleteFirst");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Rotate(ROOT, empty, 64, 0, ROOT, pivot, 64, 0, ROOT, src, 64), 3,
                 KT_MRS(1, seL4_MissingCapability, 64),
                 "Rotate from an empty src: FailedLookup(source, MissingCapability, 64)");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Rotate(ROOT, empty, 64, 0, ROOT, src, 64, 0, ROOT, pivot, 64), 3,
                 KT_MRS(0, seL4_MissingCapability, 64),
                 "Rotate with an empty pivot: FailedLookup(not source, MissingCapability, 64)");
    kt_word(seL4_CapTag_Thread, tag(other), "failed Rotates changed nothing");
}

/* -------------------------------------------------------- Delete, Revoke */

static void test_delete_revoke(void)
{
    seL4_CPtr ntfn = kt_new(seL4_NotificationObject, 0);
    seL4_CPtr b1 = kt_slot(), b1c = kt_slot(), b2 = kt_slot(), b2c = kt_slot();
    seL4_CPtr plain = kt_slot(), empty = kt_slot();

    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, empty, 64), "Delete an empty slot: NoError");
    kt_error(seL4_NoError, seL4_CNode_Revoke(ROOT, empty, 64), "Revoke an empty slot: NoError");
    kt_error_mrs(seL4_RangeError, seL4_CNode_Delete(ROOT, empty, 0), 2, KT_MRS(1, 64),
                 "Delete with depth 0: RangeError(1, 64)");
    kt_error_mrs(seL4_RangeError, seL4_CNode_Revoke(ROOT, empty, 65), 2, KT_MRS(1, 64),
                 "Revoke with depth 65: RangeError(1, 64)");

    mint(b1, ntfn, seL4_AllRights, 1);
    copy(b1c, b1, seL4_AllRights);
    mint(b2, ntfn, seL4_AllRights, 2);
    copy(b2c, b2, seL4_AllRights);
    copy(plain, ntfn, seL4_AllRights);
    kt_word(seL4_CapTag_Notification, tag(b2c), "badged family set up");

    kt_error(seL4_NoError, seL4_CNode_Revoke(ROOT, b2, 64), "Revoke the badge-2 original");
    kt_word(seL4_CapTag_Null, tag(b2c), "its copy is gone");
    kt_word(seL4_CapTag_Notification, tag(b2), "the badge-2 original stays");
    kt_word(seL4_CapTag_Notification, tag(b1c), "the badge-1 copy is untouched");

    kt_error(seL4_NoError, seL4_CNode_Revoke(ROOT, ntfn, 64), "Revoke the unbadged notification");
    kt_word(seL4_CapTag_Null, tag(b1), "badge-1 cap removed");
    kt_word(seL4_CapTag_Null, tag(b1c), "badge-1 copy removed");
    kt_word(seL4_CapTag_Null, tag(b2), "badge-2 cap removed");
    kt_word(seL4_CapTag_Null, tag(plain), "unbadged copy removed");
    kt_word(seL4_CapTag_Notification, tag(ntfn), "the revoked cap itself stays");

    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, ntfn, 64), "Delete the last notification cap");
    kt_word(seL4_CapTag_Null, tag(ntfn), "the slot is empty");
}

/* Copying an untyped: only without children; the copy takes the memory. */
static void test_untyped_copy(void)
{
    seL4_CPtr ut = kt_new_untyped(12), ut2 = kt_new_untyped(12);
    seL4_CPtr copy1 = kt_slot(), obj = kt_slot(), obj2 = kt_slot(), slot = kt_slot();

    kt_error(seL4_NoError, seL4_Untyped_Retype(ut2, seL4_EndpointObject, 0, ROOT, 0, 0, obj, 1),
             "retype an endpoint from a second untyped");
    kt_error(seL4_RevokeFirst, copy(slot, ut2, seL4_AllRights),
             "Copy an untyped that has children: RevokeFirst");
    kt_error(seL4_RevokeFirst, mint(slot, ut2, seL4_AllRights, 0),
             "Mint an untyped that has children: RevokeFirst");
    kt_error(seL4_NoError, copy(copy1, ut, seL4_AllRights), "Copy an untyped without children");
    kt_word(seL4_CapTag_Untyped, tag(copy1), "the copy is an untyped cap");
    kt_error_mrs(seL4_NotEnoughMemory,
                 seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, obj2, 1), 1,
                 KT_MRS(0), "the original is marked full: NotEnoughMemory with 0 bytes left");
    kt_error(seL4_NoError, seL4_Untyped_Retype(copy1, seL4_EndpointObject, 0, ROOT, 0, 0, obj2, 1),
             "retype from the copy works");
    kt_error(seL4_RevokeFirst, copy(slot, copy1, seL4_AllRights),
             "Copy the copy, which now has a child: RevokeFirst");
}

/* ------------------------------------------------------------ SaveCaller */

KT_STACK(caller_stack);
static volatile seL4_Word caller_label, caller_mr0;
static seL4_CPtr caller_tcb;

/* Calls the endpoint, then reports the reply it got with a second Call. */
static void caller_main(seL4_Word ep)
{
    seL4_MessageInfo_t info;

    seL4_SetMR(0, 0xabc);
    info = seL4_Call(ep, seL4_MessageInfo_new(0x77, 0, 0, 1));
    caller_label = seL4_MessageInfo_get_label(info);
    caller_mr0 = seL4_GetMR(0);
    seL4_SetMR(0, caller_mr0);
    seL4_Call(ep, seL4_MessageInfo_new(0x78, 0, 0, 1));
    kt_thread_stop(caller_tcb);
}

static void test_save_caller(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr reply = kt_slot(), none = kt_slot(), slot = kt_slot();
    struct kt_thread t;
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;

    kt_error(seL4_NoError, seL4_CNode_SaveCaller(ROOT, none, 64),
             "SaveCaller with no pending caller: NoError");
    kt_word(seL4_CapTag_Null, tag(none), "... and the slot stays empty");

    kt_thread_create(&t, 0, 200, caller_stack, sizeof(caller_stack));
    caller_tcb = t.tcb;
    kt_error(seL4_NoError, kt_thread_start(&t, caller_main, ep), "start a caller thread");
    info = seL4_Recv(ep, &badge);
    kt_word(0x77, seL4_MessageInfo_get_label(info), "Recv got the caller's Call (label 0x77)");
    kt_word(0xabc, seL4_GetMR(0), "... with MR0 0xabc");
    kt_error(seL4_DeleteFirst, seL4_CNode_SaveCaller(ROOT, seL4_CapInitThreadTCB, 64),
             "SaveCaller into an occupied slot: DeleteFirst");
    kt_error(seL4_NoError, seL4_CNode_SaveCaller(ROOT, reply, 64), "SaveCaller into an empty slot");
    kt_word(seL4_CapTag_Reply, tag(reply), "the saved cap is a reply cap");
    kt_error(seL4_IllegalOperation, copy(slot, reply, seL4_AllRights),
             "Copy a reply cap: IllegalOperation (not derivable)");
    kt_error(seL4_NoError, seL4_CNode_SaveCaller(ROOT, none, 64),
             "a second SaveCaller finds nothing left to save");
    kt_word(seL4_CapTag_Null, tag(none), "... and writes nothing");

    seL4_SetMR(0, 0x1234);
    seL4_Send(reply, seL4_MessageInfo_new(0x55, 0, 0, 1));
    kt_word(seL4_CapTag_Null, tag(reply), "Send through the saved reply cap consumes it");
    info = seL4_Recv(ep, &badge);
    kt_word(0x78, seL4_MessageInfo_get_label(info), "the caller came back after the reply");
    kt_word(0x55, caller_label, "the caller got the reply's label 0x55");
    kt_word(0x1234, caller_mr0, "the caller got the reply's MR0 0x1234");
    seL4_TCB_Suspend(t.tcb);
}

/* --------------------------------------------------- CancelBadgedSends */

static void test_cancel_badged_sends(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0), ntfn = kt_new(seL4_NotificationObject, 0);
    seL4_CPtr badged = kt_slot(), ro = kt_slot();

    mint(badged, ep, seL4_AllRights, 9);
    copy(ro, ep, seL4_ReadWrite);
    kt_error(seL4_NoError, seL4_CNode_CancelBadgedSends(ROOT, ep, 64),
             "CancelBadgedSends on an unbadged endpoint with all rights");
    kt_error(seL4_NoError, seL4_CNode_CancelBadgedSends(ROOT, badged, 64),
             "CancelBadgedSends on a badged endpoint with all rights");
    kt_error(seL4_IllegalOperation, seL4_CNode_CancelBadgedSends(ROOT, ro, 64),
             "CancelBadgedSends without all four rights: IllegalOperation");
    kt_error(seL4_IllegalOperation, seL4_CNode_CancelBadgedSends(ROOT, ntfn, 64),
             "CancelBadgedSends on a notification: IllegalOperation");
}

/* ---------------------------------------------------- multi-level CSpaces */

static void test_multi_level(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr child = kt_new(seL4_CapTableObject, 4), guarded = kt_slot();
    seL4_CPtr top = kt_new(seL4_CapTableObject, 4), leaf = kt_new(seL4_CapTableObject, 4);
    seL4_CPtr back = kt_slot(), back2 = kt_slot(), slot = kt_slot();
    seL4_Word two_level = (1ul << 60) | 5;

    /* A radix-4 CNode minted with guard 0xA of 4 bits: 8 bits per slot. */
    kt_error(seL4_NoError, mint(guarded, child, seL4_AllRights, seL4_CNode_CapData_new(0xA, 4).words[0]),
             "Mint a child CNode cap with guard 0xA of 4 bits");
    kt_error(seL4_NoError,
             seL4_CNode_Copy(guarded, (0xA << 4) | 3, 8, ROOT, ep, 64, seL4_AllRights),
             "Copy into its slot 3 at depth 8 (guard then index)");
    kt_error(seL4_NoError,
             seL4_CNode_Copy(ROOT, back, 64, guarded, (0xA << 4) | 3, 8, seL4_AllRights),
             "Copy it back from depth 8");
    kt_word(seL4_CapTag_Endpoint, tag(back), "what came back is the endpoint");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Copy(ROOT, slot, 64, guarded, (0xA << 3) | 3, 7, seL4_AllRights), 4,
                 KT_MRS(1, seL4_DepthMismatch, 7, 8),
                 "depth 7 for an 8-bit level: FailedLookup(source, DepthMismatch, 7, 8)");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Copy(ROOT, slot, 64, guarded, (0xB << 4) | 3, 8, seL4_AllRights), 5,
                 KT_MRS(1, seL4_GuardMismatch, 8, 0xA, 4),
                 "wrong guard 0xB: FailedLookup(source, GuardMismatch, 8, guard 0xA, size 4)");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Copy(ROOT, slot, 64, guarded, 1, 3, seL4_AllRights), 5,
                 KT_MRS(1, seL4_GuardMismatch, 3, 0xA, 4),
                 "depth 3 < guard size 4: FailedLookup(source, GuardMismatch, 3, 0xA, 4)");

    /* Two levels: top (radix 4, no guard) -> slot 1 -> leaf (guard 56 bits, radix 4). */
    kt_error(seL4_NoError,
             seL4_CNode_Mint(top, 1, 4, ROOT, leaf, 64, seL4_AllRights,
                             seL4_CNode_CapData_new(0, 56).words[0]),
             "Mint the leaf CNode into slot 1 of the top CNode with a 56-bit guard");
    kt_error(seL4_NoError, seL4_CNode_Copy(top, two_level, 64, ROOT, ep, 64, seL4_AllRights),
             "Copy into top:1 -> leaf:5 through a 64-bit two-level address");
    kt_error(seL4_NoError, seL4_CNode_Copy(ROOT, back2, 64, top, two_level, 64, seL4_AllRights),
             "Copy it back through the two levels");
    kt_word(seL4_CapTag_Endpoint, tag(back2), "the two-level slot holds the endpoint");
    kt_error(seL4_DeleteFirst, seL4_CNode_Copy(leaf, 5, 4, ROOT, ep, 64, seL4_AllRights),
             "the same slot named in the leaf at depth 4 is occupied: DeleteFirst");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Copy(ROOT, slot, 64, top, (1ul << 4) | 5, 8, seL4_AllRights), 5,
                 KT_MRS(1, seL4_GuardMismatch, 4, 0, 56),
                 "depth 8 leaves 4 bits for a 56-bit guard: GuardMismatch(4, 0, 56)");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_CNode_Copy(ROOT, slot, 64, top, (3ul << 60) | 5, 64, seL4_AllRights), 4,
                 KT_MRS(1, seL4_DepthMismatch, 60, 0),
                 "walk stops at an empty top slot with 60 bits left: DepthMismatch(60, 0)");
    kt_error(seL4_NoError, seL4_CNode_Copy(ROOT, slot, 64, top, 1, 4, seL4_AllRights),
             "depth 4 names top:1 itself (the leaf CNode cap)");
    kt_word(seL4_CapTag_CNode, tag(slot), "and that is a CNode cap");
}

/* ---------------------------------------------------- DebugCapIdentify */

struct tag_case {
    seL4_CPtr slot;
    seL4_Word tag;
    const char *name;
};

static void test_identify(void)
{
    static const struct tag_case fixed[] = {
        { seL4_CapNull, seL4_CapTag_Null, "slot 0 (null)" },
        { seL4_CapInitThreadTCB, seL4_CapTag_Thread, "slot 1 (TCB)" },
        { seL4_CapInitThreadCNode, seL4_CapTag_CNode, "slot 2 (CNode)" },
        { seL4_CapInitThreadVSpace, seL4_CapTag_PML4, "slot 3 (PML4)" },
        { seL4_CapIRQControl, seL4_CapTag_IRQControl, "slot 4 (IRQ control)" },
        { seL4_CapASIDControl, seL4_CapTag_ASIDControl, "slot 5 (ASID control)" },
        { seL4_CapInitThreadASIDPool, seL4_CapTag_ASIDPool, "slot 6 (ASID pool)" },
        { seL4_CapIOPortControl, seL4_CapTag_IOPortControl, "slot 7 (IO port control)" },
        { seL4_CapIOSpace, seL4_CapTag_Null, "slot 8 (no IOMMU: null)" },
        { seL4_CapBootInfoFrame, seL4_CapTag_Frame, "slot 9 (BootInfo frame)" },
        { seL4_CapInitThreadIPCBuffer, seL4_CapTag_Frame, "slot 10 (IPC buffer frame)" },
        { seL4_CapDomain, seL4_CapTag_Domain, "slot 11 (domain)" },
        { seL4_CapSMMUSIDControl, seL4_CapTag_Null, "slot 12 (null on x86)" },
        { seL4_CapSMMUCBControl, seL4_CapTag_Null, "slot 13 (null on x86)" },
        { seL4_CapInitThreadSC, seL4_CapTag_Null, "slot 14 (null, non-MCS)" },
        { seL4_CapSMC, seL4_CapTag_Null, "slot 15 (null on x86)" },
        { 1ul << 12, seL4_CapTag_Null, "cptr 4096 (guard mismatch: null)" },
        { ~0ul, seL4_CapTag_Null, "cptr 2^64-1 (null)" },
    };
    seL4_SlotRegion paging = kt_bi->userImagePaging;
    seL4_CPtr irq = kt_slot(), port = kt_slot();

    for (unsigned i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        kt_word(fixed[i].tag, tag(fixed[i].slot), "DebugCapIdentify %s", fixed[i].name);
    kt_word(seL4_CapTag_Untyped, tag(kt_bi->untyped.start), "first BootInfo untyped");
    kt_word(seL4_CapTag_Frame, tag(kt_bi->userImageFrames.start), "first user image frame");
    for (seL4_CPtr s = paging.start; s < paging.end; s++) {
        seL4_Word t = tag(s);

        kt_true(t == seL4_CapTag_PDPT || t == seL4_CapTag_PageDirectory ||
                t == seL4_CapTag_PageTable, "user image paging cap %lu is a PDPT/PD/PT (tag %lu)",
                (unsigned long)s, (unsigned long)t);
    }
    kt_word(seL4_CapTag_Null, tag(kt_bi->empty.end - 1), "last slot of the empty region");
    kt_error(seL4_NoError, seL4_IRQControl_Get(seL4_CapIRQControl, 5, ROOT, irq, 64),
             "an IRQ handler cap (legacy PIC IRQ 5)");
    kt_word(seL4_CapTag_IRQHandler, tag(irq), "DebugCapIdentify IRQ handler");
    kt_error(seL4_NoError, seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x80, 0x80, ROOT,
                                                        port, 64), "an IO port cap (port 0x80)");
    kt_word(seL4_CapTag_IOPort, tag(port), "DebugCapIdentify IO port");
}

int main(void)
{
    kt_init("cnode");
    test_identify();
    test_copy();
    test_rights_and_badges();
    test_move_mutate();
    test_rotate();
    test_delete_revoke();
    test_untyped_copy();
    test_cancel_badged_sends();
    test_multi_level();
    test_save_caller();
    return kt_done();
}
