/*
 * sel4/functions.h - reaching the current thread's IPC buffer.
 *
 * Each thread finds its IPC buffer through the thread-local pointer
 * __sel4_ipc_buffer (x86_64: an %fs-relative TLS variable; FS_BASE is set
 * per thread with seL4_TCB_SetTLSBase).  The runtime sets it before main()
 * runs; a new thread gets it written into its TLS image by whoever starts it.
 *
 * Message registers 0..3 travel in CPU registers on a system call; the
 * stubs in syscalls.h copy them between the registers and msg[0..3] of the
 * buffer, so user code can always use seL4_GetMR()/seL4_SetMR() for any i.
 */
#pragma once

#include <sel4/types.h>

extern __thread seL4_IPCBuffer *__sel4_ipc_buffer;

static inline seL4_IPCBuffer *seL4_GetIPCBuffer(void)
{
    return __sel4_ipc_buffer;
}

static inline void seL4_SetIPCBuffer(seL4_IPCBuffer *buffer)
{
    __sel4_ipc_buffer = buffer;
}

static inline seL4_Word seL4_GetMR(int i)
{
    return seL4_GetIPCBuffer()->msg[i];
}

static inline void seL4_SetMR(int i, seL4_Word mr)
{
    seL4_GetIPCBuffer()->msg[i] = mr;
}

static inline seL4_Word seL4_GetUserData(void)
{
    return seL4_GetIPCBuffer()->userData;
}

static inline void seL4_SetUserData(seL4_Word data)
{
    seL4_GetIPCBuffer()->userData = data;
}

/* Receive side: the badge of the i-th unwrapped cap. */
static inline seL4_Word seL4_GetBadge(int i)
{
    return seL4_GetIPCBuffer()->caps_or_badges[i];
}

/* Send side: the cptr of the i-th extra cap. */
static inline seL4_CPtr seL4_GetCap(int i)
{
    return (seL4_CPtr)seL4_GetIPCBuffer()->caps_or_badges[i];
}

static inline void seL4_SetCap(int i, seL4_CPtr cptr)
{
    seL4_GetIPCBuffer()->caps_or_badges[i] = cptr;
}

/* Where the next received cap goes: slot (index, depth) inside cnode. */
static inline void seL4_GetCapReceivePath(seL4_CPtr *cnode, seL4_CPtr *index,
                                          seL4_Word *depth)
{
    seL4_IPCBuffer *ipc = seL4_GetIPCBuffer();

    if (cnode != (void *)0)
        *cnode = ipc->receiveCNode;
    if (index != (void *)0)
        *index = ipc->receiveIndex;
    if (depth != (void *)0)
        *depth = ipc->receiveDepth;
}

static inline void seL4_SetCapReceivePath(seL4_CPtr cnode, seL4_CPtr index,
                                          seL4_Word depth)
{
    seL4_IPCBuffer *ipc = seL4_GetIPCBuffer();

    ipc->receiveCNode = cnode;
    ipc->receiveIndex = index;
    ipc->receiveDepth = depth;
}
