/*
 * untyped/main.c - kernel tests of seL4_Untyped_Retype (spec §4 and §6.5).
 *
 * What is checked:
 *   - every object type can be retyped, gets the right cap tag, and uses
 *     exactly its size of the untyped (seen through the bytes-left figure
 *     that NotEnoughMemory reports);
 *   - every error of the §6.5 table, with its message registers, and that
 *     the checks come in the table's order when several apply at once;
 *   - the watermark: alignment of each object, the free index moving on
 *     while children exist, resetting when none are left, zeroed memory
 *     after a revoke, physical addresses read back with GetAddress;
 *   - device untypeds: only frames and untypeds, and children stay device;
 *   - placement in another CNode through node_index/node_depth.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT_SLOTS (1ul << CONFIG_ROOT_CNODE_SIZE_BITS)

static seL4_Error retype(seL4_CPtr ut, seL4_Word type, seL4_Word bits, seL4_CPtr slot,
                         seL4_Word n)
{
    return seL4_Untyped_Retype(ut, type, bits, seL4_CapInitThreadCNode, 0, 0, slot, n);
}

static seL4_Word tag(seL4_CPtr c)
{
    return seL4_DebugCapIdentify(c);
}

/* The bytes left in ut, as a retype that cannot fit reports them. */
static seL4_Word bytes_left(seL4_CPtr ut)
{
    seL4_CPtr probe = kt_slot();
    seL4_Error err = retype(ut, seL4_X64_HugePageObject, 0, probe, 1);

    if (err != seL4_NotEnoughMemory)
        return ~0ul;
    return seL4_GetMR(0);
}

static seL4_Word frame_paddr(seL4_CPtr frame)
{
    seL4_X86_Page_GetAddress_t r = seL4_X86_Page_GetAddress(frame);

    return r.error == seL4_NoError ? r.paddr : ~0ul;
}

/* ---------------------------------------------------------- object types */

struct type_case {
    seL4_Word type, bits;
    const char *name;
};

static const struct type_case type_cases[] = {
    { seL4_UntypedObject, 10, "Untyped (2^10)" },
    { seL4_UntypedObject, seL4_MinUntypedBits, "Untyped (2^4, the minimum)" },
    { seL4_TCBObject, 0, "TCB" },
    { seL4_EndpointObject, 0, "Endpoint" },
    { seL4_NotificationObject, 0, "Notification" },
    { seL4_CapTableObject, 4, "CNode (radix 4)" },
    { seL4_CapTableObject, 1, "CNode (radix 1)" },
    { seL4_X86_PDPTObject, 0, "PDPT" },
    { seL4_X64_PML4Object, 0, "PML4" },
    { seL4_X86_4K, 0, "4K frame" },
    { seL4_X86_PageTableObject, 0, "PageTable" },
    { seL4_X86_PageDirectoryObject, 0, "PageDirectory" },
};

/* Retype one object into a fresh 2^ut_bits untyped; check tag and size. */
static void check_type(const struct type_case *c, unsigned ut_bits)
{
    seL4_CPtr ut = kt_new_untyped(ut_bits);
    seL4_CPtr slot = kt_slot();
    seL4_Error err = retype(ut, c->type, c->bits, slot, 1);

    if (!kt_error(seL4_NoError, err, "retype %s", c->name))
        return;
    kt_word(kt_object_tag(c->type), tag(slot), "%s cap has the right DebugCapIdentify tag",
            c->name);
    kt_word((1ul << ut_bits) - kt_object_bytes(c->type, c->bits), bytes_left(ut),
            "%s uses %lu bytes of the untyped", c->name,
            (unsigned long)kt_object_bytes(c->type, c->bits));
}

static void test_object_types(void)
{
    seL4_CPtr ut, slot;

    for (unsigned i = 0; i < sizeof(type_cases) / sizeof(type_cases[0]); i++)
        check_type(&type_cases[i], 16);
    check_type(&(struct type_case){ seL4_X86_LargePageObject, 0, "2M large page" }, 22);

    /* A huge page is 2^30 bytes: more than any untyped of this 128 MiB machine. */
    ut = kt_new_untyped(16);
    slot = kt_slot();
    kt_error_mrs(seL4_NotEnoughMemory, retype(ut, seL4_X64_HugePageObject, 0, slot, 1), 1,
                 KT_MRS(1ul << 16), "1G huge page from 64 KiB: NotEnoughMemory, MR0 = bytes");
    kt_word(seL4_CapTag_Null, tag(slot), "failed retype leaves the slot empty");

    /* 256 objects is the most one call may make. */
    ut = kt_new_untyped(16);
    slot = kt_slot();
    for (int i = 1; i < seL4_UntypedRetypeMaxObjects; i++)
        kt_slot();
    kt_error(seL4_NoError, retype(ut, seL4_EndpointObject, 0, slot, 256),
             "retype 256 endpoints in one call");
    kt_word(seL4_CapTag_Endpoint, tag(slot), "first of 256 is an endpoint");
    kt_word(seL4_CapTag_Endpoint, tag(slot + 255), "last of 256 is an endpoint");
    kt_word((1ul << 16) - 256 * 16, bytes_left(ut), "256 endpoints use 4096 bytes");
}

/* ----------------------------------------------------- errors, one by one */

/* An invocation of ut with a raw label, length and cap count. */
static seL4_Error raw_retype(seL4_CPtr ut, seL4_Word label, seL4_Word len, seL4_Word ncaps,
                             seL4_CPtr slot)
{
    seL4_Word mr[8] = { seL4_EndpointObject, 0, 0, 0, slot, 1 };
    seL4_CPtr caps[1] = { seL4_CapInitThreadCNode };

    return libsel4_invoke(ut, label, len, mr, ncaps, caps);
}

static void test_errors(void)
{
    seL4_CPtr ut = kt_new_untyped(16);
    seL4_CPtr slot = kt_slot();
    seL4_CPtr a, b;

    kt_error(seL4_IllegalOperation, raw_retype(ut, CNodeCopy, 6, 1, slot),
             "untyped invoked with label CNodeCopy: IllegalOperation");
    kt_error(seL4_IllegalOperation, raw_retype(ut, InvalidInvocation, 6, 1, slot),
             "untyped invoked with label 0: IllegalOperation");
    kt_error(seL4_TruncatedMessage, raw_retype(ut, UntypedRetype, 5, 1, slot),
             "retype with 5 message words: TruncatedMessage");
    kt_error(seL4_TruncatedMessage, raw_retype(ut, UntypedRetype, 6, 0, slot),
             "retype without the root cap: TruncatedMessage");

    kt_error_mrs(seL4_InvalidArgument, retype(ut, seL4_ObjectTypeCount, 0, slot, 1), 1,
                 KT_MRS(0), "type 12 (ObjectTypeCount): InvalidArgument(0)");
    kt_error_mrs(seL4_InvalidArgument, retype(ut, 1000, 0, slot, 1), 1, KT_MRS(0),
                 "type 1000: InvalidArgument(0)");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_UntypedObject, 48, slot, 1), 2,
                 KT_MRS(0, 47), "untyped of 2^48: RangeError(0, 47)");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_UntypedObject, 64, slot, 1), 2,
                 KT_MRS(0, 47), "size_bits 64: RangeError(0, 47)");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_UntypedObject, 1ul << 63, slot, 1), 2,
                 KT_MRS(0, 47), "size_bits 2^63: RangeError(0, 47)");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_CapTableObject, 43, slot, 1), 2,
                 KT_MRS(0, 47), "CNode radix 43 (object 2^48): RangeError(0, 47)");
    kt_error_mrs(seL4_NotEnoughMemory, retype(ut, seL4_CapTableObject, 42, slot, 1), 1,
                 KT_MRS(1ul << 16), "CNode radix 42 (object 2^47) is a legal size");
    kt_error_mrs(seL4_InvalidArgument, retype(ut, seL4_CapTableObject, 0, slot, 1), 1,
                 KT_MRS(1), "CNode with size_bits 0: InvalidArgument(1)");
    kt_error_mrs(seL4_InvalidArgument, retype(ut, seL4_UntypedObject, 3, slot, 1), 1,
                 KT_MRS(1), "untyped of 2^3: InvalidArgument(1)");

    /* The destination CNode named by (node_index, node_depth). */
    kt_error_mrs(seL4_FailedLookup,
                 seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode,
                                     kt_slot(), 64, 0, 1), 3,
                 KT_MRS(0, seL4_MissingCapability, 64),
                 "node_index names an empty slot: FailedLookup(dest, MissingCapability, 64)");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode,
                                     seL4_CapInitThreadTCB, 64, 0, 1), 3,
                 KT_MRS(0, seL4_MissingCapability, 64),
                 "node_index names a TCB: FailedLookup(dest, MissingCapability, 64)");
    kt_error_mrs(seL4_RangeError,
                 seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode,
                                     seL4_CapInitThreadCNode, 65, 0, 1), 2,
                 KT_MRS(1, 64), "node_depth 65 (as for CNode slot arguments): RangeError(1, 64)");

    kt_error_mrs(seL4_RangeError, retype(ut, seL4_EndpointObject, 0, ROOT_SLOTS, 1), 2,
                 KT_MRS(0, ROOT_SLOTS - 1), "node_offset 4096: RangeError(0, 4095)");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_EndpointObject, 0, slot, 0), 2,
                 KT_MRS(1, 256), "num_objects 0: RangeError(1, 256)");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_EndpointObject, 0, slot, 257), 2,
                 KT_MRS(1, 256), "num_objects 257: RangeError(1, 256)");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_EndpointObject, 0, ROOT_SLOTS - 1, 2), 2,
                 KT_MRS(1, 1), "window 4095+2 overruns the CNode: RangeError(1, 1)");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_EndpointObject, 0, ROOT_SLOTS - 6, 10), 2,
                 KT_MRS(1, 6), "window 4090+10 overruns the CNode: RangeError(1, 6)");

    kt_error(seL4_DeleteFirst, retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadTCB, 1),
             "destination slot 1 is occupied: DeleteFirst");
    a = kt_slot();
    b = kt_slot();
    kt_slot();
    kt_error(seL4_NoError, retype(ut, seL4_EndpointObject, 0, b, 1), "endpoint into slot b");
    kt_error(seL4_DeleteFirst, retype(ut, seL4_NotificationObject, 0, a, 3),
             "window a..a+2 with b occupied: DeleteFirst");
    kt_word(seL4_CapTag_Null, tag(a), "the failed window left slot a empty");
    kt_word(seL4_CapTag_Endpoint, tag(b), "the failed window left slot b alone");

    ut = kt_new_untyped(16);
    slot = kt_slot();
    for (int i = 1; i < 17; i++)
        kt_slot();
    kt_error_mrs(seL4_NotEnoughMemory, retype(ut, seL4_X86_4K, 0, slot, 17), 1,
                 KT_MRS(1ul << 16), "17 frames from 64 KiB: NotEnoughMemory, MR0 = 65536");
    kt_word(seL4_CapTag_Null, tag(slot), "NotEnoughMemory created nothing");
}

/* Two errors at once: the one earlier in the §6.5 table wins. */
static void test_error_order(void)
{
    seL4_CPtr ut = kt_new_untyped(16);
    seL4_CPtr slot = kt_slot();

    kt_error_mrs(seL4_InvalidArgument, retype(ut, 12, 64, slot, 1), 1, KT_MRS(0),
                 "bad type and bad size: the type is reported first");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_UntypedObject, 50, ROOT_SLOTS, 0), 2,
                 KT_MRS(0, 47), "bad size, offset and count: the size is reported first");
    kt_error_mrs(seL4_InvalidArgument, retype(ut, seL4_CapTableObject, 0, ROOT_SLOTS, 0), 1,
                 KT_MRS(1), "CNode size 0 and bad offset: size 0 is reported first");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode,
                                     kt_slot(), 64, ROOT_SLOTS, 0), 3,
                 KT_MRS(0, seL4_MissingCapability, 64),
                 "bad destination CNode and bad offset: the lookup is reported first");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_EndpointObject, 0, ROOT_SLOTS, 0), 2,
                 KT_MRS(0, ROOT_SLOTS - 1), "bad offset and count: the offset is reported first");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadTCB, 0),
                 2, KT_MRS(1, 256), "bad count and occupied slot: the count is reported first");
    kt_error_mrs(seL4_RangeError, retype(ut, seL4_EndpointObject, 0, ROOT_SLOTS - 1, 2), 2,
                 KT_MRS(1, 1), "overrun window and too little memory: the window first");
    kt_error(seL4_DeleteFirst, retype(ut, seL4_X86_4K, 0, seL4_CapInitThreadTCB, 17),
             "occupied slot and too little memory: DeleteFirst first");
}

/* ------------------------------------------------------------- watermark */

static void test_watermark(void)
{
    seL4_CPtr ut = kt_new_untyped(16);
    seL4_CPtr f0 = kt_slot(), e1 = kt_slot(), f1 = kt_slot(), f2 = kt_slot();
    seL4_CPtr f3 = kt_slot(), e2 = kt_slot(), cn = kt_slot(), tcb = kt_slot();
    seL4_Word base;

    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, f0, 1), "first frame from a fresh untyped");
    base = frame_paddr(f0);
    kt_word(0, base & 0xffff, "first object sits at the start of the 64 KiB untyped (0x%lx)",
            (unsigned long)base);
    kt_error(seL4_NoError, retype(ut, seL4_EndpointObject, 0, e1, 1), "an endpoint after it");
    kt_word((1ul << 16) - 4096 - 16, bytes_left(ut), "watermark after frame + endpoint");
    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, f1, 1), "a frame after the endpoint");
    kt_word(base + 8192, frame_paddr(f1), "frame start aligned up to 4 KiB (base + 8192)");
    kt_word((1ul << 16) - 12288, bytes_left(ut), "watermark after the aligned frame");
    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, f2, 2), "two frames in one call");
    kt_word(base + 12288, frame_paddr(f2), "first of two frames at base + 12288");
    kt_word(base + 16384, frame_paddr(f3), "second of two frames at base + 16384");
    kt_error(seL4_NoError, retype(ut, seL4_EndpointObject, 0, e2, 1), "endpoint at base + 20480");
    kt_error(seL4_NoError, retype(ut, seL4_CapTableObject, 4, cn, 1), "CNode of 512 bytes");
    kt_word((1ul << 16) - 21504, bytes_left(ut), "CNode aligned up to 512 bytes (ends at 21504)");
    kt_error(seL4_NoError, retype(ut, seL4_TCBObject, 0, tcb, 1), "TCB of 2 KiB");
    kt_word((1ul << 16) - 24576, bytes_left(ut), "TCB aligned up to 2 KiB (ends at 24576)");

    /* Deleting some children does not move the watermark back. */
    kt_error(seL4_NoError, seL4_CNode_Delete(seL4_CapInitThreadCNode, f0, 64), "delete frame f0");
    kt_word((1ul << 16) - 24576, bytes_left(ut), "watermark stays while children remain");

    /* Revoke removes every child; the next retype starts again at 0. */
    kt_error(seL4_NoError, seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, 64), "revoke the untyped");
    kt_word(seL4_CapTag_Null, tag(f1) | tag(e1) | tag(f3) | tag(cn) | tag(tcb),
            "revoke emptied every child slot");
    kt_word(seL4_CapTag_Untyped, tag(ut), "revoke keeps the untyped itself");
    kt_word(1ul << 16, bytes_left(ut), "no children: all 64 KiB free again");
    f0 = kt_slot();
    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, f0, 1), "retype the same memory again");
    kt_word(base, frame_paddr(f0), "the new frame reuses the untyped's start");

    /* Deleting the last child one by one also resets the watermark. */
    f1 = kt_slot();
    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, f1, 1), "second frame");
    kt_error(seL4_NoError, seL4_CNode_Delete(seL4_CapInitThreadCNode, f0, 64), "delete f0");
    kt_error(seL4_NoError, seL4_CNode_Delete(seL4_CapInitThreadCNode, f1, 64), "delete f1");
    f2 = kt_slot();
    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, f2, 1), "retype after deleting all");
    kt_word(base, frame_paddr(f2), "with no children left the watermark reset to 0");

    /* Filling the untyped exactly. */
    kt_error(seL4_NoError, seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, 64), "revoke again");
    f0 = kt_slot();
    for (int i = 1; i < 16; i++)
        kt_slot();
    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, f0, 16), "16 frames fill 64 KiB exactly");
    kt_word(base + 15 * 4096, frame_paddr(f0 + 15), "16th frame at base + 61440");
    kt_error_mrs(seL4_NotEnoughMemory, retype(ut, seL4_EndpointObject, 0, kt_slot(), 1), 1,
                 KT_MRS(0), "a full untyped: NotEnoughMemory with MR0 = 0");
}

/* A frame written, revoked and retyped again reads back as zeroes. */
static void test_zeroing(void)
{
    seL4_CPtr ut = kt_new_untyped(12);
    seL4_CPtr frame = kt_slot();
    volatile seL4_Word *p;
    seL4_Word vaddr, nonzero = 0;

    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, frame, 1), "frame for the zeroing test");
    vaddr = kt_vaddr_page();
    kt_error(seL4_NoError, kt_map(frame, vaddr, seL4_ReadWrite), "map it");
    p = (volatile seL4_Word *)vaddr;
    for (int i = 0; i < 512; i++)
        p[i] = 0x5a5a5a5a5a5a5a5aull ^ (seL4_Word)i;
    kt_word(0x5a5a5a5a5a5a5a5aull ^ 7, p[7], "the frame holds what was written");
    kt_error(seL4_NoError, seL4_CNode_Revoke(seL4_CapInitThreadCNode, ut, 64),
             "revoke (deletes and unmaps the frame)");
    frame = kt_slot();
    kt_error(seL4_NoError, retype(ut, seL4_X86_4K, 0, frame, 1), "retype the frame again");
    vaddr = kt_vaddr_page();
    kt_error(seL4_NoError, kt_map(frame, vaddr, seL4_ReadWrite), "map the new frame");
    p = (volatile seL4_Word *)vaddr;
    for (int i = 0; i < 512; i++)
        nonzero += p[i] != 0;
    kt_word(0, nonzero, "every word of the retyped frame is zero");
}

/* --------------------------------------------------------------- devices */

static void test_device(void)
{
    unsigned index;
    seL4_CPtr dev = kt_boot_untyped(true, 16, 0, &index);
    seL4_CPtr frame = kt_slot(), child = kt_slot(), slot = kt_slot(), tcb;
    seL4_Word paddr, bits;

    if (!kt_true(dev != 0, "BootInfo lists a device untyped of at least 64 KiB"))
        return;
    paddr = kt_bi->untypedList[index].paddr;
    bits = kt_bi->untypedList[index].sizeBits;
    kt_note("device untyped: cptr %lu, paddr 0x%lx, 2^%lu", (unsigned long)dev,
            (unsigned long)paddr, (unsigned long)bits);
    kt_error_mrs(seL4_InvalidArgument, retype(dev, seL4_TCBObject, 0, slot, 1), 1, KT_MRS(1),
                 "TCB from a device untyped: InvalidArgument(1)");
    kt_error_mrs(seL4_InvalidArgument, retype(dev, seL4_EndpointObject, 0, slot, 1), 1,
                 KT_MRS(1), "endpoint from a device untyped: InvalidArgument(1)");
    kt_error_mrs(seL4_InvalidArgument, retype(dev, seL4_X86_PageTableObject, 0, slot, 1), 1,
                 KT_MRS(1), "page table from a device untyped: InvalidArgument(1)");
    kt_error_mrs(seL4_InvalidArgument, retype(dev, seL4_CapTableObject, 2, slot, 1), 1,
                 KT_MRS(1), "CNode from a device untyped: InvalidArgument(1)");
    kt_error_mrs(seL4_NotEnoughMemory, retype(dev, seL4_TCBObject, 0, slot, 256), 1,
                 KT_MRS(1ul << bits), "too many TCBs from a device untyped: memory checked first");
    kt_word(seL4_CapTag_Null, tag(slot), "failed device retypes left the slot empty");

    kt_error(seL4_NoError, retype(dev, seL4_X86_4K, 0, frame, 1), "4K frame from a device untyped");
    kt_word(seL4_CapTag_Frame, tag(frame), "device frame has the frame tag");
    kt_word(paddr, frame_paddr(frame), "device frame sits at the device untyped's paddr");
    kt_error(seL4_NoError, retype(dev, seL4_UntypedObject, 12, child, 1),
             "untyped child of a device untyped");
    kt_error_mrs(seL4_InvalidArgument, retype(child, seL4_NotificationObject, 0, kt_slot(), 1),
                 1, KT_MRS(1), "the child of a device untyped is device too: InvalidArgument(1)");
    kt_error(seL4_NoError, retype(child, seL4_X86_4K, 0, slot, 1), "frame from that child");
    kt_word(paddr + 4096, frame_paddr(slot), "the child untyped starts after the first frame");

    tcb = kt_new(seL4_TCBObject, 0);
    kt_error(seL4_IllegalOperation, seL4_TCB_SetIPCBuffer(tcb, 0x10000000, frame),
             "a device frame as IPC buffer: IllegalOperation");
}

/* ------------------------------------------------- other destination CNodes */

static void test_destination_cnode(void)
{
    seL4_CPtr ut = kt_new_untyped(16);
    seL4_CPtr cn = kt_slot(), back = kt_slot();

    kt_error(seL4_NoError, retype(ut, seL4_CapTableObject, 1, cn, 1), "CNode of radix 1 (2 slots)");
    kt_error(seL4_NoError,
             seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, cn, 64,
                                 1, 1),
             "retype into slot 1 of that CNode through node_index/node_depth");
    kt_error_mrs(seL4_RangeError,
                 seL4_Untyped_Retype(ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, cn,
                                     64, 2, 1), 2,
                 KT_MRS(0, 1), "offset 2 in a 2-slot CNode: RangeError(0, 1)");
    kt_error(seL4_NoError, seL4_Untyped_Retype(ut, seL4_NotificationObject, 0, cn, 0, 0, 0, 1),
             "node_depth 0: the root cap itself is the destination");
    kt_error(seL4_NoError, seL4_CNode_Copy(seL4_CapInitThreadCNode, back, 64, cn, 1, 1,
                                           seL4_AllRights), "copy slot 1 of it back to the root");
    kt_word(seL4_CapTag_Endpoint, tag(back), "the object made there is the endpoint");
    back = kt_slot();
    kt_error(seL4_NoError, seL4_CNode_Copy(seL4_CapInitThreadCNode, back, 64, cn, 0, 1,
                                           seL4_AllRights), "copy slot 0 of it back to the root");
    kt_word(seL4_CapTag_Notification, tag(back), "the object made through depth 0 is there");
}

int main(void)
{
    kt_init("untyped");
    test_object_types();
    test_errors();
    test_error_order();
    test_watermark();
    test_zeroing();
    test_device();
    test_destination_cnode();
    return kt_done();
}
