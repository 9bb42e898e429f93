/*
 * sel4utils/helpers.h - filling a seL4_UserContext for a function call on
 * a new thread (x86_64 System V: arguments in RDI, RSI, RDX; at the first
 * instruction RSP + 8 is 16-byte aligned, as if `call` had pushed a
 * return address).
 */
#pragma once

#include <stdbool.h>
#include <sel4/sel4.h>
#include <vka/vka.h>
#include <vspace/vspace.h>

typedef void (*sel4utils_thread_entry_fn)(void *arg0, void *arg1, void *ipc_buf);

/*
 * Sets RIP = entry_point, the three arguments and RSP just below
 * stack_top.  local_stack, vka and the vspaces are for architectures that
 * pass arguments on a remote stack; x86_64 passes them in registers.
 * Returns 0, or -1 if stack_top is NULL.
 */
int sel4utils_arch_init_context_with_args(sel4utils_thread_entry_fn entry_point, void *arg0,
                                          void *arg1, void *arg2, bool local_stack,
                                          void *stack_top, seL4_UserContext *context, vka_t *vka,
                                          vspace_t *local_vspace, vspace_t *remote_vspace);

static inline int sel4utils_arch_init_local_context(sel4utils_thread_entry_fn entry_point,
                                                    void *arg0, void *arg1, void *arg2,
                                                    void *stack_top, seL4_UserContext *context)
{
    return sel4utils_arch_init_context_with_args(entry_point, arg0, arg1, arg2, true, stack_top,
                                                 context, NULL, NULL, NULL);
}

/* RIP and RSP only (RSP as above). */
int sel4utils_arch_init_context(void *entry_point, void *stack_top, seL4_UserContext *context);
