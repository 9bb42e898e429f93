/*
 * sel4runtime/thread_arch.h - the thread pointer on x86_64: FS_BASE, whose
 * first word holds its own value (TLS variant II), so %fs:0 reads it.
 *
 * seL4 sets FS_BASE of the calling thread with a system call; caplab's
 * kernel sets it only through seL4_TCB_SetTLSBase, so setting it needs the
 * thread's own TCB cap, which the runtime knows for the initial thread
 * (seL4_CapInitThreadTCB, or AT_SEL4_TCB in a process).
 */
#pragma once

#include <sel4runtime/stdint.h>

static inline sel4runtime_uintptr_t sel4runtime_get_tls_base(void)
{
    sel4runtime_uintptr_t tp;

    __asm__ volatile("movq %%fs:0, %0" : "=r"(tp));
    return tp;
}

/* seL4_TCB_SetTLSBase on the initial thread's TCB (see src/start.c). */
void __sel4runtime_set_initial_tls_base(sel4runtime_uintptr_t tls_base);

static inline void sel4runtime_set_tls_base(sel4runtime_uintptr_t tls_base)
{
    __sel4runtime_set_initial_tls_base(tls_base);
}
