/*
 * hostile.c - setup helpers for hostile playground submissions (see
 * hostile.h).  Objects are carved from the largest RAM untyped the kernel
 * handed over; threads get a slice of a static stack arena, since a
 * hostile case needs only a few and never frees one; device frames come
 * from walking a device untyped's watermark up to the wanted page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sel4platsupport/bootinfo.h>
#include "hostile.h"

#define MAX_THREADS   16
#define STACK_BYTES   4096

static unsigned char stacks[MAX_THREADS][STACK_BYTES] __attribute__((aligned(16)));
static unsigned threads_made;

_Noreturn void hostile_fail(const char *what, seL4_Word err)
{
    printf("hostile: setup failed: %s (error %lu)\n", what, (unsigned long)err);
    exit(HOSTILE_SETUP_FAILED);
}

static seL4_BootInfo *boot_info(void)
{
    seL4_BootInfo *info = platsupport_get_bootinfo();
    if (info == NULL)
        hostile_fail("no BootInfo", 0);
    return info;
}

seL4_CPtr hostile_slot(void)
{
    static seL4_Word used;
    seL4_BootInfo *info = boot_info();
    seL4_CPtr slot = info->empty.start + used;

    if (slot >= info->empty.end)
        hostile_fail("no free slot left", 0);
    used++;
    return slot;
}

/* The cptr of the largest RAM untyped; found once. */
static seL4_CPtr pool_untyped(void)
{
    static seL4_CPtr pool;
    seL4_BootInfo *info = boot_info();
    seL4_Word count = info->untyped.end - info->untyped.start;
    seL4_Word best = count;

    if (pool != seL4_CapNull)
        return pool;
    for (seL4_Word i = 0; i < count; i++) {
        if (info->untypedList[i].isDevice)
            continue;
        if (best == count || info->untypedList[i].sizeBits > info->untypedList[best].sizeBits)
            best = i;
    }
    if (best == count)
        hostile_fail("no RAM untyped", 0);
    pool = info->untyped.start + best;
    return pool;
}

seL4_CPtr hostile_new(seL4_Word type, seL4_Word size_bits)
{
    seL4_CPtr slot = hostile_slot();
    seL4_Error err = seL4_Untyped_Retype(pool_untyped(), type, size_bits,
                                         seL4_CapInitThreadCNode, 0, 0, slot, 1);
    if (err != seL4_NoError)
        hostile_fail("Untyped_Retype", err);
    return slot;
}

seL4_CPtr hostile_thread(void (*entry)(seL4_Word), seL4_Word arg, seL4_UserContext *regs)
{
    seL4_UserContext zero = { 0 };
    seL4_UserContext *ctx = regs != NULL ? regs : &zero;
    seL4_CPtr tcb;
    seL4_Error err;

    if (threads_made == MAX_THREADS)
        hostile_fail("too many threads", threads_made);
    tcb = hostile_new(seL4_TCBObject, 0);
    err = seL4_TCB_Configure(tcb, seL4_CapNull, seL4_CapInitThreadCNode, 0,
                             seL4_CapInitThreadVSpace, 0, 0, seL4_CapNull);
    if (err != seL4_NoError)
        hostile_fail("TCB_Configure", err);
    /* The root task runs at 255; a thread at the same priority shares the
     * CPU with it round-robin instead of waiting for it to block. */
    err = seL4_TCB_SetPriority(tcb, seL4_CapInitThreadTCB, seL4_MaxPrio);
    if (err != seL4_NoError)
        hostile_fail("TCB_SetPriority", err);
    ctx->rip = (seL4_Word)entry;
    /* As after a call instruction: 16-byte aligned minus the return address. */
    ctx->rsp = (seL4_Word)&stacks[threads_made + 1][0] - 8;
    ctx->rdi = arg;
    threads_made++;
    err = seL4_TCB_WriteRegisters(tcb, 1, 0, sizeof(*ctx) / sizeof(seL4_Word), ctx);
    if (err != seL4_NoError)
        hostile_fail("TCB_WriteRegisters", err);
    return tcb;
}

/* The device untyped whose region holds `paddr`; its base and size. */
static seL4_CPtr device_untyped_at(seL4_Word paddr, seL4_Word *base, unsigned *bits)
{
    seL4_BootInfo *info = boot_info();

    for (seL4_Word i = 0; i < info->untyped.end - info->untyped.start; i++) {
        const seL4_UntypedDesc *u = &info->untypedList[i];
        if (u->isDevice && paddr >= u->paddr && paddr - u->paddr < (1ul << u->sizeBits)) {
            *base = u->paddr;
            *bits = u->sizeBits;
            return info->untyped.start + i;
        }
    }
    return seL4_CapNull;
}

seL4_CPtr hostile_device_frame(seL4_Word paddr)
{
    seL4_Word base = 0, at;
    unsigned bits = 0;
    seL4_CPtr untyped = device_untyped_at(paddr, &base, &bits), frame;

    if (untyped == seL4_CapNull)
        return seL4_CapNull;
    /* Retype takes the next aligned block at the watermark: child untypeds
     * of halving sizes move it from the base up to the page exactly. */
    at = base;
    for (int size = (int)bits - 1; size >= 12; size--) {
        if (at + (1ul << size) > paddr)
            continue;
        if (seL4_Untyped_Retype(untyped, seL4_UntypedObject, (seL4_Word)size,
                                seL4_CapInitThreadCNode, 0, 0, hostile_slot(), 1))
            return seL4_CapNull;
        at += 1ul << size;
    }
    frame = hostile_slot();
    if (seL4_Untyped_Retype(untyped, seL4_X86_4K, 0, seL4_CapInitThreadCNode, 0, 0, frame, 1))
        return seL4_CapNull;
    return frame;
}

seL4_Error hostile_map_uncached(seL4_CPtr frame, seL4_Word vaddr)
{
    /* Each level may exist already (DeleteFirst then): only the frame's
     * own map decides. */
    seL4_X86_PDPT_Map(hostile_new(seL4_X86_PDPTObject, 0), seL4_CapInitThreadVSpace, vaddr,
                      seL4_X86_Default_VMAttributes);
    seL4_X86_PageDirectory_Map(hostile_new(seL4_X86_PageDirectoryObject, 0),
                               seL4_CapInitThreadVSpace, vaddr, seL4_X86_Default_VMAttributes);
    seL4_X86_PageTable_Map(hostile_new(seL4_X86_PageTableObject, 0), seL4_CapInitThreadVSpace,
                           vaddr, seL4_X86_Default_VMAttributes);
    return seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                             seL4_X86_Uncacheable);
}
