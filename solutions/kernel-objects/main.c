/*
 * kernel-objects lab: the root task meets untyped memory, retype, CNode
 * slots, badges and rights.
 *
 * When the kernel starts the root task it hands over, through the BootInfo
 * frame, caps to every piece of memory it did not keep for itself.  Those
 * caps are "untyped": raw memory that becomes a kernel object only when the
 * holder retypes it.  This program walks that list, turns a little of the
 * biggest piece into a notification object, and then signals the object
 * through caps that carry different badges and different rights, to see
 * what a badge and a right really change.
 *
 * main() below is the lab's table of contents: it hands out free CNode
 * slots and calls one function per TASK.  You write the TASK functions.
 * Each prints the console lines its comment asks for, exactly as written:
 * the grader compares them with what the kernel says really happened.
 */

#include <stdio.h>
#include <sel4/sel4.h>
#include <sel4platsupport/bootinfo.h>
#include <utils/zf_log.h>
#include <caplab/task.h>

/* Badges for the three minted copies; any non-zero values would do. */
#define BADGE_BADGED     0x61
#define BADGE_NO_RIGHTS  0x62
#define BADGE_WRITE_ONLY 0x63

/*
 * Free slots of the root CNode, handed out one after the other.  The
 * kernel fills the first slots at boot and reports the rest as the BootInfo
 * "empty" region [start, end); any slot in it may receive a new cap.
 */
static seL4_CPtr next_free_slot(const seL4_BootInfo *info)
{
    static seL4_Word used;
    seL4_CPtr slot = info->empty.start + used;

    ZF_LOGF_IF(slot >= info->empty.end, "the root CNode has no free slot left");
    used++;
    return slot;
}

/* TASK 1: print every untyped cap the kernel handed over in the BootInfo.
 *
 * The untyped caps sit in the root CNode in slots [info->untyped.start,
 * info->untyped.end); entry i of info->untypedList describes the cap in slot
 * info->untyped.start + i.  Print one header line, then one line per untyped,
 * in BootInfo order, exactly in these formats (numbers in decimal unless
 * they start with 0x, hex digits in lower case):
 *
 *     untypeds: <count> caps in slots [<start>, <end>)
 *     untyped <slot>: paddr 0x<paddr> size_bits <size_bits> <ram|device>
 *
 * Hints:
 *   1. The count is info->untyped.end - info->untyped.start.
 *   2. seL4_UntypedDesc has paddr, sizeBits (log2 of the size in bytes) and
 *      isDevice (non-zero for device memory, e.g. the frame buffer).
 *   3. printf("%lu") prints a seL4_Word, printf("0x%lx") its hex form.
 */
static void print_untypeds(const seL4_BootInfo *info)
{
    /*? TASK 1 begin */
    seL4_Word count = info->untyped.end - info->untyped.start;

    printf("untypeds: %lu caps in slots [%lu, %lu)\n", count,
           info->untyped.start, info->untyped.end);
    for (seL4_Word i = 0; i < count; i++) {
        const seL4_UntypedDesc *ut = &info->untypedList[i];
        printf("untyped %lu: paddr 0x%lx size_bits %u %s\n",
               info->untyped.start + i, ut->paddr, (unsigned)ut->sizeBits,
               ut->isDevice ? "device" : "ram");
    }
    /*? TASK 1 end */
}

/* TASK 2: find the largest untyped that is ordinary RAM and return its cptr.
 *
 * Device untypeds cover memory-mapped hardware; they can only become frames
 * or smaller untypeds, never a notification, so skip them.  If several RAM
 * untypeds share the largest size, any one of them will do.  Print:
 *
 *     largest untyped: slot <slot>, paddr 0x<paddr>, size_bits <size_bits>
 *
 * Hints:
 *   1. Walk info->untypedList as in TASK 1 and keep the index of the largest
 *      sizeBits among the entries whose isDevice is 0.
 *   2. The cptr of entry i is info->untyped.start + i: in the root CNode a
 *      slot number is also a cptr.
 */
static seL4_CPtr find_largest_untyped(const seL4_BootInfo *info)
{
    /*? TASK 2 begin */
    seL4_Word count = info->untyped.end - info->untyped.start;
    seL4_Word best = count;

    for (seL4_Word i = 0; i < count; i++) {
        const seL4_UntypedDesc *ut = &info->untypedList[i];
        if (ut->isDevice)
            continue;
        if (best == count || ut->sizeBits > info->untypedList[best].sizeBits)
            best = i;
    }
    ZF_LOGF_IF(best == count, "the kernel handed over no RAM untyped");
    printf("largest untyped: slot %lu, paddr 0x%lx, size_bits %u\n",
           info->untyped.start + best, info->untypedList[best].paddr,
           (unsigned)info->untypedList[best].sizeBits);
    return info->untyped.start + best;
    /*? TASK 2 end */
    /*? TASK 2 stub
    TASK_TODO(2, "find the largest RAM untyped and print it");
    return seL4_CapNull;
    */
}

/* TASK 3: retype one notification object out of `untyped` into `slot`.
 *
 * Retype carves new kernel objects out of an untyped and puts one cap to
 * each into consecutive slots of a CNode.  Here the CNode is the root CNode
 * itself and `slot` is a free slot from the BootInfo's empty region (main
 * picked it).  Then print:
 *
 *     retyped a notification into slot <slot>
 *
 * Hints:
 *   1. seL4_Untyped_Retype(untyped, type, size_bits, root, node_index,
 *      node_depth, node_offset, num_objects).
 *   2. type = seL4_NotificationObject; size_bits is ignored for fixed-size
 *      objects, so pass 0.
 *   3. root = seL4_CapInitThreadCNode with node_index 0 and node_depth 0
 *      means "put the caps in root itself"; node_offset is the slot;
 *      num_objects is 1.
 *   4. It returns a seL4_Error; ZF_LOGF_IFERR(err, "...") stops the program
 *      with a message if it is not seL4_NoError.
 */
static void retype_notification(seL4_CPtr untyped, seL4_CPtr slot)
{
    /*? TASK 3 begin */
    seL4_Error err = seL4_Untyped_Retype(untyped, seL4_NotificationObject, 0,
                                         seL4_CapInitThreadCNode, 0, 0, slot, 1);
    ZF_LOGF_IFERR(err, "retyping a notification into slot %lu failed", slot);
    printf("retyped a notification into slot %lu\n", slot);
    /*? TASK 3 end */
}

/* TASK 4: signal the notification, then wait on it.
 *
 * A notification holds one word.  Signal ORs the badge of the cap used into
 * it (the cap from Retype has no badge: 0); Wait returns that word as the
 * "badge" and clears it, or blocks until a signal comes.  Signalling first
 * means the wait returns at once.  Print the badge the wait returned:
 *
 *     unbadged signal: wait returned badge 0x<badge>
 *
 * Hints:
 *   1. seL4_Signal(ntfn) sends the signal; it returns nothing.
 *   2. seL4_Wait(ntfn, &badge) fills a seL4_Word with the received badge.
 */
static void signal_and_wait(seL4_CPtr ntfn)
{
    /*? TASK 4 begin */
    seL4_Word badge = 0;

    seL4_Signal(ntfn);
    seL4_Wait(ntfn, &badge);
    printf("unbadged signal: wait returned badge 0x%lx\n", badge);
    /*? TASK 4 end */
}

/* TASK 5: mint a badged copy of the notification cap and signal through it.
 *
 * Mint copies a cap into an empty slot and, for endpoints and notifications,
 * stamps a badge on the copy.  A signal through the copy delivers its badge,
 * so the waiter can tell who signalled, even though it waits on the original
 * cap.  Mint the copy into `slot` with `badge`, signal through the copy,
 * wait on the original `ntfn`, and print:
 *
 *     minted badged cap into slot <slot> with badge 0x<badge>
 *     badged signal: wait returned badge 0x<received>
 *
 * Hints:
 *   1. seL4_CNode_Mint(dest_root, dest_index, dest_depth, src_root,
 *      src_index, src_depth, rights, badge).
 *   2. Both roots are seL4_CapInitThreadCNode; in the root CNode a slot is
 *      named by its number with depth seL4_WordBits.
 *   3. Keep every right for now: seL4_AllRights.
 *   4. Signal the new slot (seL4_Signal), wait on ntfn (seL4_Wait).
 */
static void badged_signal(seL4_CPtr ntfn, seL4_CPtr slot, seL4_Word badge)
{
    /*? TASK 5 begin */
    seL4_Word received = 0;
    seL4_Error err = seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits,
                                     seL4_CapInitThreadCNode, ntfn, seL4_WordBits,
                                     seL4_AllRights, badge);

    ZF_LOGF_IFERR(err, "minting a badged copy into slot %lu failed", slot);
    printf("minted badged cap into slot %lu with badge 0x%lx\n", slot, badge);
    seL4_Signal(slot);
    seL4_Wait(ntfn, &received);
    printf("badged signal: wait returned badge 0x%lx\n", received);
    /*? TASK 5 end */
}

/* TASK 6: mint a copy with no rights at all and try to signal through it.
 *
 * Rights limit what a cap may do with its object: a notification cap needs
 * the Write right to signal and the Read right to wait.  Mint a copy with
 * seL4_NoRights into `slot` (with `badge`), signal through it, and see what
 * happens: seL4_Signal reports nothing to the caller, but the kernel refuses
 * and says why on the console.  To see that nothing arrived, poll the
 * original cap: seL4_Poll is a wait that does not block and returns badge 0
 * when no signal is pending.  Print:
 *
 *     minted no-rights cap into slot <slot> with badge 0x<badge>
 *     no-rights signal: poll returned badge 0x<received>
 *
 * Hints:
 *   1. The same seL4_CNode_Mint as in TASK 5, with seL4_NoRights.
 *   2. seL4_Signal(slot), then seL4_Poll(ntfn, &received); do not use
 *      seL4_Wait here: with nothing pending it would block forever.
 *   3. Look for the <<seL4 ...>> line the kernel prints on the console.
 */
static void signal_without_rights(seL4_CPtr ntfn, seL4_CPtr slot, seL4_Word badge)
{
    /*? TASK 6 begin */
    seL4_Word received = 0;
    seL4_Error err = seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits,
                                     seL4_CapInitThreadCNode, ntfn, seL4_WordBits,
                                     seL4_NoRights, badge);

    ZF_LOGF_IFERR(err, "minting a no-rights copy into slot %lu failed", slot);
    printf("minted no-rights cap into slot %lu with badge 0x%lx\n", slot, badge);
    seL4_Signal(slot);
    seL4_Poll(ntfn, &received);
    printf("no-rights signal: poll returned badge 0x%lx\n", received);
    /*? TASK 6 end */
}

/* TASK 7: mint a copy with the fewest rights that still work, and use it.
 *
 * Good capability design hands out no more authority than a job needs.  The
 * copy in `slot` is only ever used to signal; the wait still goes through
 * the original `ntfn`.  Choose the smallest set of rights that makes this
 * work, mint the copy into `slot` with `badge`, signal through it, wait on
 * `ntfn`, and print:
 *
 *     minted write-only cap into slot <slot> with badge 0x<badge>
 *     write-only signal: wait returned badge 0x<received>
 *
 * Hints:
 *   1. The presets are seL4_AllRights, seL4_ReadWrite, seL4_CanRead,
 *      seL4_CanWrite, seL4_CanGrant, seL4_CanGrantReply, seL4_NoRights.
 *   2. Which right does a signal need (TASK 6 told you)?  Which does it not?
 */
static void signal_with_least_rights(seL4_CPtr ntfn, seL4_CPtr slot, seL4_Word badge)
{
    /*? TASK 7 begin */
    seL4_Word received = 0;
    seL4_Error err = seL4_CNode_Mint(seL4_CapInitThreadCNode, slot, seL4_WordBits,
                                     seL4_CapInitThreadCNode, ntfn, seL4_WordBits,
                                     seL4_CanWrite, badge);

    ZF_LOGF_IFERR(err, "minting a write-only copy into slot %lu failed", slot);
    printf("minted write-only cap into slot %lu with badge 0x%lx\n", slot, badge);
    seL4_Signal(slot);
    seL4_Wait(ntfn, &received);
    printf("write-only signal: wait returned badge 0x%lx\n", received);
    /*? TASK 7 end */
}

int main(void)
{
    seL4_BootInfo *info = platsupport_get_bootinfo();

    ZF_LOGF_IF(info == NULL, "no BootInfo: the runtime did not start us as a root task");

    print_untypeds(info);
    seL4_CPtr untyped = find_largest_untyped(info);

    seL4_CPtr ntfn = next_free_slot(info);
    retype_notification(untyped, ntfn);
    signal_and_wait(ntfn);

    badged_signal(ntfn, next_free_slot(info), BADGE_BADGED);
    signal_without_rights(ntfn, next_free_slot(info), BADGE_NO_RIGHTS);
    signal_with_least_rights(ntfn, next_free_slot(info), BADGE_WRITE_ONLY);

    printf("kernel-objects: all done\n");
    return 0;
}
