/*
 * thread_ipc.c - a second thread in the root task's own address space,
 * built by hand, to check the libraries where two threads meet:
 *
 *   - sel4runtime_write_tls_image / sel4runtime_set_tls_variable give the
 *     thread its own TLS copy and its own IPC buffer pointer;
 *   - seL4_Call / seL4_Recv / seL4_ReplyRecv carry 10-word messages (MR0..3
 *     in registers, MR4.. in the buffers) and badges both ways;
 *   - an extra cap travels with SetCap / SetCapReceivePath;
 *   - seL4_TCB_ReadRegisters returns all 20 registers (4 in registers,
 *     16 from the buffer);
 *   - seL4_MappingFailedLookupLevel reports a missing page table.
 *
 * The root task is the server; the thread (lower priority) is the client.
 */
#include <stdio.h>
#include <string.h>
#include <sel4/sel4.h>
#include <sel4runtime.h>
#include "roottask.h"

#define CLIENT_BADGE   0x31
#define REQUEST_LABEL  0x77
#define REPLY_LABEL    0x55
#define VERDICT_LABEL  0x99
#define MSG_WORDS      10

extern char _end[];

static seL4_CPtr client_ep, client_tcb, client_cap_to_send;
static unsigned char client_stack[16384] __attribute__((aligned(16)));
static unsigned char client_tls[4096] __attribute__((aligned(64)));

/* What the client found, sent back as the verdict's MR0 (bits = failures). */
enum { BAD_REPLY_LABEL = 1, BAD_REPLY_WORDS = 2, BAD_TLS = 4, BAD_IPC_BUFFER = 8 };

static void client_main(void)
{
    seL4_IPCBuffer *mine = seL4_GetIPCBuffer();
    seL4_MessageInfo_t info = seL4_MessageInfo_new(REQUEST_LABEL, 0, 1, MSG_WORDS);
    seL4_Word verdict = 0;

    for (int i = 0; i < MSG_WORDS; i++)
        seL4_SetMR(i, 100 + i);
    seL4_SetCap(0, client_cap_to_send);
    info = seL4_Call(client_ep, info);

    if (seL4_MessageInfo_get_label(info) != REPLY_LABEL)
        verdict |= BAD_REPLY_LABEL;
    for (int i = 0; i < 6; i++)
        if (seL4_MessageInfo_get_length(info) != 6 || seL4_GetMR(i) != 200u + i)
            verdict |= BAD_REPLY_WORDS;
    if (libs_test_tls_value() != 42)          /* its own copy, never written */
        verdict |= BAD_TLS;
    if (mine == NULL || mine == libs_test_root_ipc_buffer())
        verdict |= BAD_IPC_BUFFER;

    seL4_SetMR(0, verdict);
    seL4_Call(client_ep, seL4_MessageInfo_new(VERDICT_LABEL, 0, 0, 1));
    for (;;)                                  /* the server never answers */
        seL4_TCB_Suspend(client_tcb);
}

/* Maps frame at vaddr, adding a page table first if there is none. */
static seL4_Error map_frame(struct libs_test_alloc *a, seL4_CPtr frame, seL4_Word vaddr)
{
    seL4_Error err = seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr,
                                       seL4_ReadWrite, seL4_X86_Default_VMAttributes);
    seL4_CPtr pt;

    if (err != seL4_FailedLookup)
        return err;
    LIBS_CHECK("lookup level", seL4_MappingFailedLookupLevel() == SEL4_MAPPING_LOOKUP_NO_PT,
               "level %lu", (unsigned long)seL4_MappingFailedLookupLevel());
    pt = libs_test_retype(a, seL4_X86_PageTableObject, 0);
    err = seL4_X86_PageTable_Map(pt, seL4_CapInitThreadVSpace, vaddr,
                                 seL4_X86_Default_VMAttributes);
    if (err != seL4_NoError)
        return err;
    return seL4_X86_Page_Map(frame, seL4_CapInitThreadVSpace, vaddr, seL4_ReadWrite,
                             seL4_X86_Default_VMAttributes);
}

/* TCB + IPC buffer + TLS + registers; the client starts running. */
static bool start_client(struct libs_test_alloc *a, seL4_CPtr ep)
{
    /* 2 MiB above the image: a fresh page table is needed there. */
    seL4_Word buffer = (((seL4_Word)_end + (1ul << 21)) >> 21 << 21) + 0x3000;
    seL4_CPtr frame = libs_test_retype(a, seL4_X86_4K, 0);
    seL4_CPtr badged = libs_test_next_slot(a);
    seL4_UserContext regs = { 0 };
    uintptr_t tp;
    seL4_Error err;

    client_tcb = libs_test_retype(a, seL4_TCBObject, 0);
    err = seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_WordBits,
                          seL4_CapInitThreadCNode, ep, seL4_WordBits, seL4_AllRights,
                          CLIENT_BADGE);
    LIBS_CHECK("mint client ep", err == seL4_NoError, "err %d", (int)err);
    client_ep = badged;

    err = map_frame(a, frame, buffer);
    LIBS_CHECK("map ipc buffer", err == seL4_NoError, "err %d", (int)err);
    err = seL4_TCB_Configure(client_tcb, 0, seL4_CapInitThreadCNode, 0,
                             seL4_CapInitThreadVSpace, 0, buffer, frame);
    LIBS_CHECK("tcb configure", err == seL4_NoError, "err %d", (int)err);
    err = seL4_TCB_SetPriority(client_tcb, seL4_CapInitThreadTCB, 100);
    LIBS_CHECK("tcb priority", err == seL4_NoError, "err %d", (int)err);

    LIBS_CHECK("tls size", sel4runtime_get_tls_size() <= sizeof(client_tls), "%zu",
               sel4runtime_get_tls_size());
    tp = sel4runtime_write_tls_image(client_tls);
    sel4runtime_set_tls_variable(tp, __sel4_ipc_buffer, (seL4_IPCBuffer *)buffer);
    err = seL4_TCB_SetTLSBase(client_tcb, tp);
    LIBS_CHECK("tcb tls base", err == seL4_NoError, "err %d", (int)err);

    regs.rip = (seL4_Word)client_main;
    regs.rsp = (seL4_Word)(client_stack + sizeof(client_stack)) - 8;   /* as after a call */
    err = seL4_TCB_WriteRegisters(client_tcb, 1, 0, 2, &regs);
    LIBS_CHECK("tcb write registers", err == seL4_NoError, "err %d", (int)err);
    return err == seL4_NoError;
}

static void check_request(seL4_MessageInfo_t info, seL4_Word badge, seL4_CPtr recv_slot)
{
    bool words_ok = seL4_MessageInfo_get_length(info) == MSG_WORDS;

    for (int i = 0; i < MSG_WORDS; i++)
        words_ok = words_ok && seL4_GetMR(i) == 100u + i;
    LIBS_CHECK("call label and badge",
               seL4_MessageInfo_get_label(info) == REQUEST_LABEL && badge == CLIENT_BADGE,
               "label %lx badge %lx", (unsigned long)seL4_MessageInfo_get_label(info),
               (unsigned long)badge);
    LIBS_CHECK("call 10 words", words_ok, "length %lu MR4 %lu",
               (unsigned long)seL4_MessageInfo_get_length(info), (unsigned long)seL4_GetMR(4));
    LIBS_CHECK("cap transfer", seL4_MessageInfo_get_extraCaps(info) == 1 &&
               seL4_DebugCapIdentify(recv_slot) == seL4_CapTag_Notification,
               "extraCaps %lu tag %u", (unsigned long)seL4_MessageInfo_get_extraCaps(info),
               seL4_DebugCapIdentify(recv_slot));
}

static void check_client_registers(void)
{
    seL4_UserContext regs;
    seL4_Error err = seL4_TCB_ReadRegisters(client_tcb, 0, 0, 20, &regs);
    seL4_Word lo = (seL4_Word)client_stack, hi = lo + sizeof(client_stack);

    LIBS_CHECK("read registers", err == seL4_NoError && regs.rsp > lo && regs.rsp < hi &&
               regs.rdx == (seL4_Word)seL4_SysCall,
               "err %d rsp %lx rdx %lx", (int)err, (unsigned long)regs.rsp,
               (unsigned long)regs.rdx);
}

void libs_test_thread_ipc(struct libs_test_alloc *a, seL4_CPtr ntfn)
{
    seL4_CPtr ep = libs_test_retype(a, seL4_EndpointObject, 0);
    seL4_CPtr recv_slot = libs_test_next_slot(a);
    seL4_MessageInfo_t info;
    seL4_Word badge = 0;

    client_cap_to_send = ntfn;
    if (!start_client(a, ep))
        return;
    seL4_SetCapReceivePath(seL4_CapInitThreadCNode, recv_slot, seL4_WordBits);
    info = seL4_Recv(ep, &badge);
    check_request(info, badge, recv_slot);

    for (int i = 0; i < 6; i++)
        seL4_SetMR(i, 200 + i);
    info = seL4_ReplyRecv(ep, seL4_MessageInfo_new(REPLY_LABEL, 0, 0, 6), &badge);
    LIBS_CHECK("client verdict", seL4_MessageInfo_get_label(info) == VERDICT_LABEL &&
               seL4_GetMR(0) == 0, "label %lx verdict bits %lx",
               (unsigned long)seL4_MessageInfo_get_label(info), (unsigned long)seL4_GetMR(0));
    check_client_registers();
}
