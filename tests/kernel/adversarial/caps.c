/*
 * caps.c - adversarial checks of the capability derivation tree, untyped
 * memory, ASID pools and cap transfer: Rotate with aliased slots, moving
 * parents away from their children, CNodes that hold their own last cap,
 * long chains of CNodes, untyped copies and arithmetic at the edges, ASID
 * pools filled up and deleted under a VSpace, and receive slots that make
 * no sense.
 */
#include <stdio.h>
#include "adv.h"

/* ------------------------------------------------------------- Rotate */

static void test_rotate_aliases(void)
{
    seL4_CPtr ut = kt_new_untyped(12), child = kt_slot(), tcb = kt_new(seL4_TCBObject, 0);
    seL4_CPtr empty = kt_slot();

    kt_error(seL4_NoError, seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, ROOT, 0, 0, child, 1),
             "rotate: an endpoint child of a fresh untyped");
    kt_error(seL4_IllegalOperation,
             seL4_CNode_Rotate(ROOT, empty, 64, 0, ROOT, ut, 64, 0, ROOT, ut, 64),
             "rotate: pivot = source is IllegalOperation");
    kt_error(seL4_IllegalOperation,
             seL4_CNode_Rotate(ROOT, tcb, 64, 0, ROOT, tcb, 64, 0, ROOT, ut, 64),
             "rotate: pivot = destination is IllegalOperation");
    kt_error(seL4_NoError, seL4_CNode_Rotate(ROOT, ut, 64, 0, ROOT, tcb, 64, 0, ROOT, ut, 64),
             "rotate: destination = source swaps the untyped and the TCB cap");
    kt_word(seL4_CapTag_Thread, adv_tag(ut), "rotate: the TCB cap is in the untyped's old slot");
    kt_word(seL4_CapTag_Untyped, adv_tag(tcb), "rotate: the untyped is in the TCB's old slot");
    kt_error(seL4_NoError, seL4_CNode_Revoke(ROOT, tcb, 64), "rotate: revoke the moved untyped");
    kt_word(seL4_CapTag_Null, adv_tag(child), "rotate: its child went with the revoke");
    kt_word(seL4_CapTag_Thread, adv_tag(ut), "rotate: the swapped TCB cap is untouched");
}

/* ------------------------------------------- parents moved, then revoked */

static void test_move_parent_then_revoke(void)
{
    seL4_CPtr ep = kt_new(seL4_EndpointObject, 0), badged = kt_slot(), copy, moved = kt_slot();
    seL4_CPtr mutated = kt_slot();

    kt_error(seL4_NoError, seL4_CNode_Mint(ROOT, badged, 64, ROOT, ep, 64, seL4_AllRights, 5),
             "move parent: mint a badged child");
    copy = adv_copy(badged, seL4_AllRights);
    kt_error(seL4_NoError, seL4_CNode_Move(ROOT, moved, 64, ROOT, ep, 64),
             "move parent: move the original endpoint cap");
    kt_error(seL4_IllegalOperation, seL4_CNode_Mutate(ROOT, mutated, 64, ROOT, moved, 64, 0),
             "move parent: Mutate of an endpoint cap is IllegalOperation");
    kt_error(seL4_NoError, seL4_CNode_Revoke(ROOT, moved, 64), "move parent: revoke it");
    kt_word(seL4_CapTag_Null, adv_tag(badged), "move parent: the badged child is gone");
    kt_word(seL4_CapTag_Null, adv_tag(copy), "move parent: and its copy");
    kt_word(seL4_CapTag_Endpoint, adv_tag(moved), "move parent: the original stays");
}

/* --------------------------------------- CNodes holding their own caps */

/*
 * K's only cap sits in K[0]; revoking the untyped K came from must still
 * destroy K (a zombie that points at itself) and give the memory back.
 */
static void test_cnode_holding_itself(void)
{
    seL4_CPtr ut = kt_new_untyped(12), k = kt_slot(), k2, again = kt_slot();

    kt_error(seL4_NoError, seL4_Untyped_Retype(ut, seL4_CapTableObject, 2, ROOT, 0, 0, k, 1),
             "self CNode: K from its own untyped");
    k2 = adv_copy(k, seL4_AllRights);
    kt_error(seL4_NoError, seL4_CNode_Move(k2, 0, 2, ROOT, k, 64), "self CNode: move K's cap into K[0]");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, k2, 64), "self CNode: drop the other cap");
    kt_error(seL4_NoError, seL4_CNode_Revoke(ROOT, ut, 64), "self CNode: revoke the untyped");
    kt_error(seL4_NoError, seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, again, 1),
             "self CNode: the untyped's whole 4 KiB is free again");
}

/*
 * Revoke of an untyped that lives inside the CNode it made: the revoke
 * destroys the slot it was invoked on.
 */
static void test_revoke_destroys_own_slot(void)
{
    seL4_CPtr ut = kt_new_untyped(12), k = kt_slot(), probe_ep = kt_new(seL4_EndpointObject, 0);
    seL4_Word badge = 1;

    kt_error(seL4_NoError, seL4_Untyped_Retype(ut, seL4_CapTableObject, 2, ROOT, 0, 0, k, 1),
             "own slot: K from the untyped");
    kt_error(seL4_NoError, seL4_CNode_Move(k, 0, 2, ROOT, ut, 64), "own slot: move the untyped into K[0]");
    kt_error(seL4_NoError, seL4_CNode_Revoke(k, 0, 2), "own slot: revoke K[0] (destroys K)");
    kt_word(seL4_CapTag_Null, adv_tag(k), "own slot: K's cap is gone");
    seL4_NBRecv(probe_ep, &badge);
    kt_word(0, badge, "own slot: the kernel still answers");
}

/* A long chain: CNode i holds the last cap to CNode i+1.  The chain is
 * linked from its tail, so every Move invokes a CNode still in our slots. */
#define CHAIN 400

static void test_long_cnode_chain(void)
{
    seL4_CPtr first = kt_slot();
    seL4_Error err = seL4_NoError;
    seL4_Word badge = 1;

    for (int i = 1; i < CHAIN; i++)
        kt_slot();                       /* slots first .. first + CHAIN - 1 */
    for (int done = 0; done < CHAIN && err == seL4_NoError; done += 200)
        err = seL4_Untyped_Retype(kt_pool_untyped(), seL4_CapTableObject, 1, ROOT, 0, 0,
                                  first + done, CHAIN - done < 200 ? CHAIN - done : 200);
    for (int i = CHAIN - 1; i > 0 && err == seL4_NoError; i--)
        err = seL4_CNode_Move(first + i - 1, 0, 1, ROOT, first + i, 64);
    kt_error(seL4_NoError, err, "chain: %d CNodes, each holding the last cap to the next", CHAIN);
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, first, 64), "chain: delete the head");
    seL4_NBRecv(kt_new(seL4_EndpointObject, 0), &badge);
    kt_word(0, badge, "chain: the kernel survived the deletion");
}

/* ---------------------------------------------------- untyped memory */

static void test_untyped_copies(void)
{
    seL4_CPtr u = kt_new_untyped(14), u2, obj = kt_slot(), obj2 = kt_slot();

    u2 = adv_copy(u, seL4_AllRights);
    kt_error_mrs(seL4_NotEnoughMemory,
                 seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, 0, 0, obj, 1), 1,
                 KT_MRS(0), "untyped copy: the parent is full while a copy exists");
    kt_error(seL4_NoError, seL4_Untyped_Retype(u2, seL4_EndpointObject, 0, ROOT, 0, 0, obj, 1),
             "untyped copy: the copy retypes");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, u2, 64), "untyped copy: delete the copy");
    kt_error(seL4_NotEnoughMemory,
             seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, 0, 0, obj2, 1),
             "untyped copy: the object made through the copy still blocks the parent");
    kt_error(seL4_NoError, seL4_CNode_Revoke(ROOT, u, 64), "untyped copy: revoke the parent");
    kt_word(seL4_CapTag_Null, adv_tag(obj), "untyped copy: the object went with it");
    kt_error(seL4_NoError, seL4_Untyped_Retype(u, seL4_EndpointObject, 0, ROOT, 0, 0, obj2, 1),
             "untyped copy: then the parent retypes again");
}

static void test_untyped_arithmetic(void)
{
    seL4_CPtr u = kt_new_untyped(16), dest = kt_new(seL4_CapTableObject, 3);
    seL4_Word top = ~(seL4_Word)0;

    kt_error_mrs(seL4_RangeError,
                 seL4_Untyped_Retype(u, seL4_EndpointObject, 0, dest, 0, 0, top, 1), 2,
                 KT_MRS(0, 7), "retype: node_offset 2^64-1 is outside the CNode");
    kt_error_mrs(seL4_RangeError,
                 seL4_Untyped_Retype(u, seL4_EndpointObject, 0, dest, 0, 0, 7, 2), 2,
                 KT_MRS(1, 1), "retype: offset 7 + 2 objects overruns 8 slots");
    kt_error_mrs(seL4_RangeError,
                 seL4_Untyped_Retype(u, seL4_UntypedObject, top, dest, 0, 0, 0, 1), 2,
                 KT_MRS(0, 47), "retype: size_bits 2^64-1");
    kt_error_mrs(seL4_RangeError,
                 seL4_Untyped_Retype(u, seL4_CapTableObject, 60, dest, 0, 0, 0, 1), 2,
                 KT_MRS(0, 47), "retype: a CNode of 2^60 slots");
    kt_error_mrs(seL4_NotEnoughMemory,
                 seL4_Untyped_Retype(u, seL4_X86_LargePageObject, 0, kt_new(seL4_CapTableObject, 8),
                                     0, 0, 0, 256), 1,
                 KT_MRS(1ul << 16), "retype: 256 large pages from 64 KiB");
}

/* ------------------------------------------------------------ ASID pools */

#define ASID_POOL_SLOTS 512

static seL4_CPtr make_pool(void)
{
    seL4_CPtr slot = kt_slot();
    seL4_Error err = seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, kt_new_untyped(12),
                                                   ROOT, slot, 64);

    return err == seL4_NoError ? slot : 0;
}

/* MakePool until no pool is left; Assign until a pool is full. */
static void test_asid_pools_fill_up(void)
{
    seL4_CPtr pools[8], first_pml4 = 0, spare = kt_slot();
    int made = 0;
    seL4_Error err = seL4_NoError;

    while (made < 8 && (pools[made] = make_pool()) != 0)
        made++;
    kt_word(7, made, "ASID: seven pools can be made besides the initial one");
    kt_error(seL4_DeleteFirst,
             seL4_X86_ASIDControl_MakePool(seL4_CapASIDControl, kt_new_untyped(12), ROOT, spare, 64),
             "ASID: an eighth MakePool is DeleteFirst");
    for (int i = 0; i < ASID_POOL_SLOTS && err == seL4_NoError; i++) {
        seL4_CPtr pml4 = kt_new(seL4_X64_PML4Object, 0);
        if (first_pml4 == 0)
            first_pml4 = pml4;
        err = seL4_X86_ASIDPool_Assign(pools[made - 1], pml4);
    }
    kt_error(seL4_NoError, err, "ASID: a new pool takes 512 VSpaces");
    kt_error(seL4_DeleteFirst, seL4_X86_ASIDPool_Assign(pools[made - 1],
                                                         kt_new(seL4_X64_PML4Object, 0)),
             "ASID: the 513th Assign is DeleteFirst");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, pools[made - 1], 64),
             "ASID: delete the full pool while its VSpaces exist");
    kt_error(seL4_FailedLookup, seL4_X86_PageTable_Map(kt_new(seL4_X86_PageTableObject, 0),
                                                       first_pml4, 0x40000000, 0),
             "ASID: a VSpace of the deleted pool cannot be mapped into");
    pools[made - 1] = make_pool();
    kt_true(pools[made - 1] != 0, "ASID: the freed pool index can be made again");
    kt_error(seL4_NoError, seL4_X86_ASIDPool_Assign(pools[made - 1], kt_new(seL4_X64_PML4Object, 0)),
             "ASID: a new VSpace gets the old ASID number");
    kt_error(seL4_FailedLookup, seL4_X86_PageTable_Map(kt_new(seL4_X86_PageTableObject, 0),
                                                       first_pml4, 0x40000000, 0),
             "ASID: the old VSpace cap does not reach the new VSpace");
    kt_error(seL4_InvalidCapability, seL4_X86_ASIDPool_Assign(pools[made - 1], first_pml4),
             "ASID: nor can the old VSpace be assigned again (it keeps its stale ASID)");
}

/* ------------------------------------------------- odd receive slots */

static struct kt_thread rx_thread;
KT_STACK(rx_stack);
static seL4_CPtr rx_ep, rx_report;

static void rx_main(seL4_Word unused)
{
    seL4_Word badge, report[2];
    seL4_MessageInfo_t info;

    (void)unused;
    for (;;) {
        info = seL4_Recv(rx_ep, &badge);
        report[0] = seL4_MessageInfo_get_extraCaps(info);
        report[1] = seL4_MessageInfo_get_label(info);
        seL4_SendWithMRs(rx_report, seL4_MessageInfo_new(0, 0, 0, 2), &report[0], &report[1],
                         NULL, NULL);
    }
}

/* Sends one cap to the receiver with the given receive path (written
 * straight into its IPC buffer, which shares our VSpace, so it is in place
 * whenever the receiver reaches its Recv); returns how many caps arrived
 * and checks the message itself came through. */
static seL4_Word send_cap_to(seL4_Word cnode, seL4_Word index, seL4_Word depth, seL4_CPtr cap)
{
    seL4_Word badge;

    rx_thread.ipc->receiveCNode = cnode;
    rx_thread.ipc->receiveIndex = index;
    rx_thread.ipc->receiveDepth = depth;
    seL4_SetCap(0, cap);
    seL4_Send(rx_ep, seL4_MessageInfo_new(0x71, 0, 1, 0));
    seL4_Recv(rx_report, &badge);
    kt_word(0x71, seL4_GetMR(1), "receive slot: the message itself arrived (depth %lu)",
            (unsigned long)depth);
    return seL4_GetMR(0);
}

static void test_odd_receive_slots(void)
{
    seL4_CPtr ntfn = kt_new(seL4_NotificationObject, 0), full = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr free_slot = kt_slot();

    rx_ep = kt_new(seL4_EndpointObject, 0);
    rx_report = kt_new(seL4_EndpointObject, 0);
    adv_thread(&rx_thread, 0, 254, rx_stack, "adv-receiver");
    if (kt_thread_start(&rx_thread, rx_main, 0) != seL4_NoError)
        kt_bail("starting the receiver", 0);
    kt_word(0, send_cap_to(ROOT, free_slot, 0, ntfn), "receive slot: depth 0 takes no cap");
    kt_word(0, send_cap_to(ROOT, free_slot, 65, ntfn), "receive slot: depth 65 takes no cap");
    kt_word(0, send_cap_to(ROOT, full, 64, ntfn), "receive slot: an occupied slot takes no cap");
    kt_word(0, send_cap_to(ntfn, 0, 64, ntfn), "receive slot: a notification as CNode takes none");
    kt_word(0, send_cap_to(ROOT, ~(seL4_Word)0, 64, ntfn), "receive slot: index 2^64-1 takes none");
    kt_word(1, send_cap_to(ROOT, free_slot, 64, ntfn), "receive slot: our own root CNode works");
    kt_word(seL4_CapTag_Notification, adv_tag(free_slot), "receive slot: the cap is there");
    kt_word(seL4_CapTag_Endpoint, adv_tag(full), "receive slot: the occupied slot kept its cap");
}

void test_caps(void)
{
    test_rotate_aliases();
    test_move_parent_then_revoke();
    test_cnode_holding_itself();
    test_revoke_destroys_own_slot();
    test_long_cnode_chain();
    test_untyped_copies();
    test_untyped_arithmetic();
    test_asid_pools_fill_up();
    test_odd_receive_slots();
}
