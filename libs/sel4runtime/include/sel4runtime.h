/*
 * sel4runtime.h - what the C runtime offers a program once main() runs:
 * its arguments, environment and auxiliary vector, the BootInfo (root task
 * only), thread-local storage for new threads, and exit callbacks.  Names
 * and signatures are sel4runtime's.
 *
 * Start-up (crt/sel4_start.S, src/start.c):
 *   - a root task begins at _sel4_start with RDI = BootInfo and no stack;
 *     main gets argc 1, argv {"rootserver"}, envp {"seL4=1"};
 *   - a process (an app started by sel4utils) begins at _start with RSP at
 *     the System V initial stack: argc, argv[] and NULL, envp[] and NULL,
 *     then auxv_t pairs ending with AT_NULL.  AT_SEL4_IPC_BUFFER_PTR gives
 *     its IPC buffer, AT_SEL4_TCB its TCB cap, AT_SEL4_BOOT_INFO a BootInfo.
 *   Both then install the initial thread's TLS (seL4_TCB_SetTLSBase), set
 *   __sel4_ipc_buffer, name the thread after argv[0], run the constructors,
 *   call main and pass its result to sel4runtime_exit().
 *
 * TLS (x86_64 variant II): the thread pointer TP (FS_BASE) points at a
 * word holding TP itself; the TLS block (.tdata copied, .tbss zeroed) lies
 * just below it.  A TLS region for a new thread is sel4runtime_get_tls_size()
 * bytes anywhere (no alignment needed); sel4runtime_write_tls_image() lays
 * it out and returns the TP to give to seL4_TCB_SetTLSBase.
 */
#pragma once

#include <sel4runtime/stddef.h>
#include <sel4runtime/stdint.h>
#include <sel4runtime/auxv.h>
#include <sel4runtime/gen_config.h>
#include <sel4runtime/thread_arch.h>
#include <sel4/sel4.h>

/* The base name of argv[0] ("rootserver" for the root task). */
char const *sel4runtime_process_name(void);

char const *const *sel4runtime_argv(void);
int sel4runtime_argc(void);
char const *const *sel4runtime_envp(void);
auxv_t const *sel4runtime_auxv(void);

/* The BootInfo the kernel passed (NULL in a process given none). */
seL4_BootInfo *sel4runtime_bootinfo(void);
#define sel4runtime_get_bootinfo sel4runtime_bootinfo

/* Bytes a TLS region for one thread needs (TLS block, TP word, alignment). */
sel4runtime_size_t sel4runtime_get_tls_size(void);

/* Distance from the start of a TLS block to its TP. */
sel4runtime_size_t sel4runtime_get_tp_offset(void);

/* True once the initial thread's TLS is installed (always, after start-up). */
int sel4runtime_initial_tls_enabled(void);

/* Lays out a fresh TLS region in tls_memory; returns its TP, or 0 if
 * tls_memory is NULL. */
sel4runtime_uintptr_t sel4runtime_write_tls_image(void *tls_memory);

/* Moves the calling (initial) thread's TLS into tls_memory, copying the
 * current values of its variables, and switches to it; returns the new TP,
 * or 0 on failure. */
sel4runtime_uintptr_t sel4runtime_move_initial_tls(void *tls_memory);

/*
 * Copies `bytes` from src into another thread's TLS (given its TP) at the
 * place that corresponds to local_tls_dest in the caller's TLS.  0 on
 * success, -1 if local_tls_dest is not inside the caller's TLS block.
 */
int __sel4runtime_write_tls_variable(sel4runtime_uintptr_t dest_tls_base,
                                     unsigned char *local_tls_dest,
                                     unsigned char *src, sel4runtime_size_t bytes);

/* The same, reading: copies from the other thread's TLS into dest. */
int __sel4runtime_read_tls_variable(sel4runtime_uintptr_t src_tls_base,
                                    unsigned char *local_tls_src,
                                    unsigned char *dest, sel4runtime_size_t bytes);

/*
 * Sets another thread's copy of the __thread variable `variable` (for
 * instance __sel4_ipc_buffer) to value; an expression worth 0 on success
 * and -1 on failure, as on seL4.
 */
#define sel4runtime_set_tls_variable(thread_pointer, variable, value) ({         \
    _Static_assert(sizeof(variable) == sizeof(value),                           \
                   "sel4runtime_set_tls_variable: value of another size");      \
    __typeof__(variable) sel4runtime_value_ = (value);                          \
    __sel4runtime_write_tls_variable((thread_pointer),                          \
                                     (unsigned char *)&(variable),              \
                                     (unsigned char *)&sel4runtime_value_,      \
                                     sizeof(sel4runtime_value_));               \
})

/* Another thread's copy of `variable`, as an expression of its type. */
#define sel4runtime_get_tls_variable(thread_pointer, variable) ({                \
    __typeof__(variable) sel4runtime_value_;                                    \
    __builtin_memset(&sel4runtime_value_, 0, sizeof(sel4runtime_value_));       \
    __sel4runtime_read_tls_variable((thread_pointer),                           \
                                    (unsigned char *)&(variable),               \
                                    (unsigned char *)&sel4runtime_value_,       \
                                    sizeof(sel4runtime_value_));                \
    sel4runtime_value_;                                                         \
})

/* Called with main's result (or sel4runtime_exit's code) to end the program. */
typedef void sel4runtime_exit_cb(int code);
/* Called first; returns the code to go on with. */
typedef int sel4runtime_pre_exit_cb(int code);

/* Install a callback; each returns the one it replaces. */
sel4runtime_exit_cb *sel4runtime_set_exit(sel4runtime_exit_cb *cb);
sel4runtime_pre_exit_cb *sel4runtime_set_pre_exit(sel4runtime_pre_exit_cb *cb);

/*
 * Ends the program the way returning from main does: the pre-exit callback,
 * the destructors, then the exit callback.  With no exit callback set (or
 * one that returns), only the calling thread stops and other threads go
 * on: the root task's thread through the kernel, which reports its status
 * (`thread_exit` event) and suspends it; a process's thread by suspending
 * itself, after printing "<argv[0]>: exited with status <n>" if n is not 0.
 * exit() and abort() in a process end the same way.  (On seL4 an unset
 * exit callback is called anyway and the thread faults at address 0; the
 * effect, one stopped thread, is the same, with a clearer report.)  Never
 * returns.
 */
_Noreturn void sel4runtime_exit(int code);
