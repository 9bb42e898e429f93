/*
 * o0_thread.c - built with -O0 (see libs/libs.mk), as a tutorial built
 * without optimisation is: gcc then calls the libsel4 stubs instead of
 * inlining them.  A thread is started the way the seL4 tutorials start
 * theirs (RSP = the 16-byte aligned top of a static stack at the entry
 * point, 8 bytes off what a call leaves) and uses stubs that keep arrays
 * and register images on the stack: it receives a badged word, reads a
 * frame's physical address (an invocation), replies with the word
 * inverted and suspends itself.  Before the stubs realigned their frames
 * the thread died at its first stub with a general-protection fault.  It
 * also formats a pointer with snprintf: library code called on such a
 * stack (libc's %p used an aligned SSE store) must realign too.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <sel4tutorials/alloc.h>
#include "roottask.h"

#define WORKER_BADGE   0x61
#define WORKER_DATA    0x6161
#define WORKER_PRIO    200

static uint64_t worker_stack[512] __attribute__((aligned(16)));
static seL4_CPtr worker_ep, worker_tcb, worker_frame;

static void worker(void)
{
    seL4_Word badge = 0, msg = 0;
    seL4_MessageInfo_t tag = seL4_RecvWithMRs(worker_ep, &badge, &msg, NULL, NULL, NULL);
    seL4_X86_Page_GetAddress_t frame = seL4_X86_Page_GetAddress(worker_frame);
    char text[40];
    int good = seL4_MessageInfo_get_length(tag) == 1 && badge == WORKER_BADGE &&
               frame.error == seL4_NoError && frame.paddr != 0;

    snprintf(text, sizeof(text), "%p %s %5d", (void *)0x1234, "x", 42);
    good = good && strcmp(text, "0x0000000000001234 x    42") == 0;

    msg = good ? ~msg : 0;
    seL4_ReplyWithMRs(seL4_MessageInfo_new(0, 0, 0, 1), &msg, NULL, NULL, NULL);
    seL4_TCB_Suspend(worker_tcb);
}

static seL4_Error start_worker(seL4_BootInfo *bi)
{
    seL4_UserContext regs = { 0 };
    seL4_Error err;

    worker_tcb = alloc_object(bi, seL4_TCBObject, 0);
    err = seL4_TCB_Configure(worker_tcb, seL4_CapNull, seL4_CapInitThreadCNode, seL4_NilData,
                             seL4_CapInitThreadVSpace, seL4_NilData, 0, seL4_CapNull);
    if (err == seL4_NoError)
        err = seL4_TCB_SetPriority(worker_tcb, seL4_CapInitThreadTCB, WORKER_PRIO);
    regs.rip = (seL4_Word)worker;
    regs.rsp = (seL4_Word)worker_stack + sizeof(worker_stack);
    if (err == seL4_NoError)
        err = seL4_TCB_WriteRegisters(worker_tcb, 1, 0, 2, &regs);
    return err;
}

void libs_test_unoptimised_stubs(seL4_BootInfo *bi)
{
    seL4_CPtr badged;
    seL4_Word msg = WORKER_DATA;
    seL4_MessageInfo_t tag;
    seL4_Error err;

    worker_ep = alloc_object(bi, seL4_EndpointObject, 0);
    worker_frame = alloc_object(bi, seL4_X86_4K, 0);
    badged = alloc_slot(bi);
    err = seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_WordBits,
                          seL4_CapInitThreadCNode, worker_ep, seL4_WordBits, seL4_AllRights,
                          WORKER_BADGE);
    if (err == seL4_NoError)
        err = start_worker(bi);
    LIBS_CHECK("-O0 worker started on an aligned stack top",
               err == seL4_NoError && (((seL4_Word)worker_stack + sizeof(worker_stack)) & 15) == 0,
               "error %d", (int)err);
    if (err != seL4_NoError)
        return;
    tag = seL4_CallWithMRs(badged, seL4_MessageInfo_new(0, 0, 0, 1), &msg, NULL, NULL, NULL);
    LIBS_CHECK("-O0 stubs in a thread started as the tutorials do",
               seL4_MessageInfo_get_length(tag) == 1 && msg == (seL4_Word)~WORKER_DATA,
               "length %lu reply %#lx", (unsigned long)seL4_MessageInfo_get_length(tag),
               (unsigned long)msg);
}
