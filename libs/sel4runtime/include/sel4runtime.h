/*
 * sel4runtime.h - what the C runtime start-up offers after main() began.
 *
 * Start-up of a root task (crt/sel4_start.S, src/start.c):
 *   1. _sel4_start installs a static 64 KiB stack and calls the C start-up
 *      with the BootInfo pointer the kernel passed in RDI;
 *   2. the start-up records the BootInfo, builds the static TLS block and
 *      makes it this thread's (seL4_TCB_SetTLSBase on seL4_CapInitThreadTCB),
 *   3. sets __sel4_ipc_buffer to bootinfo->ipcBuffer,
 *   4. runs the constructors in .init_array,
 *   5. calls main(1, {"rootserver", NULL}, {"seL4=1", NULL}) and passes its
 *      result to exit(), which halts the machine reporting the status.
 *
 * TLS (x86_64 variant II): the thread pointer (FS_BASE) points at a small
 * thread control block whose first word holds its own address; the TLS
 * block (.tdata copied, .tbss zeroed) lies just below it.  The functions
 * below let a thread library lay out the same thing for a new thread.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sel4/sel4.h>

/* The BootInfo the kernel passed to the root task (NULL in other programs). */
seL4_BootInfo *sel4runtime_bootinfo(void);
#define sel4runtime_get_bootinfo sel4runtime_bootinfo

/* Bytes a thread's TLS region needs: TLS block, control block, alignment. */
size_t sel4runtime_get_tls_size(void);

/*
 * Lays out a fresh TLS region in tls_memory (sel4runtime_get_tls_size()
 * bytes) and returns the thread pointer to give to seL4_TCB_SetTLSBase,
 * or 0 if tls_memory is NULL.
 */
uintptr_t sel4runtime_write_tls_image(void *tls_memory);

/* The calling thread's thread pointer (FS_BASE). */
uintptr_t sel4runtime_get_tls_base(void);

/*
 * Writes value into another thread's copy of the __thread variable
 * `variable`, given that thread's thread pointer: the variable sits at the
 * same offset from every thread pointer.
 */
#define sel4runtime_set_tls_variable(thread_pointer, variable, value)          \
    do {                                                                       \
        uintptr_t sel4runtime_off_ =                                           \
            (uintptr_t)&(variable) - sel4runtime_get_tls_base();              \
        *(__typeof__(&(variable)))((uintptr_t)(thread_pointer) +               \
                                   sel4runtime_off_) = (value);                \
    } while (0)
