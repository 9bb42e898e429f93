/*
 * vspace/main.c - kernel tests of x86_64 VSpaces (spec §9.2, §8 VMFault).
 *
 * Paging structures and frames mapped at fresh addresses of the root
 * task's VSpace, with every map error: a missing level (FailedLookup with
 * bitsLeft 21/30/39), an occupied entry (DeleteFirst), a misaligned
 * address (AlignmentError), an address beyond the user range
 * (InvalidArgument), a table cap mapped twice, a frame cap mapped at a
 * second address or in a second VSpace.  Rights: a read-only mapping, a
 * frame cap whose rights were reduced, a mapping without Read; each is
 * probed by a helper thread whose faults go to the root task, which
 * either fixes the mapping and replies or suspends the thread.
 *
 * Addresses: 0x10000000 lies in the page directory that already covers
 * the program image (so only a page table is missing), 0x40000000 needs a
 * page directory, 0x8000000000 a PDPT.  The harness itself maps its pages
 * from 4 GiB up, away from all of these.
 */
#include <stdio.h>
#include <sel4/sel4.h>
#include "ktest.h"

#define ROOT   seL4_CapInitThreadCNode
#define VSPACE seL4_CapInitThreadVSpace

#define V_NO_PT   0x10000000ul      /* PD present, PT missing */
#define V_NO_PD   0x40000000ul      /* PDPT present, PD missing */
#define V_NO_PDPT 0x8000000000ul    /* PML4 entry 1: PDPT missing */
#define V_LARGE   0x10400000ul      /* a 2 MiB slot in the present PD */
#define PAGE      0x1000ul

static seL4_Word tag(seL4_CPtr c)
{
    return seL4_DebugCapIdentify(c);
}

static seL4_Error map_frame(seL4_CPtr frame, seL4_Word vaddr, seL4_CapRights_t rights)
{
    return seL4_X86_Page_Map(frame, VSPACE, vaddr, rights, seL4_X86_Default_VMAttributes);
}

static seL4_CPtr copy_of(seL4_CPtr cap, seL4_CapRights_t rights)
{
    seL4_CPtr slot = kt_slot();
    seL4_Error err = seL4_CNode_Copy(ROOT, slot, 64, ROOT, cap, 64, rights);

    if (err != seL4_NoError)
        kt_bail("copying a cap", err);
    return slot;
}

static volatile seL4_Word *word_at(seL4_Word vaddr)
{
    return (volatile seL4_Word *)vaddr;
}

/* -------------------------------------------------------- missing levels */

static void test_missing_levels(void)
{
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0), pt = kt_new(seL4_X86_PageTableObject, 0);
    seL4_CPtr pd = kt_new(seL4_X86_PageDirectoryObject, 0);

    kt_error_mrs(seL4_FailedLookup, map_frame(frame, V_NO_PT, seL4_ReadWrite), 3,
                 KT_MRS(0, seL4_MissingCapability, 21),
                 "frame where no page table is: FailedLookup, bitsLeft 21");
    kt_word(21, seL4_MappingFailedLookupLevel(), "seL4_MappingFailedLookupLevel() = 21");
    kt_error_mrs(seL4_FailedLookup, map_frame(frame, V_NO_PD, seL4_ReadWrite), 3,
                 KT_MRS(0, seL4_MissingCapability, 30),
                 "frame where no page directory is: FailedLookup, bitsLeft 30");
    kt_error_mrs(seL4_FailedLookup, map_frame(frame, V_NO_PDPT, seL4_ReadWrite), 3,
                 KT_MRS(0, seL4_MissingCapability, 39),
                 "frame where no PDPT is: FailedLookup, bitsLeft 39");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_X86_PageTable_Map(pt, VSPACE, V_NO_PD, seL4_X86_Default_VMAttributes), 3,
                 KT_MRS(0, seL4_MissingCapability, 30),
                 "page table where no page directory is: FailedLookup, bitsLeft 30");
    kt_error_mrs(seL4_FailedLookup,
                 seL4_X86_PageDirectory_Map(pd, VSPACE, V_NO_PDPT, seL4_X86_Default_VMAttributes),
                 3, KT_MRS(0, seL4_MissingCapability, 39),
                 "page directory where no PDPT is: FailedLookup, bitsLeft 39");
    kt_word(0, seL4_X86_Page_GetAddress(frame).error, "GetAddress works on an unmapped frame");
}

/* Builds PDPT, PD, PT at 512 GiB and uses a page there. */
static void test_full_walk(void)
{
    seL4_CPtr pdpt = kt_new(seL4_X86_PDPTObject, 0), pd = kt_new(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr pt = kt_new(seL4_X86_PageTableObject, 0), frame = kt_new(seL4_X86_4K, 0);
    seL4_CPtr pdpt2 = kt_new(seL4_X86_PDPTObject, 0);

    kt_error(seL4_NoError, seL4_X86_PDPT_Map(pdpt, VSPACE, V_NO_PDPT, 0), "map a PDPT at 512 GiB");
    kt_error(seL4_NoError, seL4_X86_PageDirectory_Map(pd, VSPACE, V_NO_PDPT, 0),
             "map a page directory there");
    kt_error(seL4_NoError, seL4_X86_PageTable_Map(pt, VSPACE, V_NO_PDPT, 0),
             "map a page table there");
    kt_error(seL4_NoError, map_frame(frame, V_NO_PDPT, seL4_ReadWrite), "map a frame there");
    *word_at(V_NO_PDPT + 8) = 0xfeedface;
    kt_word(0xfeedface, *word_at(V_NO_PDPT + 8), "write and read the page at 512 GiB");
    kt_error(seL4_DeleteFirst, seL4_X86_PDPT_Map(pdpt2, VSPACE, V_NO_PDPT, 0),
             "a second PDPT in the same PML4 entry: DeleteFirst");
    kt_error(seL4_InvalidCapability, seL4_X86_PDPT_Map(pdpt, VSPACE, V_NO_PDPT + (1ul << 39), 0),
             "a PDPT cap that is already mapped: InvalidCapability");
    kt_word(0, seL4_GetMR(0), "... MR0 = 0 (the invoked cap)");
}

/* ------------------------------------------------------------ the basics */

static seL4_CPtr pt_no_pt, frame_a;

static void test_map_basics(void)
{
    seL4_CPtr pt2 = kt_new(seL4_X86_PageTableObject, 0), pd2 = kt_new(seL4_X86_PageDirectoryObject, 0);
    seL4_CPtr frame_b = kt_new(seL4_X86_4K, 0), alias;
    seL4_X86_Page_GetAddress_t addr;

    pt_no_pt = kt_new(seL4_X86_PageTableObject, 0);
    frame_a = kt_new(seL4_X86_4K, 0);
    kt_error(seL4_NoError, seL4_X86_PageTable_Map(pt_no_pt, VSPACE, V_NO_PT, 0),
             "map a page table at 0x10000000");
    kt_error(seL4_NoError, map_frame(frame_a, V_NO_PT, seL4_ReadWrite), "map a frame there");
    *word_at(V_NO_PT) = 0x1122334455667788ul;
    *word_at(V_NO_PT + PAGE - 8) = 0x99;
    kt_word(0x1122334455667788ul, *word_at(V_NO_PT), "write and read back the first word");
    kt_word(0x99, *word_at(V_NO_PT + PAGE - 8), "write and read back the last word");
    addr = seL4_X86_Page_GetAddress(frame_a);
    kt_error(seL4_NoError, addr.error, "GetAddress of the mapped frame");
    kt_word(0, addr.paddr & (PAGE - 1), "its paddr is page aligned (0x%lx)", (unsigned long)addr.paddr);

    kt_error(seL4_DeleteFirst, map_frame(frame_b, V_NO_PT, seL4_ReadWrite),
             "another frame at the same address: DeleteFirst");
    kt_error(seL4_DeleteFirst, seL4_X86_PageTable_Map(pt2, VSPACE, V_NO_PT, 0),
             "another page table at the same address: DeleteFirst");
    kt_error(seL4_DeleteFirst, seL4_X86_PageDirectory_Map(pd2, VSPACE, V_NO_PT, 0),
             "another page directory where one is: DeleteFirst");
    kt_error_mrs(seL4_InvalidCapability,
                 seL4_X86_PageTable_Map(pt_no_pt, VSPACE, V_NO_PT + (1ul << 21), 0), 1, KT_MRS(0),
                 "the same page table cap mapped again: InvalidCapability(0)");
    kt_error(seL4_NoError, map_frame(frame_a, V_NO_PT, seL4_ReadWrite),
             "the same frame cap at the same address: a remap, NoError");
    kt_word(0x1122334455667788ul, *word_at(V_NO_PT), "the remap kept the contents");
    kt_error(seL4_InvalidArgument, map_frame(frame_a, V_NO_PT + PAGE, seL4_ReadWrite),
             "the same frame cap at a second address: InvalidArgument");

    alias = copy_of(frame_a, seL4_AllRights);
    kt_error(seL4_NoError, map_frame(alias, V_NO_PT + PAGE, seL4_ReadWrite),
             "a copy of the frame cap maps the frame a second time");
    kt_word(0x1122334455667788ul, *word_at(V_NO_PT + PAGE), "both addresses show the same memory");
    *word_at(V_NO_PT + PAGE) = 0xabcdef;
    kt_word(0xabcdef, *word_at(V_NO_PT), "a write through the alias shows at the first address");
    kt_word(addr.paddr, seL4_X86_Page_GetAddress(alias).paddr, "the copy has the same paddr");

    kt_error(seL4_AlignmentError, map_frame(frame_b, V_NO_PT + 2 * PAGE + 0x800, seL4_ReadWrite),
             "a 4K frame at an address not 4K-aligned: AlignmentError");
    kt_error_mrs(seL4_InvalidArgument, map_frame(frame_b, 0x800000000000ul, seL4_ReadWrite), 1,
                 KT_MRS(0), "a frame at 0x800000000000 (above user space): InvalidArgument(0)");
}

static void test_large_pages(void)
{
    seL4_CPtr large = kt_new(seL4_X86_LargePageObject, 0), large2 = kt_new(seL4_X86_LargePageObject, 0);

    kt_error(seL4_AlignmentError, map_frame(large, V_LARGE + PAGE, seL4_ReadWrite),
             "a 2M page at a 4K-aligned address: AlignmentError");
    kt_error(seL4_NoError, map_frame(large, V_LARGE, seL4_ReadWrite), "a 2M page at 0x10400000");
    *word_at(V_LARGE + 0x1ff000) = 0x2222;
    kt_word(0x2222, *word_at(V_LARGE + 0x1ff000), "its last 4K is usable");
    kt_error(seL4_DeleteFirst, map_frame(large2, V_NO_PT, seL4_ReadWrite),
             "a 2M page where a page table is: DeleteFirst");
}

/* ------------------------------------------ unmapping and table caps */

static void test_unmap(void)
{
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0), frame2 = kt_new(seL4_X86_4K, 0);
    seL4_CPtr pt = kt_new(seL4_X86_PageTableObject, 0), pt_copy;
    seL4_Word v = V_NO_PT + 0x600000;      /* PD entry 131: a fresh 2 MiB */

    kt_error(seL4_IllegalOperation, seL4_CNode_Copy(ROOT, kt_slot(), 64, ROOT, pt, 64,
                                                    seL4_AllRights),
             "Copy an unmapped page table cap: IllegalOperation");
    kt_error(seL4_NoError, seL4_X86_PageTable_Map(pt, VSPACE, v, 0), "map a page table");
    pt_copy = copy_of(pt, seL4_AllRights);
    kt_word(seL4_CapTag_PageTable, tag(pt_copy), "a mapped page table cap can be copied");
    kt_error(seL4_RevokeFirst, seL4_X86_PageTable_Unmap(pt),
             "Unmap a page table that has another cap: RevokeFirst");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, pt_copy, 64), "delete the copy");

    kt_error(seL4_NoError, map_frame(frame, v, seL4_ReadWrite), "map a frame in it");
    *word_at(v) = 0x77;
    kt_error(seL4_NoError, seL4_X86_Page_Unmap(frame), "Unmap the frame");
    kt_error(seL4_NoError, seL4_X86_Page_Unmap(frame), "Unmap it again: NoError");
    kt_error(seL4_NoError, map_frame(frame, v + PAGE, seL4_ReadWrite),
             "an unmapped frame cap can go to a new address");
    kt_word(0x77, *word_at(v + PAGE), "the frame kept its contents");

    kt_error(seL4_NoError, seL4_X86_PageTable_Unmap(pt), "Unmap the page table (its last cap)");
    kt_error_mrs(seL4_FailedLookup, map_frame(frame2, v + 2 * PAGE, seL4_ReadWrite), 3,
                 KT_MRS(0, seL4_MissingCapability, 21),
                 "after the table is unmapped its range has no page table again (21)");
}

/* ------------------------------------------------------- a second VSpace */

static void test_second_vspace(void)
{
    seL4_CPtr pml4 = kt_new(seL4_X64_PML4Object, 0), pdpt = kt_new(seL4_X86_PDPTObject, 0);
    seL4_CPtr pd = kt_new(seL4_X86_PageDirectoryObject, 0), pt = kt_new(seL4_X86_PageTableObject, 0);
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0), frame_copy;
    seL4_Error err;

    err = seL4_X86_PDPT_Map(pdpt, pml4, V_NO_PDPT, 0);
    kt_true(err == seL4_InvalidCapability || err == seL4_FailedLookup,
            "map into a PML4 without an ASID: an error (%s)", kt_error_name(err));
    kt_error(seL4_NoError, seL4_X86_ASIDPool_Assign(seL4_CapInitThreadASIDPool, pml4),
             "ASIDPool_Assign the new PML4 (initial pool, slot 6)");
    kt_error(seL4_NoError, seL4_X86_PDPT_Map(pdpt, pml4, V_NO_PDPT, 0), "PDPT into it");
    kt_error(seL4_NoError, seL4_X86_PageDirectory_Map(pd, pml4, V_NO_PDPT, 0), "PD into it");
    kt_error(seL4_NoError, seL4_X86_PageTable_Map(pt, pml4, V_NO_PDPT, 0), "PT into it");
    kt_error(seL4_InvalidCapability,
             seL4_X86_Page_Map(frame_a, pml4, V_NO_PDPT, seL4_ReadWrite, 0),
             "a frame cap mapped in the root VSpace, into the new one: InvalidCapability");
    kt_word(1, seL4_GetMR(0), "... MR0 = 1 (the VSpace argument)");
    kt_error(seL4_NoError, seL4_X86_Page_Map(frame, pml4, V_NO_PDPT, seL4_ReadWrite, 0),
             "a fresh frame into the new VSpace");
    frame_copy = copy_of(frame, seL4_AllRights);
    kt_error(seL4_NoError, map_frame(frame_copy, V_NO_PDPT + PAGE, seL4_ReadWrite),
             "a copy of that frame cap into the root VSpace");
}

/* ------------------------------------------------ faults in a helper thread */

struct probe {
    struct kt_thread thread;
    seL4_Word addr;
    bool write;
    volatile int done;
    volatile seL4_Word seen;
};

static seL4_CPtr fault_ep, fault_cap;

static void probe_main(seL4_Word arg)
{
    struct probe *p = (struct probe *)arg;

    if (p->write)
        *word_at(p->addr) = 0x5151;
    p->seen = *word_at(p->addr);
    p->done = 1;
    kt_thread_stop(p->thread.tcb);
}

/* Starts a probe thread and waits for its fault (or for nothing: if the
 * access worked the thread just stops, and the handler gets no message). */
static seL4_MessageInfo_t run_probe(struct probe *p, void *stack, seL4_Word addr, bool write)
{
    seL4_Word badge = 0;

    p->addr = addr;
    p->write = write;
    kt_thread_create(&p->thread, fault_cap, 200, stack, KT_STACK_BYTES);
    if (kt_thread_start(&p->thread, probe_main, (seL4_Word)p) != seL4_NoError)
        kt_bail("starting a probe thread", 0);
    return seL4_Recv(fault_ep, &badge);
}

/* Lets a replied-to probe run to its end: it has the higher priority then. */
static void let_probe_finish(void)
{
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 100);
    seL4_TCB_SetPriority(seL4_CapInitThreadTCB, seL4_CapInitThreadTCB, 255);
}

KT_STACK(stack_ro);
KT_STACK(stack_reduced);
KT_STACK(stack_noread);
KT_STACK(stack_unmapped);

static void test_read_only(void)
{
    static struct probe p;
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0);
    seL4_Word v = V_NO_PT + 8 * PAGE;
    seL4_MessageInfo_t info;

    kt_error(seL4_NoError, map_frame(frame, v, seL4_CanRead), "map a frame read-only");
    kt_word(0, *word_at(v), "the root task can read it");
    info = run_probe(&p, stack_ro, v, true);
    kt_word(seL4_Fault_VMFault, seL4_MessageInfo_get_label(info), "a write to it: VMFault");
    kt_word(v, seL4_GetMR(seL4_VMFault_Addr), "... at the page's address");
    kt_word(0x7, seL4_GetMR(seL4_VMFault_FSR), "... FSR 0x7: user write to a present page");
    kt_error(seL4_NoError, map_frame(frame, v, seL4_ReadWrite),
             "the handler remaps it read-write (same cap, same address)");
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    let_probe_finish();
    kt_word(1, p.done, "after the reply the write went through");
    kt_word(0x5151, p.seen, "the thread read back its 0x5151");
    kt_word(0x5151, *word_at(v), "and the root task sees it");
}

static void test_reduced_rights(void)
{
    static struct probe p;
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0), ro_cap = copy_of(frame, seL4_CanRead);
    seL4_Word v = V_NO_PT + 9 * PAGE;
    seL4_MessageInfo_t info;

    kt_error(seL4_NoError, map_frame(ro_cap, v, seL4_ReadWrite),
             "map a read-only frame cap asking for read-write");
    info = run_probe(&p, stack_reduced, v, true);
    kt_word(seL4_Fault_VMFault, seL4_MessageInfo_get_label(info),
            "the mapping is read-only all the same: a write faults");
    kt_word(0x7, seL4_GetMR(seL4_VMFault_FSR), "... FSR 0x7");
    kt_error(seL4_NoError, seL4_TCB_Suspend(p.thread.tcb), "the handler suspends the thread");
    kt_word(0, p.done, "the thread did not go on");
}

static void test_no_read(void)
{
    static struct probe p;
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0);
    seL4_Word v = V_NO_PT + 10 * PAGE;
    seL4_MessageInfo_t info;

    kt_error(seL4_NoError, map_frame(frame, v, seL4_CanWrite), "map a frame with Write but no Read");
    info = run_probe(&p, stack_noread, v, false);
    kt_word(seL4_Fault_VMFault, seL4_MessageInfo_get_label(info),
            "without Read the page is kernel-only: a user read faults");
    kt_word(0x5, seL4_GetMR(seL4_VMFault_FSR), "... FSR 0x5: user read of a present page");
    seL4_TCB_Suspend(p.thread.tcb);
}

static void test_unmap_then_touch(void)
{
    static struct probe p;
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0);
    seL4_Word v = V_NO_PT + 11 * PAGE;
    seL4_MessageInfo_t info;

    kt_error(seL4_NoError, map_frame(frame, v, seL4_ReadWrite), "map a frame");
    *word_at(v) = 0x42;
    kt_error(seL4_NoError, seL4_X86_Page_Unmap(frame), "unmap it");
    info = run_probe(&p, stack_unmapped, v, false);
    kt_word(seL4_Fault_VMFault, seL4_MessageInfo_get_label(info), "touching it now: VMFault");
    kt_word(v, seL4_GetMR(seL4_VMFault_Addr), "... at its address");
    kt_word(0x4, seL4_GetMR(seL4_VMFault_FSR), "... FSR 0x4: user read of a non-present page");
    kt_error(seL4_NoError, map_frame(frame, v, seL4_ReadWrite), "the handler maps it back");
    seL4_Reply(seL4_MessageInfo_new(0, 0, 0, 0));
    let_probe_finish();
    kt_word(1, p.done, "the thread went on after the reply");
    kt_word(0x42, p.seen, "and read the value the frame kept (0x42)");
}

int main(void)
{
    kt_init("vspace");
    fault_ep = kt_new(seL4_EndpointObject, 0);
    fault_cap = kt_slot();
    if (seL4_CNode_Mint(ROOT, fault_cap, 64, ROOT, fault_ep, 64, seL4_AllRights, 0xf) != 0)
        kt_bail("minting the fault endpoint cap", 0);

    test_missing_levels();
    test_full_walk();
    test_map_basics();
    test_large_pages();
    test_unmap();
    test_second_vspace();
    test_read_only();
    test_reduced_rights();
    test_no_read();
    test_unmap_then_touch();
    return kt_done();
}
