/*
 * memory.c - adversarial checks of memory the kernel reaches for user
 * code: page tables that are unmapped while frames sit in them, IPC
 * buffers in frames the thread may not write (or read), code in mapped
 * frames, I/O port ranges at the end of the 64-bit space, I/O ports of a
 * DMA-capable device, and device memory the kernel itself drives.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "adv.h"

#define LAPIC_PADDR 0xfee00000ull
#define PAGE        4096ul

static seL4_Word *word_at(seL4_Word vaddr)
{
    return (seL4_Word *)vaddr;
}

/* ------------------------------------------------ stale page-table entries */

/*
 * seL4 clears a page table when it is unmapped, so its old entries can
 * never show up at a new address.  If they did, a frame deleted while its
 * table was unmapped would stay reachable after its memory became a
 * kernel object: here a CNode, whose slots the probe then reads.
 */
static void test_unmapped_page_table_is_empty(void)
{
    seL4_Word r1 = kt_vaddr_large(), r2 = kt_vaddr_large();
    seL4_CPtr pt = kt_new(seL4_X86_PageTableObject, 0), ep = kt_new(seL4_EndpointObject, 0);
    seL4_CPtr ut = kt_new_untyped(seL4_PageBits), frame = kt_slot(), cnode = kt_slot();
    seL4_CPtr other = kt_new(seL4_X86_4K, 0);
    struct probe_result r;

    kt_error(seL4_NoError, seL4_Untyped_Retype(ut, seL4_X86_4K, 0, ROOT, 0, 0, frame, 1),
             "stale PTE: a frame from its own 4 KiB untyped");
    adv_map_page_table(pt, r1);
    kt_error(seL4_NoError, seL4_X86_Page_Map(frame, VSPACE, r1, seL4_ReadWrite,
                                             seL4_X86_Default_VMAttributes),
             "stale PTE: frame mapped through the page table at 0x%lx", (unsigned long)r1);
    *word_at(r1) = 0x5ca1ab1e;
    kt_error(seL4_NoError, seL4_X86_PageTable_Unmap(pt), "stale PTE: PageTable_Unmap");
    kt_error(seL4_NoError, seL4_CNode_Delete(ROOT, frame, 64), "stale PTE: delete the frame");
    kt_error(seL4_NoError, seL4_Untyped_Retype(ut, seL4_CapTableObject, 7, ROOT, 0, 0, cnode, 1),
             "stale PTE: the frame's memory becomes a CNode");
    adv_copy_into(cnode, 0, 7, ep);
    adv_map_page_table(pt, r2);
    r = probe(PROBE_READ, r2, 0);
    if (!r.faulted)
        kt_note("the probe read 0x%lx through the old entry: the CNode's slot 0",
                (unsigned long)r.value);
    kt_true(r.faulted, "stale PTE: the table remapped at 0x%lx maps nothing (a read faults)",
            (unsigned long)r2);
    kt_error(seL4_NoError, seL4_X86_Page_Map(other, VSPACE, r2, seL4_ReadWrite,
                                             seL4_X86_Default_VMAttributes),
             "stale PTE: a new frame can be mapped at the table's first entry");
}

/* The same one level up: a page directory unmapped with a page table and a
 * frame in it, then mapped 1 GiB further on (same PDPT). */
#define PD_FIRST  0x500000000000ull
#define PD_SECOND 0x500040000000ull

static void map_page_directory(seL4_CPtr pd, seL4_Word vaddr)
{
    seL4_Error err = seL4_X86_PageDirectory_Map(pd, VSPACE, vaddr, seL4_X86_Default_VMAttributes);

    if (err == seL4_FailedLookup) {
        err = seL4_X86_PDPT_Map(kt_new(seL4_X86_PDPTObject, 0), VSPACE, vaddr,
                                seL4_X86_Default_VMAttributes);
        if (err == seL4_NoError)
            err = seL4_X86_PageDirectory_Map(pd, VSPACE, vaddr, seL4_X86_Default_VMAttributes);
    }
    if (err != seL4_NoError)
        kt_bail("mapping a page directory", err);
}

static void test_unmapped_page_directory_is_empty(void)
{
    seL4_CPtr pd = kt_new(seL4_X86_PageDirectoryObject, 0), pt = kt_new(seL4_X86_PageTableObject, 0);
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0);
    struct probe_result r;

    map_page_directory(pd, PD_FIRST);
    kt_error(seL4_NoError, seL4_X86_PageTable_Map(pt, VSPACE, PD_FIRST, 0), "stale PDE: map a PT in it");
    kt_error(seL4_NoError, seL4_X86_Page_Map(frame, VSPACE, PD_FIRST, seL4_ReadWrite, 0),
             "stale PDE: and a frame");
    *word_at(PD_FIRST) = 0x5ca1ab1e;
    kt_error(seL4_NoError, seL4_X86_PageDirectory_Unmap(pd), "stale PDE: PageDirectory_Unmap");
    map_page_directory(pd, PD_SECOND);
    r = probe(PROBE_READ, PD_SECOND, 0);
    kt_true(r.faulted, "stale PDE: the directory remapped 1 GiB on maps nothing (a read faults)");
}

/* ---------------------------------------------------------- IPC buffers */

static struct kt_thread ro_thread, noread_thread;
KT_STACK(ro_stack);
KT_STACK(noread_stack);
static seL4_CPtr buf_ep, buf_report;

/* Receives one message and reports its length (registers only: the
 * thread's buffer is not its own to write). */
static void ro_receiver_main(seL4_Word unused)
{
    seL4_Word badge, m0 = 0, m1 = 0, m2 = 0, m3 = 0, len;
    seL4_MessageInfo_t info;

    (void)unused;
    info = seL4_RecvWithMRs(buf_ep, &badge, &m0, &m1, &m2, &m3);
    len = seL4_MessageInfo_get_length(info);
    seL4_SendWithMRs(buf_report, seL4_MessageInfo_new(0, 0, 0, 1), &len, NULL, NULL, NULL);
    kt_thread_stop(ro_thread.tcb);
}

/* Sends a 10-word message; words 4.. come from the kernel's idea of its
 * buffer, which is a frame it may not read. */
static void noread_sender_main(seL4_Word unused)
{
    seL4_Word m0 = 1, m1 = 2, m2 = 3, m3 = 4;

    (void)unused;
    seL4_SendWithMRs(buf_ep, seL4_MessageInfo_new(0x51, 0, 0, 10), &m0, &m1, &m2, &m3);
    kt_thread_stop(noread_thread.tcb);
}

static void start_buffer_thread(struct kt_thread *t, void *stack, seL4_CPtr buffer_cap,
                                seL4_Word buffer_vaddr, kt_entry_t entry)
{
    adv_thread(t, 0, 254, stack, "adv-buffer");
    kt_error(seL4_NoError, seL4_TCB_SetIPCBuffer(t->tcb, buffer_vaddr, buffer_cap),
             "IPC buffer: SetIPCBuffer with a reduced-rights frame cap is accepted");
    if (kt_thread_start(t, entry, 0) != seL4_NoError)
        kt_bail("starting the IPC-buffer thread", 0);
}

/*
 * A receiver whose buffer frame cap is read-only: seL4 then treats it as
 * having no buffer (lookupIPCBuffer needs write access for a receiver), so
 * the message is cut to the 4 register MRs and the frame is not written.
 */
static void test_read_only_receive_buffer(void)
{
    seL4_CPtr frame;
    seL4_Word *rw = kt_new_page(&frame), v_ro = kt_vaddr_page(), written = 0, badge;
    seL4_CPtr ro = adv_copy(frame, seL4_CanRead);
    seL4_MessageInfo_t info;

    kt_error(seL4_NoError, kt_map(ro, v_ro, seL4_CanRead), "IPC buffer: read-only mapping");
    start_buffer_thread(&ro_thread, ro_stack, ro, v_ro, ro_receiver_main);
    for (int i = 0; i < 10; i++)
        seL4_SetMR(i, 0xbad00 + i);
    seL4_Send(buf_ep, seL4_MessageInfo_new(0x52, 0, 0, 10));
    info = seL4_Recv(buf_report, &badge);
    (void)info;
    kt_word(4, seL4_GetMR(0), "IPC buffer: a receiver with a read-only buffer gets length 4");
    for (int i = 4; i < 10; i++)
        written += rw[1 + i] != 0;
    kt_word(0, written, "IPC buffer: the kernel wrote none of MR4..9 into the read-only frame");
}

/*
 * A sender whose buffer frame cap has no rights at all (kernel-only):
 * seL4 does not read such a buffer, so a Send of 10 words arrives with 4.
 * Reading it would hand the frame's contents to anyone who holds a cap
 * that was meant to give no access.
 */
static void test_no_rights_send_buffer(void)
{
    seL4_CPtr frame;
    seL4_Word *rw = kt_new_page(&frame), badge, leaked = 0;
    seL4_CPtr none = adv_copy(frame, seL4_NoRights);
    seL4_MessageInfo_t info;

    for (int i = 0; i < 120; i++)
        rw[1 + i] = 0x5ec000 + i;
    start_buffer_thread(&noread_thread, noread_stack, none, kt_vaddr_page(), noread_sender_main);
    info = seL4_Recv(buf_ep, &badge);
    kt_word(0x51, seL4_MessageInfo_get_label(info), "IPC buffer: the no-rights sender's message");
    kt_word(4, seL4_MessageInfo_get_length(info),
            "IPC buffer: a sender whose buffer cap has no rights sends 4 words");
    for (int i = 4; i < 10; i++)
        leaked += seL4_GetMR(i) == 0x5ec000 + (seL4_Word)i;
    kt_word(0, leaked, "IPC buffer: none of the frame's words reached the receiver");
}

/* A buffer in the last KiB of a large page is fine (no overrun). */
static void test_buffer_at_end_of_large_page(void)
{
    seL4_CPtr large = kt_new(seL4_X86_LargePageObject, 0);
    seL4_Word base = kt_vaddr_large(), buf = base + (1ul << seL4_LargePageBits) - 1024;
    seL4_CPtr tcb = kt_new(seL4_TCBObject, 0);

    kt_error(seL4_NoError, kt_map(large, base, seL4_ReadWrite), "large page for a buffer");
    kt_error(seL4_NoError, seL4_TCB_SetIPCBuffer(tcb, buf, large),
             "IPC buffer in the last KiB of a 2 MiB page");
    kt_error(seL4_AlignmentError, seL4_TCB_SetIPCBuffer(tcb, buf + 512, large),
             "IPC buffer 512 bytes before the end: AlignmentError");
}

/* ------------------------------------------------- code in any mapping */

/*
 * seL4 x86_64 never turns on EFER.NXE: every page a thread can read, it can
 * also run.  It maps each page of the root task's image executable (data
 * and bss included), and seL4_X86_VMAttributes has no execute-never bit, so
 * frames mapped later run too (sel4utils loads ELF code that way).  Each
 * place below gets `mov $0x12345678, %eax; ret` and the probe calls it.
 */
static const unsigned char ret_code[] = { 0xb8, 0x78, 0x56, 0x34, 0x12, 0xc3 };
static unsigned char data_code[16] = { 0xcc };   /* initialised: lands in .data */
static unsigned char bss_code[16];               /* zero: lands in .bss */
extern char __fini_array_end[], __tdata_start[], __bss_start[], __bss_end[];

static void expect_runs(const void *code, const char *where)
{
    struct probe_result r = probe(PROBE_EXEC, (seL4_Word)code, 0);

    if (r.faulted)
        kt_note("the call faulted: label %lu, addr %#lx, prefetch %lu", (unsigned long)r.label,
                (unsigned long)r.addr, (unsigned long)r.prefetch);
    kt_true(!r.faulted && r.value == 0x12345678, "exec: code %s runs", where);
}

static void test_code_runs_anywhere(void)
{
    seL4_CPtr frame = kt_new(seL4_X86_4K, 0), copy = kt_slot();
    seL4_Word rw = kt_vaddr_page(), ro = kt_vaddr_page();
    unsigned char on_stack[16];

    kt_true((char *)data_code >= __fini_array_end && (char *)data_code < __tdata_start,
            "exec: data_code is in the image's .data");
    kt_true((char *)bss_code >= __bss_start && (char *)bss_code < __bss_end,
            "exec: bss_code is in the image's .bss");
    memcpy(data_code, ret_code, sizeof(ret_code));
    expect_runs(data_code, "copied into a .data buffer of the root task's image");
    memcpy(bss_code, ret_code, sizeof(ret_code));
    expect_runs(bss_code, "copied into a .bss buffer of the root task's image");
    expect_runs(ret_code, "in .rodata (read-only, executable)");
    memcpy(on_stack, ret_code, sizeof(ret_code));
    expect_runs(on_stack, "copied onto the root thread's stack");

    kt_error(seL4_NoError, kt_map(frame, rw, seL4_ReadWrite), "exec: map a frame read-write");
    memcpy((void *)rw, ret_code, sizeof(ret_code));
    expect_runs((void *)rw, "in a frame mapped read-write with X86_Page_Map");
    kt_error(seL4_NoError, seL4_CNode_Copy(seL4_CapInitThreadCNode, copy, seL4_WordBits,
                                           seL4_CapInitThreadCNode, frame, seL4_WordBits,
                                           seL4_AllRights), "exec: a second cap to the frame");
    kt_error(seL4_NoError, kt_map(copy, ro, seL4_CanRead), "exec: map it again read-only");
    expect_runs((void *)ro, "in a frame mapped read-only");
}

/* ------------------------------------------------------------ I/O ports */

static seL4_Error port_in_raw(seL4_CPtr cap, seL4_Word label, seL4_Word port)
{
    seL4_Word m0 = port, m1 = 0, m2 = 0, m3 = 0;
    seL4_MessageInfo_t info = seL4_CallWithMRs(cap, seL4_MessageInfo_new(label, 0, 0, 1),
                                               &m0, &m1, &m2, &m3);

    return (seL4_Error)seL4_MessageInfo_get_label(info);
}

/*
 * The port argument is a word; a port near 2^64 plus the access width
 * wraps around to a small number.  Every access outside [first, last]
 * must be IllegalOperation (seL4 also reads only the low 16 bits).
 */
static void test_io_port_range_overflow(void)
{
    seL4_CPtr port = kt_slot();
    seL4_Word top = ~(seL4_Word)0;

    kt_error(seL4_NoError, seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x80, 0x83,
                                                        ROOT, port, 64),
             "ports: issue [0x80, 0x83]");
    kt_error(seL4_NoError, port_in_raw(port, X86IOPortIn32, 0x80), "ports: In32 at 0x80");
    kt_error(seL4_IllegalOperation, port_in_raw(port, X86IOPortIn32, 0x81),
             "ports: In32 at 0x81 reaches 0x84: IllegalOperation");
    kt_error(seL4_IllegalOperation, port_in_raw(port, X86IOPortIn32, top - 2),
             "ports: In32 at 2^64-3 (wraps to 0) is outside the range");
    kt_error(seL4_IllegalOperation, port_in_raw(port, X86IOPortIn16, top),
             "ports: In16 at 2^64-1 (wraps to 0) is outside the range");
}

/*
 * QEMU's fw_cfg device (ports 0x510-0x51b) does DMA: write the physical
 * address of a 16-byte descriptor (big-endian) to 0x514/0x518 and it
 * copies an item to any physical address.  With a cap to those ports a
 * thread writes any page of the machine, kernel memory included.  The
 * kernel refuses the ports that would let user code stop the machine;
 * these let it take the machine over.  If they are handed out, the check
 * below proves it harmlessly: "QEMU" lands in the tail of the BootInfo
 * page.
 */
static seL4_Word be32(seL4_Word v)
{
    return __builtin_bswap32((uint32_t)v);
}

static void fw_cfg_dma_into_bootinfo(seL4_CPtr port)
{
    seL4_CPtr desc_frame;
    volatile uint32_t *desc = kt_new_page(&desc_frame);
    seL4_Word desc_pa = seL4_X86_Page_GetAddress(desc_frame).paddr;
    seL4_Word target = seL4_X86_Page_GetAddress(seL4_CapBootInfoFrame).paddr + PAGE - 4;
    const volatile char *tail = (const volatile char *)kt_bi + PAGE - 4;

    desc[0] = (uint32_t)be32(0x08 | 0x02);            /* select key 0 (signature), read */
    desc[1] = (uint32_t)be32(4);
    desc[2] = (uint32_t)be32(target >> 32);
    desc[3] = (uint32_t)be32(target);
    seL4_X86_IOPort_Out32(port, 0x514, be32(desc_pa >> 32));
    seL4_X86_IOPort_Out32(port, 0x518, be32(desc_pa));
    kt_note("fw_cfg DMA wrote \"%c%c%c%c\" into the BootInfo page",
            tail[0], tail[1], tail[2], tail[3]);
}

static void test_dma_ports_not_issued(void)
{
    seL4_CPtr port = kt_slot();
    seL4_Error err = seL4_X86_IOPortControl_Issue(seL4_CapIOPortControl, 0x510, 0x51b,
                                                  ROOT, port, 64);

    kt_true(err != seL4_NoError, "ports: the fw_cfg DMA ports 0x510-0x51b are not issued (%s)",
            kt_error_name(err));
    if (err == seL4_NoError)
        fw_cfg_dma_into_bootinfo(port);
}

/* ------------------------------------------------------- device memory */

/*
 * The kernel's preemption timer is the local APIC at 0xfee00000.  seL4
 * keeps the memory it drives out of the device untypeds; if a device
 * untyped covers it, user code can map the APIC and mask or reprogram the
 * timer (no more preemption), or send itself an INIT.
 */
static void test_lapic_not_in_untypeds(void)
{
    seL4_Word n = kt_bi->untyped.end - kt_bi->untyped.start;
    long covering = -1;

    for (seL4_Word i = 0; i < n; i++) {
        const seL4_UntypedDesc *d = &kt_bi->untypedList[i];
        if (LAPIC_PADDR >= d->paddr && LAPIC_PADDR - d->paddr < (1ull << d->sizeBits))
            covering = (long)i;
    }
    if (covering >= 0)
        kt_note("untyped %ld (paddr 0x%lx, %u bits, device %u) covers the local APIC",
                covering, (unsigned long)kt_bi->untypedList[covering].paddr,
                kt_bi->untypedList[covering].sizeBits, kt_bi->untypedList[covering].isDevice);
    kt_true(covering < 0, "device: no untyped covers the local APIC (0xfee00000)");
}

void test_memory(void)
{
    buf_ep = kt_new(seL4_EndpointObject, 0);
    buf_report = kt_new(seL4_EndpointObject, 0);
    test_unmapped_page_table_is_empty();
    test_unmapped_page_directory_is_empty();
    test_read_only_receive_buffer();
    test_no_rights_send_buffer();
    test_buffer_at_end_of_large_page();
    test_code_runs_anywhere();
    test_io_port_range_overflow();
    test_dma_ports_not_issued();
    test_lapic_not_in_untypeds();
}
