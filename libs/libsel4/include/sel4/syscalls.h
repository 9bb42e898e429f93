/*
 * sel4/syscalls.h - the seL4 system calls as inline functions (non-MCS).
 *
 * Plain variants (seL4_Send, seL4_Call, ...) take MR0..3 from the IPC buffer
 * and write the received MR0..3 back into it, so message registers can be
 * handled uniformly with seL4_GetMR/seL4_SetMR.  The *WithMRs variants pass
 * MR0..3 through pointers instead and never touch the IPC buffer: use them
 * when there may be no buffer yet (the runtime does, before TLS is set up).
 *
 * In the *WithMRs variants an input pointer is read only when the message
 * length covers that register, and a NULL output pointer is skipped.
 *
 * Non-MCS seL4 has no separate Wait/Poll system calls: seL4_Wait is Recv and
 * seL4_Poll is NBRecv; they exist so notification code reads naturally.
 */
#pragma once

#include <sel4/types.h>
#include <sel4/functions.h>
#include <sel4/arch/syscall_asm.h>

#define LIBSEL4_NULL ((void *)0)

/* ---- helpers: move MR0..3 between the buffer / pointers and registers ---- */

CAPLAB_LIBSEL4_STUB void libsel4_mrs_from_buffer(x64_sys_regs_t *r)
{
    for (int i = 0; i < seL4_FastMessageRegisters; i++)
        r->mr[i] = seL4_GetMR(i);
}

CAPLAB_LIBSEL4_STUB void libsel4_mrs_to_buffer(const x64_sys_regs_t *r)
{
    for (int i = 0; i < seL4_FastMessageRegisters; i++)
        seL4_SetMR(i, r->mr[i]);
}

CAPLAB_LIBSEL4_STUB void libsel4_mrs_from_ptrs(x64_sys_regs_t *r, seL4_MessageInfo_t info,
                                         seL4_Word *mr0, seL4_Word *mr1,
                                         seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word *in[seL4_FastMessageRegisters] = { mr0, mr1, mr2, mr3 };
    seL4_Word len = seL4_MessageInfo_get_length(info);

    for (seL4_Word i = 0; i < seL4_FastMessageRegisters; i++)
        r->mr[i] = (in[i] != LIBSEL4_NULL && i < len) ? *in[i] : 0;
}

CAPLAB_LIBSEL4_STUB void libsel4_mrs_to_ptrs(const x64_sys_regs_t *r,
                                       seL4_Word *mr0, seL4_Word *mr1,
                                       seL4_Word *mr2, seL4_Word *mr3)
{
    seL4_Word *out[seL4_FastMessageRegisters] = { mr0, mr1, mr2, mr3 };

    for (int i = 0; i < seL4_FastMessageRegisters; i++)
        if (out[i] != LIBSEL4_NULL)
            *out[i] = r->mr[i];
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t libsel4_info(seL4_Word w)
{
    seL4_MessageInfo_t info = { { w } };
    return info;
}

/* ---- sending ---- */

CAPLAB_LIBSEL4_STUB void seL4_Send(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    x64_sys_regs_t r = { .rdi = dest, .rsi = info.words[0] };

    libsel4_mrs_from_buffer(&r);
    x64_sys(seL4_SysSend, &r);
}

CAPLAB_LIBSEL4_STUB void seL4_NBSend(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    x64_sys_regs_t r = { .rdi = dest, .rsi = info.words[0] };

    libsel4_mrs_from_buffer(&r);
    x64_sys(seL4_SysNBSend, &r);
}

CAPLAB_LIBSEL4_STUB void seL4_Reply(seL4_MessageInfo_t info)
{
    x64_sys_regs_t r = { .rsi = info.words[0] };

    libsel4_mrs_from_buffer(&r);
    x64_sys(seL4_SysReply, &r);
}

/* A signal is a one-word Send whose data the kernel ignores. */
CAPLAB_LIBSEL4_STUB void seL4_Signal(seL4_CPtr dest)
{
    x64_sys_regs_t r = { .rdi = dest,
                         .rsi = seL4_MessageInfo_new(0, 0, 0, 1).words[0] };

    x64_sys(seL4_SysSend, &r);
}

CAPLAB_LIBSEL4_STUB void seL4_SendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t info,
                                    seL4_Word *mr0, seL4_Word *mr1,
                                    seL4_Word *mr2, seL4_Word *mr3)
{
    x64_sys_regs_t r = { .rdi = dest, .rsi = info.words[0] };

    libsel4_mrs_from_ptrs(&r, info, mr0, mr1, mr2, mr3);
    x64_sys(seL4_SysSend, &r);
}

CAPLAB_LIBSEL4_STUB void seL4_NBSendWithMRs(seL4_CPtr dest, seL4_MessageInfo_t info,
                                      seL4_Word *mr0, seL4_Word *mr1,
                                      seL4_Word *mr2, seL4_Word *mr3)
{
    x64_sys_regs_t r = { .rdi = dest, .rsi = info.words[0] };

    libsel4_mrs_from_ptrs(&r, info, mr0, mr1, mr2, mr3);
    x64_sys(seL4_SysNBSend, &r);
}

CAPLAB_LIBSEL4_STUB void seL4_ReplyWithMRs(seL4_MessageInfo_t info,
                                     seL4_Word *mr0, seL4_Word *mr1,
                                     seL4_Word *mr2, seL4_Word *mr3)
{
    x64_sys_regs_t r = { .rsi = info.words[0] };

    libsel4_mrs_from_ptrs(&r, info, mr0, mr1, mr2, mr3);
    x64_sys(seL4_SysReply, &r);
}

/* ---- receiving ---- */

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t libsel4_recv(seL4_Word sys, seL4_CPtr src,
                                              seL4_Word *sender)
{
    x64_sys_regs_t r = { .rdi = src };

    x64_sys(sys, &r);
    libsel4_mrs_to_buffer(&r);
    if (sender != LIBSEL4_NULL)
        *sender = r.rdi;
    return libsel4_info(r.rsi);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_Recv(seL4_CPtr src, seL4_Word *sender)
{
    return libsel4_recv(seL4_SysRecv, src, sender);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_NBRecv(seL4_CPtr src, seL4_Word *sender)
{
    return libsel4_recv(seL4_SysNBRecv, src, sender);
}

/* Notification words come back in the badge register: *sender. */
CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_Wait(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_Recv(src, sender);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_Poll(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBRecv(src, sender);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_NBWait(seL4_CPtr src, seL4_Word *sender)
{
    return seL4_NBRecv(src, sender);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_RecvWithMRs(seL4_CPtr src, seL4_Word *sender,
                                                  seL4_Word *mr0, seL4_Word *mr1,
                                                  seL4_Word *mr2, seL4_Word *mr3)
{
    x64_sys_regs_t r = { .rdi = src };

    x64_sys(seL4_SysRecv, &r);
    libsel4_mrs_to_ptrs(&r, mr0, mr1, mr2, mr3);
    if (sender != LIBSEL4_NULL)
        *sender = r.rdi;
    return libsel4_info(r.rsi);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_NBRecvWithMRs(seL4_CPtr src, seL4_Word *sender,
                                                    seL4_Word *mr0, seL4_Word *mr1,
                                                    seL4_Word *mr2, seL4_Word *mr3)
{
    x64_sys_regs_t r = { .rdi = src };

    x64_sys(seL4_SysNBRecv, &r);
    libsel4_mrs_to_ptrs(&r, mr0, mr1, mr2, mr3);
    if (sender != LIBSEL4_NULL)
        *sender = r.rdi;
    return libsel4_info(r.rsi);
}

/* ---- send and receive in one call ---- */

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_Call(seL4_CPtr dest, seL4_MessageInfo_t info)
{
    x64_sys_regs_t r = { .rdi = dest, .rsi = info.words[0] };

    libsel4_mrs_from_buffer(&r);
    x64_sys(seL4_SysCall, &r);
    libsel4_mrs_to_buffer(&r);
    return libsel4_info(r.rsi);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_CallWithMRs(seL4_CPtr dest, seL4_MessageInfo_t info,
                                                  seL4_Word *mr0, seL4_Word *mr1,
                                                  seL4_Word *mr2, seL4_Word *mr3)
{
    x64_sys_regs_t r = { .rdi = dest, .rsi = info.words[0] };

    libsel4_mrs_from_ptrs(&r, info, mr0, mr1, mr2, mr3);
    x64_sys(seL4_SysCall, &r);
    libsel4_mrs_to_ptrs(&r, mr0, mr1, mr2, mr3);
    return libsel4_info(r.rsi);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_ReplyRecv(seL4_CPtr src, seL4_MessageInfo_t info,
                                                seL4_Word *sender)
{
    x64_sys_regs_t r = { .rdi = src, .rsi = info.words[0] };

    libsel4_mrs_from_buffer(&r);
    x64_sys(seL4_SysReplyRecv, &r);
    libsel4_mrs_to_buffer(&r);
    if (sender != LIBSEL4_NULL)
        *sender = r.rdi;
    return libsel4_info(r.rsi);
}

CAPLAB_LIBSEL4_STUB seL4_MessageInfo_t seL4_ReplyRecvWithMRs(seL4_CPtr src, seL4_MessageInfo_t info,
                                                       seL4_Word *sender,
                                                       seL4_Word *mr0, seL4_Word *mr1,
                                                       seL4_Word *mr2, seL4_Word *mr3)
{
    x64_sys_regs_t r = { .rdi = src, .rsi = info.words[0] };

    libsel4_mrs_from_ptrs(&r, info, mr0, mr1, mr2, mr3);
    x64_sys(seL4_SysReplyRecv, &r);
    libsel4_mrs_to_ptrs(&r, mr0, mr1, mr2, mr3);
    if (sender != LIBSEL4_NULL)
        *sender = r.rdi;
    return libsel4_info(r.rsi);
}

CAPLAB_LIBSEL4_STUB void seL4_Yield(void)
{
    x64_sys_regs_t r = { 0 };

    x64_sys(seL4_SysYield, &r);
}

/* ---- debug system calls ---- */

CAPLAB_LIBSEL4_STUB void seL4_DebugPutChar(char c)
{
    x64_sys_regs_t r = { .rdi = (seL4_Word)(unsigned char)c };

    x64_sys(seL4_SysDebugPutChar, &r);
}

/* Writes a NUL-terminated string with seL4_DebugPutChar, byte by byte. */
CAPLAB_LIBSEL4_STUB void seL4_DebugPutString(char *str)
{
    for (char *s = str; *s != '\0'; s++)
        seL4_DebugPutChar(*s);
}

/* Halts the machine.  RSI stays 0: only caplab_exit() sets the exit magic. */
CAPLAB_LIBSEL4_STUB void seL4_DebugHalt(void)
{
    x64_sys_regs_t r = { 0 };

    x64_sys(seL4_SysDebugHalt, &r);
}

CAPLAB_LIBSEL4_STUB void seL4_DebugSnapshot(void)
{
    x64_sys_regs_t r = { 0 };

    x64_sys(seL4_SysDebugSnapshot, &r);
}

CAPLAB_LIBSEL4_STUB void seL4_DebugDumpScheduler(void)
{
    x64_sys_regs_t r = { 0 };

    x64_sys(seL4_SysDebugDumpScheduler, &r);
}

/* Returns the kernel's cap-type tag (seL4_CapTag_*) of the cap at cap. */
CAPLAB_LIBSEL4_STUB seL4_Uint32 seL4_DebugCapIdentify(seL4_CPtr cap)
{
    x64_sys_regs_t r = { .rdi = cap };

    x64_sys(seL4_SysDebugCapIdentify, &r);
    return (seL4_Uint32)r.rdi;
}

/*
 * The kernel reads the NUL-terminated name from msg[0] onwards; names that
 * do not fit in the message area are cut short here rather than letting
 * the kernel refuse them.
 */
CAPLAB_LIBSEL4_STUB void seL4_DebugNameThread(seL4_CPtr tcb, const char *name)
{
    char *dst = (char *)&seL4_GetIPCBuffer()->msg[0];
    const unsigned long room = seL4_MsgMaxLength * sizeof(seL4_Word);
    unsigned long i = 0;
    x64_sys_regs_t r = { .rdi = tcb };

    /* The name goes into the message registers, as seL4's strcpy puts it
     * there; one of 960 bytes or more has no end inside them, and the
     * kernel halts as seL4's does (here the copy stops at their end). */
    for (; name[i] != '\0' && i < room; i++)
        dst[i] = name[i];
    if (i < room)
        dst[i] = '\0';
    x64_sys(seL4_SysDebugNameThread, &r);
}

/*
 * caplab extension: halt the machine reporting an exit status (the kernel
 * sends a `halt` event with reason "exit").  The runtime's exit() ends here.
 */
CAPLAB_LIBSEL4_STUB __attribute__((noreturn)) void caplab_sys_exit(seL4_Word status)
{
    for (;;) {
        x64_sys_regs_t r = { .rdi = status, .rsi = CAPLAB_EXIT_MAGIC };

        x64_sys(seL4_SysDebugHalt, &r);
    }
}

/*
 * caplab extension: end only the calling thread, reporting a status (the
 * kernel prints a line, sends a `thread_exit` event and suspends the
 * thread).  `root` says the thread is the root task's main thread: then,
 * once no thread can run, the machine halts with reason "exit" and this
 * status.  The runtime's default when main() returns.
 */
CAPLAB_LIBSEL4_STUB __attribute__((noreturn)) void caplab_sys_thread_exit(seL4_Word status,
                                                                     seL4_Word root)
{
    for (;;) {
        x64_sys_regs_t r = { .rdi = status, .rsi = CAPLAB_THREAD_EXIT_MAGIC,
                             .mr = { root != 0 } };

        x64_sys(seL4_SysDebugHalt, &r);
    }
}
