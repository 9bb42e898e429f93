/*
 * sel4utils/thread.h - a thread in an existing address space: TCB, IPC
 * buffer page and stack allocated and configured in one call, started
 * with a function and two arguments, cleaned up again.
 *
 * A configured thread has priority 0 (so it does not run before yours
 * until you raise it) unless the config names one.  Start it with
 * sel4utils_start_thread; otherwise use the TCB (thread->tcb.cptr)
 * directly with the seL4 API.
 */
#pragma once

#include <stdbool.h>
#include <sel4/sel4.h>
#include <vka/vka.h>
#include <vka/object.h>
#include <vspace/vspace.h>
#include <sel4utils/thread_config.h>
#include <sel4utils/helpers.h>
#include <sel4utils/util.h>

/* Names a thread in kernel messages (caplab is always a debug build). */
#define NAME_THREAD(_tcbcap, _name) seL4_DebugNameThread(_tcbcap, _name);

typedef struct sel4utils_thread {
    vka_object_t tcb;
    vka_object_t sched_context;   /* MCS only: empty */
    void *stack_top;              /* first address above the stack */
    void *initial_stack_pointer;  /* RSP the thread started with */
    size_t stack_size;            /* in 4 KiB pages */
    seL4_CPtr ipc_buffer;         /* frame cap */
    seL4_Word ipc_buffer_addr;    /* its address in the thread's vspace */
    bool own_sc;
    bool own_reply;
    vka_object_t reply;           /* MCS only: empty */
} sel4utils_thread_t;

typedef struct sel4utils_checkpoint {
    void *stack;                  /* a malloc'd copy of the stack in use */
    seL4_Word sp;                 /* where that copy starts */
    seL4_UserContext regs;
    sel4utils_thread_t *thread;
} sel4utils_checkpoint_t;

/*
 * TCB + IPC buffer + stack (CONFIG_SEL4UTILS_STACK_SIZE) from vka and
 * alloc, then TCB_Configure with fault_endpoint, cspace and
 * cspace_root_data.  parent: the caller's vspace.  0, or -1 (nothing
 * left allocated).
 */
int sel4utils_configure_thread(vka_t *vka, vspace_t *parent, vspace_t *alloc,
                               seL4_CPtr fault_endpoint, seL4_CNode cspace,
                               seL4_Word cspace_root_data, sel4utils_thread_t *res);

int sel4utils_configure_thread_config(vka_t *vka, vspace_t *parent, vspace_t *alloc,
                                      sel4utils_thread_config_t config, sel4utils_thread_t *res);

/*
 * Starts entry_point(arg0, arg1, ipc_buffer_addr) on the thread's stack,
 * with a TLS block (below the stack top) whose IPC-buffer pointer is set,
 * so seL4_GetMR etc. work there.  resume 0 leaves it suspended.  0 / -1.
 */
int sel4utils_start_thread(sel4utils_thread_t *thread, sel4utils_thread_entry_fn entry_point,
                           void *arg0, void *arg1, int resume);

/* Frees TCB, IPC buffer and stack (the thread stops: its TCB is gone). */
void sel4utils_clean_up_thread(vka_t *vka, vspace_t *alloc, sel4utils_thread_t *thread);

/* Prints a fault message received on a fault endpoint, naming the thread. */
void sel4utils_print_fault_message(seL4_MessageInfo_t tag, const char *name);

/*
 * Saves the thread's registers (suspending it first if asked) and the used
 * part of its stack, from its stack pointer up to its stack top; the
 * thread should not be running.  0, or the ReadRegisters error, or -1.
 */
int sel4utils_checkpoint_thread(sel4utils_thread_t *thread, sel4utils_checkpoint_t *checkpoint,
                                bool suspend);

/* Puts the saved stack and registers back (resuming the thread if asked),
 * then frees the copy if asked.  0, or the WriteRegisters error. */
int sel4utils_checkpoint_restore(sel4utils_checkpoint_t *checkpoint, bool free_memory,
                                 bool resume);

void sel4utils_free_checkpoint(sel4utils_checkpoint_t *checkpoint);

/*
 * A thread (priority 0, as configure_thread makes it) that receives on
 * fault_endpoint for ever and prints each fault with
 * sel4utils_print_fault_message under `name`; it never replies.
 */
int sel4utils_start_fault_handler(seL4_CPtr fault_endpoint, vka_t *vka, vspace_t *vspace,
                                  seL4_CPtr cspace, seL4_Word data, char *name,
                                  sel4utils_thread_t *res);

/* Moving a thread to another core: there is one core here, so -ENOSYS. */
int sel4utils_set_sched_affinity(sel4utils_thread_t *thread, sched_params_t params);

static inline seL4_TCB sel4utils_get_tcb(sel4utils_thread_t *thread)
{
    return thread->tcb.cptr;
}

static inline int sel4utils_suspend_thread(sel4utils_thread_t *thread)
{
    return seL4_TCB_Suspend(thread->tcb.cptr);
}
